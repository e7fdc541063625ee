// UI checks: Playwright uses the workbench as a person would. Each check runs in order in one
// workbench page (test/e2e/run.mjs saves a screenshot per check under test/artifacts/e2e/) and
// asserts on the page's content (text, ARIA labels), never on pixels.
import assert from 'node:assert/strict';

const isMac = process.platform === 'darwin';
const mod = isMac ? 'Meta' : 'Control';

/** The visible text of the active editor's lines. */
export async function editorText(page) {
  return (await page.locator('.editor-group-container.active .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
}

/** Opens a file by clicking it in the Explorer. */
export async function openFromExplorer(page, name) {
  const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first();
  await row.waitFor({ timeout: 30_000 });
  await row.click();
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: 15_000 });
  await page.locator('.editor-group-container.active .view-lines').first().waitFor({ timeout: 15_000 });
}

/** Runs a workbench command through the command palette, as a user would type it. */
export async function runCommand(page, label) {
  await page.keyboard.press(`${mod}+Shift+P`);
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 10_000 });
  await input.fill(`>${label}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
  await row.waitFor({ timeout: 10_000 });
  await input.press('Enter');
}

export const uiChecks = [
  {
    id: '01-open-from-explorer',
    name: 'open a Job file from the Explorer',
    async run({ page }) {
      await openFromExplorer(page, 'broken-job.yaml');
      const text = await editorText(page);
      assert.match(text, /kind: Job/);
      assert.match(text, /restartPolicy: Always/);
      // The status bar shows the language mode the extension activates on.
      await page.locator('.statusbar-item', { hasText: 'YAML' }).first().waitFor({ timeout: 10_000 });
    },
  },
];

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
  await page.locator('.editor-group-container.active .tabs-container .tab.active', { hasText: name }).waitFor({ timeout: 15_000 });
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

/** Clicks at the end of the first editor line whose whole text is `text` (a person clicking into the line). */
export async function clickLineEnd(page, text) {
  const exact = new RegExp(`^[\\s\\u00a0]*${text.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[\\s\\u00a0]*$`);
  const line = page.locator('.editor-group-container.active .view-lines .view-line', { hasText: exact }).first();
  await line.waitFor({ timeout: 10_000 });
  await line.click();
  await page.keyboard.press('End');
}

/** Rows of a visible list widget (suggest widget, Problems panel …), as text. */
async function rowsText(locator) {
  return (await locator.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
}

/** Checks `test` every 100 ms until it holds or `timeout` ms have passed; whether it held. */
async function until(page, test, timeout) {
  const deadline = Date.now() + timeout;
  for (;;) {
    if (await test()) return true;
    if (Date.now() > deadline) return false;
    await page.waitForTimeout(100);
  }
}

/**
 * Shows a view container (its activity bar icon, as a person clicks it) and returns the side bar.
 * Clicking the icon of the container already shown hides the side bar, so it clicks only when the
 * side bar is hidden or shows another container.
 */
export async function showViewContainer(page, name) {
  const sidebar = page.locator('#workbench\\.parts\\.sidebar');
  const title = sidebar.locator('.title-label').first();
  const showing = async () => (await sidebar.isVisible()) && (await title.isVisible()) && ((await title.textContent()) ?? '').trim().toLowerCase().startsWith(name.toLowerCase());
  if (!(await showing())) {
    await page.locator(`.activitybar .action-item a[aria-label^="${name}"]`).first().click();
    if (!(await until(page, showing, 10_000))) throw new Error(`the side bar does not show ${name} (after 10000 ms)`);
  }
  return sidebar;
}

/**
 * Waits until no tree row of the side bar is a progress message ("Checking access…", "Loading
 * Jobs…"): what they turn into loads in above the row a check wants to click, and a click while
 * rows move lands on whichever row slid under the pointer (a collapsed Local group, say).
 */
async function treeSettled(page, sidebar) {
  await sidebar.locator('.monaco-list-row', { hasText: /^\s*(Loading|Checking)\b/ }).first().waitFor({ state: 'detached', timeout: 30_000 });
}

/** Expands (`open` true) or collapses a tree row by clicking it, until its aria-expanded says so. */
async function setExpanded(page, sidebar, row, open, timeout = 15_000) {
  const done = async () => (await row.getAttribute('aria-expanded', { timeout: 5_000 })) === String(open);
  await row.waitFor({ timeout });
  const deadline = Date.now() + timeout;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`the tree row "${(await row.innerText()).trim()}" did not ${open ? 'expand' : 'collapse'} in ${timeout} ms`);
    await treeSettled(page, sidebar);
    await row.click();
    await until(page, done, 2_000);
  }
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
  {
    id: '02-squiggles-and-problems',
    name: 'the broken Job shows an error squiggle and the Problems panel lists the API server error',
    async run({ page }) {
      // broken-job.yaml is open from the previous check.
      const squiggle = page.locator('.editor-group-container.active .squiggly-error').first();
      await squiggle.waitFor({ timeout: 30_000 });
      await page.keyboard.press(`${mod}+Shift+M`);
      const rows = page.locator('.markers-panel .monaco-list-row');
      await rows.filter({ hasText: 'restartPolicy' }).first().waitFor({ timeout: 15_000 });
      const text = (await rowsText(rows)).join('\n');
      assert.match(text, /broken-job\.yaml/);
      assert.match(text, /A Job cannot use restartPolicy "Always"/);
      assert.match(text, /\[Ln 11, Col 22\]/, `the error is on line 11, where Always is: ${text}`);
      // Hovering the squiggle shows the same message in the editor.
      const box = await squiggle.boundingBox();
      assert.ok(box, 'the squiggle is on screen');
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 - 4);
      await page.locator('.monaco-hover', { hasText: 'restartPolicy' }).first().waitFor({ timeout: 10_000 });
    },
  },
  {
    id: '03-ctrl-space',
    name: 'Ctrl+Space in a half-typed Job suggests the missing spec keys',
    async run({ page }) {
      await page.keyboard.press('Escape');
      await openFromExplorer(page, 'typing-job.yaml');
      await clickLineEnd(page, '  comp');
      await page.keyboard.press('Control+Space');
      const rows = page.locator('.editor-widget.suggest-widget .monaco-list-row');
      await rows.first().waitFor({ timeout: 15_000 });
      await rows.filter({ hasText: /^completions/ }).first().waitFor({ timeout: 15_000 });
      const labels = await rowsText(rows);
      assert.ok(labels.some((l) => l.startsWith('completions')), `suggestions: ${labels.join(' | ')}`);
      assert.ok(!labels.some((l) => /^completionMode\b/.test(l)), `completionMode is already set: ${labels.join(' | ')}`);
    },
  },
  {
    id: '04-hover',
    name: 'hovering a Job field shows its description, type, path and default',
    async run({ page }) {
      await page.keyboard.press('Escape');
      await openFromExplorer(page, 'valid-job.yaml');
      const key = page.locator('.editor-group-container.active .view-lines .view-line span span', { hasText: /^backoffLimit$/ }).first();
      await key.hover();
      const hover = page.locator('.monaco-hover', { hasText: 'spec.backoffLimit' }).first();
      await hover.waitFor({ timeout: 15_000 });
      const text = await hover.innerText();
      assert.match(text, /spec\.backoffLimit/);
      assert.match(text, /integer|int32/);
      assert.match(text, /Default\W+6\b/);
    },
  },
  {
    id: '05-simulate',
    name: 'the Simulate… CodeLens asks how pods end and opens the simulation report',
    async run({ page }) {
      await page.keyboard.press('Escape');
      await openFromExplorer(page, 'valid-job.yaml');
      await page.locator('.editor-group-container.active .codelens-decoration a', { hasText: 'Simulate' }).first().click();
      const picker = page.locator('.quick-input-widget');
      await picker.locator('.monaco-list-row', { hasText: 'valid-job.outcomes.json' }).first().waitFor({ timeout: 15_000 });
      const choices = await rowsText(picker.locator('.monaco-list-row'));
      assert.ok(choices.some((c) => /Every pod succeeds/.test(c)), choices.join(' | '));
      await picker.locator('.monaco-list-row', { hasText: 'valid-job.outcomes.json' }).first().click();
      const report = page.locator('.editor-group-container .view-lines', { hasText: 'Result: Complete' }).first();
      await report.waitFor({ timeout: 30_000 });
      const text = (await report.innerText()).replace(/\u00a0/g, ' ');
      assert.match(text, /Simulation of Job e2e-indexed/);
      assert.match(text, /completedIndexes: "0-2"/);
      await page.locator('.tabs-container .tab', { hasText: 'e2e-indexed-simulation' }).first().waitFor({ timeout: 5_000 });
    },
  },
  {
    id: '06-run-locally',
    name: 'Run locally shows the exact commands, runs every index after confirmation and reports the result',
    async run({ page, screenshot }) {
      await page.keyboard.press('Escape');
      await runCommand(page, 'View: Close All Editors');
      await page.locator('.editor-group-container .tab').first().waitFor({ state: 'detached', timeout: 10_000 });
      await openFromExplorer(page, 'valid-job.yaml');
      await page.locator('.editor-group-container.active .codelens-decoration a', { hasText: 'Run locally' }).first().click();
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.waitFor({ timeout: 15_000 });
      const text = (await dialog.innerText()).replace(/\u00a0/g, ' ');
      assert.match(text, /Run Job e2e-indexed locally\?/);
      assert.match(text, /worker: sh -c 'echo processing shard \$JOB_COMPLETION_INDEX'/, `the dialog shows the exact command:\n${text}`);
      await screenshot('06a-run-locally-confirm');
      await dialog.locator('.monaco-button', { hasText: /^Run$/ }).click();
      await page.locator('.notifications-toasts', { hasText: /e2e-indexed completed locally: 3 succeeded, 0 failed/ }).first().waitFor({ timeout: 60_000 });
      // The "kjob: Run locally" output shows each index's own output.
      const output = page.locator('.part.panel .view-lines').first();
      for (const i of [0, 1, 2]) await page.locator('.part.panel .view-lines', { hasText: `processing shard ${i}` }).first().waitFor({ timeout: 10_000 });
      const out = (await output.innerText()).replace(/\u00a0/g, ' ');
      for (const i of [0, 1, 2]) assert.ok(out.includes(`[${i}/0 worker] processing shard ${i}`), `index ${i}'s own output:\n${out}`);
      // The run appears in the Jobs view's Local group with its per-index states.
      const sidebar = await showViewContainer(page, 'Kubernetes Jobs');
      await setExpanded(page, sidebar, sidebar.locator('.monaco-list-row', { hasText: /^Local/ }).first(), true);
      await setExpanded(page, sidebar, sidebar.locator('.monaco-list-row', { hasText: 'e2e-indexed (local run)' }).first(), true);
      await sidebar.locator('.monaco-list-row', { hasText: /^index 2/ }).first().waitFor({ timeout: 15_000 });
      const rows = await rowsText(sidebar.locator('.monaco-list-row'));
      for (const i of [0, 1, 2]) assert.ok(rows.some((r) => new RegExp(`^index ${i}\\s*succeeded · 1 attempt$`).test(r)), rows.join('\n'));
      await screenshot('06b-run-locally-local-group');
      await showViewContainer(page, 'Explorer');
    },
  },
  {
    id: '07-jobs-view',
    name: "the Jobs view shows the cluster's Indexed Job and its per-index states",
    needsCluster: true,
    async run({ page }) {
      await page.keyboard.press('Escape');
      const sidebar = await showViewContainer(page, 'Kubernetes Jobs');
      const row = (text) => sidebar.locator('.monaco-list-row', { hasText: text }).first();
      await row('kjob-admin').waitFor({ timeout: 30_000 });
      // The Local group (expanded by the previous check) holds "e2e-indexed (local run)" with index
      // rows of its own: collapse it so every row below belongs to the cluster Job.
      const local = sidebar.locator('.monaco-list-row', { hasText: /^Local/ }).first();
      if (await local.count()) await setExpanded(page, sidebar, local, false);
      const job = sidebar.locator('.monaco-list-row', { hasText: /^e2e-indexed\s*3\/3 ✓ · 1 ✗/ }).first();
      await job.waitFor({ timeout: 60_000 });
      await setExpanded(page, sidebar, job, true);
      await row(/^index 1\s*succeeded · 2 attempts/).waitFor({ timeout: 15_000 });
      await row(/^index 2/).waitFor({ timeout: 15_000 });
      const rows = await rowsText(sidebar.locator('.monaco-list-row'));
      const text = rows.join('\n');
      assert.ok(rows.some((r) => /^index 0\s*succeeded · 1 attempt$/.test(r)), text);
      assert.ok(rows.some((r) => /^index 1\s*succeeded · 2 attempts$/.test(r)), text);
      assert.ok(rows.some((r) => /^index 2\s*succeeded · 1 attempt$/.test(r)), text);
      assert.ok(rows.some((r) => /^e2e-suspended\s*0\/2 ✓ · suspended$/.test(r)), text);
    },
  },
  {
    id: '08-open-log',
    name: "Follow Logs on a retried index opens its log in an editor",
    needsCluster: true,
    async run({ page }) {
      const sidebar = page.locator('#workbench\\.parts\\.sidebar');
      const index1 = sidebar.locator('.monaco-list-row', { hasText: /^index 1/ }).first();
      await index1.hover();
      await index1.locator('.action-label[aria-label^="Follow Logs"]').first().click();
      await page.locator('.tabs-container .tab.active', { hasText: 'index 1' }).waitFor({ timeout: 15_000 });
      await page.locator('.editor-group-container.active .view-lines', { hasText: 'index 1 attempt 1 done' }).first().waitFor({ timeout: 30_000 });
      const text = await editorText(page);
      // Both attempts of the retried index, in order: the failed one, then the retry that succeeded.
      const failedAt = text.indexOf('index 1 attempt 0 failed');
      const doneAt = text.indexOf('index 1 attempt 1 done');
      assert.ok(failedAt >= 0 && doneAt > failedAt, `both attempts in order:\n${text}`);
    },
  },
];

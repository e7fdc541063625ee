// The extension-host suite under @vscode/test-cli, for machines that can download VS Code
// (`npm run test:vscode`). The same tests run offline in code-server via test/e2e/run.mjs.
// Build first: `npm run build && node test/e2e/build.mjs` (test:vscode does both).
import { defineConfig } from '@vscode/test-cli';

export default defineConfig({
  label: 'kjob extension host',
  files: 'test/out/e2e/suite/*.test.js',
  workspaceFolder: 'test/e2e/workspace',
  version: '1.100.3',
  launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
  mocha: { ui: 'tdd', timeout: 60_000, color: true },
});

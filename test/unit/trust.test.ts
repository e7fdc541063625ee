/**
 * Restricted Mode: the editor features work in untrusted workspaces, but nothing a workspace
 * controls may make kjob run commands (Run locally; a kubeconfig whose exec plugin runs a program).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

test('untrusted workspaces get limited support with the command-running settings restricted', () => {
  const u = pkg.capabilities?.untrustedWorkspaces;
  assert.equal(u?.supported, 'limited');
  assert.ok(u.restrictedConfigurations.includes('kjob.kubeconfig'), 'a workspace must not pick the kubeconfig (exec plugins run programs)');
  const settings = Object.keys(pkg.contributes.configuration.properties ?? {}).concat(
    ...(Array.isArray(pkg.contributes.configuration) ? pkg.contributes.configuration.map((c: { properties: object }) => Object.keys(c.properties)) : []),
  );
  for (const key of u.restrictedConfigurations) assert.ok(settings.includes(key), `${key} is a declared setting`);
});

test('Run locally is offered only in trusted workspaces and checks trust itself before running anything', () => {
  const menus = Object.values(pkg.contributes.menus as Record<string, { command: string; when?: string }[]>).flat();
  for (const m of menus.filter((x) => x.command === 'kjob.runLocally')) assert.match(m.when ?? '', /isWorkspaceTrusted/, JSON.stringify(m));
  const glue = readFileSync(join(root, 'client/src/simulate/simulate.ts'), 'utf8');
  assert.match(glue, /if \(!vscode\.workspace\.isTrusted\)/);
});

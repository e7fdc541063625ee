/** The extension's commands, menus and settings in package.json match the code that uses them. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(__dirname, '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const texts = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? texts(p) : p.endsWith('.ts') ? [readFileSync(p, 'utf8')] : [];
  });
const client = texts(join(root, 'client', 'src'));
const importsVscode = (t: string) => /from 'vscode'/.test(t);
/** The editor glue (files that import vscode) and the pure view model (the rest). */
const glue = client.filter(importsVscode).join('\n');
const pure = client.filter((t) => !importsVscode(t)).join('\n');

const declared = new Set<string>(pkg.contributes.commands.map((c: { command: string }) => c.command));
const registered = new Set([...glue.matchAll(/registerCommand\(\s*'([^']+)'/g)].map((m) => m[1]));

test('every command the explorer registers is declared with a category, and vice versa for its own', () => {
  for (const id of registered) assert.ok(declared.has(id), `${id} registered but not in contributes.commands`);
  for (const c of pkg.contributes.commands) if (registered.has(c.command)) assert.equal(c.category, 'kjob', c.command);
});

test('commands run by message nodes, menus and the status bar exist', () => {
  const used = new Set([...pure.matchAll(/command: '(kjob\.[A-Za-z.]+)'/g), ...glue.matchAll(/command = '(kjob\.[A-Za-z.]+)'/g), ...glue.matchAll(/executeCommand\('(kjob\.[A-Za-z.]+)'/g)].map((m) => m[1]));
  assert.ok(used.size >= 5);
  for (const id of used) assert.ok(registered.has(id), `${id} is used but never registered`);
  for (const [menu, items] of Object.entries(pkg.contributes.menus as Record<string, { command: string; when?: string }[]>)) {
    for (const it of items) if (it.when?.includes('kjob.jobs') || menu === 'view/item/context') assert.ok(!it.command.startsWith('kjob.') || registered.has(it.command) || !/view == kjob\.jobs/.test(it.when ?? ''), `${menu}: ${it.command}`);
  }
});

test('context values in menus match the ones the tree model produces', () => {
  const tokens = ['kjob.job cluster indexed active', 'kjob.job cluster nonindexed suspended active', 'kjob.index cluster', 'kjob.pod cluster', 'kjob.container local'];
  const items = pkg.contributes.menus['view/item/context'] as { command: string; when: string }[];
  const match = (cmd: string, cv: string) => items.filter((i) => i.command === cmd).some((i) => new RegExp(/viewItem =~ \/(.*)\//.exec(i.when)![1]).test(cv));
  assert.ok(match('kjob.followLogs', tokens[0]) && match('kjob.followLogs', tokens[2]) && match('kjob.followLogs', tokens[4]));
  assert.ok(match('kjob.suspendJob', tokens[0]) && !match('kjob.suspendJob', tokens[1]));
  assert.ok(match('kjob.resumeJob', tokens[1]) && !match('kjob.resumeJob', tokens[0]));
  assert.ok(!match('kjob.deleteJob', 'kjob.job local indexed active'), 'no cluster actions on local Jobs');
  assert.ok(pure.includes("'kjob.job'") && pure.includes("'suspended'"), 'the tree model emits these tokens');
});

test('every kjob.* setting the explorer reads is declared', () => {
  const props = Object.assign({}, ...pkg.contributes.configuration.map((g: { properties: object }) => g.properties));
  const keys = [...glue.matchAll(/getConfiguration\('kjob(?:\.logs)?'\)/g)].length;
  assert.ok(keys >= 2);
  for (const k of ['kjob.kubeconfig', 'kjob.namespaces', 'kjob.explorer.maxChildren', 'kjob.logs.output', 'kjob.logs.tailLines', 'kjob.logs.sinceSeconds', 'kjob.logs.timestamps', 'kjob.logs.maxLines']) assert.ok(props[k], k);
  for (const m of glue.matchAll(/c\.get<[^>]+>\('([a-zA-Z.]+)'/g)) {
    const inLogs = props[`kjob.logs.${m[1]}`];
    assert.ok(props[`kjob.${m[1]}`] || inLogs, `kjob.${m[1]} or kjob.logs.${m[1]}`);
  }
});

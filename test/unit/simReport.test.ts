/** The simulation report text and its grammar (syntaxes/kjob-sim.tmLanguage.json) agree. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simulate } from '../../core/controller/simulator';
import { reportText } from '../../core/controller/report';

const root = join(__dirname, '..', '..');
const grammar = JSON.parse(readFileSync(join(root, 'syntaxes', 'kjob-sim.tmLanguage.json'), 'utf8'));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

function regexes(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => regexes(n, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if ((k === 'match' || k === 'begin' || k === 'end') && typeof v === 'string') out.push(v);
      else regexes(v, out);
    }
  }
  return out;
}

test('package.json contributes the kjob-sim language, its grammar and the simulate commands', () => {
  const c = pkg.contributes;
  assert.ok(c.languages.some((l: { id: string }) => l.id === 'kjob-sim'));
  const g = c.grammars.find((x: { language: string }) => x.language === 'kjob-sim');
  assert.equal(g.scopeName, grammar.scopeName);
  assert.equal(g.path, './syntaxes/kjob-sim.tmLanguage.json');
  for (const cmd of ['kjob.simulate', 'kjob.runLocally', 'kjob.cancelLocalRuns']) assert.ok(c.commands.some((x: { command: string }) => x.command === cmd), cmd);
  assert.ok(c.configuration.some((s: { properties: Record<string, unknown> }) => 'kjob.runLocally.timeScale' in s.properties));
});

test('every grammar pattern compiles and the report lines it targets match', () => {
  const all = regexes(grammar);
  assert.ok(all.length > 5);
  for (const r of all) assert.doesNotThrow(() => new RegExp(r), r);
  const job = { metadata: { name: 'g' }, spec: { backoffLimit: 0, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'x' }] } } } };
  const text = reportText(simulate(job, { script: { default: { exitCode: 1 } } }), { jobName: 'g' });
  const lines = text.split('\n');
  const timeline = new RegExp(grammar.repository.timeline.match);
  const entries = lines.slice(lines.indexOf('Timeline:') + 1).filter((l) => l.trim());
  assert.ok(entries.length > 3);
  for (const l of entries) assert.match(l, timeline);
  assert.ok(lines.some((l) => new RegExp(grammar.repository.result.patterns[1].match).test(l)), 'Result: Failed is colored as a failure');
  for (const h of ['Status:', 'Conditions:', 'Timeline:']) assert.match(h, new RegExp(grammar.repository.heading.match));
});

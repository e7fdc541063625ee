/** Every snippet, expanded with its defaults into a Job (and a CronJob), is a valid object for the engine. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jobSpecSnippets } from '../../core/completion/snippets';
import { parseFile } from '../../core/yaml/document';
import { checkFile } from '../../core/check/check';
import { displayMessage } from '../../core/check/messages';

/** Resolves VS Code snippet syntax with the default of every placeholder. */
function expand(body: string): string {
  let out = body;
  for (let i = 0; i < 5; i++) out = out.replace(/\$\{\d+:([^{}]*)\}/g, '$1');
  return out
    .replace(/\$\{\d+\|([^,|]*)[^}]*\|\}/g, '$1')
    .replace(/\$\d+/g, '')
    .replace(/\\\$/g, '$');
}

const snippet = (label: string) => {
  const s = jobSpecSnippets.find((x) => x.label.startsWith(label));
  assert.ok(s, label);
  return expand(s.body);
};
const indent = (text: string, n: number) => text.split('\n').map((l) => (l ? ' '.repeat(n) + l : l)).join('\n');
const errors = (text: string) => checkFile(parseFile(text)).filter((p) => p.severity === 'error' || p.severity === 'warning').map(displayMessage);

const job = (...bodies: string[]) => `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: snippet\nspec:\n  ttlSecondsAfterFinished: 600\n${bodies.map((b) => indent(b, 2)).join('\n')}\n`;
const cron = (...bodies: string[]) => `apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: snippet\nspec:\n  schedule: "0 * * * *"\n  jobTemplate:\n    spec:\n${bodies.map((b) => indent(b, 6)).join('\n')}\n`;
const template = 'template:\n  spec:\n    restartPolicy: Never\n    containers:\n    - name: main\n      image: busybox:1.36\n';

test('placeholders expand as expected', () => {
  assert.equal(expand('a: ${1:5}\nb: ${2|x,y|}$0 \\$X'), 'a: 5\nb: x $X');
});

for (const [name, parts] of [
  ['Indexed Job (JOB_COMPLETION_INDEX)', ['Indexed Job (JOB_COMPLETION_INDEX)']],
  ['Indexed Job (completion index via fieldRef)', ['Indexed Job (completion index via fieldRef)']],
  ['Work-queue Job', ['Work-queue Job']],
  ['Pod failure policy', ['Pod failure policy', template]],
  ['Backoff limit per index', ['Indexed Job (JOB_COMPLETION_INDEX)', 'Backoff limit per index']],
  ['Success policy', ['Indexed Job (JOB_COMPLETION_INDEX)', 'Success policy']],
] as const) {
  test(`snippet "${name}" yields a Job and a CronJob without errors or warnings`, () => {
    const bodies = parts.map((p) => (p === template ? template : snippet(p)));
    assert.deepEqual(errors(job(...bodies)), []);
    assert.deepEqual(errors(cron(...bodies)), []);
  });
}

test('the Indexed Job snippets really use the completion index', () => {
  assert.match(snippet('Indexed Job (JOB_COMPLETION_INDEX)'), /completionMode: Indexed[\s\S]*\$JOB_COMPLETION_INDEX/);
  assert.match(snippet('Indexed Job (completion index via fieldRef)'), /fieldPath: metadata\.annotations\['batch\.kubernetes\.io\/job-completion-index'\]/);
  const wq = snippet('Work-queue Job');
  assert.doesNotMatch(wq, /completions:/);
});

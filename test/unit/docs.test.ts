/**
 * The docs: the diagnostics reference is what scripts/gen-docs.ts generates from the rules today,
 * it documents every code the check pipeline emits on the corpus, README and BENCHMARKS.md stay
 * within their length budgets, and every relative link and image in README.md, BENCHMARKS.md and
 * docs/*.md points at a file that exists (and, for `#anchors` into our markdown, a heading).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DIAGNOSTICS_DOC, updateDiagnosticsDoc } from '../../scripts/gen-docs';
import { anchor } from '../../scripts/bench/report';
import { rules } from '../../core/check/rules/index';
import { OTHER_CODES, STRUCTURAL_CODES } from '../../core/check/codes';
import { checkText } from '../../core/check/check';

const root = join(__dirname, '..', '..');
const read = (p: string) => readFileSync(join(root, p), 'utf8');

test('docs/diagnostics.md is current: regenerating its code reference changes nothing (npm run docs)', () => {
  const committed = readFileSync(DIAGNOSTICS_DOC, 'utf8');
  assert.equal(updateDiagnosticsDoc(committed), committed, 'docs/diagnostics.md is stale: run `npm run docs`');
  // And a stale copy is caught: a changed description does not survive regeneration.
  const stale = committed.replace(/\| `api\/restart-policy` \| [^|]+\|/, '| `api/restart-policy` | something else |');
  assert.notEqual(stale, committed);
  assert.equal(updateDiagnosticsDoc(stale), committed);
});

test('every code the check pipeline reports on the corpus is in the reference, and no documented code is unknown', () => {
  const doc = readFileSync(DIAGNOSTICS_DOC, 'utf8');
  const documented = new Set([...rules.map((r) => r.id), ...STRUCTURAL_CODES.map((c) => c.id), ...OTHER_CODES.map((c) => c.id)]);
  for (const code of documented) assert.ok(doc.includes(`| \`${code}\` |`), `${code} has no row in docs/diagnostics.md`);
  const dir = join(root, 'test', 'corpus');
  const seen = new Set<string>();
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.yaml'))) {
    for (const p of checkText(readFileSync(join(dir, f), 'utf8'))) seen.add(p.code);
  }
  for (const extra of ['apiVersion: batch/v1\nkind: Job\nspec: [\n', 'apiVersion: batch/v1\nkind: Job\nspec:\n  parallelism: 1\n  parallelism: two\n  nope: 1\n']) {
    for (const p of checkText(extra)) seen.add(p.code);
  }
  for (const s of STRUCTURAL_CODES) assert.ok(seen.has(s.id), `${s.id} was never reported: is it still a code?`);
  const undocumented = [...seen].filter((c) => !documented.has(c));
  assert.deepEqual(undocumented, [], 'codes reported but not documented');
});

test('README.md is at most 250 lines and BENCHMARKS.md at most 300', () => {
  assert.ok(read('README.md').split('\n').length <= 251, `README.md has ${read('README.md').split('\n').length} lines`);
  assert.ok(read('BENCHMARKS.md').split('\n').length <= 301, `BENCHMARKS.md has ${read('BENCHMARKS.md').split('\n').length} lines`);
});

test('relative links and images in README.md, BENCHMARKS.md and docs/ point at existing files and headings', () => {
  const pages = ['README.md', 'BENCHMARKS.md', ...readdirSync(join(root, 'docs')).filter((n) => n.endsWith('.md')).map((n) => `docs/${n}`)];
  const headings = (file: string) => new Set(readFileSync(file, 'utf8').split('\n').filter((l) => /^#{1,6} /.test(l)).map((l) => anchor(l.replace(/^#+ /, ''))));
  let checked = 0;
  for (const page of pages) {
    const text = read(page).replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
    for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = m[1]!;
      if (/^[a-z]+:/.test(target)) continue; // https:, mailto:
      const [path, hash] = target.split('#') as [string, string | undefined];
      const file = path ? resolve(dirname(join(root, page)), path) : join(root, page);
      assert.ok(existsSync(file), `${page}: ${target} does not exist`);
      if (hash && file.endsWith('.md')) assert.ok(headings(file).has(hash), `${page}: ${target}: no heading #${hash}`);
      if (/\.(png|jpe?g|gif)$/.test(file)) assert.ok(statSync(file).size <= 150 * 1024, `${target} is over 150 KB`);
      checked++;
    }
  }
  assert.ok(checked > 10, `only ${checked} links checked`);
});

test('what README.md links to ships in the VSIX (.vscodeignore allow-list; vsce keeps relative links as they are)', () => {
  const allow = read('.vscodeignore')
    .split('\n')
    .filter((l) => l.startsWith('!'))
    .map((l) => new RegExp(`^${l.slice(1).replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*\*/g, '\u0000').replace(/\*/g, '[^/]*').replace(/\u0000/g, '.*')}$`));
  const text = read('README.md').replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  const targets = [...text.matchAll(/\]\(([^)\s#]+)(?:#[^)\s]*)?\)/g)].map((m) => m[1]!).filter((t) => !/^[a-z]+:/.test(t));
  assert.ok(targets.length >= 8, targets.join(' '));
  for (const t of targets) assert.ok(allow.some((re) => re.test(t)), `README links ${t}, which .vscodeignore does not ship`);
  assert.match(read('package.json'), /vsce package [^"]*--no-rewrite-relative-links/);
});

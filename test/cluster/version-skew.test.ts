/**
 * Version awareness against the real control plane (kube-apiserver v1.37.2, feature gates at their
 * defaults), through the real kubectl (`create --dry-run=server`, strict field validation by default):
 *  - every 1.37 field kjob warns about as "gate off by default" (corpus cases test/corpus/k137-*) is
 *    accepted (no error, no warning) and absent from the object the server returns: silently dropped;
 *  - what kjob tells a 1.36 target about those fields ("does not know this field ... strict decoding
 *    error: unknown field "<path>"") is what a server that does not know a field answers: the same
 *    document with the field renamed to a name this server does not know either is rejected with
 *    exactly that message under the default strict validation, warned about with --validate=warn, and
 *    silently accepted with --validate=false. (No 1.36 apiserver is built here; strict decoding of an
 *    unknown field is the same mechanism in both releases.)
 *
 * Needs KUBECONFIG (the cluster tier sets it); fails, never skips, without it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { kubectl } from '../harness/cluster';
import { parseFile } from '../../core/yaml/document';
import { checkFile } from '../../core/check/check';
import { loadCorpus } from '../unit/helpers/corpus';

type Seg = string | number;

/** `spec.template.spec.volumes[0].emptyDir.mode` -> ['spec', ..., 'volumes', 0, 'emptyDir', 'mode'] */
function parsePath(p: string): Seg[] {
  const out: Seg[] = [];
  for (const m of p.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return out;
}

function get(v: unknown, path: Seg[]): unknown {
  let cur = v;
  for (const s of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[s];
  }
  return cur;
}

const cases = loadCorpus().filter((c) => c.name.startsWith('k137-') && c.expect === 'valid');

test('the 1.37 corpus cases exist', () => assert.ok(cases.length >= 5, `${cases.length} cases`));

for (const c of cases) {
  test(`gate off by default on v1.37.2: accepted and silently dropped, as kjob warns: ${c.name}`, async () => {
    const warnings = checkFile(parseFile(c.text), { kubernetesVersion: '1.37', severities: {} }).filter((p) => p.code === 'api/version-skew');
    assert.ok(warnings.length > 0, 'kjob warns about at least one field');
    assert.ok(warnings.every((w) => (w.data as { kind?: string }).kind === 'gated-off' && /silently drops this field/.test(w.message)));
    const r = await kubectl(['create', '--dry-run=server', '-n', 'default', '-o', 'json', '-f', '-'], { input: c.text });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr.trim(), '', 'no warning from the server');
    const sent = parseDocument(c.text).toJS();
    const stored = JSON.parse(r.stdout);
    for (const w of warnings) {
      const path = parsePath(w.path!);
      assert.notEqual(get(sent, path), undefined, `${w.path} was sent`);
      assert.equal(get(stored, path), undefined, `${w.path} was dropped by the server`);
      // Its parent object survived: only the gated field went.
      assert.notEqual(get(stored, path.slice(0, -1)), undefined, `${w.path}: parent kept`);
    }
  });
}

test('what kjob says a 1.36 server does with a field it does not know is what the apiserver does with an unknown field', async () => {
  const c = cases.find((x) => x.name === 'k137-probe-and-mount-fields-gated-off')!;
  const w36 = checkFile(parseFile(c.text), { kubernetesVersion: '1.36', severities: {} }).filter((p) => p.code === 'api/version-skew');
  assert.equal(w36.length, 4);
  for (const w of w36) {
    assert.equal(w.severity, 'warning');
    assert.match(w.message, new RegExp(`the 1\\.36 API server does not know this field\\. .*strict decoding error: unknown field "${w.path!.replace(/[.[\]]/g, '\\$&')}"`));
    // The same document with this field under a name v1.37.2 does not know either.
    const path = parsePath(w.path!);
    const doc = parseDocument(c.text).toJS();
    const parent = get(doc, path.slice(0, -1)) as Record<string, unknown>;
    const key = path[path.length - 1] as string;
    parent[`${key}Zz`] = parent[key];
    delete parent[key];
    const input = JSON.stringify(doc);
    const strict = await kubectl(['create', '--dry-run=server', '-n', 'default', '-f', '-'], { input });
    assert.notEqual(strict.code, 0);
    assert.match(strict.stderr, /Error from server \(BadRequest\)/);
    assert.ok(strict.stderr.includes(`strict decoding error: unknown field "${w.path}Zz"`), strict.stderr);
    const warn = await kubectl(['create', '--dry-run=server', '--validate=warn', '-n', 'default', '-f', '-'], { input });
    assert.equal(warn.code, 0, warn.stderr);
    assert.ok(warn.stderr.includes(`unknown field "${w.path}Zz"`), warn.stderr);
    const off = await kubectl(['create', '--dry-run=server', '--validate=false', '-n', 'default', '-f', '-'], { input });
    assert.equal(off.code, 0, off.stderr);
    assert.equal(off.stderr.trim(), '');
  }
});

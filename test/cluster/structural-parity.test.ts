/**
 * Structural parity with the real API server through the real kubectl: every case is sent with
 * `kubectl create --dry-run=server` (client-side YAML -> JSON, server-side strict field validation,
 * exactly what users run). A case kubectl cannot get decoded (HTTP 400: unknown field, wrong type)
 * must get a structural error from kjob, and a case it accepts must get none; where kubectl
 * silently resolves something (duplicate keys, merge keys, octal), kjob's decoded value must equal
 * what the server received. Also: the adapter for a cluster's OpenAPI v3 document
 * (/openapi/v3/apis/batch/v1) against the live server, the bundled schema's fields against the live
 * server's (both ways), and the bundled enums against the server's.
 *
 * Needs KUBECONFIG (the cluster tier sets it); fails, never skips, without it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kubectl } from '../harness/cluster';
import { parseFile } from '../../core/yaml/document';
import { checkFileDetailed } from '../../core/check/check';
import { bundledSchema, Schema, type SchemaType } from '../../core/schema/schema';
import { fromOpenApiV3 } from '../../core/schema/openapi';

const STRUCTURAL = new Set(['invalid-type', 'unknown-field', 'yaml-syntax']);

const job = (spec: string, container = '') => `apiVersion: batch/v1
kind: Job
metadata:
  name: structural-probe
spec:
${spec}
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: main
        image: busybox:1.36
${container}`;

interface Case {
  name: string;
  text: string;
  /** JSONPath (kubectl -o jsonpath) and the matching path into kjob's decoded value. */
  probe?: { jsonpath: string; get: (v: any) => unknown };
}

const cases: Case[] = [
  { name: 'string for int32', text: job('  parallelism: two') },
  { name: 'unknown field', text: job('  completion: 3') },
  { name: 'int32 overflow', text: job('  backoffLimit: 4294967296') },
  { name: 'int32 max', text: job('  backoffLimit: 2147483647') },
  { name: 'fraction for int32', text: job('  completions: 1.5') },
  { name: 'integral float for int32', text: job('  completions: 3.0'), probe: { jsonpath: '{.spec.completions}', get: (v) => v.spec.completions } },
  { name: 'octal (YAML 1.1)', text: job('  completions: 010'), probe: { jsonpath: '{.spec.completions}', get: (v) => v.spec.completions } },
  { name: 'exponent', text: job('  activeDeadlineSeconds: 1e3') },
  { name: 'list for object', text: job('  selector: []') },
  { name: 'string for list', text: job('  parallelism: 1', '        command: echo') },
  { name: 'unquoted yes for string', text: job('  parallelism: 1', '        env:\n        - name: A\n          value: yes') },
  { name: 'unquoted y for string', text: job('  parallelism: 1', '        env:\n        - name: A\n          value: y') },
  { name: 'unquoted number for string', text: job('  parallelism: 1', '        env:\n        - name: A\n          value: 8080') },
  { name: 'quoted number for string', text: job('  parallelism: 1', '        env:\n        - name: A\n          value: "8080"') },
  { name: 'timestamp for string', text: job('  parallelism: 1', '        env:\n        - name: A\n          value: 2024-01-01'), probe: { jsonpath: '{.spec.template.spec.containers[0].env[0].value}', get: (v) => v.spec.template.spec.containers[0].env[0].value } },
  { name: 'unquoted on in args', text: job('  parallelism: 1', '        args: [--flag, on]') },
  { name: 'unquoted True status', text: job('  podFailurePolicy:\n    rules:\n    - action: Ignore\n      onPodConditions:\n      - type: DisruptionTarget\n        status: True') },
  { name: 'quoted True status', text: job('  podFailurePolicy:\n    rules:\n    - action: Ignore\n      onPodConditions:\n      - type: DisruptionTarget\n        status: "True"') },
  { name: 'numeric quantities', text: job('  parallelism: 1', '        resources:\n          limits:\n            cpu: 1\n            memory: 1Gi') },
  { name: 'string for int32 port', text: job('  parallelism: 1', '        ports:\n        - containerPort: "80"') },
  { name: 'number label value', text: job('  parallelism: 1').replace('  name: structural-probe', '  name: structural-probe\n  labels:\n    tier: 1') },
  { name: 'boolean annotation', text: job('  parallelism: 1').replace('  name: structural-probe', '  name: structural-probe\n  annotations:\n    a: true') },
  { name: 'duplicate key (last wins)', text: job('  parallelism: 1\n  parallelism: 2'), probe: { jsonpath: '{.spec.parallelism}', get: (v) => v.spec.parallelism } },
  {
    name: 'anchors and merge keys',
    text: job('  parallelism: &p 2\n  completions: *p', '      - <<: {name: side, image: "busybox:1.36"}\n        name: merged'),
    probe: { jsonpath: '{.spec.completions} {.spec.template.spec.containers[1].name} {.spec.template.spec.containers[1].image}', get: (v) => `${v.spec.completions} ${v.spec.template.spec.containers[1].name} ${v.spec.template.spec.containers[1].image}` },
  },
  {
    name: 'unknown field in a CronJob jobTemplate',
    text: 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: structural-probe\nspec:\n  schedule: "0 * * * *"\n  jobTemplate:\n    spec:\n      backofLimit: 2\n      template:\n        spec:\n          restartPolicy: Never\n          containers: [{name: main, image: "busybox:1.36"}]\n',
  },
];

for (const c of cases) {
  test(`kubectl and kjob agree: ${c.name}`, async () => {
    const args = ['create', '--dry-run=server', '-n', 'default', '-f', '-'];
    if (c.probe) args.push('-o', `jsonpath=${c.probe.jsonpath}`);
    const r = await kubectl(args, { input: c.text });
    const decodeFailed = r.code !== 0 && /BadRequest|cannot be handled as|strict decoding error|cannot unmarshal/.test(r.stderr);
    assert.ok(r.code === 0 || decodeFailed, `unexpected kubectl failure (not a decode error): ${r.stderr}`);
    const check = checkFileDetailed(parseFile(c.text));
    const structural = check.problems.filter((p) => STRUCTURAL.has(p.code) && p.severity === 'error');
    assert.equal(structural.length > 0, decodeFailed, `kubectl ${decodeFailed ? 'rejected' : 'accepted'} it (${r.stderr.trim() || 'ok'}); kjob: ${JSON.stringify(structural.map((p) => p.message))}`);
    if (c.probe && !decodeFailed) {
      assert.equal(String(c.probe.get(check.docs[0].ctx!.value)), r.stdout.trim(), 'kjob decodes the same value the server received');
    }
  });
}

test('the OpenAPI v3 adapter reads the live /openapi/v3/apis/batch/v1; bundled enums agree with the server', async () => {
  const r = await kubectl(['get', '--raw', '/openapi/v3/apis/batch/v1'], { timeoutMs: 60_000 });
  assert.equal(r.code, 0, r.stderr);
  const live = new Schema(fromOpenApiV3(JSON.parse(r.stdout), 'live cluster'));
  const bundled = bundledSchema();
  // Same structure for the Job tree: every bundled field exists live with the same kind of type.
  const seen = new Set<string>();
  const mismatches: string[] = [];
  let enumsCompared = 0;
  const walk = (a: SchemaType, b: SchemaType, path: string) => {
    if (a.kind === 'array' && b.kind === 'array') return walk(a.items, b.items, `${path}[]`);
    if (a.kind === 'map' && b.kind === 'map') return walk(a.values, b.values, `${path}{}`);
    if (a.kind !== b.kind) return void mismatches.push(`${path}: bundled ${a.kind}, live ${b.kind}`);
    if (a.kind === 'string' && b.kind === 'string' && a.enum && b.enum) {
      enumsCompared++;
      const la = a.enum.filter((x) => x !== '');
      const lb = b.enum.filter((x) => x !== '');
      if (la.some((x) => !lb.includes(x))) mismatches.push(`${path}: bundled enum ${la} not within live ${lb}`);
    }
    if (a.kind !== 'object' || b.kind !== 'object' || seen.has(a.ref)) return;
    seen.add(a.ref);
    for (const [n, f] of bundled.fields(a)) {
      const g = live.field(b, n);
      if (!g) mismatches.push(`${path}.${n}: missing live`);
      else walk(f.type, g.type, `${path}.${n}`);
    }
  };
  walk(bundled.rootType('Job'), live.rootType('Job'), 'Job');
  walk(bundled.rootType('CronJob'), live.rootType('CronJob'), 'CronJob');
  // And the other way: the bundled schema covers the control plane's release (KJOB_SCHEMA_K8S_VERSION
  // = KJOB_K8S_VERSION), so every live field is known too (no false unknown-field errors).
  const seenLive = new Set<string>();
  const back = (b: SchemaType, a: SchemaType, path: string) => {
    if (a.kind === 'array' && b.kind === 'array') return back(b.items, a.items, `${path}[]`);
    if (a.kind === 'map' && b.kind === 'map') return back(b.values, a.values, `${path}{}`);
    if (a.kind !== 'object' || b.kind !== 'object' || seenLive.has(b.ref)) return;
    seenLive.add(b.ref);
    for (const [n, g] of live.fields(b)) {
      const f = bundled.field(a, n);
      if (!f) mismatches.push(`${path}.${n}: live field missing from the bundled schema`);
      else back(g.type, f.type, `${path}.${n}`);
    }
  };
  back(live.rootType('Job'), bundled.rootType('Job'), 'Job');
  back(live.rootType('CronJob'), bundled.rootType('CronJob'), 'CronJob');
  assert.ok(seenLive.size >= 100, `walked ${seenLive.size} live types`);
  assert.deepEqual(mismatches, []);
  assert.ok(enumsCompared >= 10, `compared ${enumsCompared} enums`);
  // The live schema works as a drop-in source for checks.
  const c = checkFileDetailed(parseFile(job('  completion: 3')), undefined, { schema: live });
  assert.ok(c.problems.some((p) => p.code === 'unknown-field' && p.path === 'spec.completion'));
});

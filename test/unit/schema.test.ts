import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundledSchema, Schema, typeLabel, type SchemaType } from '../../server/src/domain/schema/schema';
import { fromOpenApiV3 } from '../../server/src/domain/schema/openapi';

const root = join(__dirname, '..', '..');
// The generator is an .mjs script; import it dynamically.
const gen = () => import(join(root, 'scripts/gen-schema.mjs')) as Promise<{
  generate(o?: { k8sDir?: string | null }): Promise<any>;
  serialize(s: unknown): string;
  kubernetesModuleDir(release: string): string | null;
  OUT: string;
}>;

test('the bundled schema covers Job, CronJob and what is reachable from them', () => {
  const s = bundledSchema();
  const image = s.resolve('Job', ['spec', 'template', 'spec', 'containers', 0, 'image']);
  assert.equal(image?.type.kind, 'string');
  assert.equal(image?.owner?.displayName, 'Container');
  const bl = s.resolve('Job', ['spec', 'backoffLimit']);
  assert.deepEqual(bl?.type, { kind: 'integer', format: 'int32' });
  assert.equal(bl?.field?.defaultText, '6');
  const cm = s.resolve('CronJob', ['spec', 'jobTemplate', 'spec', 'completionMode']);
  assert.deepEqual(cm?.type, { kind: 'string', enum: ['Indexed', 'NonIndexed'] });
  const action = s.resolve('Job', ['spec', 'podFailurePolicy', 'rules', 0, 'action']);
  assert.deepEqual((action?.type as { enum?: string[] }).enum, ['Count', 'FailIndex', 'FailJob', 'Ignore']);
  assert.deepEqual(s.resolve('Job', ['spec', 'template', 'spec', 'restartPolicy'])?.type, { kind: 'string', enum: ['Always', 'Never', 'OnFailure'] });
  assert.equal(s.resolve('Job', ['spec', 'template', 'spec', 'containers', 0, 'resources', 'limits', { key: 'cpu' }])?.type.kind, 'quantity');
  assert.equal(s.resolve('Job', ['metadata', 'labels', 'app'])?.type.kind, 'string');
  assert.equal(s.resolve('Job', ['spec', 'nope']), undefined);
  assert.ok(s.isRequired(s.resolve('Job', ['spec'])!.type.kind === 'object' ? (s.resolve('Job', ['spec'])!.type as { ref: string }).ref : '', 'template'));
  // Deep types: affinity, probes, volumes, security contexts.
  for (const p of [
    ['spec', 'template', 'spec', 'affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms', 0, 'matchExpressions', 0, 'operator'],
    ['spec', 'template', 'spec', 'containers', 0, 'livenessProbe', 'httpGet', 'port'],
    ['spec', 'template', 'spec', 'volumes', 0, 'configMap', 'items', 0, 'key'],
    ['spec', 'template', 'spec', 'securityContext', 'seccompProfile', 'type'],
  ]) assert.ok(s.resolve('Job', p), p.join('.'));
});

test('typeLabel reads like kubectl explain', () => {
  const s = bundledSchema();
  const t = (p: (string | number)[]) => typeLabel(s, s.resolve('Job', p)!.type);
  assert.equal(t(['spec', 'template', 'spec', 'containers']), '[]Container');
  assert.equal(t(['metadata', 'labels']), 'map[string]string');
  assert.equal(t(['spec', 'parallelism']), 'integer (int32)');
  assert.equal(t(['spec', 'template', 'spec', 'containers', 0, 'ports', 0, 'containerPort']), 'integer (int32)');
});

test('regenerating from the installed client-node reproduces the committed schema', async () => {
  const g = await gen();
  const committed = JSON.parse(readFileSync(g.OUT, 'utf8'));
  const k8sDir = g.kubernetesModuleDir(committed.release);
  const fresh = await g.generate({ k8sDir });
  if (k8sDir) {
    assert.equal(g.serialize(fresh), readFileSync(g.OUT, 'utf8'));
  } else {
    // Without the Kubernetes module the enums cannot be regenerated; the structure still must match.
    const strip = (d: any) => JSON.parse(JSON.stringify(d.types, (k, v) => (k === 'enum' || k === 'default' || k === 'apiName' ? undefined : v)));
    assert.deepEqual(Object.keys(fresh.types), Object.keys(committed.types));
    for (const [name, t] of Object.entries<any>(strip(fresh))) assert.deepEqual(Object.keys(t.fields), Object.keys(strip(committed)[name].fields), name);
  }
});


test('the OpenAPI v3 adapter (cluster source) agrees with the bundled schema', async (t) => {
  const g = await gen();
  const k8sDir = g.kubernetesModuleDir(bundledSchema().release);
  if (!k8sDir) {
    t.skip('k8s.io/kubernetes module for this release is not in the Go module cache');
    return;
  }
  const doc = JSON.parse(readFileSync(join(k8sDir, 'api/openapi-spec/v3/apis__batch__v1_openapi.json'), 'utf8'));
  const other = new Schema(fromOpenApiV3(doc, 'test'));
  const bundled = bundledSchema();
  // Walk both schemas from the Job and CronJob roots and compare field names and type kinds.
  const walk = (kind: 'Job' | 'CronJob', a: SchemaType, b: SchemaType, path: string, depth: number, seen: Set<string>) => {
    const norm = (x: SchemaType) => (x.kind === 'string' ? 'string' : x.kind);
    assert.equal(norm(b), norm(a), path);
    if (depth > 12) return;
    if (a.kind === 'array' && b.kind === 'array') return walk(kind, a.items, b.items, `${path}[]`, depth + 1, seen);
    if (a.kind === 'map' && b.kind === 'map') return walk(kind, a.values, b.values, `${path}{}`, depth + 1, seen);
    if (a.kind !== 'object' || b.kind !== 'object' || seen.has(a.ref)) return;
    seen.add(a.ref);
    const fa = bundled.fields(a).map(([n]) => n).sort();
    const fb = other.fields(b).map(([n]) => n).sort();
    assert.deepEqual(fb, fa, path);
    for (const [n, f] of bundled.fields(a)) walk(kind, f.type, other.field(b, n)!.type, `${path}.${n}`, depth + 1, seen);
  };
  walk('Job', bundled.rootType('Job'), other.rootType('Job'), 'Job', 0, new Set());
  walk('CronJob', bundled.rootType('CronJob'), other.rootType('CronJob'), 'CronJob', 0, new Set());
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundledSchema, Schema, typeLabel, type SchemaType } from '../../core/schema/schema';
import { fromOpenApiV3 } from '../../core/schema/openapi';

const root = join(__dirname, '..', '..');
// The generator is an .mjs script; import it dynamically.
const gen = () => import(join(root, 'scripts/gen-schema.mjs')) as Promise<{
  generate(o?: { k8sDir?: string | null }): Promise<any>;
  serialize(s: unknown): string;
  kubernetesModuleDir(version?: string): string | null;
  schemaK8sVersion(): string;
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

test('regenerating from client-node + k8s.io/kubernetes@KJOB_SCHEMA_K8S_VERSION reproduces the committed schema', async (t) => {
  const g = await gen();
  const k8sDir = g.kubernetesModuleDir();
  if (!k8sDir) {
    // .ci/run downloads the module; without it the schema cannot be regenerated (gen-schema keeps the
    // committed file and `--check` exits 2), so this is reported as skipped, not as passed.
    t.skip(`k8s.io/kubernetes@${g.schemaK8sVersion()} is not in the Go module cache`);
    return;
  }
  const fresh = await g.generate({ k8sDir });
  assert.equal(g.serialize(fresh), readFileSync(g.OUT, 'utf8'));
});

test('the schema covers the release kjob ships against (KJOB_SCHEMA_K8S_VERSION), with dated and gated 1.37 fields', async () => {
  const g = await gen();
  const s = bundledSchema();
  assert.equal(s.release, `release-${/^v(1\.\d+)/.exec(g.schemaK8sVersion())![1]}`);
  const sched = s.resolve('Job', ['spec', 'scheduling']);
  assert.equal(sched?.field?.since, 37);
  assert.deepEqual(sched?.field?.featureGates, ['WorkloadWithJob']);
  assert.match(sched?.field?.description ?? '', /Workload-aware Scheduling/);
  assert.ok(s.resolve('Job', ['spec', 'scheduling', 'schedulingPolicy', 'gang', 'minCount']));
  const er = s.resolve('Job', ['spec', 'template', 'spec', 'evictionResponders', 0, 'name']);
  assert.equal(er?.type.kind, 'string');
  assert.deepEqual(s.resolve('Job', ['spec', 'template', 'spec', 'evictionResponders'])?.field?.featureGates, ['EvictionRequestAPI']);
  for (const [p, gate] of [
    [['spec', 'template', 'spec', 'volumes', 0, 'configMap', 'defaultUser'], 'AtomicWriteVolumeUserFields'],
    [['spec', 'template', 'spec', 'volumes', 0, 'secret', 'items', 0, 'user'], 'AtomicWriteVolumeUserFields'],
    [['spec', 'template', 'spec', 'volumes', 0, 'projected', 'sources', 0, 'serviceAccountToken', 'user'], 'AtomicWriteVolumeUserFields'],
    [['spec', 'template', 'spec', 'volumes', 0, 'emptyDir', 'mode'], 'EmptyDirVolumeMode'],
    [['spec', 'template', 'spec', 'containers', 0, 'livenessProbe', 'grpc', 'mode'], 'GRPCContainerProbeTLS'],
    [['spec', 'template', 'spec', 'containers', 0, 'readinessProbe', 'httpGet', 'protocol'], 'H2CContainerProbe'],
    [['spec', 'template', 'spec', 'containers', 0, 'volumeMounts', 0, 'bindMountOptions'], 'VolumeBindMountOptions'],
  ] as [(string | number)[], string][]) {
    const r = s.resolve('Job', p);
    assert.equal(r?.field?.since, 37, p.join('.'));
    assert.deepEqual(r?.field?.featureGates, [gate], p.join('.'));
  }
  // Enums of new fields come from the release's Go definitions too.
  assert.deepEqual((s.resolve('Job', ['spec', 'template', 'spec', 'containers', 0, 'livenessProbe', 'grpc', 'mode'])?.type as { enum?: string[] }).enum, ['Plaintext', 'TLS']);
  // Fields client-node's 1.36 models already had are not dated; gates of older fields come from their markers.
  assert.equal(s.resolve('Job', ['spec', 'managedBy'])?.field?.since, undefined);
  assert.deepEqual(s.resolve('Job', ['spec', 'template', 'spec', 'containers', 0, 'resizePolicy'])?.field?.featureGates, ['InPlacePodVerticalScaling']);
  const facts = s.data.versionFacts!;
  assert.deepEqual(facts.featureGates.WorkloadWithJob, [{ version: '1.36', default: false, stage: 'Alpha' }]);
  assert.deepEqual(facts.featureGates.InPlacePodVerticalScaling?.map((x) => x.stage), ['Alpha', 'Beta', 'GA']);
});

test('gen-schema --check: 0 when the committed file is current, 1 when it differs, 2 without the module', async () => {
  const g = await gen();
  const { spawnSync } = await import('node:child_process');
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const script = join(root, 'scripts/gen-schema.mjs');
  const dir = mkdtempSync(join(tmpdir(), 'kjob-gen-'));
  const stale = join(dir, 'stale.json');
  writeFileSync(stale, readFileSync(g.OUT, 'utf8').replace('"release-1.', '"release-0.'));
  const emptyCache = { ...process.env, GOMODCACHE: dir };
  const noModule = spawnSync(process.execPath, [script, '--check'], { env: emptyCache, encoding: 'utf8' });
  assert.equal(noModule.status, 2, noModule.stderr);
  assert.match(noModule.stderr, /cannot check/);
  if (!g.kubernetesModuleDir()) return;
  assert.equal(spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8' }).status, 0);
  const r = spawnSync(process.execPath, [script, '--check', '--out', stale], { encoding: 'utf8' });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /out of date/);
});


test('the OpenAPI v3 adapter (cluster source) agrees with the bundled schema', async (t) => {
  const g = await gen();
  const k8sDir = g.kubernetesModuleDir();
  if (!k8sDir) {
    t.skip(`k8s.io/kubernetes@${g.schemaK8sVersion()} is not in the Go module cache`);
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

test('the one OpenAPI conversion: an empty k8s.io/api struct is an object with no fields (a key inside is unknown-field), apimachinery ones are free-form', async () => {
  const { checkText } = await import('../../core/check/check');
  const ref = (n: string) => ({ allOf: [{ $ref: `#/components/schemas/${n}` }] });
  const doc = {
    info: { version: 'test' },
    components: {
      schemas: {
        'io.k8s.api.batch.v1.Job': {
          type: 'object',
          'x-kubernetes-group-version-kind': [{ group: 'batch', version: 'v1', kind: 'Job' }],
          properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: ref('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'), spec: ref('io.k8s.api.batch.v1.JobSpec') },
        },
        'io.k8s.api.batch.v1.CronJob': { type: 'object', properties: { kind: { type: 'string' } } },
        'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta': { type: 'object', properties: { name: { type: 'string' } } },
        'io.k8s.api.batch.v1.JobSpec': {
          type: 'object',
          required: ['policy', 'backoffLimit'],
          properties: {
            backoffLimit: { type: 'integer', format: 'int32', description: 'Specifies the number of retries.\nDefaults to 6.' },
            mode: { type: 'string', enum: ['A', 'B'] },
            policy: ref('io.k8s.api.scheduling.v1.BasicPolicy'),
            raw: ref('io.k8s.apimachinery.pkg.runtime.RawExtension'),
            patch: ref('io.k8s.apimachinery.pkg.apis.meta.v1.Patch'),
            limits: { type: 'object', additionalProperties: ref('io.k8s.apimachinery.pkg.api.resource.Quantity') },
          },
        },
        'io.k8s.api.scheduling.v1.BasicPolicy': { type: 'object', description: 'An empty struct.' },
        'io.k8s.apimachinery.pkg.runtime.RawExtension': { type: 'object' },
        'io.k8s.apimachinery.pkg.apis.meta.v1.Patch': { type: 'object' },
        'io.k8s.apimachinery.pkg.api.resource.Quantity': { type: 'string' },
      },
    },
  };
  const data = fromOpenApiV3(doc);
  // CronJob has no group-version-kind here: found by its model name.
  assert.deepEqual(data.roots, { Job: 'io.k8s.api.batch.v1.Job', CronJob: 'io.k8s.api.batch.v1.CronJob' });
  const spec = data.types['io.k8s.api.batch.v1.JobSpec'];
  assert.deepEqual(spec.fields.policy.type, { kind: 'object', ref: 'io.k8s.api.scheduling.v1.BasicPolicy' });
  assert.deepEqual(data.types['io.k8s.api.scheduling.v1.BasicPolicy'], { displayName: 'BasicPolicy', apiName: 'io.k8s.api.scheduling.v1.BasicPolicy', description: 'An empty struct.', fields: {} });
  assert.deepEqual(spec.fields.raw.type, { kind: 'any' });
  assert.deepEqual(spec.fields.patch.type, { kind: 'any' });
  assert.deepEqual(spec.fields.limits.type, { kind: 'map', values: { kind: 'quantity' } });
  assert.deepEqual(spec.fields.mode.type, { kind: 'string', enum: ['A', 'B'] });
  // Descriptions are one line and the default they state is kept, as in the bundled schema; `required` follows field order.
  assert.deepEqual(spec.fields.backoffLimit, { type: { kind: 'integer', format: 'int32' }, description: 'Specifies the number of retries. Defaults to 6.', defaultText: '6' });
  assert.deepEqual(spec.required, ['backoffLimit', 'policy']);

  const schema = new Schema(data);
  const yaml = (policy: string) => `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: x\nspec:\n  backoffLimit: 1\n  policy: ${policy}\n  raw:\n    anything: 1\n`;
  const unknown = (text: string) => checkText(text, undefined, { schema }).filter((p) => p.code === 'unknown-field').map((p) => p.path);
  assert.deepEqual(unknown(yaml('{}')), []);
  assert.deepEqual(unknown(yaml('{nope: 1}')), ['spec.policy.nope']);
});

test('the bundled schema and the OpenAPI reader convert the release\'s empty structs alike (empty objects)', async (t) => {
  const bundled = bundledSchema();
  const path = ['spec', 'scheduling', 'schedulingPolicy', 'basic'];
  const b = bundled.resolve('Job', path);
  assert.equal(b?.type.kind, 'object');
  assert.deepEqual(bundled.fields(b!.type), []);
  const g = await gen();
  const k8sDir = g.kubernetesModuleDir();
  if (!k8sDir) {
    t.skip(`k8s.io/kubernetes@${g.schemaK8sVersion()} is not in the Go module cache`);
    return;
  }
  const other = new Schema(fromOpenApiV3(JSON.parse(readFileSync(join(k8sDir, 'api/openapi-spec/v3/apis__batch__v1_openapi.json'), 'utf8'))));
  const o = other.resolve('Job', path);
  assert.equal(o?.type.kind, 'object');
  assert.deepEqual(other.fields(o!.type), []);
  assert.equal(other.resolve('Job', ['metadata', 'managedFields', 0, 'fieldsV1'])?.type.kind, 'any');
});

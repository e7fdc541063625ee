/**
 * Kubernetes version awareness per field, from the generated schema's version facts (`since` for
 * fields newer than client-node's 1.36 models, `+featureGate=` markers, versioned gate specs): a
 * field the target release does not know, or whose gate is off by default there, is a warning that
 * says what that API server does. The server side of these claims is proven on a real v1.37.2
 * control plane by test/cluster/version-skew.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFile } from '../../core/yaml/document';
import { checkFile } from '../../core/check/check';
import { bundledSchema } from '../../core/schema/schema';
import { fieldAvailability, gateAt, versionedFields } from '../../core/schema/availability';
import type { VersionFacts } from '../../core/schema/types';
import { DEFAULT_KUBERNETES_VERSION, SCHEMA_MINOR } from '../../core/workloads/versions';
import { DEFAULT_SETTINGS } from '../../core/protocol';

const job = (spec: string, podSpec = '', container = '') => `apiVersion: batch/v1
kind: Job
metadata:
  name: v
spec:
${spec}  template:
    spec:
      restartPolicy: Never
${podSpec}      containers:
      - name: main
        image: busybox:1.36
${container}`;

const cronJob = (podSpec: string) => `apiVersion: batch/v1
kind: CronJob
metadata:
  name: c
spec:
  schedule: "*/5 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
${podSpec}          containers:
          - name: main
            image: busybox:1.36
`;

const check = (text: string, version: string) => checkFile(parseFile(text), { kubernetesVersion: version, severities: {} });
const skew = (text: string, version: string) => check(text, version).filter((p) => p.code === 'api/version-skew');
const errors = (text: string, version: string) => check(text, version).filter((p) => p.severity === 'error');

const scheduling = job('  scheduling:\n    schedulingPolicy: {}\n');
const eviction = job('', '      evictionResponders:\n      - name: x\n');

test('the default target is the newest release the schema covers (1.37)', () => {
  assert.equal(SCHEMA_MINOR, 37);
  assert.equal(DEFAULT_KUBERNETES_VERSION, '1.37');
  assert.equal(DEFAULT_SETTINGS.kubernetesVersion, '1.37');
  assert.equal(bundledSchema().release, 'release-1.37');
});

test('1.37 fields are no longer unknown-field errors (the v1.37.2 apiserver accepts them)', () => {
  for (const t of [scheduling, eviction]) {
    for (const v of ['1.36', '1.37', '1.38']) assert.deepEqual(errors(t, v).map((p) => `${p.code} ${p.path}`), [], v);
  }
});

test('target 1.37: a field behind a gate off by default is a warning naming the gate, saying the server drops it silently', () => {
  const [s] = skew(scheduling, '1.37');
  assert.equal(s.severity, 'warning');
  assert.equal(s.path, 'spec.scheduling');
  assert.equal(
    s.message,
    'spec.scheduling needs the feature gate WorkloadWithJob (alpha in 1.37, off by default): unless WorkloadWithJob=true is set on the API server (--feature-gates), it accepts the object and silently drops this field.',
  );
  assert.deepEqual(s.data, { kind: 'gated-off', gate: 'WorkloadWithJob', stage: 'Alpha' });
  const [e] = skew(eviction, '1.37');
  assert.equal(e.path, 'spec.template.spec.evictionResponders');
  assert.match(e.message, /feature gate EvictionRequestAPI \(alpha in 1\.37, off by default\).*silently drops this field/);
  // The warning underlines the field's key.
  assert.equal(scheduling.slice(s.start, s.end), 'scheduling');
});

test('target 1.36: a field new in 1.37 is a warning that the 1.36 server does not know it and rejects it under strict validation', () => {
  const [s] = skew(scheduling, '1.36');
  assert.equal(s.severity, 'warning');
  assert.equal(
    s.message,
    'spec.scheduling is new in Kubernetes 1.37: the 1.36 API server does not know this field. With kubectl\'s default strict field validation (kubectl apply/create, --validate=strict) it rejects the whole object: strict decoding error: unknown field "spec.scheduling"; with --validate=warn it drops the field and warns, with --validate=false it drops it silently.',
  );
  assert.deepEqual(s.data, { kind: 'unknown', since: 37 });
  assert.deepEqual(skew(eviction, '1.36').map((p) => p.path), ['spec.template.spec.evictionResponders']);
});

test('every 1.37 field in a pod template: paths in the API server format, list indexes included, nothing reported twice', () => {
  const t = job(
    '',
    `      volumes:
      - name: a
        emptyDir:
          mode: 448
      - name: b
        configMap:
          name: cm
          defaultUser: 1000
          items:
          - key: k
            path: p
            user: 1000
      - name: c
        projected:
          defaultUser: 1000
          sources:
          - serviceAccountToken:
              path: token
              user: 1000
          - downwardAPI:
              items:
              - path: labels
                user: 1000
                fieldRef:
                  fieldPath: metadata.labels
`,
    `        volumeMounts:
        - name: a
          mountPath: /a
          bindMountOptions: [ro]
        livenessProbe:
          grpc:
            port: 9000
            mode: TLS
        readinessProbe:
          httpGet:
            port: 8080
            protocol: HTTP2
`,
  );
  const expected = [
    'spec.template.spec.volumes[0].emptyDir.mode EmptyDirVolumeMode',
    'spec.template.spec.volumes[1].configMap.defaultUser AtomicWriteVolumeUserFields',
    'spec.template.spec.volumes[1].configMap.items[0].user AtomicWriteVolumeUserFields',
    'spec.template.spec.volumes[2].projected.defaultUser AtomicWriteVolumeUserFields',
    'spec.template.spec.volumes[2].projected.sources[0].serviceAccountToken.user AtomicWriteVolumeUserFields',
    'spec.template.spec.volumes[2].projected.sources[1].downwardAPI.items[0].user AtomicWriteVolumeUserFields',
    'spec.template.spec.containers[0].volumeMounts[0].bindMountOptions VolumeBindMountOptions',
    'spec.template.spec.containers[0].livenessProbe.grpc.mode GRPCContainerProbeTLS',
    'spec.template.spec.containers[0].readinessProbe.httpGet.protocol H2CContainerProbe',
  ].sort();
  const got37 = skew(t, '1.37').map((p) => `${p.path} ${(p.data as { gate: string }).gate}`).sort();
  assert.deepEqual(got37, expected);
  const got36 = skew(t, '1.36');
  assert.deepEqual(got36.map((p) => p.path).sort(), expected.map((x) => x.split(' ')[0]).sort());
  assert.ok(got36.every((p) => /the 1\.36 API server does not know this field/.test(p.message)));
  assert.deepEqual(errors(t, '1.37'), []);
});

test('CronJob: the path includes spec.jobTemplate', () => {
  const t = cronJob('          evictionResponders:\n          - name: x\n');
  assert.deepEqual(skew(t, '1.37').map((p) => p.path), ['spec.jobTemplate.spec.template.spec.evictionResponders']);
  assert.deepEqual(skew(t, '1.36').map((p) => p.path), ['spec.jobTemplate.spec.template.spec.evictionResponders']);
});

test('a field set to null is left unset (no warning); nothing inside a dropped field is reported again', () => {
  assert.deepEqual(skew(job('  scheduling: null\n'), '1.36'), []);
  const nested = job('  scheduling:\n    schedulingPolicy:\n      gang:\n        minCount: 2\n');
  assert.deepEqual(skew(nested, '1.37').map((p) => p.path), ['spec.scheduling']);
});

test('older gated fields: stage and default per release from the versioned gate specs', () => {
  const resize = job('', '', '        resizePolicy:\n        - resourceName: cpu\n          restartPolicy: NotRequired\n');
  // InPlacePodVerticalScaling: alpha 1.27 (off), beta 1.33 (on), GA 1.35.
  assert.deepEqual(skew(resize, '1.33'), []);
  const [alpha] = skew(resize, '1.30');
  assert.match(alpha.message, /needs the feature gate InPlacePodVerticalScaling \(alpha in 1\.30, off by default\).*It is on by default from 1\.33\./);
  const [before] = skew(resize, '1.26');
  assert.match(before.message, /^spec\.template\.spec\.containers\[0\]\.resizePolicy arrives in Kubernetes 1\.27 \(feature gate InPlacePodVerticalScaling\): the 1\.26 API server does not know this field/);
});

test('fieldAvailability and gateAt on synthetic facts', () => {
  const facts: VersionFacts = {
    roots: { Job: 'J', CronJob: 'C' },
    featureGates: {
      G: [
        { version: '1.30', default: false, stage: 'Alpha' },
        { version: '1.32', default: false, stage: 'Beta' },
        { version: '1.34', default: true, stage: 'GA', locked: true },
      ],
      Gone: null,
    },
    types: { J: { a: { featureGates: ['G'] }, b: { since: 35, featureGates: ['G'] }, c: { featureGates: ['Gone'] }, l: { ref: 'I', through: ['array'] } }, I: { x: { since: 40 } } },
  };
  assert.equal(gateAt(facts.featureGates.G!, 29), undefined);
  assert.equal(gateAt(facts.featureGates.G!, 33)?.stage, 'Beta');
  assert.deepEqual(fieldAvailability({ featureGates: ['G'] }, 29, facts), { kind: 'unknown', since: 30, gate: 'G' });
  assert.deepEqual(fieldAvailability({ featureGates: ['G'] }, 33, facts), { kind: 'gated-off', gate: 'G', stage: 'Beta', onByDefaultFrom: 34 });
  assert.equal(fieldAvailability({ featureGates: ['G'] }, 34, facts), undefined);
  assert.deepEqual(fieldAvailability({ since: 35, featureGates: ['G'] }, 34, facts), { kind: 'unknown', since: 35 });
  assert.equal(fieldAvailability({ featureGates: ['Gone'] }, 20, facts), undefined);
  const found = versionedFields('Job', { a: 1, b: 1, c: 1, l: [{ x: 1 }, { y: 1 }, { x: null }] }, 33, facts);
  assert.deepEqual(found.map((f) => `${f.path.join('.')} ${f.availability.kind}`), ['a gated-off', 'b unknown', 'l.0.x unknown']);
  // Bad shapes never throw.
  assert.deepEqual(versionedFields('Job', { l: 'x', a: null }, 33, facts), []);
  assert.deepEqual(versionedFields('Job', 'nope', 33, facts), []);
});

test('hover on a 1.37 field: its description and its version facts', async () => {
  const { hover } = await import('../../core/hover/hover');
  const s = bundledSchema();
  const at = (text: string, word: string) => hover(parseFile(text), text.indexOf(word) + 1, s)!.markdown;
  const sched = at(scheduling, 'scheduling');
  assert.match(sched, /\*\*scheduling\*\* `JobSchedulingConfiguration`/);
  assert.match(sched, /Workload-aware Scheduling configuration for this Job/);
  assert.match(sched, /\*\*Kubernetes versions:\*\* new in 1\.37; feature gate `WorkloadWithJob`: alpha in 1\.37, off by default \(since 1\.36\)/);
  const ev = at(eviction, 'evictionResponders');
  assert.match(ev, /`spec\.template\.spec\.evictionResponders`/);
  assert.match(ev, /new in 1\.37; feature gate `EvictionRequestAPI`: alpha in 1\.37, off by default/);
  // An older gated field: its gate's state in the schema's release.
  const resize = job('', '', '        resizePolicy:\n        - resourceName: cpu\n          restartPolicy: NotRequired\n');
  assert.match(at(resize, 'resizePolicy'), /feature gate `InPlacePodVerticalScaling`: GA in 1\.37 \(since 1\.27\)/);
  // A field without version facts has no such line.
  assert.doesNotMatch(at(scheduling, 'restartPolicy'), /Kubernetes versions/);
});

test('completion offers the 1.37 fields (from the schema) with their types', async () => {
  const { complete } = await import('../../core/completion/complete');
  const s = bundledSchema();
  const items = (src: string) => {
    const offset = src.indexOf('|');
    const text = src.slice(0, offset) + src.slice(offset + 1);
    return complete(parseFile(text), offset, s)?.items ?? [];
  };
  const head = 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: x\n';
  assert.ok(items(`${head}spec:\n  |`).some((i) => i.label === 'scheduling'));
  assert.ok(items(`${head}spec:\n  template:\n    spec:\n      |`).some((i) => i.label === 'evictionResponders'));
  const grpc = items(`${head}spec:\n  template:\n    spec:\n      containers:\n      - name: a\n        livenessProbe:\n          grpc:\n            mode: |`).map((i) => i.label);
  assert.deepEqual(grpc.filter((l) => l === 'TLS' || l === 'Plaintext').sort(), ['Plaintext', 'TLS']);
});

test('the older Job-spec gate table (JOB_FIELD_GATES) agrees with kube_features.go wherever a cached release still defines the gate', async (t) => {
  const { JOB_FIELD_GATES } = await import('../../core/workloads/versions');
  const { join } = await import('node:path');
  const g = (await import(join(__dirname, '..', '..', 'scripts/gen-schema.mjs'))) as {
    kubernetesModuleDir(v?: string): string | null;
    schemaK8sVersion(): string;
    parseGateSpecs(files: string[]): Record<string, { version: string; default: boolean; stage: string }[]>;
  };
  const dirs = [g.kubernetesModuleDir(), g.kubernetesModuleDir('v1.36.3')].filter((d): d is string => !!d);
  if (!dirs.length) {
    t.skip(`k8s.io/kubernetes@${g.schemaK8sVersion()} is not in the Go module cache`);
    return;
  }
  let compared = 0;
  for (const dir of dirs) {
    const specs = g.parseGateSpecs([join(dir, 'pkg/features/kube_features.go')]);
    for (const e of JOB_FIELD_GATES) {
      const s = specs[e.gate];
      if (!s) continue;
      const first = (pred: (x: { default: boolean; stage: string }) => boolean) => Number(s.find(pred)?.version.split('.')[1]);
      assert.equal(first((x) => x.stage === 'Alpha'), e.alpha, `${e.gate} alpha (${dir})`);
      assert.equal(first((x) => x.default), e.beta, `${e.gate} on by default (${dir})`);
      if (e.ga) assert.equal(first((x) => x.stage === 'GA'), e.ga, `${e.gate} GA (${dir})`);
      compared++;
    }
  }
  assert.ok(compared >= 1, 'at least JobManagedBy is still defined in 1.37');
});

test('a podCertificate projected volume: its gate is PodCertificateRequest (k8s.io/api marks it PodCertificateProjection), off by default before 1.37', () => {
  const t = job(
    '',
    `      volumes:
      - name: certs
        projected:
          sources:
          - podCertificate:
              signerName: example.com/signer
              keyType: ED25519
              credentialBundlePath: bundle.pem
`,
    `        volumeMounts:
        - name: certs
          mountPath: /certs
`,
  );
  assert.deepEqual(skew(t, '1.37'), [], 'GA and on by default in 1.37');
  const [s] = skew(t, '1.36');
  assert.equal(s.path, 'spec.template.spec.volumes[0].projected.sources[0].podCertificate');
  assert.deepEqual(s.data, { kind: 'gated-off', gate: 'PodCertificateRequest', stage: 'Beta', onByDefaultFrom: 37 });
  assert.match(s.message, /feature gate PodCertificateRequest \(beta in 1\.36, off by default.*silently drops this field/);
  assert.equal(t.slice(s.start, s.end), 'podCertificate');
  assert.deepEqual(skew(t, '1.34')[0]?.data, { kind: 'gated-off', gate: 'PodCertificateRequest', stage: 'Alpha', onByDefaultFrom: 37 });
  assert.deepEqual(skew(t, '1.33')[0]?.data, { kind: 'unknown', since: 34, gate: 'PodCertificateRequest' });
});

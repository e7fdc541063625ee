/**
 * Pod-template rules beyond what the corpus can show: where the diagnostic sits when the field is
 * missing, version-dependent values, CronJob paths, messages that name the value, warnings that the
 * server keys by a prefix instead of a field path, and robustness against wrong types. The rules'
 * paths and error types themselves are proven against the real apiserver by the corpus
 * (test/corpus, test/cluster/apiserver-parity.test.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFile } from '../../../core/yaml/document';
import { checkFile } from '../../../core/check/check';
import type { Problem } from '../../../core/check/problem';

const V37 = { kubernetesVersion: '1.37', severities: {} };
const V36 = { kubernetesVersion: '1.36', severities: {} };

function job(podSpecYaml: string, extra = ''): string {
  const indented = podSpecYaml.replace(/^/gm, '      ');
  return `apiVersion: batch/v1
kind: Job
metadata:
  name: t
${extra}spec:
  template:
    spec:
      restartPolicy: Never
${indented}
`;
}

const MAIN = 'containers:\n- name: main\n  image: busybox:1.36\n';

function check(text: string, settings = V37): Problem[] {
  return checkFile(parseFile(text), settings).filter((p) => p.code.startsWith('api/'));
}

function underlined(text: string, p: Problem): string {
  return text.slice(p.start, p.end);
}

test('a missing field is flagged on the nearest existing key (spread constraint without whenUnsatisfiable)', () => {
  const text = job(`${MAIN}topologySpreadConstraints:\n- maxSkew: 1\n  topologyKey: zone\n  labelSelector: {}\n`);
  const p = check(text).find((x) => x.path === 'spec.template.spec.topologySpreadConstraints[0].whenUnsatisfiable');
  assert.ok(p, 'no diagnostic');
  assert.equal(p!.errorType, 'NotSupported');
  assert.equal(underlined(text, p!), 'maxSkew: 1');
  assert.match(p!.message, /DoNotSchedule or ScheduleAnyway/);
});

test('a resource claim without a source is flagged on its entry and says what to set', () => {
  const text = job(`${MAIN}resourceClaims:\n- name: gpu\n`);
  const p = check(text).find((x) => x.code === 'api/resource-claims');
  assert.equal(p?.path, 'spec.template.spec.resourceClaims[0]');
  assert.equal(underlined(text, p!), 'name: gpu');
  assert.match(p!.message, /resourceClaimName.*resourceClaimTemplateName/);
});

test('seLinuxChangePolicy: MountOption follows the target version (rejected before 1.37)', () => {
  const text = job(`${MAIN}securityContext:\n  seLinuxChangePolicy: MountOption\n`);
  assert.deepEqual(check(text, V37).filter((p) => p.severity === 'error'), []);
  const old = check(text, V36).find((p) => p.code === 'api/security-context');
  assert.equal(old?.path, 'spec.template.spec.securityContext.seLinuxChangePolicy');
  assert.equal(old?.errorType, 'NotSupported');
  assert.equal(underlined(text, old!), 'MountOption');
});

test('sysctls written with slashes are recognised as network sysctls under hostNetwork', () => {
  const text = job(`${MAIN}hostNetwork: true\nsecurityContext:\n  sysctls:\n  - name: net/ipv4/ip_forward\n    value: "1"\n  - name: kernel.domainname\n    value: x\n`);
  const errs = check(text).filter((p) => p.code === 'api/security-context');
  assert.deepEqual(errs.map((p) => p.path), ['spec.template.spec.securityContext.sysctls[0].name']);
  assert.match(errs[0]!.message, /hostNetwork/);
});

test('CronJob: the same rules with the jobTemplate paths, on the right line', () => {
  const text = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: c
spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
          - name: main
            image: busybox:1.36
            lifecycle:
              preStop:
                sleep:
                  seconds: 45
            envFrom:
            - prefix: X_
`;
  const ps = check(text);
  const sleep = ps.find((p) => p.code === 'api/lifecycle');
  assert.equal(sleep?.path, 'spec.jobTemplate.spec.template.spec.containers[0].lifecycle.preStop.sleep');
  assert.equal(underlined(text, sleep!), '45');
  assert.match(sleep!.message, /30, the default/);
  const ef = ps.find((p) => p.code === 'api/env-from');
  assert.equal(ef?.path, 'spec.jobTemplate.spec.template.spec.containers[0].envFrom');
  assert.equal(underlined(text, ef!), 'prefix: X_');
});

test('volume modes: the message explains octal vs decimal', () => {
  const text = job(`${MAIN}volumes:\n- name: v\n  configMap:\n    name: c\n    defaultMode: 777\n`);
  const p = check(text).find((x) => x.code === 'api/volume-source');
  assert.equal(p?.path, 'spec.template.spec.volumes[0].configMap.defaultMode');
  assert.match(p!.message, /0777 octal \(511 decimal\)/);
});

test('warnings without a field path carry the server\'s prefix as their key and sit on the later path', () => {
  const text = job(`${MAIN}volumes:\n- name: v\n  secret:\n    secretName: s\n    items:\n    - key: a\n      path: conf\n    - key: b\n      path: conf/b\n`);
  const w = check(text).find((p) => p.severity === 'warning' && (p.data as { warningKey?: string } | undefined)?.warningKey);
  assert.equal((w!.data as { warningKey: string }).warningKey, 'volume "v" (Secret "s")');
  assert.equal(w!.path, 'spec.template.spec.volumes[0].secret.items[1].path');
  assert.equal(underlined(text, w!), 'conf/b');
});

test('deprecated node labels: the warning says what to use instead', () => {
  const text = job(`${MAIN}nodeSelector:\n  failure-domain.beta.kubernetes.io/zone: eu-1a\n`);
  const w = check(text).find((p) => p.severity === 'warning' && p.code === 'api/warning');
  assert.equal(w?.path, 'spec.template.spec.nodeSelector[failure-domain.beta.kubernetes.io/zone]');
  assert.match(w!.message, /topology\.kubernetes\.io\/zone/);
});

test('wrong types in the new areas never throw (the rule engine would report an internal problem)', () => {
  const bodies = [
    'securityContext: 5\n', 'securityContext:\n  sysctls: x\n  seccompProfile: []\n  supplementalGroups: {a: 1}\n',
    'affinity:\n  nodeAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n      nodeSelectorTerms: [1, null, {matchExpressions: "x", matchFields: [null]}]\n',
    'affinity:\n  podAntiAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution: [null, {labelSelector: 3, matchLabelKeys: 7}]\n',
    'topologySpreadConstraints: [null, 1, {labelSelector: [], matchLabelKeys: {}}]\n',
    'resourceClaims: [null, {name: 3}]\n', 'volumes: [null, {name: v, projected: {sources: [null, 1, {configMap: []}]}}, {name: w, downwardAPI: {items: [null]}}]\n',
  ];
  for (const b of bodies) {
    const text = job(`${MAIN}${b}`);
    const internal = checkFile(parseFile(text), V37).filter((p) => p.code === 'internal');
    assert.deepEqual(internal, [], b);
  }
  const c = job('containers:\n- name: main\n  image: busybox:1.36\n  lifecycle: {preStop: 3, postStart: {httpGet: 5}}\n  envFrom: [null, 2]\n  securityContext: {capabilities: {add: 5}}\n  resources: {claims: [null, {}]}\n');
  assert.deepEqual(checkFile(parseFile(c), V37).filter((p) => p.code === 'internal'), []);
});

// ---- quick fixes ----
import { checkFileDetailed } from '../../../core/check/check';
import { fixesFor } from '../../../core/check/fixes';
import { applyEdits } from '../../../core/check/rules/edits';

function fixAll(text: string, code: string): { out: string; titles: string[] } {
  let cur = text;
  const titles: string[] = [];
  for (let round = 0; round < 5; round++) {
    const file = parseFile(cur);
    const d = checkFileDetailed(file, V37).docs[0]!;
    const p = d.problems.find((x) => x.code === code && x.severity === 'error');
    if (!p) break;
    const fixes = fixesFor(d, p);
    assert.ok(fixes.length > 0, `no fix for ${code} ${p.path}: ${p.message}`);
    titles.push(fixes[0]!.title);
    cur = applyEdits(cur, fixes[0]!.edits);
    for (const doc of parseFile(cur).docs) assert.deepEqual(doc.doc.errors, [], cur);
  }
  assert.deepEqual(check(cur).filter((x) => x.code === code && x.severity === 'error').map((x) => x.message), [], cur);
  return { out: cur, titles };
}

test('quick fixes: enum values in the wrong case or spelling', () => {
  const text = job(`containers:\n- name: main\n  image: busybox:1.36\n  volumeMounts:\n  - name: d\n    mountPath: /d\n    mountPropagation: hostToContainer\nvolumes:\n- name: d\n  hostPath:\n    path: /data\n    type: directory_or_create\n`);
  const mounts = fixAll(text, 'api/volume-mounts');
  assert.deepEqual(mounts.titles, ['Change to HostToContainer']);
  assert.match(mounts.out, /mountPropagation: HostToContainer\n/);
  const vols = fixAll(text, 'api/volume-source');
  assert.deepEqual(vols.titles, ['Change to DirectoryOrCreate']);
  const sc = fixAll(job(`${MAIN}securityContext:\n  seccompProfile:\n    type: runtime/default\n  fsGroupChangePolicy: onRootMismatch\n`), 'api/security-context');
  assert.deepEqual(sc.titles.sort(), ['Change to OnRootMismatch', 'Change to RuntimeDefault']);
  const ts = fixAll(job(`${MAIN}topologySpreadConstraints:\n- maxSkew: 1\n  topologyKey: zone\n  whenUnsatisfiable: do-not-schedule\n  nodeTaintsPolicy: honor\n  labelSelector: {}\n`), 'api/topology-spread');
  assert.deepEqual(ts.titles.sort(), ['Change to DoNotSchedule', 'Change to Honor']);
});

test('quick fix: a decimal file mode that was meant as octal', () => {
  const text = job(`${MAIN}volumes:\n- name: v\n  secret:\n    secretName: s\n    defaultMode: 644\n    items:\n    - key: k\n      path: k\n      mode: 755\n`);
  const { out, titles } = fixAll(text, 'api/volume-source');
  assert.deepEqual(titles, ['Change to 420 (octal 0644)', 'Change to 493 (octal 0755)']);
  assert.match(out, /defaultMode: 420\n/);
  assert.match(out, /mode: 493\n/);
});

test('no quick fix when there is no obvious intended value', () => {
  const text = job(`${MAIN}topologySpreadConstraints:\n- maxSkew: 1\n  topologyKey: zone\n  whenUnsatisfiable: Never\n  labelSelector: {}\n`);
  const file = parseFile(text);
  const d = checkFileDetailed(file, V37).docs[0]!;
  const p = d.problems.find((x) => x.code === 'api/topology-spread');
  assert.ok(p);
  assert.deepEqual(fixesFor(d, p!), []);
});

/**
 * Generated benchmark inputs: valid, realistic batch/v1 Jobs (Indexed with backoff limit per index
 * and a pod failure policy, work-queue, plain Indexed, NonIndexed), a single Job of ~2,000 lines,
 * and fixed probe positions (completion, hover, one-character edit) inside a known Job of each file.
 * The inputs avoid fields the public peer schema lacks (successPolicy, onPodConditions without
 * status) so that both servers see files they consider valid.
 */

export interface Position {
  line: number;
  character: number;
}

export interface Probe {
  name: string;
  position: Position;
}

export interface BenchFile {
  name: string;
  text: string;
  lines: number;
  /** Completion positions (inside a key, on an enum value, inside a container key). */
  completion: Probe[];
  hover: Probe[];
  /**
   * A one-character edit: toggles a digit back and forth (the text length never changes), or with
   * `insert`, types `chars[1]` at the position and deletes it again (what typing does).
   */
  edit: { position: Position; chars: [string, string]; insert?: boolean };
  /** Where typing a character changes the diagnostics (the end of `restartPolicy: Never`): the full list is sent again. */
  diagEdit?: Position;
}

function pad(n: number, w = 5): string {
  return String(n).padStart(w, '0');
}

/** The text of Job number `i` (the variant is i % 4). */
export function jobYaml(i: number): string {
  const name = `bench-job-${pad(i)}`;
  const variant = i % 4;
  const indexed = variant === 0 || variant === 2;
  const head = [
    'apiVersion: batch/v1',
    'kind: Job',
    'metadata:',
    `  name: ${name}`,
    '  namespace: batch',
    '  labels:',
    '    app.kubernetes.io/name: bench',
    `    team: team-${i % 7}`,
    '  annotations:',
    '    example.com/owner: bench',
    'spec:',
  ];
  const spec: string[] = [];
  if (variant === 0) {
    spec.push(
      '  completions: 8',
      '  parallelism: 4',
      '  completionMode: Indexed',
      '  backoffLimitPerIndex: 2',
      '  maxFailedIndexes: 3',
      '  ttlSecondsAfterFinished: 3600',
      '  activeDeadlineSeconds: 1800',
      '  podFailurePolicy:',
      '    rules:',
      '      - action: FailJob',
      '        onExitCodes:',
      '          containerName: worker',
      '          operator: In',
      '          values: [42]',
      '      - action: Ignore',
      '        onPodConditions:',
      '          - type: DisruptionTarget',
      '            status: "True"',
    );
  } else if (variant === 1) {
    spec.push('  parallelism: 3', '  backoffLimit: 4', '  ttlSecondsAfterFinished: 3600');
  } else if (variant === 2) {
    spec.push('  completions: 5', '  parallelism: 5', '  completionMode: Indexed', '  backoffLimit: 2', '  ttlSecondsAfterFinished: 3600');
  } else {
    spec.push(
      '  completions: 3',
      '  parallelism: 1',
      '  backoffLimit: 6',
      '  ttlSecondsAfterFinished: 3600',
      '  podFailurePolicy:',
      '    rules:',
      '      - action: Ignore',
      '        onPodConditions:',
      '          - type: DisruptionTarget',
      '            status: "True"',
    );
  }
  const template = [
    '  template:',
    '    metadata:',
    '      labels:',
    '        app.kubernetes.io/name: bench',
    '    spec:',
    '      restartPolicy: Never',
    '      serviceAccountName: bench-runner',
    '      nodeSelector:',
    '        kubernetes.io/os: linux',
    '      tolerations:',
    '        - key: dedicated',
    '          operator: Equal',
    '          value: batch',
    '          effect: NoSchedule',
    '      containers:',
    '        - name: worker',
    `          image: registry.example.com/bench/worker:1.${i % 10}.2`,
    '          imagePullPolicy: IfNotPresent',
    '          command: ["/bin/sh", "-c"]',
    // Only Indexed Jobs have a completion index; the NonIndexed ones name their pod instead.
    indexed ? '          args: ["echo processing shard $JOB_COMPLETION_INDEX"]' : '          args: ["echo processing work item on $POD_NAME"]',
    '          env:',
    `            - name: ${indexed ? 'SHARD' : 'POD_NAME'}`,
    '              valueFrom:',
    '                fieldRef:',
    indexed ? "                  fieldPath: metadata.annotations['batch.kubernetes.io/job-completion-index']" : '                  fieldPath: metadata.name',
    '            - name: LOG_LEVEL',
    '              value: info',
    '          resources:',
    '            requests:',
    '              cpu: 100m',
    '              memory: 128Mi',
    '            limits:',
    '              memory: 256Mi',
    '          volumeMounts:',
    '            - name: scratch',
    '              mountPath: /scratch',
    '      volumes:',
    '        - name: scratch',
    '          emptyDir: {}',
  ];
  return [...head, ...spec, ...template].join('\n') + '\n';
}

/** Offset of `needle` at or after `from`; throws when absent (a generator bug). */
function find(text: string, needle: string, from: number): number {
  const at = text.indexOf(needle, from);
  if (at < 0) throw new Error(`generator: ${JSON.stringify(needle)} not found`);
  return at;
}

export function positionAt(text: string, offset: number): Position {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}

function probes(text: string, from: number): Pick<BenchFile, 'completion' | 'hover' | 'edit' | 'diagEdit'> {
  const at = (needle: string, delta: number) => positionAt(text, find(text, needle, from) + delta);
  const ttl = find(text, 'ttlSecondsAfterFinished: 3600', from) + 'ttlSecondsAfterFinished: 360'.length;
  return {
    completion: [
      // Inside a Job spec key (`parallel|ism`): the keys of JobSpec.
      { name: 'JobSpec key', position: at('\n  parallelism:', 1 + 2 + 8) },
      // After `restartPolicy: ` on the value: enum values.
      { name: 'restartPolicy value', position: at('restartPolicy: Never', 'restartPolicy: '.length) },
      // Inside a container key (`imagePull|Policy`): the keys of Container.
      { name: 'Container key', position: at('imagePullPolicy:', 9) },
    ],
    hover: [
      { name: 'spec.parallelism', position: at('\n  parallelism:', 4) },
      { name: 'restartPolicy', position: at('restartPolicy: Never', 3) },
      { name: 'containers[0].imagePullPolicy', position: at('imagePullPolicy:', 3) },
    ],
    edit: { position: positionAt(text, ttl), chars: ['0', '1'], insert: true },
    diagEdit: at('restartPolicy: Never', 'restartPolicy: Never'.length),
  };
}

/** Documents joined by `---` lines, with the offset where document `probe` starts. */
export function joinDocuments(docs: readonly string[], probe: number): { text: string; probeStart: number } {
  let text = '';
  let probeStart = 0;
  for (let i = 0; i < docs.length; i++) {
    if (i > 0) text += '---\n';
    if (i === probe) probeStart = text.length;
    text += docs[i];
  }
  return { text, probeStart };
}

/** A multi-document file of `count` Jobs; probes sit in a variant-0 Job in the middle. */
export function multiJobFile(count: number): BenchFile {
  const parts: string[] = [];
  for (let i = 0; i < count; i++) parts.push(jobYaml(i));
  const { text, probeStart } = joinDocuments(parts, Math.floor(count / 2 / 4) * 4);
  return { name: `jobs-${count}`, text, lines: text.split('\n').length - 1, ...probes(text, probeStart) };
}

/** One Job of about `targetLines` lines: many containers, each with a long env list and mounts. */
export function bigJobFile(targetLines = 2000): BenchFile {
  const head = [
    'apiVersion: batch/v1',
    'kind: Job',
    'metadata:',
    '  name: bench-big-job',
    '  namespace: batch',
    'spec:',
    '  completions: 100',
    '  parallelism: 10',
    '  completionMode: Indexed',
    '  backoffLimitPerIndex: 1',
    '  ttlSecondsAfterFinished: 3600',
    '  template:',
    '    metadata:',
    '      labels:',
    '        app.kubernetes.io/name: bench-big',
    '    spec:',
    '      restartPolicy: Never',
    '      containers:',
  ];
  const container = (c: number): string[] => {
    const out = [
      `        - name: step-${c}`,
      `          image: registry.example.com/bench/step:${c}.0.1`,
      '          imagePullPolicy: IfNotPresent',
      '          command: ["/bin/sh", "-c", "run-step"]',
      '          env:',
    ];
    for (let e = 0; e < 40; e++) out.push(`            - name: STEP_${c}_VAR_${e}`, `              value: "value-${c}-${e}"`);
    out.push(
      '            - name: SHARD',
      '              valueFrom:',
      '                fieldRef:',
      "                  fieldPath: metadata.annotations['batch.kubernetes.io/job-completion-index']",
      '          resources:',
      '            requests:',
      '              cpu: 50m',
      '              memory: 64Mi',
      '            limits:',
      '              memory: 128Mi',
      '          volumeMounts:',
      '            - name: scratch',
      `              mountPath: /scratch/${c}`,
    );
    return out;
  };
  const tail = ['      volumes:', '        - name: scratch', '          emptyDir: {}'];
  const lines = [...head];
  let c = 0;
  while (lines.length + tail.length < targetLines) lines.push(...container(c++));
  lines.push(...tail);
  const text = lines.join('\n') + '\n';
  // Probes in the last container (the far end of the document).
  const last = text.lastIndexOf('        - name: step-');
  const p = probes(text, 0);
  const at = (needle: string, delta: number) => positionAt(text, find(text, needle, last) + delta);
  p.completion[2] = { name: 'Container key', position: at('imagePullPolicy:', 9) };
  p.hover[2] = { name: 'containers[n].imagePullPolicy', position: at('imagePullPolicy:', 3) };
  return { name: 'job-2000-lines', text, lines: lines.length, ...p };
}

export interface InvalidCase {
  name: string;
  /** What makes it invalid, in the API server's terms. */
  why: string;
  /** `schema`: visible to a JSON schema; `rule`: needs a value or cross-field rule. */
  kind: 'schema' | 'rule';
  text: string;
}

/** Edits a valid Job (variant 2, Indexed) into an invalid one. */
function mutate(fn: (lines: string[]) => string[], i = 2): string {
  return fn(jobYaml(i).trimEnd().split('\n')).join('\n') + '\n';
}

function replaceLine(lines: string[], startsWith: string, by: string[]): string[] {
  const k = lines.findIndex((l) => l.trimStart().startsWith(startsWith));
  if (k < 0) throw new Error(`generator: line ${startsWith} not found`);
  return [...lines.slice(0, k), ...by, ...lines.slice(k + 1)];
}

/**
 * Jobs the API server rejects. The `rule` cases are invisible to a JSON schema (value ranges,
 * cross-field rules); the `schema` cases are visible to a strict schema.
 */
export function invalidJobs(): InvalidCase[] {
  const cases: InvalidCase[] = [
    {
      name: 'indexed-without-completions',
      why: 'spec.completions: Required (Indexed with parallelism set)',
      kind: 'rule',
      text: mutate((l) => replaceLine(l, 'completions: 5', [])),
    },
    {
      name: 'backoffLimitPerIndex-nonindexed',
      why: 'spec.backoffLimitPerIndex: requires indexed completion mode',
      kind: 'rule',
      text: mutate((l) => replaceLine(l, 'completionMode: Indexed', ['  backoffLimitPerIndex: 1'])),
    },
    {
      name: 'maxFailedIndexes-without-backoffLimitPerIndex',
      why: 'spec.backoffLimitPerIndex: Required when maxFailedIndexes is specified',
      kind: 'rule',
      text: mutate((l) => replaceLine(l, 'backoffLimit: 2', ['  maxFailedIndexes: 1'])),
    },
    {
      name: 'maxFailedIndexes-above-completions',
      why: 'spec.maxFailedIndexes: must be less than or equal to completions',
      kind: 'rule',
      text: mutate((l) => replaceLine(l, 'backoffLimit: 2', ['  backoffLimitPerIndex: 1', '  maxFailedIndexes: 9'])),
    },
    {
      name: 'restartPolicy-always',
      why: 'spec.template.spec.restartPolicy: Required (OnFailure or Never)',
      kind: 'rule',
      text: mutate((l) => replaceLine(l, 'restartPolicy: Never', ['      restartPolicy: Always'])),
    },
    {
      name: 'restartPolicy-omitted',
      why: 'spec.template.spec.restartPolicy: Required (defaulted to Always)',
      kind: 'rule',
      text: mutate((l) => replaceLine(l, 'restartPolicy: Never', [])),
    },
    {
      name: 'podFailurePolicy-onFailure',
      why: 'spec.template.spec.restartPolicy: only Never with podFailurePolicy',
      kind: 'rule',
      text: mutate((l) => replaceLine(l, 'restartPolicy: Never', ['      restartPolicy: OnFailure']), 3),
    },
    {
      name: 'selector-without-manualSelector',
      why: 'spec.selector: `selector` not auto-generated',
      kind: 'rule',
      text: mutate((l) => replaceLine(l, 'backoffLimit: 2', ['  backoffLimit: 2', '  selector:', '    matchLabels:', '      app.kubernetes.io/name: bench'])),
    },
    {
      name: 'indexed-name-too-long',
      why: 'metadata.name: <name>-<completions-1> is not a DNS label',
      kind: 'rule',
      text: mutate((l) => replaceLine(l, 'name: bench-job-', [`  name: ${'indexed-'.repeat(7)}job-xy`])),
    },
    {
      name: 'negative-parallelism',
      why: 'spec.parallelism: must be greater than or equal to 0',
      kind: 'rule',
      text: mutate((l) => replaceLine(l, 'parallelism: 5', ['  parallelism: -1'])),
    },
    {
      name: 'ttl-minus-one',
      why: 'spec.ttlSecondsAfterFinished: must be greater than or equal to 0',
      kind: 'rule',
      text: mutate((l) => replaceLine(l, 'ttlSecondsAfterFinished: 3600', ['  ttlSecondsAfterFinished: -1'])),
    },
    {
      name: 'exit-code-zero-with-In',
      why: 'spec.podFailurePolicy.rules[0].onExitCodes.values[0]: must not be 0 for the In operator',
      kind: 'rule',
      text: jobYaml(0).replace('values: [42]', 'values: [0, 42]'),
    },
    {
      name: 'exit-codes-unordered',
      why: 'spec.podFailurePolicy.rules[0].onExitCodes.values: must be ordered',
      kind: 'rule',
      text: jobYaml(0).replace('values: [42]', 'values: [42, 3]'),
    },
    {
      name: 'failIndex-without-backoffLimitPerIndex',
      why: 'spec.podFailurePolicy.rules[0].action: requires the backoffLimitPerIndex to be set',
      kind: 'rule',
      text: jobYaml(3).replace('- action: Ignore', '- action: FailIndex'),
    },
    {
      name: 'podReplacementPolicy-with-podFailurePolicy',
      why: 'spec.podReplacementPolicy: Unsupported value (only Failed with podFailurePolicy)',
      kind: 'rule',
      text: jobYaml(3).replace('  podFailurePolicy:', '  podReplacementPolicy: TerminatingOrFailed\n  podFailurePolicy:'),
    },
    {
      name: 'duplicate-container-name',
      why: 'spec.template.spec.containers[1].name: Duplicate value',
      kind: 'rule',
      text: mutate((l) => replaceLine(l, 'volumes:', ['        - name: worker', '          image: busybox:1.36', '      volumes:'])),
    },
    {
      name: 'container-name-not-dns-label',
      why: 'spec.template.spec.containers[0].name: Invalid value (not a DNS-1123 label)',
      kind: 'rule',
      text: mutate((l) => replaceLine(l, '- name: worker', ['        - name: Worker_1'])).replace('containerName: worker', 'containerName: Worker_1'),
    },
    {
      name: 'request-above-limit',
      why: 'spec.template.spec.containers[0].resources.requests: must be less than or equal to memory limit',
      kind: 'rule',
      text: mutate((l) => replaceLine(l, 'memory: 128Mi', ['              memory: 512Mi'])),
    },
    {
      name: 'uppercase-name',
      why: 'metadata.name: Invalid value (RFC 1123 subdomain)',
      kind: 'rule',
      text: mutate((l) => replaceLine(l, 'name: bench-job-', ['  name: Bench-Job'])),
    },
    {
      name: 'completionMode-typo',
      why: 'spec.completionMode: Unsupported value: "indexed"',
      kind: 'rule',
      text: mutate((l) => replaceLine(l, 'completionMode: Indexed', ['  completionMode: indexed'])),
    },
    {
      name: 'unknown-field',
      why: 'unknown field "spec.backofLimit" (strict decoding)',
      kind: 'schema',
      text: mutate((l) => replaceLine(l, 'backoffLimit: 2', ['  backofLimit: 2'])),
    },
    {
      name: 'string-for-int32',
      why: 'spec.parallelism: string where an integer is expected (decode error)',
      kind: 'schema',
      text: mutate((l) => replaceLine(l, 'parallelism: 5', ['  parallelism: "5"'])),
    },
    {
      name: 'container-missing-name',
      why: 'spec.template.spec.containers[0].name: Required value',
      kind: 'schema',
      text: mutate((l) => replaceLine(l, '- name: worker', ['        - image: busybox:1.36'])).replace(
        'image: registry.example.com/bench/worker:1.2.2',
        'tty: false',
      ),
    },
  ];
  return cases;
}

/** Valid Jobs that a schema-only tool may wrongly flag (fields newer than its schema, defaults). */
export function validJobs(): InvalidCase[] {
  return [
    {
      name: 'successPolicy',
      why: 'valid: successPolicy (GA 1.33) on an Indexed Job',
      kind: 'schema',
      text: mutate((l) => replaceLine(l, 'backoffLimit: 2', ['  backoffLimit: 2', '  successPolicy:', '    rules:', '      - succeededIndexes: "0,2-4"'])),
    },
    {
      name: 'onPodConditions-without-status',
      why: 'valid: onPodConditions[].status is defaulted to "True"',
      kind: 'schema',
      text: jobYaml(3).replace('            status: "True"\n', ''),
    },
    { name: 'indexed-job', why: 'valid: Indexed Job with backoffLimitPerIndex', kind: 'schema', text: jobYaml(0) },
    { name: 'work-queue', why: 'valid: work-queue Job', kind: 'schema', text: jobYaml(1) },
  ];
}

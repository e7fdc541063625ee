/**
 * Whole-pattern snippets for a JobSpec (a Job's `spec:` or a CronJob's `spec.jobTemplate.spec:`).
 * VS Code snippet syntax; lines are relative to the key column (the editor re-indents).
 * `keys` lists the JobSpec keys a snippet writes, so it is offered only where none is present yet.
 */
export interface JobSnippet {
  label: string;
  detail: string;
  documentation: string;
  keys: string[];
  body: string;
}

const podTemplate = (container: string, restartPolicy = 'Never'): string => `template:
  spec:
    restartPolicy: ${restartPolicy}
    containers:
${container}`;

export const jobSpecSnippets: JobSnippet[] = [
  {
    label: 'Indexed Job (JOB_COMPLETION_INDEX)',
    detail: 'completionMode: Indexed; each pod reads its index from JOB_COMPLETION_INDEX',
    documentation:
      'An Indexed Job runs one successful pod per index 0…completions-1. The Job controller sets the ' +
      'environment variable `JOB_COMPLETION_INDEX` in every container (and the annotation ' +
      '`batch.kubernetes.io/job-completion-index` on the pod), so each pod works on its own shard.',
    keys: ['completionMode', 'completions', 'parallelism', 'template'],
    body: `completionMode: Indexed
completions: \${1:5}
parallelism: \${2:2}
${podTemplate(`    - name: \${3:worker}
      image: \${4:busybox:1.36}
      command: ["sh", "-c", "echo processing shard \\$JOB_COMPLETION_INDEX"]$0
`)}`,
  },
  {
    label: 'Indexed Job (completion index via fieldRef)',
    detail: 'maps the completion-index annotation into an environment variable of your choice',
    documentation:
      'Same as an Indexed Job, but the index reaches the container through the downward API: ' +
      '`fieldRef.fieldPath: metadata.annotations[\'batch.kubernetes.io/job-completion-index\']`.',
    keys: ['completionMode', 'completions', 'parallelism', 'template'],
    body: `completionMode: Indexed
completions: \${1:5}
parallelism: \${2:2}
${podTemplate(`    - name: \${3:worker}
      image: \${4:busybox:1.36}
      command: ["sh", "-c", "echo shard \\$\${5:SHARD}"]
      env:
      - name: \${5:SHARD}
        valueFrom:
          fieldRef:
            fieldPath: metadata.annotations['batch.kubernetes.io/job-completion-index']$0
`)}`,
  },
  {
    label: 'Work-queue Job (parallelism, no completions)',
    detail: 'pods pull work from a queue; the Job succeeds when one pod succeeds and all have exited',
    documentation:
      'Leave `completions` unset and set `parallelism`: the controller starts that many pods; once any ' +
      'pod exits successfully no new pods are started, and the Job completes when all pods have ' +
      'terminated. Each worker must exit 0 only when the queue is empty.',
    keys: ['parallelism', 'completions', 'template'],
    body: `parallelism: \${1:3}
${podTemplate(`    - name: \${2:worker}
      image: \${3:busybox:1.36}
      command: ["sh", "-c", "\${4:until queue-empty; do process-one-item; done}"]$0
`)}`,
  },
  {
    label: 'Pod failure policy',
    detail: 'fail the Job on a non-retriable exit code; ignore disruptions',
    documentation:
      'Rules are evaluated in order for each failed pod. `FailJob` ends the Job at once, `Ignore` does ' +
      'not count the failure against `backoffLimit`, `Count` counts it (the default). Requires ' +
      '`restartPolicy: Never` in the pod template.',
    keys: ['podFailurePolicy'],
    body: `podFailurePolicy:
  rules:
  - action: FailJob
    onExitCodes:
      operator: In
      values: [\${1:42}]
  - action: Ignore
    onPodConditions:
    - type: DisruptionTarget$0
`,
  },
  {
    label: 'Backoff limit per index',
    detail: 'retry each index independently; stop after too many failed indexes',
    documentation:
      'Only for `completionMode: Indexed` with `restartPolicy: Never`. Each index may fail ' +
      '`backoffLimitPerIndex` times before it is marked failed; the Job fails once more than ' +
      '`maxFailedIndexes` indexes failed (and `backoffLimit` defaults to 2147483647).',
    keys: ['backoffLimitPerIndex', 'maxFailedIndexes'],
    body: `backoffLimitPerIndex: \${1:1}
maxFailedIndexes: \${2:5}$0
`,
  },
  {
    label: 'Success policy',
    detail: 'declare the Indexed Job succeeded when given indexes succeed',
    documentation:
      'Only for `completionMode: Indexed`. The Job succeeds as soon as one rule matches: every index ' +
      'in `succeededIndexes` succeeded, and/or at least `succeededCount` of them. Remaining pods are ' +
      'terminated.',
    keys: ['successPolicy'],
    body: `successPolicy:
  rules:
  - succeededIndexes: "\${1:0}"
    succeededCount: \${2:1}$0
`,
  },
];

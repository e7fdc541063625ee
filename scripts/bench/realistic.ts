/**
 * Benchmark inputs written the way people write manifests (issue #17): the generated Jobs of
 * gen.ts are plain block style without a comment, which is the one shape kjob's fast parser was
 * built for. Each variant here stresses one thing real repositories have — comments (a header per
 * document, inline, commented-out keys, blank lines), block scalars with shell scripts, anchors,
 * aliases and merge keys, flow style, quoted strings, CRLF line endings, long lines, files that mix
 * Jobs and CronJobs with Deployments, ConfigMaps, Services and `kind: List` — and `real-all` has
 * all of them at once. `handwritten` is the repository's own hand-written manifests (examples/,
 * test fixtures, the demo workspace, the YAML blocks of the README and docs/) in one file.
 *
 * Every file has probes (completion, hover, a one-character edit) in a Job in its middle, in block
 * style, like gen.ts's files, so that every row of the LSP benchmark measures the same requests.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { joinDocuments, positionAt, type BenchFile, type Position } from './gen';

export type Feature = 'comments' | 'scripts' | 'anchors' | 'flow' | 'quotes' | 'crlf' | 'long' | 'mixed';

export const VARIANTS: { name: string; features: Feature[]; what: string }[] = [
  { name: 'real-comments', features: ['comments'], what: 'a header comment per document, inline comments, commented-out keys, blank lines' },
  { name: 'real-scripts', features: ['scripts'], what: 'block scalars (`|`, `>-`) holding shell scripts' },
  { name: 'real-anchors', features: ['anchors'], what: 'anchors, aliases and merge keys (`<<: *labels`)' },
  { name: 'real-flow', features: ['flow'], what: 'flow mappings and sequences (`{cpu: 100m}`, `[a, b]`), nested' },
  { name: 'real-quotes', features: ['quotes'], what: 'single- and double-quoted strings, with escapes' },
  { name: 'real-crlf', features: ['crlf'], what: 'CRLF line endings' },
  { name: 'real-long', features: ['long'], what: 'long lines (a 1,500-character annotation and a 600-character command per Job)' },
  { name: 'real-mixed', features: ['mixed'], what: 'Jobs and CronJobs mixed with Deployments, ConfigMaps, Services and `kind: List`' },
  { name: 'real-all', features: ['comments', 'scripts', 'anchors', 'flow', 'quotes', 'long', 'mixed'], what: 'all of the above in one file (LF)' },
];

const pad = (n: number) => String(n).padStart(5, '0');

/** One Job (or, with `cron`, a CronJob) in the given style. Always holds the probe fields in block style. */
export function realisticJob(i: number, f: ReadonlySet<Feature>, cron = false): string {
  const c = f.has('comments');
  const q = f.has('quotes');
  const name = `${cron ? 'nightly' : 'export'}-events-${pad(i)}`;
  const indexed = i % 2 === 0;
  const L: string[] = [];
  const push = (...xs: string[]) => L.push(...xs);
  const cm = (text: string, line: string) => (c ? `${line}  # ${text}` : line);
  if (c) push(`# ${cron ? 'Nightly' : 'One-off'} export of event shard ${i} to the warehouse.`, '# Owner: data-platform (#data-oncall). Runbook: https://runbooks.example.com/export-events');
  push('apiVersion: batch/v1', `kind: ${cron ? 'CronJob' : 'Job'}`, 'metadata:', `  name: ${name}`, q ? "  namespace: 'batch'" : '  namespace: batch');
  if (f.has('anchors')) push('  labels: &labels', '    app.kubernetes.io/name: export-events', '    app.kubernetes.io/part-of: warehouse', `    team: team-${i % 7}`);
  else if (f.has('flow')) push(`  labels: {app.kubernetes.io/name: export-events, app.kubernetes.io/part-of: warehouse, team: team-${i % 7}}`);
  else push('  labels:', '    app.kubernetes.io/name: export-events', '    app.kubernetes.io/part-of: warehouse', q ? `    team: "team-${i % 7}"` : `    team: team-${i % 7}`);
  push('  annotations:', q ? `    example.com/owner: 'data-platform'` : '    example.com/owner: data-platform');
  if (q) push(`    example.com/description: "Exports shard ${i} of the event log.\\nRuns after the \\"daily\\" rollup; don't run by hand."`);
  if (f.has('long')) push(`    example.com/notes: ${Array.from({ length: 60 }, (_, k) => `step-${k}-of-the-export-pipeline`).join(' ')}`);
  if (c) push('');
  let ind = '  ';
  push('spec:');
  if (cron) {
    push(cm('03:00 UTC every day', q ? `  schedule: "${i % 60} 3 * * *"` : `  schedule: ${i % 60} 3 * * *`), '  concurrencyPolicy: Forbid', '  successfulJobsHistoryLimit: 3', '  jobTemplate:', '    spec:');
    ind = '      ';
  }
  if (c) push(`${ind}# One pod per shard; a failed shard is retried on its own.`);
  push(`${ind}completions: 8`, cm('at most half the shards at once', `${ind}parallelism: 4`));
  if (indexed) push(`${ind}completionMode: Indexed`, cm('per shard', `${ind}backoffLimitPerIndex: 2`));
  else push(`${ind}backoffLimit: 4`);
  if (c) push(`${ind}# maxFailedIndexes: 3`, `${ind}# activeDeadlineSeconds: 7200`);
  push(cm('keep finished pods for an hour', `${ind}ttlSecondsAfterFinished: 3600`));
  push(`${ind}template:`, `${ind}  metadata:`);
  if (f.has('anchors')) push(`${ind}    labels:`, `${ind}      <<: *labels`, `${ind}      component: worker`);
  else push(`${ind}    labels:`, `${ind}      app.kubernetes.io/name: export-events`);
  const p = `${ind}  `; // pod spec keys' parent indent
  push(`${p}spec:`, `${p}  restartPolicy: Never`, `${p}  serviceAccountName: ${q ? '"export-events"' : 'export-events'}`);
  if (c) push('');
  push(`${p}  containers:`, `${p}    - name: worker`);
  const k = `${p}      `; // container keys
  push(q ? `${k}image: "registry.example.com/warehouse/export:1.${i % 10}.2"` : `${k}image: registry.example.com/warehouse/export:1.${i % 10}.2`, `${k}imagePullPolicy: IfNotPresent`);
  if (f.has('scripts')) {
    push(`${k}command: ["/bin/bash", "-c"]`, `${k}args:`, `${k}  - |`);
    const s = `${k}    `;
    push(
      `${s}set -euo pipefail`,
      `${s}# retry transient failures three times`,
      `${s}for attempt in 1 2 3; do`,
      `${s}  if export-events --shard "\${JOB_COMPLETION_INDEX:-0}" --out "s3://warehouse/events/$(date +%F)"; then`,
      `${s}    exit 0`,
      `${s}  fi`,
      `${s}  sleep $((attempt * 10))`,
      `${s}done`,
      '',
      `${s}echo "giving up on shard \${JOB_COMPLETION_INDEX:-0}" >&2`,
      `${s}exit 1`,
    );
  } else if (f.has('long')) {
    push(`${k}command: ["/bin/sh", "-c", "${Array.from({ length: 20 }, (_, n) => `echo step ${n} && run-step --index ${n} --retries 3`).join(' && ')}"]`);
  } else {
    push(`${k}command: ["/bin/sh", "-c"]`, `${k}args: ["export-events --shard ${indexed ? '$JOB_COMPLETION_INDEX' : '$HOSTNAME'}"]`);
  }
  push(`${k}env:`, `${k}  - name: LOG_LEVEL`, q ? `${k}    value: 'info'` : `${k}    value: info`);
  if (f.has('flow')) push(`${k}  - {name: REGION, value: eu-west-1}`, `${k}  - {name: BATCH_SIZE, value: "500"}`);
  else push(`${k}  - name: REGION`, `${k}    value: eu-west-1`);
  if (c) push(`${k}  # - name: DEBUG`, `${k}  #   value: "true"`);
  if (f.has('flow')) push(`${k}resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {memory: 256Mi}}`);
  else if (f.has('anchors')) push(`${k}resources: &resources`, `${k}  requests:`, `${k}    cpu: 100m`, `${k}    memory: 128Mi`, `${k}  limits:`, `${k}    memory: 256Mi`);
  else push(`${k}resources:`, `${k}  requests:`, `${k}    cpu: 100m`, `${k}    memory: 128Mi`, `${k}  limits:`, `${k}    memory: 256Mi`);
  push(`${k}volumeMounts:`, `${k}  - name: scratch`, `${k}    mountPath: /scratch`);
  if (f.has('anchors')) push(`${p}    - name: uploader`, `${p}      image: registry.example.com/warehouse/uploader:2.0.1`, `${p}      resources: *resources`);
  push(`${p}  volumes:`, f.has('flow') ? `${p}    - {name: scratch, emptyDir: {}}` : `${p}    - name: scratch`, ...(f.has('flow') ? [] : [`${p}      emptyDir: {}`]));
  return L.join('\n') + '\n';
}

/** The non-batch documents a mixed repository file has between its Jobs. */
function otherDocument(i: number, f: ReadonlySet<Feature>): string {
  const c = f.has('comments');
  const head = c ? `# Supporting object ${i} of the warehouse export.\n` : '';
  switch (i % 4) {
    case 0:
      return `${head}apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: export-config-${pad(i)}\ndata:\n  LOG_LEVEL: info\n  settings.ini: |\n    [export]\n    batch = 500\n    region = eu-west-1\n`;
    case 1:
      return `${head}apiVersion: v1\nkind: Service\nmetadata:\n  name: export-api-${pad(i)}\nspec:\n  selector:\n    app: export-api\n  ports:\n    - name: http\n      port: 80\n      targetPort: 8080\n`;
    case 2:
      return `${head}apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: export-api-${pad(i)}\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: export-api\n  template:\n    metadata:\n      labels:\n        app: export-api\n    spec:\n      containers:\n        - name: api\n          image: registry.example.com/warehouse/api:3.1.0\n          ports:\n            - containerPort: 8080\n`;
    default:
      return `${head}apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: export-list-a-${pad(i)}\n    data:\n      key: value\n  - apiVersion: v1\n    kind: Secret\n    metadata:\n      name: export-list-b-${pad(i)}\n    type: Opaque\n    stringData:\n      token: not-a-real-token\n`;
  }
}

/**
 * Probe positions in the Job starting at `from`: completion inside the `parallelism` key, on the
 * `restartPolicy` value and inside the `imagePullPolicy` key; hover on the same three; the edit
 * types a digit into `ttlSecondsAfterFinished: 3600` (or the `parallelism` value) and deletes it.
 */
export function realisticProbes(text: string, from: number): Pick<BenchFile, 'completion' | 'hover' | 'edit' | 'diagEdit'> {
  const find = (needle: RegExp): number => {
    needle.lastIndex = from;
    const m = needle.exec(text);
    if (!m) throw new Error(`realistic: ${needle} not found`);
    return m.index;
  };
  const par = find(/(?<=\n *)parallelism:/g);
  const rp = find(/restartPolicy: /g) + 'restartPolicy: '.length;
  const ipp = find(/(?<=\n *)(?:imagePullPolicy|image):/g);
  const ttl = /ttlSecondsAfterFinished: \d/g;
  ttl.lastIndex = from;
  const t = ttl.exec(text);
  const editAt = t ? t.index + t[0].length : par + 'parallelism: '.length + 1;
  const at = (o: number): Position => positionAt(text, o);
  return {
    completion: [
      { name: 'JobSpec key', position: at(par + 8) },
      { name: 'restartPolicy value', position: at(rp) },
      { name: 'Container key', position: at(ipp + 5) },
    ],
    hover: [
      { name: 'spec.parallelism', position: at(par + 2) },
      { name: 'restartPolicy', position: at(rp - 5) },
      { name: 'containers[0].imagePullPolicy', position: at(ipp + 2) },
    ],
    edit: { position: at(editAt), chars: ['0', '1'], insert: true },
    diagEdit: at(rp + 'Never'.length),
  };
}

/** A file of `count` documents in the variant's style; probes in a Job in the middle. */
export function realisticFile(variant: (typeof VARIANTS)[number], count: number): BenchFile {
  const f = new Set(variant.features);
  const docs: string[] = [];
  const mid = Math.floor(count / 2);
  let probeDoc = -1;
  for (let i = 0; i < count; i++) {
    // Mixed files: per 8 documents, 5 Jobs, 1 CronJob and 2 other kinds; the probe document is a Job.
    const slot = i % 8;
    if (f.has('mixed') && slot >= 6 && i !== mid) docs.push(otherDocument(i, f));
    else docs.push(realisticJob(i, f, f.has('mixed') && slot === 5 && i !== mid));
    if (i === mid) probeDoc = i;
  }
  let { text, probeStart: midStart } = joinDocuments(docs, probeDoc);
  if (f.has('crlf')) {
    midStart += text.slice(0, midStart).split('\n').length - 1;
    text = text.replace(/\n/g, '\r\n');
  }
  return { name: `${variant.name}-${count}`, text, lines: text.split('\n').length - 1, ...realisticProbes(text, midStart) };
}

/** The YAML fenced blocks of a markdown file. */
function yamlBlocks(md: string): string[] {
  return [...md.matchAll(/^```ya?ml\n([\s\S]*?)^```/gm)].map((m) => m[1]!);
}

/**
 * The repository's hand-written manifests in one multi-document file, each as written (the
 * documents of multi-document files kept as they are): examples/, test/fixtures/, the demo
 * workspace, the e2e workspace and the YAML blocks of README.md and docs/*.md.
 */
export function handwrittenManifests(root: string): { source: string; text: string }[] {
  const out: { source: string; text: string }[] = [];
  const dirYaml = (dir: string) => {
    const d = join(root, dir);
    if (!existsSync(d)) return;
    for (const n of readdirSync(d).sort()) if (/\.ya?ml$/.test(n)) out.push({ source: `${dir}/${n}`, text: readFileSync(join(d, n), 'utf8') });
  };
  dirYaml('examples');
  dirYaml('test/fixtures');
  dirYaml('scripts/demo');
  dirYaml('test/e2e/workspace');
  const mds = ['README.md', ...(existsSync(join(root, 'docs')) ? readdirSync(join(root, 'docs')).filter((n) => n.endsWith('.md')).sort().map((n) => `docs/${n}`) : [])];
  for (const md of mds) {
    const p = join(root, md);
    if (!existsSync(p)) continue;
    yamlBlocks(readFileSync(p, 'utf8')).forEach((text, k) => out.push({ source: `${md}#${k + 1}`, text }));
  }
  return out;
}

/**
 * The hand-written manifests, repeated `copies` times (a repository of such files in one buffer),
 * with a probe Job (the real-all style) in the middle.
 */
export function handwrittenFile(root: string, copies = 1): BenchFile {
  const parts = handwrittenManifests(root).map((m) => m.text.replace(/\n*$/, '\n').replace(/^---\n/, ''));
  const all: string[] = [];
  for (let k = 0; k < copies; k++) all.push(...parts);
  const mid = Math.floor(all.length / 2);
  all.splice(mid, 0, realisticJob(0, new Set(VARIANTS.find((v) => v.name === 'real-all')!.features)));
  const { text, probeStart: midStart } = joinDocuments(all, mid);
  return { name: copies === 1 ? 'handwritten' : `handwritten-x${copies}`, text, lines: text.split('\n').length - 1, ...realisticProbes(text, midStart) };
}

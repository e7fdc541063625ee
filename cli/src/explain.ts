/** `kjob explain --job JOB.json --pods PODS.json [--now RFC3339] [--format json|text]` */
import { explain } from '../../core/controller/explain';
import { JobInputError } from '../../core/controller/jobView';
import { parseArgs, readJson, UsageError } from './args';

const USAGE = `usage: kjob explain --job JOB.json --pods PODS.json [--now RFC3339] [--format text|json]

What the Job controller does next for a live Job, from \`kubectl get job NAME -o json\` and
\`kubectl get pods -o json\` (pods of other owners are ignored):
  pods it creates (with indexes), pods it deletes, finalizers it removes, the back-off or
  deadline it waits for, and the conditions it is about to set, with the reasons.
  --now        the time of the sync (default: now)
  --format     text (default) or json: {status, actions: {create, delete, removeFinalizers,
               requeueAfterSeconds}, reasons}
`;

export async function main(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const a = parseArgs(args, ['job', 'pods', 'now', 'format']);
  if (a.errors.length || a.positional.length || !a.flags.job || !a.flags.pods) {
    process.stderr.write(`kjob explain: ${a.errors[0] ?? (a.positional.length ? `unexpected argument ${a.positional[0]}` : '--job and --pods are required')}\n${USAGE}`);
    return 2;
  }
  const format = a.flags.format ?? 'text';
  if (format !== 'text' && format !== 'json') {
    process.stderr.write(`kjob explain: --format must be text or json, not "${format}"\n`);
    return 2;
  }
  try {
    let now = Date.now() / 1000;
    if (a.flags.now !== undefined) {
      const ms = Date.parse(a.flags.now);
      if (!/^\d{4}-\d\d-\d\dT/.test(a.flags.now) || !Number.isFinite(ms)) throw new UsageError(`--now: expected an RFC3339 time such as 2026-01-01T10:00:00Z, got "${a.flags.now}"`);
      now = ms / 1000;
    }
    const r = explain(readJson(a.flags.job, 'job file'), readJson(a.flags.pods, 'pods file'), now);
    if (format === 'json') {
      process.stdout.write(JSON.stringify({ status: r.status, actions: r.actions, reasons: r.reasons }, null, 2) + '\n');
      return 0;
    }
    const out: string[] = [];
    const act = r.actions;
    out.push('Next sync of the Job controller:');
    if (act.create.length) out.push(`  create ${act.create.length} pod(s)${act.create.some((c) => c.index !== undefined) ? ` for index(es) ${act.create.map((c) => c.index).join(',')}` : ''}`);
    if (act.delete.length) out.push(`  delete ${act.delete.join(', ')}`);
    if (act.removeFinalizers.length) out.push(`  remove the tracking finalizer from ${act.removeFinalizers.join(', ')}`);
    if (act.requeueAfterSeconds !== null) out.push(`  sync again in ${act.requeueAfterSeconds}s`);
    if (!act.create.length && !act.delete.length && !act.removeFinalizers.length && act.requeueAfterSeconds === null) out.push('  nothing');
    out.push('Why:');
    for (const x of r.reasons) out.push(`  - ${x}`);
    const s = r.status;
    out.push('Status after the sync:');
    out.push(`  active ${s.active}  ready ${s.ready}  terminating ${s.terminating}  succeeded ${s.succeeded}  failed ${s.failed}${s.completedIndexes !== null ? `  completedIndexes "${s.completedIndexes}"` : ''}${s.failedIndexes !== null ? `  failedIndexes "${s.failedIndexes}"` : ''}`);
    for (const c of s.conditions) out.push(`  ${c.type}=${c.status} ${c.reason}: ${c.message}`);
    process.stdout.write(out.join('\n') + '\n');
    return 0;
  } catch (e) {
    if (e instanceof UsageError || e instanceof JobInputError) {
      process.stderr.write(`kjob explain: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

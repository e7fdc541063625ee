/** `kjob run FILE [--time-scale X] [--doc N] [--timeout S] [--workspace DIR]` */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { jobDocs } from '../../core/workloads/jobDocs';
import { JobInputError } from '../../core/controller/jobView';
import { planLocalRun, runLocally } from '../../core/kubelet/localRun';
import { parseArgs, UsageError } from './args';

const USAGE = `usage: kjob run FILE [--time-scale X] [--doc N] [--timeout S] [--workspace DIR]

Runs the Job in FILE locally: every pod is a set of local processes (init containers in order,
then the containers, as command + args; the image is ignored), with the env the pod would get,
retried, replaced and failed by the Job controller's rules.
  --time-scale X   controller delays (back-off, deadlines, batch period) take X times their
                   real length (default 0.1; 1 = real time). Process run times are real.
  --workspace DIR  directory that workingDir is relative to (default: the current directory)
  --timeout S      stop everything after S seconds of wall-clock time
Exit code: 0 when the Job completes, 1 when it fails or times out, 130 when interrupted.
`;

export async function main(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const a = parseArgs(args, ['time-scale', 'doc', 'timeout', 'workspace']);
  if (a.errors.length || a.positional.length !== 1) {
    process.stderr.write(`kjob run: ${a.errors[0] ?? (a.positional.length ? 'exactly one FILE expected' : 'FILE is required')}\n${USAGE}`);
    return 2;
  }
  try {
    const file = a.positional[0];
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    const timeScale = a.flags['time-scale'] !== undefined ? Number(a.flags['time-scale']) : 0.1;
    if (!(timeScale > 0) || !Number.isFinite(timeScale)) throw new UsageError(`--time-scale must be a positive number, got "${a.flags['time-scale']}"`);
    const timeout = a.flags.timeout !== undefined ? Number(a.flags.timeout) : undefined;
    if (timeout !== undefined && !(timeout > 0)) throw new UsageError('--timeout must be a positive number of seconds');
    const workspace = resolve(a.flags.workspace ?? process.cwd());
    const docs = jobDocs(text);
    if (!docs.length) throw new UsageError(`${file}: no batch/v1 Job or CronJob document found`);
    const n = a.flags.doc !== undefined ? Number(a.flags.doc) : 0;
    if (!Number.isInteger(n) || n < 0 || n >= docs.length) throw new UsageError(`--doc ${a.flags.doc}: ${file} has ${docs.length} Job document(s)`);
    const d = docs[n];
    if (d.apiErrors.length) throw new UsageError(`${file}: the API server would reject Job ${d.name}:\n  ${d.apiErrors.map((p) => `${p.path ?? ''}${p.path ? ': ' : ''}${p.message}`).join('\n  ')}`);
    const plan = planLocalRun(d.job, workspace);
    if (plan.errors.length) throw new UsageError(`cannot run Job ${d.name} locally:\n  ${plan.errors.join('\n  ')}`);
    const err = process.stderr;
    err.write(`kjob run: Job ${d.name}; each pod runs${plan.indexed ? ' (shown for index 0)' : ''}:\n`);
    for (const c of plan.containers) err.write(`  ${c.kind === 'init' ? 'init ' : ''}${c.name}: ${c.argv.map(shellQuote).join(' ')}   (in ${c.cwd})\n`);
    for (const w of plan.warnings) err.write(`  warning: ${w}\n`);
    const ac = new AbortController();
    const onSig = () => ac.abort();
    process.on('SIGINT', onSig);
    process.on('SIGTERM', onSig);
    try {
      const r = await runLocally(d.job, {
        workspace,
        timeScale,
        signal: ac.signal,
        timeoutSeconds: timeout,
        onLog: (l) => process.stdout.write(`[${l.index ?? '-'}/${l.attempt} ${l.container}] ${l.text}\n`),
        onEvent: (m) => err.write(`kjob: ${m}\n`),
      });
      const s = r.status;
      const cond = s.conditions.filter((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True').pop();
      err.write(`kjob run: ${r.outcome}${cond ? ` (${cond.reason}: ${cond.message})` : ''}; succeeded ${s.succeeded}, failed ${s.failed}${s.completedIndexes !== null ? `, completedIndexes "${s.completedIndexes}"` : ''}${s.failedIndexes !== null ? `, failedIndexes "${s.failedIndexes}"` : ''}\n`);
      return r.outcome === 'Complete' ? 0 : r.outcome === 'Cancelled' ? 130 : 1;
    } finally {
      process.off('SIGINT', onSig);
      process.off('SIGTERM', onSig);
    }
  } catch (e) {
    if (e instanceof UsageError || e instanceof JobInputError) {
      process.stderr.write(`kjob run: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** `kjob simulate FILE [--outcomes SCRIPT.json] [--format text|json] [--doc N] [--max-seconds S]` */
import { readFileSync } from 'node:fs';
import { parseOutcomeScript, type OutcomeScript } from '../../core/kubelet/outcomes';
import { jobDocs } from '../../core/workloads/jobDocs';
import { JobInputError } from '../../core/controller/jobView';
import { reportJson, reportText } from '../../core/controller/report';
import { simulate } from '../../core/controller/simulator';
import { simulateCronJobMain } from './simulateCronJob';
import { parseArgs, readJson, UsageError } from './args';

export { parseArgs, readJson, UsageError, type ParsedArgs } from './args';

const USAGE = `usage: kjob simulate FILE [--outcomes SCRIPT.json] [--format text|json] [--doc N] [--max-seconds S]

Simulates the Job controller on the Job in FILE (a CronJob's jobTemplate works too) in virtual time.
  --outcomes FILE   outcome script: how each pod attempt ends (default: the Job's kjob.dev/outcomes
                    annotation, else every container runs 1s and exits 0)
  --format          text (default) or json: {status, pods, timeline}
  --doc N           which Job document of a multi-document file (0-based position among Jobs)
  --max-seconds S   stop the virtual clock at S seconds (default 604800)
  --until D         a CronJob over D (Go duration, e.g. 24h): its Jobs, skipped times and status
  --from T          with --until: the CronJob's creation time (RFC 3339, default now)
`;


export function loadOutcomes(path: string): OutcomeScript {
  const { script, errors } = parseOutcomeScript(readJson(path, 'outcome script'));
  if (errors.length) throw new UsageError(`outcome script ${path}:\n  ${errors.join('\n  ')}`);
  return script;
}

export async function main(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const a = parseArgs(args, ['outcomes', 'format', 'doc', 'max-seconds', 'from', 'until']);
  if (a.errors.length || a.positional.length !== 1) {
    process.stderr.write(`kjob simulate: ${a.errors[0] ?? (a.positional.length ? 'exactly one FILE expected' : 'FILE is required')}\n${USAGE}`);
    return 2;
  }
  const format = a.flags.format ?? 'text';
  if (format !== 'text' && format !== 'json') {
    process.stderr.write(`kjob simulate: --format must be text or json, not "${format}"\n`);
    return 2;
  }
  // A CronJob over a horizon: the CronJob controller with each Job simulated (cli/src/simulateCronJob.ts).
  if (a.flags.until !== undefined) return simulateCronJobMain(a);
  const file = a.positional[0];
  try {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    const docs = jobDocs(text);
    if (!docs.length) throw new UsageError(`${file}: no batch/v1 Job or CronJob document found`);
    const n = a.flags.doc !== undefined ? Number(a.flags.doc) : 0;
    if (!Number.isInteger(n) || n < 0 || n >= docs.length) throw new UsageError(`--doc ${a.flags.doc}: ${file} has ${docs.length} Job document(s)`);
    if (a.flags.doc === undefined && docs.length > 1) process.stderr.write(`kjob simulate: ${file} has ${docs.length} Job documents; simulating the first (--doc N picks another)\n`);
    const d = docs[n];
    if (d.apiErrors.length) {
      throw new UsageError(`${file}: the API server would reject Job ${d.name}, so there is nothing to simulate:\n  ${d.apiErrors.map((p) => `${p.path ?? ''}${p.path ? ': ' : ''}${p.message}`).join('\n  ')}`);
    }
    let script: OutcomeScript = {};
    let outcomesName: string | undefined;
    if (a.flags.outcomes) {
      script = loadOutcomes(a.flags.outcomes);
      outcomesName = a.flags.outcomes;
    } else if (d.annotationScript) {
      if (d.annotationErrors.length) throw new UsageError(`annotation kjob.dev/outcomes of Job ${d.name}:\n  ${d.annotationErrors.join('\n  ')}`);
      script = d.annotationScript;
      outcomesName = 'the kjob.dev/outcomes annotation';
    }
    const maxSeconds = a.flags['max-seconds'] !== undefined ? Number(a.flags['max-seconds']) : undefined;
    if (maxSeconds !== undefined && !(maxSeconds > 0)) throw new UsageError('--max-seconds must be a positive number');
    const r = simulate(d.job, { script, maxSeconds });
    if (format === 'json') process.stdout.write(JSON.stringify(reportJson(r), null, 2) + '\n');
    else process.stdout.write(reportText(r, { jobName: d.name, source: file, outcomes: outcomesName, spec: (r.apiJob.spec ?? {}) as Record<string, unknown> }));
    return 0;
  } catch (e) {
    if (e instanceof UsageError || e instanceof JobInputError) {
      process.stderr.write(`kjob simulate: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

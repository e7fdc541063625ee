/**
 * Job documents of a YAML file for simulate / run locally: each batch/v1 Job, and each CronJob's
 * jobTemplate as the Job it would create. Reuses the shared parse (one per document version).
 */
import { OUTCOMES_ANNOTATION, parseOutcomeScript, type OutcomeScript } from '../kubelet/outcomes';
import { runRules } from '../check/rules/run';
import type { Problem } from '../check/problem';
import { parseFile, type ParsedFile } from '../yaml/document';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface JobDoc {
  /** 0-based document index in the file. */
  docIndex: number;
  start: number;
  end: number;
  kind: 'Job' | 'CronJob';
  name: string;
  /** The Job object (a CronJob's jobTemplate becomes a Job named `<cronjob>-sim`). */
  job: Obj;
  /** The outcome script in the Job's `kjob.dev/outcomes` annotation, if any. */
  annotationScript?: OutcomeScript;
  annotationErrors: string[];
  /** Errors the API server would report for this document (it would not create the Job). */
  apiErrors: Problem[];
}

export function jobDocs(text: string, file: ParsedFile = parseFile(text)): JobDoc[] {
  let problems: Problem[] = [];
  try {
    problems = runRules(file);
  } catch {
    problems = [];
  }
  const out: JobDoc[] = [];
  for (const d of file.docs) {
    if (!d.target) continue;
    let value: unknown;
    try {
      value = d.doc.toJS({ maxAliasCount: 1000 });
    } catch {
      continue;
    }
    if (!isObj(value)) continue;
    let job: Obj;
    let name: string;
    const meta = isObj(value.metadata) ? value.metadata : {};
    if (d.target === 'Job') {
      job = value;
      name = typeof meta.name === 'string' ? meta.name : typeof meta.generateName === 'string' ? `${meta.generateName}sim` : 'job';
      job = { ...job, metadata: { ...meta, name } };
    } else {
      const spec = isObj(value.spec) ? value.spec : {};
      const tpl = isObj(spec.jobTemplate) ? spec.jobTemplate : {};
      const tmeta = isObj(tpl.metadata) ? tpl.metadata : {};
      name = `${typeof meta.name === 'string' ? meta.name : 'cronjob'}-sim`;
      job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { ...tmeta, name, namespace: meta.namespace }, spec: tpl.spec ?? {} };
    }
    const ann = isObj((job.metadata as Obj).annotations) ? ((job.metadata as Obj).annotations as Obj) : {};
    let annotationScript: OutcomeScript | undefined;
    const annotationErrors: string[] = [];
    if (typeof ann[OUTCOMES_ANNOTATION] === 'string') {
      try {
        const r = parseOutcomeScript(JSON.parse(ann[OUTCOMES_ANNOTATION] as string));
        annotationScript = r.script;
        annotationErrors.push(...r.errors);
      } catch (e) {
        annotationErrors.push(`annotation ${OUTCOMES_ANNOTATION}: ${(e as Error).message}`);
      }
    }
    const apiErrors = problems.filter((p) => p.severity === 'error' && p.start >= d.start && p.start <= d.end && (p.code.startsWith('api/') || p.code === 'yaml-syntax'));
    out.push({ docIndex: d.index, start: d.start, end: d.end, kind: d.target, name, job, annotationScript, annotationErrors, apiErrors });
  }
  return out;
}

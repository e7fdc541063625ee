/**
 * The checking engine shared by the language server and `kjob check`:
 * for every batch/v1 Job/CronJob document, YAML syntax problems, then structural checks against the
 * schema (duplicate/unknown fields, wrong types), then every rule in rules/index.ts. Severity
 * overrides from settings are applied last. Never throws: a crashing rule becomes an `internal-error`
 * problem (and a log line), not a crash.
 */
import type { Problem, Severity } from './problem';
import type { ParsedDoc, ParsedFile } from '../yaml/document';
import type { CheckSettings, Rule, RuleContext } from './rules/types';
import { rules as registry } from './rules/index';
import { bundledSchema, type Schema } from '../schema/schema';
import { checkStructure } from './structure';
import { parseChunked } from './chunked';
import type { DocCheck, FileCheck } from './results';
import { DEFAULT_KUBERNETES_VERSION } from '../workloads/versions';

export const DEFAULT_CHECK_SETTINGS: CheckSettings = { kubernetesVersion: DEFAULT_KUBERNETES_VERSION, severities: {} };

export interface CheckOptions {
  schema?: Schema;
  rules?: readonly Rule[];
  /** Receives internal errors (a rule that threw). */
  log?: (message: string) => void;
}

export type { DocCheck, FileCheck } from './results';

/** All problems of a file, sorted by position. */
export function checkFile(file: ParsedFile, settings: CheckSettings = DEFAULT_CHECK_SETTINGS, opts: CheckOptions = {}): Problem[] {
  return checkFileDetailed(file, settings, opts).problems;
}

export function checkFileDetailed(file: ParsedFile, settings: CheckSettings = DEFAULT_CHECK_SETTINGS, opts: CheckOptions = {}): FileCheck {
  const docs: DocCheck[] = [];
  const problems: Problem[] = [];
  for (const pdoc of file.docs) {
    const d = checkDoc(file, pdoc, settings, opts);
    if (!d) continue;
    docs.push(d);
    problems.push(...d.problems);
  }
  problems.sort((a, b) => a.start - b.start || a.end - b.end);
  return { problems, docs };
}

/**
 * Whether kjob acts on a document: batch/v1 Job/CronJob, or a syntactically broken one that reads
 * like one; never a Helm/Go template.
 */
export function isTargetDoc(file: ParsedFile, pdoc: ParsedDoc): boolean {
  if (!pdoc.target && !pdoc.syntaxProblems.some((p) => p.severity === 'error')) return false;
  const text = file.text.slice(pdoc.start, pdoc.end);
  // A Go/Helm template ({{ ... }}) is not the YAML the API server will see: leave it alone.
  if (text.includes('{{')) return false;
  if (pdoc.target) return true;
  // The indentation class leaves out line breaks: `^\s*` let every line start scan all the blank
  // lines after it (quadratic on a long run of them), and a key on a later line matches there anyway.
  return /^[^\S\n\r\u2028\u2029]*apiVersion:\s*["']?batch\/v1["']?\s*$/m.test(text) && /^[^\S\n\r\u2028\u2029]*kind:\s*["']?(Job|CronJob)["']?\s*$/m.test(text);
}

export function checkDoc(file: ParsedFile, pdoc: ParsedDoc, settings: CheckSettings, opts: CheckOptions = {}): DocCheck | undefined {
  if (!isTargetDoc(file, pdoc)) return undefined;
  const out: Problem[] = [...pdoc.syntaxProblems];
  let ctx: RuleContext | undefined;
  const kind = pdoc.target;
  if (kind) {
    try {
      const schema = opts.schema ?? bundledSchema();
      const { problems, value } = checkStructure(pdoc, kind, schema, file.text);
      out.push(...newerThanSchema(problems, schema, settings));
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        const v = value as Record<string, unknown>;
        const jobPath = kind === 'Job' ? [] : ['spec', 'jobTemplate'];
        const spec = kind === 'CronJob' ? v.spec : undefined;
        const tmpl = spec && typeof spec === 'object' ? (spec as Record<string, unknown>).jobTemplate : undefined;
        const job = kind === 'Job' ? v : tmpl && typeof tmpl === 'object' && !Array.isArray(tmpl) ? (tmpl as Record<string, unknown>) : {};
        ctx = { file, pdoc, kind, value: v, jobPath, job, settings };
      }
    } catch (e) {
      out.push(internal(pdoc, 'structure', e, opts));
    }
  }
  if (ctx) {
    for (const rule of opts.rules ?? registry) {
      try {
        const ps = rule.check(ctx);
        if (Array.isArray(ps)) {
          for (const p of ps) origins.set(p, rule);
          out.push(...ps);
        }
      } catch (e) {
        out.push(internal(pdoc, rule.id, e, opts));
      }
    }
  }
  return { pdoc, ...(ctx ? { ctx } : {}), problems: applySeverities(out, settings) };
}

/**
 * Targeting a newer Kubernetes than the schema describes: a field the schema lacks may be new, so
 * `unknown-field` becomes a warning that says so instead of a confident error.
 */
function newerThanSchema(problems: Problem[], schema: Schema, settings: CheckSettings): Problem[] {
  const target = /^1\.(\d+)$/.exec(settings.kubernetesVersion?.trim() ?? '')?.[1];
  const have = /1\.(\d+)/.exec(schema.release)?.[1];
  if (!target || !have || Number(target) <= Number(have)) return problems;
  return problems.map((p) =>
    p.code === 'unknown-field'
      ? { ...p, severity: 'warning', message: `${p.message} (kjob's schema is Kubernetes 1.${have}; a 1.${target} API server may know this field)` }
      : p,
  );
}

function internal(pdoc: ParsedDoc, what: string, e: unknown, opts: CheckOptions): Problem {
  const msg = e instanceof Error ? e.message : String(e);
  opts.log?.(`kjob: check "${what}" failed on document ${pdoc.index + 1}: ${e instanceof Error ? (e.stack ?? msg) : msg}`);
  return {
    start: pdoc.start,
    end: Math.min(pdoc.end, pdoc.start + 1),
    severity: 'warning',
    code: 'internal-error',
    path: null,
    message: `kjob internal error in check "${what}": ${msg}. Other checks still ran; please report this.`,
  };
}

/** The rule that produced a problem (for its quick fixes). */
const origins = new WeakMap<Problem, Rule>();

export function ruleOf(problem: Problem): Rule | undefined {
  return origins.get(problem);
}

export function applySeverities(problems: Problem[], settings: CheckSettings): Problem[] {
  const o = settings.severities;
  if (!o || Object.keys(o).length === 0) return problems;
  const out: Problem[] = [];
  for (const p of problems) {
    const s: Severity | 'off' | undefined = o[p.code];
    if (s === 'off') continue;
    if (s && s !== p.severity) {
      const copy = { ...p, severity: s };
      const rule = origins.get(p);
      if (rule) origins.set(copy, rule);
      out.push(copy);
    } else out.push(p);
  }
  return out;
}

/**
 * Checks a whole text the way the language server does (document chunks parsed independently,
 * offsets made absolute). Used by `kjob check`.
 */
export function checkText(text: string, settings: CheckSettings = DEFAULT_CHECK_SETTINGS, opts: CheckOptions = {}): Problem[] {
  const file = parseChunked(text);
  const out: Problem[] = [];
  for (const chunk of file.chunks) {
    for (const p of checkFile(chunk.data.file, settings, opts)) out.push({ ...p, start: p.start + chunk.base, end: p.end + chunk.base });
  }
  return out;
}

/**
 * Shared plumbing for rules: building a RuleContext per Job/CronJob document, the defaulted view of
 * the Job (computed once per context), anchoring problems at Job-relative paths, lint severities.
 */
import type { Problem, Severity, ErrorType } from '../problem';
import { isScalar } from 'yaml';
import { locate, type ParsedDoc, type ParsedFile } from '../../yaml/document';
import { formatPath, type FieldPath } from '../../yaml/fieldPath';
import { defaultJob, asObj, isObj, type Obj } from '../../workloads/job';
import { parseMinor, DEFAULT_KUBERNETES_VERSION, type MinorVersion } from '../../workloads/versions';
import type { CheckSettings, RuleContext } from './types';
import { MAX_ALIAS_COUNT } from '../../yaml/document';

export const DEFAULT_SETTINGS: CheckSettings = { kubernetesVersion: DEFAULT_KUBERNETES_VERSION, severities: {} };

/** Builds the context rules run in for one parsed document, or undefined when it is not a Job/CronJob. */
export function contextFor(file: ParsedFile, pdoc: ParsedDoc, settings: CheckSettings = DEFAULT_SETTINGS): RuleContext | undefined {
  if (!pdoc.target) return undefined;
  let value: unknown;
  try {
    value = pdoc.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch {
    return undefined;
  }
  if (!isObj(value)) return undefined;
  const jobPath: FieldPath = pdoc.target === 'Job' ? [] : ['spec', 'jobTemplate'];
  const job = pdoc.target === 'Job' ? value : asObj(asObj(value.spec)?.jobTemplate);
  if (!job) return undefined;
  return { file, pdoc, kind: pdoc.target, value, jobPath, job, settings };
}

export interface JobView {
  /** The Job as the server validates it: defaulted copy. */
  d: Obj;
  spec: Obj;
  podSpec: Obj;
  version: MinorVersion;
  indexed: boolean;
}

const views = new WeakMap<RuleContext, JobView>();

export function view(ctx: RuleContext): JobView {
  let v = views.get(ctx);
  if (!v) {
    const version = parseMinor(ctx.settings.kubernetesVersion);
    const d = defaultJob(ctx.job, ctx.kind, version);
    const spec = asObj(d.spec) ?? {};
    const podSpec = asObj(asObj(spec.template)?.spec) ?? {};
    v = { d, spec, podSpec, version, indexed: spec.completionMode === 'Indexed' };
    views.set(ctx, v);
  }
  return v;
}

/** Full document path for a Job-relative path. */
export function abs(ctx: RuleContext, rel: FieldPath): FieldPath {
  return [...ctx.jobPath, ...rel];
}

export interface ApiErrorInit {
  code: string;
  /** Omitted for problems that are not field errors (e.g. decode errors). */
  errorType?: ErrorType;
  message: string;
  severity?: Severity;
  data?: unknown;
  /** Anchor somewhere other than `rel` (the path stays `rel`). */
  anchor?: FieldPath;
}

/**
 * Where to underline a path: a scalar value itself; for a map or list, its key (or, for a list item,
 * its first line) rather than the whole multi-line block; for a missing field, the nearest parent key.
 */
export function anchor(ctx: RuleContext, path: FieldPath): { start: number; end: number } {
  const loc = locate(ctx.pdoc, path);
  const firstLine = (r: { start: number; end: number }) => {
    const nl = ctx.file.text.indexOf('\n', r.start);
    const end = nl >= 0 && nl < r.end ? nl : r.end;
    return { start: r.start, end: end > r.start ? end : r.end };
  };
  if (!loc.exact || !loc.node || isScalar(loc.node)) return firstLine(loc);
  const keyRange = (loc.key as { range?: [number, number, number] } | undefined)?.range;
  const last = path[path.length - 1];
  if (keyRange && typeof last !== 'number') return { start: keyRange[0], end: keyRange[1] };
  return firstLine(loc);
}

/** A problem at a Job-relative field path (prefixed with the CronJob's jobTemplate path when needed). */
export function at(ctx: RuleContext, rel: FieldPath, init: ApiErrorInit): Problem {
  const path = abs(ctx, rel);
  const r = anchor(ctx, init.anchor ? abs(ctx, init.anchor) : path);
  return {
    start: r.start,
    end: r.end,
    severity: init.severity ?? 'error',
    code: init.code,
    path: formatPath(path),
    message: init.message,
    ...(init.errorType ? { errorType: init.errorType } : {}),
    ...(init.data !== undefined ? { data: init.data } : {}),
  };
}

/** A lint (not an API error) anchored at a Job-relative path; no errorType. */
export function lintAt(ctx: RuleContext, rel: FieldPath, code: string, severity: Severity, message: string, data?: unknown): Problem {
  const r = anchor(ctx, abs(ctx, rel));
  return { start: r.start, end: r.end, severity, code, path: formatPath(abs(ctx, rel)), message, ...(data !== undefined ? { data } : {}) };
}

/** Effective severity for a code: settings.severities override, 'off' → undefined. */
export function severityFor(ctx: RuleContext, code: string, dflt: Severity): Severity | undefined {
  const o = ctx.settings.severities?.[code];
  if (o === 'off') return undefined;
  return o ?? dflt;
}

export function int(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) ? v : undefined;
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** Renders a value the way the server quotes it in messages. */
export function show(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? String(v);
}

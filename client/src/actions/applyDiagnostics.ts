/**
 * Maps an API error (a Status with causes at field paths) back onto the YAML document it came
 * from, as offset ranges. Pure; the glue turns offsets into editor ranges.
 */
import { MAX_ALIAS_COUNT, locate, type ParsedDoc } from '../../../core/yaml/document';
import type { FieldPath, PathSegment } from '../../../core/yaml/fieldPath';

/** `spec.template.spec.containers[0].image` or `metadata.labels[app]` → path segments. */
export function parseFieldPath(field: string): FieldPath {
  const out: PathSegment[] = [];
  const re = /([^.[\]]+)|\[([^\]]*)\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(field))) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (/^\d+$/.test(m[2])) out.push(Number(m[2]));
    else out.push({ key: m[2] });
  }
  return out;
}

export interface ApiProblem {
  path?: FieldPath;
  field?: string;
  message: string;
}

/** A Status body's causes as problems at field paths (a cause-less Status is one problem). */
export function apiErrorProblems(status: unknown): ApiProblem[] {
  const s = status as { message?: string; details?: { causes?: { field?: string; message?: string; reason?: string }[] } } | undefined;
  const causes = s?.details?.causes ?? [];
  const out: ApiProblem[] = [];
  for (const c of causes) {
    const field = c.field?.replace(/^\.+/, '');
    const text = c.message ?? c.reason ?? 'invalid';
    out.push({ ...(field ? { path: parseFieldPath(field), field } : {}), message: field ? `${field}: ${text}` : text });
  }
  if (!out.length) out.push({ message: s?.message ?? String(status) });
  return out;
}

export interface OffsetProblem {
  start: number;
  end: number;
  message: string;
  /** The API's field path, when the cause named one. */
  field?: string;
}

export function problemsOnDoc(pdoc: ParsedDoc, status: unknown, fallbackMessage?: string): OffsetProblem[] {
  const problems = apiErrorProblems(status ?? { message: fallbackMessage });
  return problems.map((p) => {
    const loc = p.path ? locate(pdoc, p.path) : locate(pdoc, []);
    return { start: loc.start, end: loc.end, message: p.message, ...(p.field ? { field: p.field } : {}) };
  });
}

/** The document as the JSON object to send. */
export function docToObject(pdoc: ParsedDoc): Record<string, unknown> {
  return (pdoc.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) ?? {}) as Record<string, unknown>;
}

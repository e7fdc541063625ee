/**
 * Maps an API error (a Status with causes at field paths) back onto the YAML document it came
 * from, as offset ranges. Pure; the glue turns offsets into editor ranges.
 */
import { MAX_ALIAS_COUNT, locate, type ParsedDoc } from '../../../core/yaml/document';
import { apiErrorProblems } from './jobActions';

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

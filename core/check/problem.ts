/**
 * The one problem type every pure check produces. Offsets are UTF-16 code-unit offsets into the
 * document text; converting them to editor positions happens at the edges (LSP service, CLI).
 */
export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** The API server's field.ErrorType names, as they appear in its messages. */
export type ErrorType =
  | 'Required'
  | 'Invalid'
  | 'NotSupported'
  | 'Forbidden'
  | 'TooLong'
  | 'TooMany'
  | 'Duplicate'
  | 'NotFound'
  | 'InternalError';

export interface Problem {
  start: number;
  end: number;
  severity: Severity;
  /** Stable identifier, e.g. `yaml-syntax`, `unknown-field`, `api/invalid`, `job/literal-completion-index`. */
  code: string;
  /** API server field path (`spec.template.spec.containers[0].image`), or null when none applies. */
  path: string | null;
  message: string;
  errorType?: ErrorType;
  /** Rule-specific data a quick fix needs (kept JSON-serialisable so it can travel in LSP `data`). */
  data?: unknown;
}

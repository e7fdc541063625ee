/** What a check of one file yields: its problems, and per document the rule context and problems. */
import type { Problem } from './problem';
import type { ParsedDoc } from '../yaml/document';
import type { RuleContext } from './rules/types';

export interface DocCheck {
  pdoc: ParsedDoc;
  /** The rule context (present when the document decoded to an object). */
  ctx?: RuleContext;
  problems: Problem[];
}

export interface FileCheck {
  problems: Problem[];
  docs: DocCheck[];
}

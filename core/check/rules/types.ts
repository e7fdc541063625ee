/**
 * One validation rule per file behind this interface; `rules/index.ts` is the registry.
 * A rule is a pure function of the parsed document and the Job's plain-JS view.
 */
import type { Problem, Severity } from '../problem';
import type { ParsedDoc, ParsedFile, JobKind } from '../../yaml/document';
import type { FieldPath } from '../../yaml/fieldPath';

export interface CheckSettings {
  /** Target Kubernetes minor version, e.g. "1.37". */
  kubernetesVersion: string;
  /** Per-code severity overrides for lints; 'off' disables. */
  severities: Record<string, Severity | 'off'>;
}

export interface RuleContext {
  file: ParsedFile;
  pdoc: ParsedDoc;
  kind: JobKind;
  /** The whole document as plain JS (aliases resolved, bounded). */
  value: Record<string, unknown>;
  /** Path of the Job object inside the document: [] for a Job, ['spec','jobTemplate'] for a CronJob. */
  jobPath: FieldPath;
  /** The Job object (`value` for a Job, `value.spec.jobTemplate` for a CronJob). */
  job: Record<string, unknown>;
  settings: CheckSettings;
}

export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  isPreferred?: boolean;
}

export interface Rule {
  /** Problem code(s) this rule emits; lints are `job/<name>`, API-server rules `api/<name>`. */
  id: string;
  description: string;
  check(ctx: RuleContext): Problem[];
  /** Quick fixes for a problem this rule produced (the problem's `data` carries what it needs). */
  fixes?(ctx: RuleContext, problem: Problem): Fix[];
}

/**
 * Generates the code reference of docs/diagnostics.md from the rules' own ids and descriptions
 * (core/check/rules/index.ts), the lints' default severities (LINT_DEFAULTS) and the codes no rule
 * owns (core/check/codes.ts). Only the block between the `<!-- generated:codes -->` markers is
 * rewritten; the rest of the page is hand-written. test/unit/docs.test.ts fails when it is stale.
 *
 * Usage: node --import tsx scripts/gen-docs.ts [--check]   (npm run docs)
 *   --check  exit 1 when docs/diagnostics.md differs from what this would write.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LINT_DEFAULTS, rules } from '../core/check/rules/index';
import { OTHER_CODES, STRUCTURAL_CODES, type CodeDoc } from '../core/check/codes';

export const DIAGNOSTICS_DOC = join(__dirname, '..', 'docs', 'diagnostics.md');
const BEGIN = '<!-- generated:codes:begin (scripts/gen-docs.ts from the rules\' descriptions; do not edit) -->';
const END = '<!-- generated:codes:end -->';

/** Markdown table cell: one line, pipes escaped. */
function cell(s: string): string {
  return s.replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();
}

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function table(head: string[], rows: string[][]): string {
  return [row(head), row(head.map(() => '---')), ...rows.map(row)].join('\n');
}

const yes = (b: boolean | undefined) => (b ? 'yes' : '');

/** The generated reference: one table per group, every code once. */
export function renderCodeReference(): string {
  const api = rules.filter((r) => r.id.startsWith('api/'));
  // Every other rule is a lint (job/*, cronjob/*): not rejected by the server, default severity in LINT_DEFAULTS.
  const lints = rules.filter((r) => !r.id.startsWith('api/'));
  const missing = lints.filter((r) => !LINT_DEFAULTS[r.id]);
  if (missing.length) throw new Error(`gen-docs: lints without a default severity in LINT_DEFAULTS: ${missing.map((r) => r.id).join(', ')}`);
  const codeRows = (codes: readonly CodeDoc[]) => codes.map((c) => [`\`${c.id}\``, cell(c.description + (c.owner ? ` (reported by \`${c.owner}\`)` : '')), c.severity, yes(c.fix)]);
  return [
    BEGIN,
    '### Structural checks (decoding)',
    '',
    table(['code', 'what it reports', 'severity', 'quick fix'], codeRows(STRUCTURAL_CODES)),
    '',
    `### API server rules (${api.length})`,
    '',
    'Errors the API server returns on create, and (`api/*warning*`, `api/version-skew`) the warnings it returns or the fields it drops.',
    '',
    table(['code', 'what it checks', 'quick fix'], api.map((r) => [`\`${r.id}\``, cell(r.description), yes(!!r.fixes)])),
    '',
    `### Job pitfall lints (${lints.length})`,
    '',
    'Not rejected by the server, but almost always a bug. Default severities can be changed per code with `kjob.lint.severities`.',
    '',
    table(['code', 'what it catches', 'quick fix', 'default'], lints.map((r) => [`\`${r.id}\``, cell(r.description), yes(!!r.fixes), LINT_DEFAULTS[r.id]!])),
    '',
    '### Other codes',
    '',
    table(['code', 'what it reports', 'severity', 'quick fix'], codeRows(OTHER_CODES)),
    END,
  ].join('\n');
}

/** `doc` with its generated block replaced by the current reference. */
export function updateDiagnosticsDoc(doc: string): string {
  const i = doc.indexOf(BEGIN);
  const j = doc.indexOf(END);
  if (i < 0 || j < i) throw new Error(`gen-docs: docs/diagnostics.md has no generated block (${BEGIN} … ${END})`);
  return doc.slice(0, i) + renderCodeReference() + doc.slice(j + END.length);
}

function main(): number {
  const current = readFileSync(DIAGNOSTICS_DOC, 'utf8');
  const next = updateDiagnosticsDoc(current);
  if (process.argv.includes('--check')) {
    if (next !== current) {
      console.error('gen-docs: docs/diagnostics.md is out of date; run npm run docs');
      return 1;
    }
    return 0;
  }
  if (next !== current) {
    writeFileSync(DIAGNOSTICS_DOC, next);
    console.log('gen-docs: wrote docs/diagnostics.md');
  }
  return 0;
}

if (require.main === module) process.exit(main());

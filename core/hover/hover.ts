/**
 * Hover for a field of a Job/CronJob document: description, type, the API field path, the default
 * when Kubernetes defines one, and for Job fields what the Job controller does with it.
 */
import { versionNote } from '../schema/availability';
import { isAlias, isMap, isPair, isScalar, isSeq, type Node, type Pair } from 'yaml';
import { docAt, type ParsedDoc, type ParsedFile } from '../yaml/document';
import { formatPath, type PathSegment } from '../yaml/fieldPath';
import { typeLabel, type Schema, type SchemaKind } from '../schema/schema';
import { controllerNote } from './controllerNotes';
import { cursorContext } from '../completion/cursor';
import { codeSpan, escapeMarkdown } from './markdown';
import { scheduleMarkdown } from '../cron/explainSchedule';

export interface HoverResult {
  start: number;
  end: number;
  markdown: string;
}

interface Hit {
  path: PathSegment[];
  node: Node;
}

/** The deepest key or scalar value containing `offset`, with its field path. */
export function hitAt(pdoc: ParsedDoc, offset: number): Hit | undefined {
  let node: unknown = pdoc.doc.contents;
  const path: PathSegment[] = [];
  let hit: Hit | undefined;
  for (let depth = 0; depth < 200 && node; depth++) {
    if (isAlias(node)) return hit;
    if (isMap(node)) {
      const pair = (node.items as Pair[]).find((p) => isPair(p) && (contains(p.key as Node, offset, true) || contains(p.value as Node, offset, true)));
      if (!pair || !isScalar(pair.key)) return hit;
      path.push(String(pair.key.value));
      if (contains(pair.key as Node, offset, true)) return { path: [...path], node: pair.key as Node };
      hit = { path: [...path], node: pair.value as Node };
      node = pair.value;
    } else if (isSeq(node)) {
      const i = node.items.findIndex((n) => contains(n as Node, offset, true));
      if (i < 0) return hit;
      path.push(i);
      hit = { path: [...path], node: node.items[i] as Node };
      node = node.items[i];
    } else {
      return hit;
    }
  }
  return hit;
}

function contains(n: Node | null | undefined, offset: number, inclusiveEnd: boolean): boolean {
  if (!n || !n.range) return false;
  return offset >= n.range[0] && (inclusiveEnd ? offset <= n.range[1] : offset < n.range[1]);
}

export function hover(file: ParsedFile, offset: number, schema: Schema, nowSeconds: number = Date.now() / 1000): HoverResult | undefined {
  const pdoc = docAt(file, offset);
  if (!pdoc?.target) return undefined;
  const found = hitAt(pdoc, offset);
  const ast = found?.node?.range ? { path: found.path, start: found.node.range[0], end: found.node.range[1] } : undefined;
  // On a line that reads `key:` the text wins when the parser placed the word elsewhere (inside an
  // unterminated string, say); otherwise the AST (exact for flow style and aliases).
  const text = textHit(file.text, offset, file.text.lastIndexOf('\n', pdoc.start - 1) + 1);
  const hit = text && (!ast || ast.path[ast.path.length - 1] !== text.path[text.path.length - 1]) ? text : ast;
  if (!hit) return undefined;
  // Hovering a list item or a map value inside a field: describe the nearest field.
  let path = hit.path;
  while (path.length && typeof path[path.length - 1] === 'number') path = path.slice(0, -1);
  if (!path.length) return undefined;
  const r = schema.resolve(pdoc.target, path);
  if (!r) return undefined;
  let md = describe(schema, pdoc.target, path, r.fieldName ?? String(path[path.length - 1]), r);
  if (pdoc.target === 'CronJob' && path.length === 2 && path[0] === 'spec' && path[1] === 'schedule') {
    const schedule = pdoc.doc.getIn(['spec', 'schedule']);
    const tz = pdoc.doc.getIn(['spec', 'timeZone']);
    const extra = typeof schedule === 'string' ? scheduleMarkdown(schedule, typeof tz === 'string' ? tz : undefined, nowSeconds) : undefined;
    if (extra) md = `${extra}\n\n---\n\n${md}`;
  }
  return { start: hit.start, end: hit.end, markdown: md };
}

/**
 * Fallback when the YAML AST has no node at the offset (broken YAML): the key under the cursor and
 * its path, read from indentation like completion does.
 */
function textHit(text: string, offset: number, from: number): { path: PathSegment[]; start: number; end: number } | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const m = /^([ ]*(?:- +)*)([A-Za-z_][\w.\-/]*)[ \t]*:(?=\s|$)/.exec(text.slice(lineStart, lineStart + 300));
  if (!m) return undefined;
  const start = lineStart + m[1].length;
  const end = start + m[2].length;
  if (offset < start || offset > end) return undefined;
  const ctx = cursorContext(text, end, from);
  if (!ctx || ctx.kind !== 'key') return undefined;
  return { path: [...ctx.path, m[2]], start, end };
}

function describe(schema: Schema, kind: SchemaKind, path: PathSegment[], name: string, r: NonNullable<ReturnType<Schema['resolve']>>): string {
  const apiPath = formatPath(apiSegments(schema, kind, path));
  const lines: string[] = [];
  const required = r.ownerId && r.fieldName ? schema.isRequired(r.ownerId, r.fieldName) : false;
  // The name and the path may hold the user's map keys: escaped (see markdown.ts).
  lines.push(`**${escapeMarkdown(name)}** \`${typeLabel(schema, r.type)}\`${required ? ' *(required)*' : ''}`);
  lines.push('');
  lines.push(`${codeSpan(apiPath)}${r.owner ? ` (field of ${r.owner.displayName})` : ''}`);
  if (r.field?.description) lines.push('', r.field.description);
  const t = r.type;
  if (t.kind === 'string' && t.enum) lines.push('', `Values: ${t.enum.filter((v) => v !== '').map((v) => `\`${v}\``).join(', ')}`);
  if (r.field?.default !== undefined) lines.push('', `Default: \`${JSON.stringify(r.field.default)}\``);
  else if (r.field?.defaultText !== undefined) lines.push('', `Default: \`${r.field.defaultText}\``);
  const note = r.owner?.displayName && r.fieldName ? controllerNote(r.owner.displayName, r.fieldName) : undefined;
  if (note) lines.push('', `**Job controller:** ${note}`);
  const release = Number(/1\.(\d+)/.exec(schema.release)?.[1]);
  const versions = r.field && Number.isFinite(release) ? versionNote(r.field, release) : undefined;
  if (versions) lines.push('', `**Kubernetes versions:** ${versions}`);
  lines.push('', `*Kubernetes ${schema.release.replace(/^release-/, '')}*`);
  return lines.join('\n');
}

/** Path segments with map keys marked as such (`metadata.labels[app]`). */
function apiSegments(schema: Schema, kind: SchemaKind, path: PathSegment[]): PathSegment[] {
  const out: PathSegment[] = [];
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    const parent = schema.resolve(kind, path.slice(0, i));
    out.push(parent?.type.kind === 'map' && typeof seg === 'string' ? { key: seg } : seg);
  }
  return out;
}

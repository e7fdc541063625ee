/**
 * Kubernetes version awareness from the generated schema (pure): per field, the release that
 * introduced it (`since`, for fields newer than client-node's models) and the feature gates it is
 * behind (`+featureGate=` markers) with each gate's versioned spec (stage and default per release,
 * pkg/features/kube_features.go). Nothing here is hand-listed: the facts are the generated
 * `versionFacts` of generated/batch-v1.json (imported alone, so the rest of the schema is not
 * bundled where only these are needed).
 *
 *   fieldAvailability({ since: 37, featureGates: ['WorkloadWithJob'] }, 36)
 *     // { kind: 'unknown', since: 37 }                                   the 1.36 server does not know it
 *   fieldAvailability({ since: 37, featureGates: ['WorkloadWithJob'] }, 37)
 *     // { kind: 'gated-off', gate: 'WorkloadWithJob', stage: 'Alpha' }   known, dropped unless enabled
 *   versionedFields('Job', job, 36)   // every such field present in a Job, with its path
 */
import { versionFacts as generatedFacts } from './generated/batch-v1.json';
import type { FeatureGateSpec, FieldFacts, VersionFacts } from './types';

const FACTS = generatedFacts as unknown as VersionFacts;

export type Availability =
  /** The target release does not know the field (introduced later, or its gate does not exist yet). */
  | { kind: 'unknown'; since: number; gate?: string }
  /** Known, but its feature gate is off by default there: dropped on create unless the gate is enabled. */
  | { kind: 'gated-off'; gate: string; stage: string; onByDefaultFrom?: number };

function minor(v: string): number {
  return Number(v.split('.')[1]);
}

/** The spec in force at `target` (the last entry whose version is ≤ target), or undefined before the first. */
export function gateAt(specs: FeatureGateSpec[], target: number): FeatureGateSpec | undefined {
  let cur: FeatureGateSpec | undefined;
  for (const s of specs) if (minor(s.version) <= target) cur = s;
  return cur;
}

export function fieldAvailability(field: FieldFacts, target: number, facts: VersionFacts = FACTS): Availability | undefined {
  if (field.since !== undefined && target < field.since) return { kind: 'unknown', since: field.since };
  for (const gate of field.featureGates ?? []) {
    const specs = facts.featureGates[gate];
    if (!specs?.length) continue; // gen-schema resolves every marker to a defined gate; kept for hand-made facts
    const at = gateAt(specs, target);
    if (!at) return { kind: 'unknown', since: minor(specs[0].version), gate };
    if (!at.default) {
      const on = specs.find((s) => minor(s.version) > target && s.default);
      return { kind: 'gated-off', gate, stage: at.stage, ...(on ? { onByDefaultFrom: minor(on.version) } : {}) };
    }
  }
  return undefined;
}

export interface VersionedField {
  /** Path from the document root (keys and list indexes). */
  path: (string | number)[];
  availability: Availability;
}

/**
 * Every field present in a Job or CronJob document (`value`, plain JS) that the `target` minor
 * release does not know or drops because its gate is off by default. Only the ways that lead to
 * such fields are walked; nothing inside a reported field is reported again.
 */
export function versionedFields(kind: 'Job' | 'CronJob', value: unknown, target: number, facts: VersionFacts = FACTS): VersionedField[] {
  const out: VersionedField[] = [];
  const entries = prunedEntries(facts, target);
  // The path as a parent-linked list, made into an array only for a reported field.
  type Link = { seg: Seg; up: Link | undefined } | undefined;
  const toPath = (l: Link): Seg[] => {
    const p: Seg[] = [];
    for (let x = l; x; x = x.up) p.push(x.seg);
    return p.reverse();
  };
  const walkType = (ref: string, v: unknown, at: Link, depth: number): void => {
    const fields = entries.get(ref);
    if (!fields || !isObj(v) || depth > 64) return;
    for (const [k, f, a] of fields) {
      const x = v[k];
      // Absent, or null (left unset: the server ignores it).
      if (x === undefined || x === null) continue;
      if (a) out.push({ path: toPath({ seg: k, up: at }), availability: a });
      else if (f.ref) walkThrough(f.ref, f.through ?? [], 0, x, { seg: k, up: at }, depth + 1);
    }
  };
  const walkThrough = (ref: string, through: ('array' | 'map')[], i: number, v: unknown, at: Link, depth: number): void => {
    if (i === through.length) return walkType(ref, v, at, depth);
    if (through[i] === 'array' && Array.isArray(v)) v.forEach((x, j) => walkThrough(ref, through, i + 1, x, { seg: j, up: at }, depth + 1));
    else if (through[i] === 'map' && isObj(v)) for (const k of Object.keys(v)) walkThrough(ref, through, i + 1, v[k], { seg: k, up: at }, depth + 1);
  };
  walkType(facts.roots[kind], value, undefined, 0);
  return out;
}

type Seg = string | number;

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const entryCache = new WeakMap<VersionFacts, Map<string, [string, FieldFacts][]>>();

type PrunedEntry = [string, FieldFacts, Availability | undefined];
const prunedCache = new WeakMap<VersionFacts, Map<number, Map<string, PrunedEntry[]>>>();

/**
 * Per object type, the fields worth visiting for one target release: those with an availability
 * problem there (computed once), and those leading to a type that has some. For the default target
 * almost nothing is left, so checking a document costs next to nothing.
 */
function prunedEntries(facts: VersionFacts, target: number): Map<string, PrunedEntry[]> {
  let byTarget = prunedCache.get(facts);
  if (!byTarget) prunedCache.set(facts, (byTarget = new Map()));
  let m = byTarget.get(target);
  if (m) return m;
  // Each field's availability at the target, computed once; the relevance walk and the pruning read it.
  const annotated = new Map<string, PrunedEntry[]>();
  for (const [ref, fields] of entriesOf(facts)) annotated.set(ref, fields.map(([k, f]): PrunedEntry => [k, f, fieldAvailability(f, target, facts)]));
  const relevant = new Map<string, boolean>();
  const visiting = new Set<string>();
  const keep = ([, f, a]: PrunedEntry): boolean => !!a || (!!f.ref && isRelevant(f.ref));
  const isRelevant = (ref: string): boolean => {
    const known = relevant.get(ref);
    if (known !== undefined) return known;
    // A type on the current path (a cycle): keep it (walking it is merely slower, never wrong).
    if (visiting.has(ref)) return true;
    visiting.add(ref);
    const any = (annotated.get(ref) ?? []).some(keep);
    visiting.delete(ref);
    relevant.set(ref, any);
    return any;
  };
  m = new Map();
  for (const [ref, fields] of annotated) {
    const kept = fields.filter(keep);
    if (kept.length) m.set(ref, kept);
  }
  byTarget.set(target, m);
  return m;
}

function entriesOf(facts: VersionFacts): Map<string, [string, FieldFacts][]> {
  let m = entryCache.get(facts);
  if (!m) {
    m = new Map(Object.entries(facts.types).map(([id, fields]) => [id, Object.entries(fields)]));
    entryCache.set(facts, m);
  }
  return m;
}

/**
 * A one-line summary of a field's version facts at `release` (for hovers), e.g.
 * "new in 1.37; feature gate `WorkloadWithJob`: alpha in 1.37, off by default". Undefined without facts.
 */
export function versionNote(field: FieldFacts, release: number, facts: VersionFacts = FACTS): string | undefined {
  const parts: string[] = [];
  if (field.since !== undefined) parts.push(`new in 1.${field.since}`);
  for (const gate of field.featureGates ?? []) {
    const specs = facts.featureGates[gate];
    const at = specs ? gateAt(specs, release) : undefined;
    if (!specs?.length || !at) continue;
    const first = specs.find((s) => s.stage === 'Alpha' || s.stage === 'Beta' || s.stage === 'GA');
    const state = at.stage === 'GA' ? `GA in 1.${release}` : `${at.stage.toLowerCase()} in 1.${release}, ${at.default ? 'on' : 'off'} by default`;
    parts.push(`feature gate \`${gate}\`: ${state}${first && minor(first.version) < release ? ` (since 1.${minor(first.version)})` : ''}`);
  }
  return parts.length ? parts.join('; ') : undefined;
}

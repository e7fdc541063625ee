/**
 * Public API of the schema layer (pure; no editor imports). Other modules (rules, completion,
 * hover, structural checks) use only this:
 *
 *   const schema = bundledSchema();                       // generated from Kubernetes sources
 *   const r = schema.resolve('Job', ['spec', 'template', 'spec', 'containers', 0, 'image']);
 *   r?.type            // { kind: 'string' }
 *   r?.field           // { type, description, default?, defaultText? }
 *   r?.owner           // the object type holding the field (displayName `Container`)
 *   schema.fields(t)   // [name, FieldData][] of an object type (empty for non-objects)
 *   schema.isRequired(ownerId, 'template')
 *   typeLabel(schema, t) // "integer (int32)", "[]Container", "map[string]string", "string (enum)"
 *
 * A second source (the cluster's /openapi/v3/apis/batch/v1) plugs in as
 * `new Schema(fromOpenApiV3(doc))` (./openapi.ts).
 */
import type { FieldData, ObjectTypeData, SchemaData, SchemaType } from './types';
import type { FieldPath } from '../yaml/fieldPath';
import generated from './generated/batch-v1.json';

export type { FieldData, ObjectTypeData, SchemaData, SchemaType } from './types';
export type SchemaKind = 'Job' | 'CronJob';

export interface Resolved {
  type: SchemaType;
  /** The field definition when the path ends at an object's field. */
  field?: FieldData;
  fieldName?: string;
  /** Type id and definition of the object holding the field. */
  ownerId?: string;
  owner?: ObjectTypeData;
}

export class Schema {
  private readonly fieldLists = new Map<string, [string, FieldData][]>();
  private readonly fieldMaps = new Map<string, Map<string, [string, FieldData]>>();

  constructor(readonly data: SchemaData) {}

  get release(): string {
    return this.data.release;
  }

  object(id: string): ObjectTypeData | undefined {
    return this.data.types[id];
  }

  rootType(kind: SchemaKind): SchemaType {
    return { kind: 'object', ref: this.data.roots[kind] };
  }

  /** The fields of an object type, in schema order. Empty for any other type. */
  fields(t: SchemaType | undefined): [string, FieldData][] {
    if (!t || t.kind !== 'object') return [];
    let list = this.fieldLists.get(t.ref);
    if (!list) {
      list = Object.entries(this.data.types[t.ref]?.fields ?? {});
      this.fieldLists.set(t.ref, list);
    }
    return list;
  }

  field(t: SchemaType | undefined, name: string): FieldData | undefined {
    if (!t || t.kind !== 'object') return undefined;
    return this.fieldEntry(t, name)?.[1];
  }

  /**
   * The field `name` of an object type as [the schema's own name string, its definition]: building
   * objects with the schema's (interned) key strings is cheaper than with ones sliced from a text.
   * Looked up in a Map per object type (made from the `fields` list): the names come from the
   * document text (fresh strings), which a Map hashes without interning them as property keys would.
   */
  fieldEntry(t: SchemaType & { kind: 'object' }, name: string): [string, FieldData] | undefined {
    let m = this.fieldMaps.get(t.ref);
    if (!m) {
      m = new Map(this.fields(t).map((e) => [e[0], e]));
      this.fieldMaps.set(t.ref, m);
    }
    return m.get(name);
  }

  isRequired(ownerId: string, name: string): boolean {
    return this.data.types[ownerId]?.required?.includes(name) ?? false;
  }

  /** Walks `path` from `from` (a kind's root by default). Undefined when the path leaves the schema. */
  resolve(kind: SchemaKind, path: FieldPath, from: SchemaType = this.rootType(kind)): Resolved | undefined {
    let cur: Resolved = { type: from };
    for (const seg of path) {
      const t = cur.type;
      if (typeof seg === 'number') {
        if (t.kind !== 'array') return undefined;
        cur = { type: t.items };
      } else if (t.kind === 'map') {
        cur = { type: t.values };
      } else if (t.kind === 'object' && typeof seg === 'string') {
        const f = this.field(t, seg);
        if (!f) return undefined;
        cur = { type: f.type, field: f, fieldName: seg, ownerId: t.ref, owner: this.data.types[t.ref] };
      } else if (t.kind === 'any') {
        cur = { type: { kind: 'any' } };
      } else {
        return undefined;
      }
    }
    return cur;
  }
}

/** How a type reads in hovers and messages (Go/kubectl-explain style). */
export function typeLabel(schema: Schema, t: SchemaType): string {
  switch (t.kind) {
    case 'string':
      return t.enum ? `string (enum)` : t.format ? `string (${t.format})` : 'string';
    case 'integer':
      return `integer (${t.format})`;
    case 'number':
      return t.format ? `number (${t.format})` : 'number';
    case 'boolean':
      return 'boolean';
    case 'quantity':
      return 'Quantity';
    case 'intOrString':
      return 'IntOrString';
    case 'any':
      return 'any';
    case 'object':
      return schema.object(t.ref)?.displayName ?? t.ref;
    case 'array':
      return `[]${typeLabel(schema, t.items)}`;
    case 'map':
      return `map[string]${typeLabel(schema, t.values)}`;
  }
}

let bundled: Schema | undefined;

/** The schema generated from Kubernetes sources at build time (works offline). */
export function bundledSchema(): Schema {
  return (bundled ??= new Schema(generated as unknown as SchemaData));
}

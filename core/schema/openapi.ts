/**
 * Adapter: an OpenAPI v3 document (e.g. a cluster's `/openapi/v3/apis/batch/v1`) -> SchemaData,
 * the same shape the bundled, build-time generated schema has. Type ids are the OpenAPI model
 * names (`io.k8s.api.batch.v1.JobSpec`). Only types reachable from Job and CronJob are kept.
 */
import type { FieldData, ObjectTypeData, SchemaData, SchemaType } from './types';

interface OpenApiSchema {
  type?: string | string[];
  format?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  $ref?: string;
  allOf?: OpenApiSchema[];
  items?: OpenApiSchema;
  additionalProperties?: OpenApiSchema | boolean;
  properties?: Record<string, OpenApiSchema>;
  required?: string[];
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string }[];
}

export interface OpenApiV3Document {
  info?: { version?: string };
  components?: { schemas?: Record<string, OpenApiSchema> };
}

const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
const TIMES = new Set(['io.k8s.apimachinery.pkg.apis.meta.v1.Time', 'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime']);

function refOf(s: OpenApiSchema | undefined): string | undefined {
  const r = s?.$ref ?? s?.allOf?.find((a) => a.$ref)?.$ref;
  return r?.replace(/^#\/components\/schemas\//, '');
}

function isZero(v: unknown): boolean {
  return v === '' || v === 0 || v === false || v === null || (typeof v === 'object' && Object.keys(v as object).length === 0);
}

export function fromOpenApiV3(doc: OpenApiV3Document, source = 'OpenAPI v3 document'): SchemaData {
  const all = doc.components?.schemas ?? {};
  const findKind = (kind: string): string => {
    for (const [name, s] of Object.entries(all)) {
      if (s['x-kubernetes-group-version-kind']?.some((g) => g.group === 'batch' && g.version === 'v1' && g.kind === kind)) return name;
    }
    const fallback = `io.k8s.api.batch.v1.${kind}`;
    if (all[fallback]) return fallback;
    throw new Error(`the OpenAPI document has no batch/v1 ${kind}`);
  };
  const roots = { Job: findKind('Job'), CronJob: findKind('CronJob') };
  const types: Record<string, ObjectTypeData> = {};
  const queue = [roots.Job, roots.CronJob];
  const seen = new Set(queue);

  const toType = (s: OpenApiSchema | undefined): SchemaType => {
    if (!s) return { kind: 'any' };
    const ref = refOf(s);
    if (ref) {
      if (ref === QUANTITY) return { kind: 'quantity' };
      if (ref === INT_OR_STRING) return { kind: 'intOrString' };
      if (TIMES.has(ref)) return { kind: 'string', format: 'date-time' };
      const target = all[ref];
      if (!target || (!target.properties && target.type !== 'object')) {
        // Non-object named types (RawExtension, FieldsV1, …) carry free-form JSON.
        return target && target.type && target.type !== 'object' ? toType({ ...target, $ref: undefined }) : { kind: 'any' };
      }
      // A k8s.io/api struct without properties is an empty struct (`basic: {}`: any key in it is
      // unknown to strict decoding); apimachinery's (FieldsV1, RawExtension) are free-form JSON.
      if (!target.properties && !ref.startsWith('io.k8s.api.')) return { kind: 'any' };
      if (!seen.has(ref)) {
        seen.add(ref);
        queue.push(ref);
      }
      return { kind: 'object', ref };
    }
    if (s['x-kubernetes-int-or-string']) return { kind: 'intOrString' };
    const type = Array.isArray(s.type) ? s.type[0] : s.type;
    switch (type) {
      case 'string': {
        const t: SchemaType = { kind: 'string' };
        if (s.format) t.format = s.format;
        if (s.enum?.length) t.enum = s.enum.map(String);
        return t;
      }
      case 'integer':
        return { kind: 'integer', format: s.format === 'int32' ? 'int32' : 'int64' };
      case 'number':
        return s.format ? { kind: 'number', format: s.format } : { kind: 'number' };
      case 'boolean':
        return { kind: 'boolean' };
      case 'array':
        return { kind: 'array', items: toType(s.items) };
      case 'object':
        if (s.additionalProperties && typeof s.additionalProperties === 'object') return { kind: 'map', values: toType(s.additionalProperties) };
        return { kind: 'any' };
      default:
        return { kind: 'any' };
    }
  };

  while (queue.length) {
    const name = queue.shift()!;
    const s = all[name];
    const fields: Record<string, FieldData> = {};
    for (const [prop, ps] of Object.entries(s.properties ?? {})) {
      const f: FieldData = { type: toType(ps) };
      if (ps.description) f.description = ps.description;
      if (ps.default !== undefined && !isZero(ps.default)) f.default = ps.default;
      fields[prop] = f;
    }
    const def: ObjectTypeData = { displayName: name.split('.').pop()!, apiName: name, fields };
    if (s.description) def.description = s.description;
    if (s.required?.length) def.required = [...s.required];
    types[name] = def;
  }
  return { sources: { openapi: source }, release: doc.info?.version ?? 'unknown', roots, types };
}

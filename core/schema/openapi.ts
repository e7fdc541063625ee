/**
 * OpenAPI v3 -> kjob's schema data: the one conversion of Kubernetes' OpenAPI models, used by
 *  - scripts/gen-schema.mjs, for the fields and types of the Kubernetes release that are newer than
 *    @kubernetes/client-node's models (and for the Quantity, enum and default facts of every field);
 *  - `fromOpenApiV3(doc)`, the reader of a whole document such as a cluster's
 *    `/openapi/v3/apis/batch/v1` (`kjob.openapiFile`, `kjob check --openapi`). Its type ids are the
 *    OpenAPI model names (`io.k8s.api.batch.v1.JobSpec`); only types reachable from Job and CronJob
 *    are kept.
 */
import type { FieldData, ObjectTypeData, SchemaData, SchemaType } from './types';

export interface OpenApiSchema {
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

/** `components.schemas` of a document: model name -> schema. */
export type OpenApiModels = Record<string, OpenApiSchema>;

export interface OpenApiV3Document {
  info?: { version?: string };
  components?: { schemas?: OpenApiModels };
}

/**
 * The type id an object reference gets. Called for every model a property refers to that becomes
 * an object type, so the caller can queue that model for conversion too.
 */
export type RefId = (modelName: string) => string;

export const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
const TIMES = new Set(['io.k8s.apimachinery.pkg.apis.meta.v1.Time', 'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime']);

/** The model a schema refers to (`$ref`, or the `allOf: [{$ref}]` wrapper Kubernetes uses for documented refs). */
export function refName(s: OpenApiSchema | undefined): string | undefined {
  const r = s?.$ref ?? s?.allOf?.find((a) => a.$ref)?.$ref;
  return r?.replace(/^#\/components\/schemas\//, '');
}

/** A zero value ("", 0, false, null, {} or []): Kubernetes' schema lists these, they default nothing. */
export function isZeroDefault(v: unknown): boolean {
  return v === '' || v === 0 || v === false || v === null || (typeof v === 'object' && Object.keys(v as object).length === 0);
}

/** A default that Kubernetes states in the field's own description ("Defaults to 6", "`NonIndexed` (default)"). */
export function describedDefault(desc: string | undefined): string | undefined {
  if (!desc) return undefined;
  // Only a single token that ends its clause ("Defaults to 6, unless", "Default to Always."), never
  // a conditional or a phrase ("Defaults to Always if :latest", "Defaults to user specified in image").
  let m = /\bDefaults? (?:to|is) [`"']?([A-Za-z0-9_./:-]+?)[`"']?( seconds)?(?=[.,;)]|$)/.exec(desc);
  if (m && !/^(the|a|an|be|unset|empty|nil|none)$/i.test(m[1])) return m[1] + (m[2] ?? '');
  if ((m = /[`"]([A-Za-z0-9_-]+)[`"] \(default\)/.exec(desc))) return m[1];
  return undefined;
}

/** A description as the schema keeps it: one line (hovers and completions reflow it). */
export function flatDescription(text: string | undefined): string | undefined {
  return text === undefined ? undefined : text.replace(/\n/g, ' ').trim();
}

/**
 * Whether a referenced model is a struct with fields (an object type). A k8s.io/api struct without
 * properties is an empty struct (`basic: {}`): an object type with no fields, so any key in it is
 * unknown to strict decoding. apimachinery's property-less objects (FieldsV1, RawExtension, Patch)
 * are free-form JSON.
 */
function isObjectModel(name: string, target: OpenApiSchema): boolean {
  if (target.properties) return true;
  return target.type === 'object' && name.startsWith('io.k8s.api.');
}

/** One property's schema -> its value type. */
export function openApiType(s: OpenApiSchema | undefined, models: OpenApiModels, refId: RefId): SchemaType {
  if (!s) return { kind: 'any' };
  const ref = refName(s);
  if (ref) {
    if (ref === QUANTITY) return { kind: 'quantity' };
    if (ref === INT_OR_STRING) return { kind: 'intOrString' };
    if (TIMES.has(ref)) return { kind: 'string', format: 'date-time' };
    const target = models[ref];
    if (!target) return { kind: 'any' };
    if (isObjectModel(ref, target)) return { kind: 'object', ref: refId(ref) };
    // A named non-object type (a string alias, …) is its own type; property-less objects are free-form.
    return target.type && target.type !== 'object' ? openApiType({ ...target, $ref: undefined, allOf: undefined }, models, refId) : { kind: 'any' };
  }
  if (s['x-kubernetes-int-or-string']) return { kind: 'intOrString' };
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'string':
      return s.format ? { kind: 'string', format: s.format } : { kind: 'string' };
    case 'integer':
      return { kind: 'integer', format: s.format === 'int32' ? 'int32' : 'int64' };
    case 'number':
      return s.format ? { kind: 'number', format: s.format } : { kind: 'number' };
    case 'boolean':
      return { kind: 'boolean' };
    case 'array':
      return { kind: 'array', items: openApiType(s.items, models, refId) };
    case 'object':
      if (s.additionalProperties && typeof s.additionalProperties === 'object') return { kind: 'map', values: openApiType(s.additionalProperties, models, refId) };
      return { kind: 'any' };
    default:
      return { kind: 'any' };
  }
}

/**
 * A field from its value type, description and (when the release has it) its OpenAPI property:
 * Quantity-valued fields and maps, enum values (on a string or a list of strings), the non-zero
 * declared default or else the default the description states. The generator passes client-node's
 * types here too, so both sources finish every field the same way.
 */
export function finishField(type: SchemaType, description: string | undefined, prop: OpenApiSchema | undefined, enumValues: readonly unknown[] | undefined): FieldData {
  if (prop) {
    if (refName(prop) === QUANTITY) {
      type = { kind: 'quantity' };
    }
    if (type.kind === 'map' && typeof prop.additionalProperties === 'object' && refName(prop.additionalProperties) === QUANTITY) type.values = { kind: 'quantity' };
  }
  const field: FieldData = { type };
  if (description) field.description = description;
  if (enumValues?.length) {
    const values = enumValues.map(String);
    if (type.kind === 'array' && type.items.kind === 'string') type.items.enum = values;
    else if (type.kind === 'string') type.enum = values;
  }
  if (prop && prop.default !== undefined && !isZeroDefault(prop.default)) field.default = prop.default;
  else {
    const dd = describedDefault(description);
    if (dd !== undefined) field.defaultText = dd;
  }
  return field;
}

/** One OpenAPI property -> a field. `enumValues` replaces the property's own `enum` (the generator's come from Go). */
export function openApiField(prop: OpenApiSchema, models: OpenApiModels, refId: RefId, enumValues: readonly unknown[] | undefined = prop.enum): FieldData {
  return finishField(openApiType(prop, models, refId), flatDescription(prop.description), prop, enumValues);
}

/** One OpenAPI model -> an object type (fields in the document's order; `required` in field order). */
export function openApiObject(name: string, model: OpenApiSchema, models: OpenApiModels, refId: RefId, enums: Record<string, readonly unknown[]> = {}): ObjectTypeData {
  const fields: Record<string, FieldData> = {};
  for (const [prop, ps] of Object.entries(model.properties ?? {})) fields[prop] = openApiField(ps, models, refId, enums[prop] ?? ps.enum);
  const description = flatDescription(model.description);
  // Key order as in the generated file: displayName, apiName, description, fields, required.
  const def: ObjectTypeData = { displayName: name.split('.').pop()!, apiName: name, ...(description ? { description } : {}), fields };
  const required = Object.keys(fields).filter((f) => model.required?.includes(f));
  if (required.length) def.required = required;
  return def;
}

/** A whole document (a cluster's `/openapi/v3/apis/batch/v1`) -> schema data, type ids = model names. */
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
  const queue = [roots.Job, roots.CronJob];
  const seen = new Set(queue);
  const refId: RefId = (name) => {
    if (!seen.has(name)) {
      seen.add(name);
      queue.push(name);
    }
    return name;
  };
  const types: Record<string, ObjectTypeData> = {};
  while (queue.length) {
    const name = queue.shift()!;
    types[name] = openApiObject(name, all[name], all, refId);
  }
  return { sources: { openapi: source }, release: doc.info?.version ?? 'unknown', roots, types };
}

#!/usr/bin/env node
// Generates kjob's field schema for batch/v1 Job and CronJob (and every type reachable from them)
// from Kubernetes' own generated sources. Nothing in the output is typed by hand.
//
// Sources, in order:
//   1. @kubernetes/client-node's generated models (node_modules/@kubernetes/client-node/dist/gen/models):
//      `attributeTypeMap` gives every field's name, type and format; the .d.ts files carry each
//      field's description and whether it is optional. This is the structure of the schema.
//   2. When the Go module k8s.io/kubernetes@<release> is in the Go module cache (same release line as
//      client-node's models):
//      - api/openapi-spec/v3/apis__batch__v1_openapi.json: OpenAPI names, `required`, non-zero
//        `default`s, descriptions of object-valued fields and which maps hold resource Quantities;
//      - pkg/generated/openapi/zz_generated.openapi.go: the `Enum` value lists (the published JSON
//        spec carries none; the Go definitions the API server serves from do).
//
// Output: server/src/domain/schema/generated/batch-v1.json (committed). When the Kubernetes module
// is not available the committed file is kept as it is (enums cannot be regenerated without it).
//
// Usage: node scripts/gen-schema.mjs [--out FILE] [--check]
//   --check  regenerate in memory and exit 1 when the committed file differs.
import { existsSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { homedir } from 'node:os';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const OUT = join(root, 'server/src/domain/schema/generated/batch-v1.json');
export const ROOTS = { Job: 'V1Job', CronJob: 'V1CronJob' };

export function clientNodeDir() {
  return join(root, 'node_modules/@kubernetes/client-node');
}

/** The k8s.io/kubernetes module directory matching client-node's release line, or null. */
export function kubernetesModuleDir(release) {
  const minor = /release-1\.(\d+)/.exec(release)?.[1];
  const cache = process.env.GOMODCACHE || join(process.env.GOPATH || join(homedir(), 'go'), 'pkg/mod');
  const base = join(cache, 'k8s.io');
  if (!minor || !existsSync(base)) return null;
  const candidates = readdirSync(base)
    .map((n) => /^kubernetes@v1\.(\d+)\.(\d+)$/.exec(n))
    .filter((m) => m && m[1] === minor)
    .sort((a, b) => Number(b[2]) - Number(a[2]));
  for (const m of candidates) {
    const dir = join(base, m[0]);
    if (existsSync(join(dir, 'api/openapi-spec/v3/apis__batch__v1_openapi.json'))) return dir;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// client-node models

function unescapeTs(s) {
  return s.replace(/\\(['"\\])/g, '$1').trim();
}

/** Parses a model .d.ts: class description, per-field description and optionality. */
function parseDts(text) {
  const cls = /\/\*\*\s*\n\*\s?([\s\S]*?)\n\*\/\s*\nexport declare class/.exec(text);
  const fields = {};
  const re = /(?:\/\*\*\s*\n\s*\*\s?([^\n]*)\n\s*\*\/\s*\n)?\s*'([^']+)'(\?)?:/g;
  let m;
  while ((m = re.exec(text))) {
    fields[m[2]] = { description: m[1] ? unescapeTs(m[1]) : undefined, optional: m[3] === '?' };
  }
  return { description: cls ? unescapeTs(cls[1]) : undefined, fields };
}

async function loadModel(dir, name, cache) {
  if (cache.has(name)) return cache.get(name);
  const js = join(dir, 'dist/gen/models', `${name}.js`);
  if (!existsSync(js)) {
    cache.set(name, null);
    return null;
  }
  const mod = await import(pathToFileURL(js).href);
  const cls = mod[name];
  const dts = parseDts(readFileSync(join(dir, 'dist/gen/models', `${name}.d.ts`), 'utf8'));
  const model = { name, attributes: cls.attributeTypeMap ?? [], dts };
  cache.set(name, model);
  return model;
}

/** client-node type string + format -> schema type (object references collected in `refs`). */
function toType(type, format, refs) {
  let m;
  if ((m = /^Array<(.+)>$/.exec(type))) return { kind: 'array', items: toType(m[1], format, refs) };
  if ((m = /^\{ \[key: string\]: (.+); \}$/.exec(type))) return { kind: 'map', values: toType(m[1], format, refs) };
  switch (type) {
    case 'string':
      if (format === 'int-or-string') return { kind: 'intOrString' };
      return format ? { kind: 'string', format } : { kind: 'string' };
    case 'Date':
      return { kind: 'string', format: format || 'date-time' };
    case 'number':
      if (format === 'int32' || format === 'int64') return { kind: 'integer', format };
      return format ? { kind: 'number', format } : { kind: 'number' };
    case 'boolean':
      return { kind: 'boolean' };
    case 'IntOrString':
      return { kind: 'intOrString' };
    case 'any':
    case 'object':
      return { kind: 'any' };
    default:
      refs.add(type);
      return { kind: 'object', ref: type };
  }
}

// ---------------------------------------------------------------------------------------------
// Kubernetes enrichment (OpenAPI v3 JSON + Go OpenAPI definitions)

function loadOpenApi(k8sDir) {
  const doc = JSON.parse(readFileSync(join(k8sDir, 'api/openapi-spec/v3/apis__batch__v1_openapi.json'), 'utf8'));
  return doc.components?.schemas ?? {};
}

/** Go definition function name -> OpenAPI model name. */
function goFuncToModel(fn) {
  let m;
  if ((m = /^schema_k8sio_api_([a-z0-9]+)_(v\d+(?:alpha\d+|beta\d+)?)_(\w+)$/.exec(fn))) return `io.k8s.api.${m[1]}.${m[2]}.${m[3]}`;
  if ((m = /^schema_pkg_apis_meta_(v\d+)_(\w+)$/.exec(fn))) return `io.k8s.apimachinery.pkg.apis.meta.${m[1]}.${m[2]}`;
  return null;
}

/** model name -> property -> enum values, from zz_generated.openapi.go. */
function loadGoEnums(k8sDir) {
  const file = join(k8sDir, 'pkg/generated/openapi/zz_generated.openapi.go');
  const out = new Map();
  if (!existsSync(file)) return out;
  const lines = readFileSync(file, 'utf8').split('\n');
  let model = null;
  let prop = null;
  for (const line of lines) {
    let m;
    if ((m = /^func (schema_\w+)\(ref common\.ReferenceCallback\)/.exec(line))) {
      model = goFuncToModel(m[1]);
      prop = null;
      continue;
    }
    if (!model) continue;
    if ((m = /^\t{5}"([^"]+)": \{$/.exec(line))) {
      prop = m[1];
      continue;
    }
    if (prop && (m = /^\t+Enum:\s+\[\]interface\{\}\{(.*)\},$/.exec(line))) {
      const values = [...m[1].matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((x) => JSON.parse(`"${x[1]}"`));
      if (!out.has(model)) out.set(model, {});
      out.get(model)[prop] = values;
    }
  }
  return out;
}

function isZero(v) {
  return v === '' || v === 0 || v === false || v === null || (typeof v === 'object' && Object.keys(v).length === 0);
}

function refName(s) {
  const r = s?.$ref ?? s?.allOf?.[0]?.$ref;
  return r ? r.replace('#/components/schemas/', '') : undefined;
}

/** A default that Kubernetes states in the field's own description ("Defaults to 6", "`NonIndexed` (default)"). */
function describedDefault(desc) {
  if (!desc) return undefined;
  // Only a single token that ends its clause ("Defaults to 6, unless", "Default to Always."), never
  // a conditional or a phrase ("Defaults to Always if :latest", "Defaults to user specified in image").
  let m = /\bDefaults? (?:to|is) [`"']?([A-Za-z0-9_./:-]+?)[`"']?( seconds)?(?=[.,;)]|$)/.exec(desc);
  if (m && !/^(the|a|an|be|unset|empty|nil|none)$/i.test(m[1])) return m[1] + (m[2] ?? '');
  if ((m = /[`"]([A-Za-z0-9_-]+)[`"] \(default\)/.exec(desc))) return m[1];
  return undefined;
}

// ---------------------------------------------------------------------------------------------

export async function generate({ clientNode = clientNodeDir(), k8sDir } = {}) {
  const pkg = JSON.parse(readFileSync(join(clientNode, 'package.json'), 'utf8'));
  const header = readFileSync(join(clientNode, 'dist/gen/models/V1Job.js'), 'utf8');
  const release = /OpenAPI spec version: (\S+)/.exec(header)?.[1] ?? 'unknown';
  if (k8sDir === undefined) k8sDir = kubernetesModuleDir(release);
  const openapi = k8sDir ? loadOpenApi(k8sDir) : null;
  const goEnums = k8sDir ? loadGoEnums(k8sDir) : new Map();

  // client-node model name -> OpenAPI model name (V1JobSpec -> io.k8s.api.batch.v1.JobSpec).
  const apiNames = new Map();
  if (openapi) {
    for (const full of Object.keys(openapi)) {
      const m = /\.(v\d+(?:alpha\d+|beta\d+)?)\.(\w+)$/.exec(full);
      if (!m) continue;
      const cn = m[1][0].toUpperCase() + m[1].slice(1) + m[2];
      if (!apiNames.has(cn)) apiNames.set(cn, full);
    }
  }

  const cache = new Map();
  const types = {};
  const queue = Object.values(ROOTS);
  const seen = new Set(queue);
  while (queue.length) {
    const name = queue.shift();
    const model = await loadModel(clientNode, name, cache);
    if (!model) throw new Error(`client-node model ${name} not found`);
    const apiName = apiNames.get(name);
    const api = apiName ? openapi[apiName] : undefined;
    const enums = apiName ? goEnums.get(apiName) ?? {} : {};
    const refs = new Set();
    const fields = {};
    const required = [];
    for (const a of model.attributes) {
      const d = model.dts.fields[a.name] ?? {};
      const type = toType(a.type, a.format, refs);
      const prop = api?.properties?.[a.baseName];
      // Quantities are strings in client-node; the API schema says which fields hold them.
      if (prop) {
        if (refName(prop) === 'io.k8s.apimachinery.pkg.api.resource.Quantity') Object.assign(type, { kind: 'quantity' }), delete type.format;
        if (type.kind === 'map' && refName(prop.additionalProperties) === 'io.k8s.apimachinery.pkg.api.resource.Quantity') type.values = { kind: 'quantity' };
      }
      const field = { type };
      const description = d.description ?? prop?.description;
      if (description) field.description = description;
      const en = enums[a.baseName];
      if (en?.length) {
        if (type.kind === 'array' && type.items.kind === 'string') type.items.enum = en;
        else if (type.kind === 'string') type.enum = en;
      }
      if (prop && prop.default !== undefined && !isZero(prop.default)) field.default = prop.default;
      else {
        const dd = describedDefault(description);
        if (dd !== undefined) field.defaultText = dd;
      }
      if (d.optional === false || api?.required?.includes(a.baseName)) required.push(a.baseName);
      fields[a.baseName] = field;
    }
    const def = { displayName: apiName ? apiName.split('.').pop() : name.replace(/^V\d+(?:alpha\d+|beta\d+)?/, '') };
    if (apiName) def.apiName = apiName;
    if (model.dts.description ?? api?.description) def.description = model.dts.description ?? api?.description;
    def.fields = fields;
    if (required.length) def.required = required;
    types[name] = def;
    for (const r of refs) if (!seen.has(r)) seen.add(r), queue.push(r);
  }
  const sorted = Object.fromEntries(Object.keys(types).sort().map((k) => [k, types[k]]));
  return {
    $comment: 'GENERATED by scripts/gen-schema.mjs. Do not edit. Regenerate with `node scripts/gen-schema.mjs`.',
    sources: {
      clientNode: `@kubernetes/client-node@${pkg.version} models (OpenAPI spec version ${release})`,
      kubernetes: k8sDir ? `k8s.io/kubernetes@${/kubernetes@(v[\d.]+)/.exec(k8sDir)?.[1] ?? '?'}: api/openapi-spec/v3/apis__batch__v1_openapi.json, pkg/generated/openapi/zz_generated.openapi.go` : null,
    },
    release,
    roots: ROOTS,
    types: sorted,
  };
}

export function serialize(schema) {
  return JSON.stringify(schema, null, 1) + '\n';
}

async function main() {
  const args = process.argv.slice(2);
  const outIdx = args.indexOf('--out');
  const out = outIdx >= 0 ? args[outIdx + 1] : OUT;
  const check = args.includes('--check');
  const schema = await generate();
  const text = serialize(schema);
  const current = existsSync(out) ? readFileSync(out, 'utf8') : null;
  if (check) {
    if (current !== text) {
      console.error(`gen-schema: ${out} is out of date; run node scripts/gen-schema.mjs`);
      process.exit(1);
    }
    return;
  }
  if (!schema.sources.kubernetes && current) {
    console.log('gen-schema: k8s.io/kubernetes module not in the Go module cache; keeping the committed schema (enums need it)');
    return;
  }
  if (current !== text) {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, text);
    console.log(`gen-schema: wrote ${out} (${Object.keys(schema.types).length} types)`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((e) => {
    console.error(`gen-schema: ${e.stack ?? e}`);
    process.exit(1);
  });
}

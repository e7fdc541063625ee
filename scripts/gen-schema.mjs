#!/usr/bin/env node
// Generates kjob's field schema for batch/v1 Job and CronJob (and every type reachable from them)
// from Kubernetes' own generated sources. Nothing in the output is typed by hand.
//
// Sources (the Kubernetes release is KJOB_SCHEMA_K8S_VERSION in scripts/k8s-version.sh, the newest
// release kjob ships against; it may be newer than client-node's models):
//   1. @kubernetes/client-node's generated models (node_modules/@kubernetes/client-node/dist/gen/models):
//      `attributeTypeMap` gives every field's name, type and format; the .d.ts files carry each
//      field's description and whether it is optional. This is the structure of every type that
//      client-node's release line has, kept where it agrees with the Kubernetes release.
//   2. The Go module k8s.io/kubernetes@<KJOB_SCHEMA_K8S_VERSION> from the Go module cache:
//      - api/openapi-spec/v3/apis__batch__v1_openapi.json: OpenAPI names, `required`, non-zero
//        `default`s, descriptions of object-valued fields, which maps hold resource Quantities, and
//        the fields and types newer than client-node's models (a property the release has and the
//        model lacks is taken from this JSON and marked `since` = client-node's minor + 1; a type
//        client-node has no model for is built from this JSON alone);
//      - pkg/generated/openapi/zz_generated.openapi.go: the `Enum` value lists (the published JSON
//        spec carries none; the Go definitions the API server serves from do);
//      - pkg/features/kube_features.go (and k8s.io/apiserver's pkg/features/kube_features.go for
//        gates defined there): each feature gate's versioned specs (stage and default per release).
//   3. The Go module k8s.io/api@v0.<minor>.<patch> (same release): the `+featureGate=` markers on the
//      fields in <group>/<version>/types.go say which gate a field is behind (`featureGates`).
//
// The OpenAPI -> schema conversion (field types, empty structs, Quantities, enums, defaults) is
// core/schema/openapi.ts, the same code that reads a cluster's document for `kjob.openapiFile`.
//
// Output: core/schema/generated/batch-v1.json (committed). When the Kubernetes module
// is not in the Go module cache the committed file is kept as it is (it cannot be regenerated
// without it); `--check` then exits 2 ("cannot check") rather than pretending to pass.
//
// Usage: node scripts/gen-schema.mjs [--out FILE] [--check]
//   --check  regenerate in memory and exit 1 when the committed file differs.
import { existsSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { homedir } from 'node:os';
import { tsImport } from 'tsx/esm/api';

// The OpenAPI -> schema conversion is core's, shared with the `kjob.openapiFile` reader. tsx loads
// the TypeScript module here, so `node scripts/gen-schema.mjs` needs no loader flag.
const { finishField, flatDescription, openApiField, openApiObject } = await tsImport('../core/schema/openapi.ts', import.meta.url);

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const OUT = join(root, 'core/schema/generated/batch-v1.json');
export const ROOTS = { Job: 'V1Job', CronJob: 'V1CronJob' };

export function clientNodeDir() {
  return join(root, 'node_modules/@kubernetes/client-node');
}

/** KJOB_SCHEMA_K8S_VERSION from scripts/k8s-version.sh, e.g. `v1.37.2`. */
export function schemaK8sVersion() {
  const text = readFileSync(join(root, 'scripts/k8s-version.sh'), 'utf8');
  const v = /^KJOB_SCHEMA_K8S_VERSION=(v1\.\d+\.\d+)\s*$/m.exec(text)?.[1];
  if (!v) throw new Error('scripts/k8s-version.sh has no KJOB_SCHEMA_K8S_VERSION=v1.N.P line');
  return v;
}

function goModCache() {
  return process.env.GOMODCACHE || join(process.env.GOPATH || join(homedir(), 'go'), 'pkg/mod');
}

/** The k8s.io/kubernetes@<version> module directory (default: KJOB_SCHEMA_K8S_VERSION), or null. */
export function kubernetesModuleDir(version = schemaK8sVersion()) {
  const dir = join(goModCache(), 'k8s.io', `kubernetes@${version}`);
  return existsSync(join(dir, 'api/openapi-spec/v3/apis__batch__v1_openapi.json')) ? dir : null;
}

/** The k8s.io/api module of the same release as a k8s.io/kubernetes module directory, or null. */
function stagingModuleDir(k8sDir, name) {
  const m = /kubernetes@v1\.(\d+)\.(\d+)$/.exec(k8sDir);
  if (!m) return null;
  const dir = join(dirname(k8sDir), `${name}@v0.${m[1]}.${m[2]}`);
  return existsSync(dir) ? dir : null;
}

function minorOf(s) {
  const m = /1\.(\d+)/.exec(s ?? '');
  return m ? Number(m[1]) : null;
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

// ---------------------------------------------------------------------------------------------
// Feature gates: `+featureGate=` markers (k8s.io/api types.go) and versioned specs (kube_features.go)

/** Go struct name -> JSON field name -> gate names, from one types.go file. */
function parseGateMarkers(file) {
  const out = new Map();
  if (!existsSync(file)) return out;
  let struct = null;
  let pending = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    let m;
    if ((m = /^type (\w+) struct \{/.exec(line))) {
      struct = m[1];
      pending = [];
      continue;
    }
    if (!struct) continue;
    if (/^\}/.test(line)) {
      struct = null;
      continue;
    }
    if ((m = /^\s*\/\/\s*\+featureGate=([\w,]+)/.exec(line))) {
      pending.push(...m[1].split(',').filter(Boolean));
      continue;
    }
    if (/^\s*\/\//.test(line) || /^\s*$/.test(line)) continue;
    // A field line ends the comment block: attach the markers to its JSON name.
    if ((m = /json:"([^",]+)/.exec(line)) && pending.length) {
      if (!out.has(struct)) out.set(struct, {});
      out.get(struct)[m[1]] = [...new Set(pending)].sort();
    }
    pending = [];
  }
  return out;
}

/**
 * `+featureGate=` markers that name no gate of kube_features.go, and the gate the API server
 * checks instead when it drops the field on create. Each entry names the function of
 * k8s.io/kubernetes that drops the field; the generator fails unless that function tests
 * `features.<gate>`, so an entry cannot outlive the fact it records.
 */
const MARKER_GATES = {
  // k8s.io/api marks PodCertificateProjection's field with a gate of its own name; the drop
  // function tests PodCertificateRequest.
  PodCertificateProjection: { gate: 'PodCertificateRequest', file: 'pkg/api/pod/util.go', func: 'dropDisabledPodCertificateProjection' },
};

/** The gate a marker stands for: itself when kube_features.go defines it, else MARKER_GATES' proven entry. */
function resolveMarkerGate(marker, gateSpecs, k8sDir) {
  if (gateSpecs[marker]) return marker;
  const alias = MARKER_GATES[marker];
  if (!alias) throw new Error(`the +featureGate marker ${marker} names no gate of kube_features.go and MARKER_GATES has no entry for it`);
  const src = readFileSync(join(k8sDir, alias.file), 'utf8');
  const at = src.indexOf(`\nfunc ${alias.func}(`);
  const end = at < 0 ? -1 : src.indexOf('\nfunc ', at + 1);
  const body = at < 0 ? '' : src.slice(at, end < 0 ? undefined : end);
  if (!new RegExp(`\\bfeatures\\.${alias.gate}\\b`).test(body) || !gateSpecs[alias.gate]) {
    throw new Error(`MARKER_GATES: ${alias.file} ${alias.func} does not test features.${alias.gate} (or the gate is undefined): recheck the marker ${marker}`);
  }
  return alias.gate;
}

/** Gate name -> [{ version, default, stage, locked? }] sorted by version, from kube_features.go files. */
export function parseGateSpecs(files) {
  const out = {};
  for (const file of files) {
    if (!file || !existsSync(file)) continue;
    let gate = null;
    let inMap = false;
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      let m;
      if (/^var default\w*FeatureGates = map\[featuregate\.Feature\]featuregate\.VersionedSpecs\{/.test(line)) {
        inMap = true;
        continue;
      }
      if (!inMap) continue;
      if (/^\}/.test(line)) {
        inMap = false;
        continue;
      }
      if ((m = /^\t(?:\w+\.)?(\w+): \{$/.exec(line))) {
        gate = m[1];
        continue;
      }
      if (gate && (m = /\{Version: version\.MustParse\("(\d+\.\d+)"\), Default: (true|false), PreRelease: featuregate\.(\w+)(, LockToDefault: true)?\}/.exec(line))) {
        if (out[gate]?.source && out[gate].source !== file) continue;
        (out[gate] ??= { source: file, specs: [] }).specs.push({ version: m[1], default: m[2] === 'true', stage: m[3], ...(m[4] ? { locked: true } : {}) });
      }
    }
  }
  const minor = (v) => Number(v.split('.')[1]);
  return Object.fromEntries(Object.entries(out).map(([g, { specs }]) => [g, specs.sort((a, b) => minor(a.version) - minor(b.version))]));
}

/**
 * client-node's description where it says what the Kubernetes release says (they differ in line
 * breaks only: client-node's have none); the release's own text, line breaks flattened the same
 * way, where it was reworded since client-node's models.
 */
function newestDescription(cn, k8s) {
  if (!k8s) return cn;
  const norm = (x) => x.replace(/\s+/g, ' ').trim();
  return cn && norm(cn) === norm(k8s) ? cn : flatDescription(k8s);
}

/** A client-node model's type: its fields, finished with the release's OpenAPI facts where it has them. */
function modelledType(name, model, apiName, api, enums, refs) {
  const fields = {};
  const required = [];
  for (const a of model.attributes) {
    const d = model.dts.fields[a.name] ?? {};
    const prop = api?.properties?.[a.baseName];
    if (api && !prop) continue; // dropped by the newer release
    fields[a.baseName] = finishField(toType(a.type, a.format, refs), newestDescription(d.description, prop?.description), prop, enums[a.baseName] ?? prop?.enum);
    if (d.optional === false || api?.required?.includes(a.baseName)) required.push(a.baseName);
  }
  const def = { displayName: apiName ? apiName.split('.').pop() : name.replace(/^V\d+(?:alpha\d+|beta\d+)?/, '') };
  if (apiName) def.apiName = apiName;
  const description = newestDescription(model.dts.description, api?.description);
  if (description) def.description = description;
  def.fields = fields;
  if (required.length) def.required = required;
  return def;
}

// ---------------------------------------------------------------------------------------------

export async function generate({ clientNode = clientNodeDir(), k8sDir } = {}) {
  const pkg = JSON.parse(readFileSync(join(clientNode, 'package.json'), 'utf8'));
  const header = readFileSync(join(clientNode, 'dist/gen/models/V1Job.js'), 'utf8');
  const cnRelease = /OpenAPI spec version: (\S+)/.exec(header)?.[1] ?? 'unknown';
  const cnMinor = minorOf(cnRelease);
  if (k8sDir === undefined) k8sDir = kubernetesModuleDir();
  const k8sVersion = k8sDir ? /kubernetes@(v[\d.]+)/.exec(k8sDir)?.[1] ?? null : null;
  const k8sMinor = minorOf(k8sVersion);
  if (k8sMinor !== null && cnMinor !== null && (k8sMinor < cnMinor || k8sMinor > cnMinor + 1)) {
    // A field the release has and the models lack is dated cnMinor + 1; that is only exact one minor apart.
    throw new Error(`k8s.io/kubernetes ${k8sVersion} is not client-node's release line (1.${cnMinor}) or the next one; fields new since then could not be dated`);
  }
  const newer = k8sMinor !== null && k8sMinor > cnMinor;
  const openapi = k8sDir ? loadOpenApi(k8sDir) : null;
  const goEnums = k8sDir ? loadGoEnums(k8sDir) : new Map();
  const apiDir = k8sDir ? stagingModuleDir(k8sDir, 'api') : null;
  if (k8sDir && !apiDir) throw new Error(`k8s.io/api of ${k8sVersion} is not in the Go module cache (needed for +featureGate markers)`);
  const apiserverDir = k8sDir ? stagingModuleDir(k8sDir, 'apiserver') : null;
  const gateSpecs = k8sDir ? parseGateSpecs([join(k8sDir, 'pkg/features/kube_features.go'), apiserverDir && join(apiserverDir, 'pkg/features/kube_features.go')]) : {};
  const markerFiles = new Map();
  // Marker -> gate, resolved once per marker (an alias reads and checks its drop function).
  const markerGates = new Map();
  const gateOf = (marker) => {
    if (!markerGates.has(marker)) markerGates.set(marker, resolveMarkerGate(marker, gateSpecs, k8sDir));
    return markerGates.get(marker);
  };
  const markersFor = (apiName) => {
    const m = /^io\.k8s\.api\.([a-z0-9]+)\.(v\d+(?:alpha\d+|beta\d+)?)\.(\w+)$/.exec(apiName ?? '');
    if (!m || !apiDir) return {};
    const file = join(apiDir, m[1], m[2], 'types.go');
    if (!markerFiles.has(file)) markerFiles.set(file, parseGateMarkers(file));
    return markerFiles.get(file).get(m[3]) ?? {};
  };

  // client-node model name -> OpenAPI model name (V1JobSpec -> io.k8s.api.batch.v1.JobSpec), and back.
  const apiNames = new Map();
  const ids = new Map();
  const cnId = (full) => {
    const m = /\.(v\d+(?:alpha\d+|beta\d+)?)\.(\w+)$/.exec(full);
    return m ? m[1][0].toUpperCase() + m[1].slice(1) + m[2] : null;
  };
  if (openapi) {
    for (const full of Object.keys(openapi)) {
      const cn = cnId(full);
      if (cn && !apiNames.has(cn)) apiNames.set(cn, full), ids.set(full, cn);
    }
  }
  // The type id of an OpenAPI model (client-node's naming; group-prefixed on a clash, like CoreV1ResourceClaim).
  const idFor = (full) => {
    if (ids.has(full)) return ids.get(full);
    const group = /^io\.k8s\.api\.([a-z0-9]+)\./.exec(full)?.[1] ?? 'x';
    const id = group[0].toUpperCase() + group.slice(1) + cnId(full);
    ids.set(full, id);
    return id;
  };

  const cache = new Map();
  const types = {};
  const usedGates = new Set();
  const queue = Object.values(ROOTS);
  const seen = new Set(queue);
  while (queue.length) {
    const name = queue.shift();
    const apiName = apiNames.get(name);
    const api = apiName ? openapi[apiName] : undefined;
    const enums = apiName ? goEnums.get(apiName) ?? {} : {};
    const gates = markersFor(apiName);
    const model = await loadModel(clientNode, name, cache);
    if (!model && !api) throw new Error(`neither client-node nor the Kubernetes OpenAPI has a model ${name}`);
    const refs = new Set();
    const refId = (full) => {
      const id = idFor(full);
      refs.add(id);
      return id;
    };
    // A type client-node has no model for is the release's OpenAPI model, converted as a whole;
    // a modelled one keeps client-node's fields (finished with the release's facts) and gains the
    // release's newer properties, dated when the release is newer than the models.
    const def = model ? modelledType(name, model, apiName, api, enums, refs) : openApiObject(apiName, api, openapi, refId, enums);
    if (model && api) {
      for (const [prop, ps] of Object.entries(api.properties ?? {})) {
        if (def.fields[prop]) continue;
        const f = openApiField(ps, openapi, refId, enums[prop]);
        if (newer) f.since = k8sMinor;
        def.fields[prop] = f;
      }
    }
    for (const [prop, marked] of Object.entries(gates)) {
      if (!def.fields[prop]) continue;
      const g = [...new Set(marked.map(gateOf))].sort();
      def.fields[prop].featureGates = g;
      for (const x of g) usedGates.add(x);
    }
    types[name] = def;
    for (const r of refs) {
      if (seen.has(r)) continue;
      seen.add(r);
      queue.push(r);
      // An OpenAPI-only type reached under an id client-node's naming did not register yet.
      if (!apiNames.has(r)) for (const [full, id] of ids) if (id === r) apiNames.set(r, full);
    }
  }
  const featureGates = {};
  for (const g of [...usedGates].sort()) {
    featureGates[g] = gateSpecs[g];
  }
  const sorted = Object.fromEntries(Object.keys(types).sort().map((k) => [k, types[k]]));
  const release = k8sMinor !== null ? `release-1.${k8sMinor}` : cnRelease;
  // The version facts again, compactly: only the fields that have them and the paths leading to
  // them, so code that needs just these (the version-skew rule, also in the simulator's bundle)
  // imports `versionFacts` alone and bundlers drop the rest of this file.
  const reach = new Map();
  const reaches = (t) => {
    if (t.kind === 'array') return reaches(t.items);
    if (t.kind === 'map') return reaches(t.values);
    if (t.kind !== 'object') return false;
    if (reach.has(t.ref)) return reach.get(t.ref);
    reach.set(t.ref, false);
    const r = Object.values(types[t.ref].fields).some((f) => f.since !== undefined || f.featureGates || reaches(f.type));
    reach.set(t.ref, r);
    return r;
  };
  const factTypes = {};
  for (const id of Object.keys(sorted)) {
    if (!reaches({ kind: 'object', ref: id })) continue;
    const out = {};
    for (const [name, f] of Object.entries(types[id].fields)) {
      const e = {};
      if (f.since !== undefined) e.since = f.since;
      if (f.featureGates) e.featureGates = f.featureGates;
      if (reaches(f.type)) {
        let t = f.type;
        const path = [];
        while (t.kind === 'array' || t.kind === 'map') path.push(t.kind), (t = t.kind === 'array' ? t.items : t.values);
        e.ref = t.ref;
        if (path.length) e.through = path;
      }
      if (Object.keys(e).length) out[name] = e;
    }
    factTypes[id] = out;
  }
  return {
    $comment: 'GENERATED by scripts/gen-schema.mjs. Do not edit. Regenerate with `node scripts/gen-schema.mjs`.',
    sources: {
      clientNode: `@kubernetes/client-node@${pkg.version} models (OpenAPI spec version ${cnRelease})`,
      kubernetes: k8sDir
        ? `k8s.io/kubernetes@${k8sVersion}: api/openapi-spec/v3/apis__batch__v1_openapi.json, pkg/generated/openapi/zz_generated.openapi.go, pkg/features/kube_features.go${apiserverDir ? `; k8s.io/apiserver@${/@(v[\d.]+)$/.exec(apiserverDir)?.[1]}: pkg/features/kube_features.go` : ''}; k8s.io/api@${/@(v[\d.]+)$/.exec(apiDir)?.[1]}: +featureGate markers`
        : null,
    },
    release,
    roots: ROOTS,
    versionFacts: { roots: ROOTS, featureGates, types: factTypes },
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
  const k8sDir = kubernetesModuleDir();
  const current = existsSync(out) ? readFileSync(out, 'utf8') : null;
  if (!k8sDir && current) {
    const why = `k8s.io/kubernetes@${schemaK8sVersion()} is not in the Go module cache (${goModCache()})`;
    if (check) {
      console.error(`gen-schema: cannot check: ${why}`);
      process.exit(2);
    }
    console.log(`gen-schema: ${why}; keeping the committed schema`);
    return;
  }
  const schema = await generate({ k8sDir });
  const text = serialize(schema);
  if (check) {
    if (current !== text) {
      console.error(`gen-schema: ${out} is out of date; run node scripts/gen-schema.mjs`);
      process.exit(1);
    }
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

/**
 * Kubeconfig loading as kubectl does it (client-go's loading rules), without I/O of its own:
 * - an explicit path (the `kjob.kubeconfig` setting, like `--kubeconfig`) is used alone and must exist;
 * - otherwise every file in KUBECONFIG (split on the platform's list separator, empty entries and
 *   duplicates dropped, missing files skipped) is merged; otherwise ~/.kube/config;
 * - merging: for clusters, users and contexts the first file to define a name wins; the first
 *   file to set current-context wins;
 * - relative file references (certificate-authority, client-certificate, client-key, tokenFile,
 *   and an exec command containing a path separator) are resolved against the defining file's folder;
 * - a context without a namespace means "default".
 */
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';

export interface NamedEntry {
  name: string;
  [k: string]: unknown;
}

export interface RawKubeconfig {
  apiVersion: 'v1';
  kind: 'Config';
  clusters: NamedEntry[];
  users: NamedEntry[];
  contexts: NamedEntry[];
  'current-context': string;
}

export interface ContextInfo {
  name: string;
  cluster: string;
  user: string;
  namespace: string;
  /** The namespace was set explicitly in the kubeconfig. */
  namespaceExplicit: boolean;
}

export interface MergedKubeconfig {
  raw: RawKubeconfig;
  contexts: ContextInfo[];
  currentContext: string;
  /** Files actually read, in precedence order. */
  files: string[];
  /** Problems a user should see (unreadable or invalid files, dangling references). */
  errors: string[];
}

export interface KubeconfigSource {
  explicitPath?: string;
  /** process.env.KUBECONFIG */
  envKubeconfig?: string;
  home?: string;
  delimiter?: string;
}

/** The files to read, in precedence order, and whether they must exist. */
export function kubeconfigPaths(src: KubeconfigSource): { paths: string[]; mustExist: boolean } {
  if (src.explicitPath && src.explicitPath.trim()) {
    return { paths: [expandHome(src.explicitPath.trim(), src.home)], mustExist: true };
  }
  if (src.envKubeconfig && src.envKubeconfig.length) {
    const seen = new Set<string>();
    const paths: string[] = [];
    for (const p of src.envKubeconfig.split(src.delimiter ?? path.delimiter)) {
      if (!p || seen.has(p)) continue;
      seen.add(p);
      paths.push(p);
    }
    return { paths, mustExist: false };
  }
  return { paths: src.home ? [path.join(src.home, '.kube', 'config')] : [], mustExist: false };
}

function expandHome(p: string, home: string | undefined): string {
  if (home && (p === '~' || p.startsWith('~/'))) return path.join(home, p.slice(1));
  return p;
}

const CLUSTER_PATH_KEYS = ['certificate-authority'];
const USER_PATH_KEYS = ['client-certificate', 'client-key', 'tokenFile'];

function resolveIn(dir: string, p: unknown): unknown {
  return typeof p === 'string' && p !== '' && !path.isAbsolute(p) ? path.join(dir, p) : p;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Resolves a file's relative references against its own folder (returns copies). */
function resolveFilePaths(doc: Record<string, unknown>, file: string): { clusters: NamedEntry[]; users: NamedEntry[]; contexts: NamedEntry[] } {
  const dir = path.dirname(path.resolve(file));
  const list = (k: string): NamedEntry[] =>
    (Array.isArray(doc[k]) ? (doc[k] as unknown[]) : []).filter(
      (e): e is NamedEntry => isRecord(e) && typeof e.name === 'string' && e.name !== '',
    );
  const clusters = list('clusters').map((c) => {
    const inner = isRecord(c.cluster) ? { ...c.cluster } : {};
    for (const k of CLUSTER_PATH_KEYS) if (k in inner) inner[k] = resolveIn(dir, inner[k]);
    return { ...c, cluster: inner };
  });
  const users = list('users').map((u) => {
    const inner = isRecord(u.user) ? { ...u.user } : {};
    for (const k of USER_PATH_KEYS) if (k in inner) inner[k] = resolveIn(dir, inner[k]);
    if (isRecord(inner.exec)) {
      const exec = { ...inner.exec };
      if (typeof exec.command === 'string' && exec.command.includes(path.sep)) exec.command = resolveIn(dir, exec.command);
      inner.exec = exec;
    }
    return { ...u, user: inner };
  });
  return { clusters, users, contexts: list('contexts') };
}

/** Merges already-read files (in precedence order). A file's text of `undefined` means it does not exist. */
export function mergeKubeconfigs(files: { path: string; text: string | undefined }[], mustExist = false): MergedKubeconfig {
  const errors: string[] = [];
  const raw: RawKubeconfig = { apiVersion: 'v1', kind: 'Config', clusters: [], users: [], contexts: [], 'current-context': '' };
  const read: string[] = [];
  const have = { clusters: new Set<string>(), users: new Set<string>(), contexts: new Set<string>() };
  for (const f of files) {
    if (f.text === undefined) {
      if (mustExist) errors.push(`${f.path}: file not found`);
      continue;
    }
    let doc: unknown;
    try {
      doc = f.text.trim() === '' ? {} : parseYaml(f.text);
    } catch (e) {
      errors.push(`${f.path}: not valid YAML: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
      continue;
    }
    if (doc === null || doc === undefined) doc = {};
    if (!isRecord(doc)) {
      errors.push(`${f.path}: expected a kubeconfig mapping`);
      continue;
    }
    read.push(f.path);
    const resolved = resolveFilePaths(doc, f.path);
    for (const k of ['clusters', 'users', 'contexts'] as const) {
      for (const e of resolved[k]) {
        if (have[k].has(e.name)) continue;
        have[k].add(e.name);
        raw[k].push(e);
      }
    }
    const cc = doc['current-context'];
    if (!raw['current-context'] && typeof cc === 'string' && cc) raw['current-context'] = cc;
  }
  const contexts: ContextInfo[] = raw.contexts.map((c) => {
    const inner = isRecord(c.context) ? c.context : {};
    const ns = typeof inner.namespace === 'string' && inner.namespace ? inner.namespace : '';
    const info: ContextInfo = {
      name: c.name,
      cluster: typeof inner.cluster === 'string' ? inner.cluster : '',
      user: typeof inner.user === 'string' ? inner.user : '',
      namespace: ns || 'default',
      namespaceExplicit: !!ns,
    };
    if (!have.clusters.has(info.cluster)) errors.push(`context "${c.name}": cluster "${info.cluster}" is not defined`);
    if (info.user && !have.users.has(info.user)) errors.push(`context "${c.name}": user "${info.user}" is not defined`);
    return info;
  });
  if (raw['current-context'] && !have.contexts.has(raw['current-context'])) {
    errors.push(`current-context "${raw['current-context']}" is not defined`);
  }
  return { raw, contexts, currentContext: raw['current-context'], files: read, errors };
}

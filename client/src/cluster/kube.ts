/**
 * Thin I/O over @kubernetes/client-node: build a KubeConfig for one context from the merged
 * kubeconfig, and make raw JSON requests with its authentication (the generated API classes turn
 * 20,000 pods into class instances; the tree needs plain JSON).
 */
import { readFileSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HttpMethod, IsomorphicFetchHttpLibrary, KubeConfig, RequestContext } from '@kubernetes/client-node';
import { kubeconfigPaths, mergeKubeconfigs, type MergedKubeconfig } from './kubeconfig';
import { resolveExecPlugins, type MissingPlugin } from './shellPath';

export interface LoadedKubeconfig extends MergedKubeconfig {
  /** Files that were looked for (for messages). */
  searched: string[];
  missingPlugins: MissingPlugin[];
  searchPath: string;
}

export function readKubeconfig(opts: { explicitPath?: string; env?: NodeJS.ProcessEnv; home?: string; searchPath?: string }): LoadedKubeconfig {
  const env = opts.env ?? process.env;
  const { paths, mustExist } = kubeconfigPaths({ explicitPath: opts.explicitPath, envKubeconfig: env.KUBECONFIG, home: opts.home ?? os.homedir() });
  const files = paths.map((p) => {
    try {
      if (!statSync(p).isFile()) return { path: p, text: undefined };
      return { path: p, text: readFileSync(p, 'utf8') };
    } catch {
      return { path: p, text: undefined };
    }
  });
  const merged = mergeKubeconfigs(files, mustExist);
  const searchPath = opts.searchPath ?? env.PATH ?? '';
  const { raw, missing } = resolveExecPlugins(merged.raw, searchPath);
  return { ...merged, raw, searched: paths, missingPlugins: missing, searchPath };
}

export function hasAnyContext(k: LoadedKubeconfig): boolean {
  return k.contexts.length > 0;
}

/** A KubeConfig whose current context is `context`. */
export function kubeConfigFor(k: LoadedKubeconfig, context: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromString(JSON.stringify({ ...k.raw, 'current-context': context }));
  kc.setCurrentContext(context);
  return kc;
}

export class KubeApiError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly body: unknown,
  ) {
    super(message);
    this.name = 'KubeApiError';
  }
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  signal?: AbortSignal;
}

const http = new IsomorphicFetchHttpLibrary();

/** One API request; JSON in and out. Non-2xx responses throw KubeApiError carrying the Status body. */
export async function kubeRequest<T = any>(kc: KubeConfig, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', apiPath: string, opts: RequestOptions = {}): Promise<T> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error(`context "${kc.getCurrentContext()}" has no cluster`);
  const url = new URL(cluster.server.replace(/\/$/, '') + apiPath);
  for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
  const ctx = new RequestContext(url.toString(), HttpMethod[method]);
  ctx.setHeaderParam('Accept', 'application/json');
  if (opts.body !== undefined) {
    ctx.setHeaderParam('Content-Type', opts.contentType ?? 'application/json');
    ctx.setBody(typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body));
  }
  if (opts.signal) ctx.setSignal(opts.signal);
  await kc.applySecurityAuthentication(ctx);
  const resp = await http.send(ctx).toPromise();
  const text = await resp.body.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (resp.httpStatusCode < 200 || resp.httpStatusCode >= 300) {
    const message = (json && typeof json.message === 'string' && json.message) || text.slice(0, 300) || `HTTP ${resp.httpStatusCode}`;
    throw new KubeApiError(resp.httpStatusCode, message, json ?? text);
  }
  return json as T;
}

/**
 * A paged list (limit/continue) returning plain items and the list's resourceVersion. The first
 * page is small so a huge namespace can paint early (onPage); later pages are larger.
 */
export async function listAll<T>(
  kc: KubeConfig,
  apiPath: string,
  query: Record<string, string | undefined> = {},
  pageSize = 2000,
  signal?: AbortSignal,
  onPage?: (items: T[], more: boolean) => void,
): Promise<{ items: T[]; resourceVersion: string }> {
  const items: T[] = [];
  let cont: string | undefined;
  let resourceVersion = '';
  let first = true;
  do {
    const limit = first ? Math.min(500, pageSize) : pageSize;
    first = false;
    const page: any = await kubeRequest(kc, 'GET', apiPath, { query: { ...query, limit, continue: cont }, signal });
    const got: T[] = page.items ?? [];
    for (const it of got) items.push(it);
    resourceVersion = page.metadata?.resourceVersion ?? resourceVersion;
    cont = page.metadata?.continue || undefined;
    onPage?.(got, !!cont);
  } while (cont);
  return { items, resourceVersion };
}

export function jobsPath(ns: string, name?: string): string {
  return `/apis/batch/v1/namespaces/${encodeURIComponent(ns)}/jobs${name ? `/${encodeURIComponent(name)}` : ''}`;
}

export function podsPath(ns: string, name?: string): string {
  return `/api/v1/namespaces/${encodeURIComponent(ns)}/pods${name ? `/${encodeURIComponent(name)}` : ''}`;
}

export const homeKubeconfig = (): string => path.join(os.homedir(), '.kube', 'config');

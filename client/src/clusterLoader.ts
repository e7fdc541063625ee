/**
 * The one place the extension loads the cluster half (client/out/cluster.js, built from
 * client/src/cluster/bundle.ts): @kubernetes/client-node, undici and client/src/cluster/** are about
 * half of the client's code and are needed only once the Jobs view shows data or a cluster command
 * runs, so they are require()d at that first use instead of at activation. Callers import only
 * types from client/src/cluster/**; values come from `cluster()`.
 */
import * as path from 'node:path';
import type * as ClusterApi from './cluster/bundle';

export type Cluster = typeof ClusterApi;

let loaded: Cluster | undefined;

/** The cluster half's exports, loaded (synchronously) on the first call. */
export function cluster(): Cluster {
  if (loaded) return loaded;
  // In the built extension this file is part of client/out/extension.js, next to cluster.js. Run
  // from source (tsx), it loads the TypeScript entry instead. The path is computed so that esbuild
  // leaves the require() alone rather than inlining the cluster half into the extension bundle.
  const fromSource = path.extname(__filename) === '.ts';
  const target = fromSource ? path.join(__dirname, 'cluster', 'bundle.ts') : path.join(__dirname, 'cluster.js');
  loaded = require(target) as Cluster;
  return loaded;
}

/** Whether the cluster half has been loaded (for tests and logging). */
export function clusterLoaded(): boolean {
  return loaded !== undefined;
}

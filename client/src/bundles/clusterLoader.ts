/**
 * Loads client/out/cluster.js (entry bundles/cluster.ts): @kubernetes/client-node, undici, the
 * cluster session and watches, the tree model, log streaming and the Job actions' API calls. The
 * cluster host (client/src/cluster/host.ts) and the glue call cluster() when they first need it, so
 * activation does not load it. One loader per bundle: a module that imports a loader depends (as a
 * type) only on that bundle, which keeps Ctx (that holds the host) out of the other bundles' imports.
 */
import { lazyBundle } from './lazyBundle';
import type * as ClusterApi from './cluster';

export type Cluster = typeof ClusterApi;

const bundle = lazyBundle<Cluster>('cluster');

/** The cluster half's exports, loaded (synchronously) on the first call. */
export const cluster = (): Cluster => bundle.get();

/** Whether the cluster half has been loaded (for tests and logging). */
export const clusterLoaded = (): boolean => bundle.loaded();

/**
 * Loads client/out/local.js (entry bundles/local.ts): YAML parsing, the simulator, the local runner
 * and `yaml`'s stringify, on the first Simulate/Run locally CodeLens or command, or the first Job
 * action or Apply that needs YAML.
 */
import { lazyBundle } from './lazyBundle';
import type * as LocalApi from './local';

export type Local = typeof LocalApi;

const bundle = lazyBundle<Local>('local');

/** The local half's exports, loaded (synchronously) on the first call. */
export const local = (): Local => bundle.get();

export const localLoaded = (): boolean => bundle.loaded();

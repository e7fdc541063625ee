/** The one place the extension loads client/out/local.js (client/src/local/bundle.ts); see lazyBundle.ts. */
import { lazyBundle } from '../lazyBundle';
import type * as LocalApi from './bundle';

export type Local = typeof LocalApi;

const bundle = lazyBundle<Local>('local.js', 'local/bundle.ts');

/** The local half's exports, loaded (synchronously) on the first call. */
export const local = (): Local => bundle.get();

/** Whether the local half has been loaded (for tests and logging). */
export const localLoaded = (): boolean => bundle.loaded();

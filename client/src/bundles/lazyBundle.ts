/**
 * Lazily required parts of the client. Activation loads only client/out/extension.js (registrations
 * and thin glue); the heavy parts are separate bundles next to it (scripts/build.mjs), each built
 * from an entry in this folder (cluster.ts, local.ts, language.ts) and require()d the first time
 * something needs it, through its loader (clusterLoader.ts, localLoader.ts, languageLoader.ts).
 * Callers import only types from the entries; values come from the loaders.
 */
import * as path from 'node:path';

export interface LazyBundle<T> {
  /** The bundle's exports, loaded synchronously on the first call. */
  get(): T;
  /** Whether the bundle has been loaded. */
  loaded(): boolean;
}

/**
 * `name` is the bundle's name: client/out/<name>.js, built from client/src/bundles/<name>.ts
 * (which is what is loaded when the client runs from source, under tsx).
 */
export function lazyBundle<T>(name: string): LazyBundle<T> {
  let mod: T | undefined;
  return {
    get(): T {
      if (mod) return mod;
      // The path is computed so that esbuild leaves the require() alone instead of inlining the
      // bundle into client/out/extension.js.
      const fromSource = path.extname(__filename) === '.ts';
      mod = require(path.join(__dirname, `${name}${fromSource ? '.ts' : '.js'}`)) as T;
      return mod;
    },
    loaded: () => mod !== undefined,
  };
}

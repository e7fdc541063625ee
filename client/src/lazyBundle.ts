/**
 * Lazily required parts of the client. Activation loads only client/out/extension.js (registrations
 * and thin glue); the heavy parts are separate bundles next to it (scripts/build.mjs), each
 * require()d the first time something needs it:
 *
 *  - client/out/language.js  (client/src/language/client.ts): vscode-languageclient and the client
 *    setup, loaded on the turn of the event loop right after activate() (client/src/language/start.ts);
 *  - client/out/local.js     (client/src/local/bundle.ts): YAML parsing, the simulator, the local
 *    runner, `yaml`'s stringify; loaded by the first Simulate/Run locally CodeLens or command, or by a
 *    Job action that needs YAML;
 *  - client/out/cluster.js   (client/src/cluster/bundle.ts, through client/src/clusterLoader.ts).
 *
 * Callers import only types from those entry modules; values come from `lazyBundle(...).get()`.
 */
import * as path from 'node:path';

export interface LazyBundle<T> {
  /** The bundle's exports, loaded synchronously on the first call. */
  get(): T;
  /** Whether the bundle has been loaded. */
  loaded(): boolean;
}

/**
 * `bundle` is the file name in client/out; `sourceEntry` the entry's path relative to client/src,
 * used when the client runs from source (tsx: this file is then client/src/lazyBundle.ts).
 */
export function lazyBundle<T>(bundle: string, sourceEntry: string): LazyBundle<T> {
  let mod: T | undefined;
  return {
    get(): T {
      if (mod) return mod;
      // The path is computed so that esbuild leaves the require() alone instead of inlining the
      // bundle into client/out/extension.js.
      const fromSource = path.extname(__filename) === '.ts';
      mod = require(path.join(__dirname, fromSource ? sourceEntry : bundle)) as T;
      return mod;
    },
    loaded: () => mod !== undefined,
  };
}

/**
 * Entry of client/out/local.js (scripts/build.mjs): the client's code that works on YAML text in the
 * extension host — the Simulate / Run locally implementation (YAML parsing, the simulator, the local
 * runner) and `yaml`'s stringify for the Job actions' read-only YAML views. Loaded through
 * localLoader.ts on first use, never at activation.
 */
export { createSimulateFeature } from '../simulate/feature';
export { parseFile } from '../../../core/yaml/document';
export { stringify } from 'yaml';

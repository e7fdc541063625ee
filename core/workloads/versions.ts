/**
 * Kubernetes version awareness: the target server's minor version, and when each Job field became
 * usable (on by default) or was GA. Facts from pkg/features/kube_features.go history and the Job
 * KEPs; a field whose gate is off is silently dropped by the server on create.
 */
// A named import: bundlers keep only this property of the generated JSON, not the schema.
import { release as schemaRelease } from '../schema/generated/batch-v1.json';

export type MinorVersion = number;

/**
 * The newest minor the shipped schema covers (its `release`, e.g. `release-1.37`: the Kubernetes
 * release scripts/gen-schema.mjs generated it from, KJOB_SCHEMA_K8S_VERSION in scripts/k8s-version.sh).
 */
export const SCHEMA_MINOR: MinorVersion = Number(/1\.(\d+)/.exec(schemaRelease)?.[1] ?? NaN);

/** The default target version (`kjob.kubernetesVersion`): the newest release the schema covers. */
export const DEFAULT_KUBERNETES_VERSION = `1.${SCHEMA_MINOR}`;

/** Parses "1.36", "v1.36.2", "36" → 36; falls back to the schema's minor. */
export function parseMinor(v: string | undefined): MinorVersion {
  if (!v) return SCHEMA_MINOR;
  const m = /^v?(?:1\.)?(\d+)(?:\.\d+)?$/.exec(v.trim());
  return m ? Number(m[1]) : SCHEMA_MINOR;
}

export function atLeast(v: MinorVersion, minor: number): boolean {
  return v >= minor;
}

export interface FieldGate {
  /** Job-relative path (under `spec`). */
  field: string;
  gate: string;
  alpha: number;
  beta: number;
  ga?: number;
}

/** Fields that an older server drops (gate off by default) or does not know at all. */
export const JOB_FIELD_GATES: FieldGate[] = [
  { field: 'ttlSecondsAfterFinished', gate: 'TTLAfterFinished', alpha: 12, beta: 21, ga: 23 },
  { field: 'completionMode', gate: 'IndexedJob', alpha: 21, beta: 22, ga: 24 },
  { field: 'suspend', gate: 'SuspendJob', alpha: 21, beta: 22, ga: 24 },
  { field: 'podFailurePolicy', gate: 'JobPodFailurePolicy', alpha: 25, beta: 26, ga: 31 },
  { field: 'backoffLimitPerIndex', gate: 'JobBackoffLimitPerIndex', alpha: 28, beta: 29, ga: 33 },
  { field: 'maxFailedIndexes', gate: 'JobBackoffLimitPerIndex', alpha: 28, beta: 29, ga: 33 },
  { field: 'podReplacementPolicy', gate: 'JobPodReplacementPolicy', alpha: 28, beta: 29, ga: 34 },
  { field: 'successPolicy', gate: 'JobSuccessPolicy', alpha: 30, beta: 31, ga: 33 },
  { field: 'managedBy', gate: 'JobManagedBy', alpha: 30, beta: 32, ga: 35 },
];

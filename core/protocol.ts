/**
 * The protocol shared by the client and the server: the settings shape the client sends in answer
 * to `workspace/configuration` (section `kjob`), and custom methods (`kjob/<verb>`).
 * Imported by both sides; no editor or LSP imports here.
 */
import type { Severity } from './check/problem';
import type { CheckSettings } from './check/rules/types';
import { DEFAULT_KUBERNETES_VERSION } from './workloads/versions';

/** Configuration section the server asks for. */
export const SETTINGS_SECTION = 'kjob';

/** Typed settings for one resource, as the client's configuration middleware builds them. */
export interface KjobSettings {
  /** Target Kubernetes minor version, e.g. "1.37" (`kjob.kubernetesVersion`). */
  kubernetesVersion: string;
  lint: {
    /** Per-code severity overrides, 'off' disables (`kjob.lint.severities`). */
    severities: Record<string, Severity | 'off'>;
  };
  /**
   * Absolute path of an OpenAPI v3 document (e.g. a cluster's /openapi/v3/apis/batch/v1) to use
   * instead of the bundled schema, or '' (`kjob.openapiFile`; the client resolves relative paths).
   */
  openapiFile: string;
}

export const DEFAULT_SETTINGS: KjobSettings = { kubernetesVersion: DEFAULT_KUBERNETES_VERSION, lint: { severities: {} }, openapiFile: '' };

const SEVERITIES = new Set(['error', 'warning', 'information', 'hint', 'off']);

/** Accepts anything (a stale or hand-edited configuration) and returns valid settings. */
export function normalizeSettings(raw: unknown): KjobSettings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const version = typeof r.kubernetesVersion === 'string' && /^1\.\d+$/.test(r.kubernetesVersion.trim()) ? r.kubernetesVersion.trim() : DEFAULT_SETTINGS.kubernetesVersion;
  const lint = (r.lint && typeof r.lint === 'object' ? r.lint : {}) as Record<string, unknown>;
  const sev = (lint.severities && typeof lint.severities === 'object' ? lint.severities : {}) as Record<string, unknown>;
  const severities: Record<string, Severity | 'off'> = {};
  for (const [k, v] of Object.entries(sev)) if (typeof v === 'string' && SEVERITIES.has(v)) severities[k] = v as Severity | 'off';
  const openapiFile = typeof r.openapiFile === 'string' ? r.openapiFile.trim() : '';
  return { kubernetesVersion: version, lint: { severities }, openapiFile };
}

export function toCheckSettings(s: KjobSettings): CheckSettings {
  return { kubernetesVersion: s.kubernetesVersion, severities: s.lint.severities };
}

/** Custom methods (`kjob/<verb>`), one constant each; add new ones here. */
export const Methods = {} as const;

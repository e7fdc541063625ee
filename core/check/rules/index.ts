/** The rule registry. Each rule lives in its own file in this folder (api/: API server parity, lint/: Job pitfalls). */
import type { Rule } from './types';
import { restartPolicyRule } from './api/restartPolicy';
import { nonNegativeRule } from './api/nonNegative';
import { completionModeRule } from './api/completionMode';
import { backoffLimitPerIndexRule } from './api/backoffLimitPerIndex';
import { managedByRule } from './api/managedBy';
import { podReplacementPolicyRule } from './api/podReplacementPolicy';
import { podFailurePolicyRule } from './api/podFailurePolicy';
import { successPolicyRule } from './api/successPolicy';
import { selectorRule } from './api/selector';
import { jobNameRule, jobNameWarningRule } from './api/jobName';
import { labelsRule } from './api/labels';
import { containersRule } from './api/containers';
import { envRule } from './api/env';
import { portsRule } from './api/ports';
import { resourcesRule } from './api/resources';
import { volumesRule } from './api/volumes';
import { probesRule } from './api/probes';
import { podSpecFieldsRule } from './api/podSpecFields';
import { createWarningsRule } from './api/createWarnings';
import { versionSkewRule } from './api/versionSkew';
import { cronJobRule } from './api/cronJob';
import { schedulingRule } from './api/scheduling';
import { securityContextRule } from './api/securityContext';
import { windowsOptionsRule } from './api/windowsOptions';
import { restartPolicyRulesRule } from './api/restartPolicyRules';
import { securityAnnotationsRule } from './api/securityAnnotations';
import { hostNetworkRule } from './api/hostNetwork';
import { dnsConfigRule } from './api/dnsConfig';
import { podOSRule } from './api/podOS';
import { hostUsersRule } from './api/hostUsers';
import { lifecycleRule } from './api/lifecycle';
import { resizePolicyRule } from './api/resizePolicy';
import { affinityRule } from './api/affinity';
import { topologySpreadRule } from './api/topologySpread';
import { resourceClaimsRule } from './api/resourceClaims';
import { envFromRule } from './api/envFrom';
import { volumeSourcesRule } from './api/volumeSources';
import { volumeMountOptionsRule } from './api/volumeMountOptions';
import { volumeDevicesRule } from './api/volumeDevices';
import { portWarningsRule } from './api/portWarnings';
import { podSpecWarningsRule } from './api/podSpecWarnings';
import { literalCompletionIndexRule, completionIndexNonIndexedRule } from './lint/completionIndex';
import { undefinedVarRule } from './lint/undefinedVar';
import { onFailureBackoffRule } from './lint/onFailureBackoff';
import { missingTtlRule, ttlInCronJobRule } from './lint/ttl';
import { deadlineVsBackoffRule } from './lint/deadlineVsBackoff';
import { parallelismRule } from './lint/parallelism';
import { ignoreExitCodesRule, unreachableRuleRule } from './lint/podFailurePolicyLints';
import { cronNeverFiresRule } from './lint/cronNeverFires';

export const rules: Rule[] = [
  // API server parity (errors) and create warnings
  jobNameRule,
  cronJobRule,
  labelsRule,
  selectorRule,
  nonNegativeRule,
  backoffLimitPerIndexRule,
  managedByRule,
  completionModeRule,
  podFailurePolicyRule,
  successPolicyRule,
  podReplacementPolicyRule,
  containersRule,
  envRule,
  portsRule,
  resourcesRule,
  volumesRule,
  probesRule,
  podSpecFieldsRule,
  schedulingRule,
  securityContextRule,
  windowsOptionsRule,
  restartPolicyRulesRule,
  securityAnnotationsRule,
  hostNetworkRule,
  dnsConfigRule,
  podOSRule,
  hostUsersRule,
  lifecycleRule,
  resizePolicyRule,
  affinityRule,
  topologySpreadRule,
  resourceClaimsRule,
  envFromRule,
  volumeSourcesRule,
  volumeMountOptionsRule,
  volumeDevicesRule,
  restartPolicyRule,
  jobNameWarningRule,
  createWarningsRule,
  portWarningsRule,
  podSpecWarningsRule,
  versionSkewRule,
  // Job pitfall lints
  literalCompletionIndexRule,
  completionIndexNonIndexedRule,
  undefinedVarRule,
  onFailureBackoffRule,
  missingTtlRule,
  ttlInCronJobRule,
  deadlineVsBackoffRule,
  parallelismRule,
  ignoreExitCodesRule,
  unreachableRuleRule,
  cronNeverFiresRule,
];

/** Lint codes with their default severities (documented in the README; overridable in settings). */
export const LINT_DEFAULTS: Record<string, 'error' | 'warning' | 'information' | 'hint'> = {
  'job/literal-completion-index': 'warning',
  'job/completion-index-nonindexed': 'warning',
  'job/undefined-var-reference': 'warning',
  'job/onfailure-finite-backoff': 'warning',
  'job/missing-ttl': 'information',
  'job/ttl-in-cronjob': 'information',
  'job/deadline-shorter-than-backoff': 'warning',
  'job/parallelism-exceeds-completions': 'information',
  'job/pod-failure-policy-ignore-exit-codes': 'warning',
  'job/unreachable-pod-failure-rule': 'warning',
  'cronjob/never-fires': 'warning',
};

/** The rule that produced a problem code (for quick fixes). */
export function ruleForCode(code: string): Rule | undefined {
  return rules.find((r) => r.id === code) ?? CODE_OWNERS[code];
}

const CODE_OWNERS: Record<string, Rule> = {
  'api/name-warning': jobNameWarningRule,
  'api/quantity': resourcesRule,
  'job/completion-index-nonindexed': completionIndexNonIndexedRule,
  'job/ttl-in-cronjob': ttlInCronJobRule,
};

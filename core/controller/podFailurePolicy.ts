/** podFailurePolicy matching: rules in order, first match decides. */
import type { CPod, ContainerState, PodFailurePolicyRule } from './types';

export interface PolicyMatch {
  /** FailJob message when a FailJob rule matched. */
  failJobMessage?: string;
  /** Whether the failure counts towards backoffLimit (false for Ignore). */
  countFailed: boolean;
  action?: string;
  ruleIndex?: number;
}

const KNOWN_ACTIONS = new Set(['FailJob', 'FailIndex', 'Ignore', 'Count']);

export function matchPodFailurePolicy(policy: { rules: PodFailurePolicyRule[] } | undefined, pod: CPod): PolicyMatch {
  if (!policy) return { countFailed: true };
  const rules = policy.rules ?? [];
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i];
    if (!KNOWN_ACTIONS.has(rule.action)) continue;
    if (rule.onExitCodes) {
      const hit = matchExitCodes(rule.onExitCodes, pod);
      if (!hit) continue;
      return actionResult(rule.action, i, `Container ${hit.name} for pod ${pod.namespace}/${pod.name} failed with exit code ${hit.terminated!.exitCode} matching FailJob rule at index ${i}`);
    }
    if (rule.onPodConditions) {
      const cond = matchConditions(rule.onPodConditions, pod);
      if (cond === undefined) continue;
      return actionResult(rule.action, i, `Pod ${pod.namespace}/${pod.name} has condition ${cond} matching FailJob rule at index ${i}`);
    }
  }
  return { countFailed: true };
}

function actionResult(action: string, ruleIndex: number, failMessage: string): PolicyMatch {
  switch (action) {
    case 'FailJob':
      return { failJobMessage: failMessage, countFailed: true, action, ruleIndex };
    case 'Ignore':
      return { countFailed: false, action, ruleIndex };
    default:
      return { countFailed: true, action, ruleIndex };
  }
}

function matchExitCodes(req: { containerName?: string; operator: string; values: number[] }, pod: CPod): ContainerState | undefined {
  const tryList = (list: ContainerState[]) => {
    for (const c of list) {
      if (req.containerName && req.containerName !== c.name) continue;
      if (!c.terminated) continue;
      const code = c.terminated.exitCode;
      if (code === 0) continue;
      const inValues = (req.values ?? []).includes(code);
      if ((req.operator === 'In' && inValues) || (req.operator === 'NotIn' && !inValues)) return c;
    }
    return undefined;
  };
  return tryList(pod.containerStatuses) ?? tryList(pod.initContainerStatuses);
}

function matchConditions(patterns: { type: string; status?: string }[], pod: CPod): string | undefined {
  for (const pattern of patterns) {
    for (const c of pod.conditions) {
      if (c.type === pattern.type && c.status === (pattern.status || 'True')) return c.type;
    }
  }
  return undefined;
}

/**
 * What a Job, pod, container or index node looks like: label, codicon, description, tooltip.
 * Icons are codicon ids plus a theme color id; the view glue turns them into ThemeIcons.
 */
import { INDEX_STATE_LABEL, conditionTrue, isIndexed, podPhase, type IndexInfo, type IndexStateKind, type PodPhaseKind } from './jobState';
import type { Condition, ContainerStatus, JobObject, PodObject } from './types';

export interface Icon {
  id: string;
  color?: string;
}

export type JobPhase = 'complete' | 'failed' | 'successCriteriaMet' | 'failureTarget' | 'suspended' | 'running' | 'pending';

export function jobPhase(job: JobObject): { phase: JobPhase; reason?: string } {
  const cond = (t: string): Condition | undefined => job.status?.conditions?.find((c) => c.type === t && c.status === 'True');
  const failed = cond('Failed');
  if (failed) return { phase: 'failed', reason: failed.reason };
  if (cond('Complete')) return { phase: 'complete' };
  const target = cond('FailureTarget');
  if (target) return { phase: 'failureTarget', reason: target.reason };
  const met = cond('SuccessCriteriaMet');
  if (met) return { phase: 'successCriteriaMet', reason: met.reason };
  if (conditionTrue(job, 'Suspended') || job.spec?.suspend) return { phase: 'suspended' };
  if ((job.status?.active ?? 0) > 0 || job.status?.startTime) return { phase: 'running' };
  return { phase: 'pending' };
}

const JOB_ICON: Record<JobPhase, Icon> = {
  complete: { id: 'pass', color: 'testing.iconPassed' },
  successCriteriaMet: { id: 'pass', color: 'testing.iconPassed' },
  failed: { id: 'error', color: 'testing.iconFailed' },
  failureTarget: { id: 'error', color: 'testing.iconFailed' },
  suspended: { id: 'debug-pause', color: 'disabledForeground' },
  running: { id: 'play-circle', color: 'charts.blue' },
  pending: { id: 'clock' },
};

export function jobIcon(job: JobObject): Icon {
  return JOB_ICON[jobPhase(job).phase];
}

export function jobStateText(job: JobObject): string {
  const { phase, reason } = jobPhase(job);
  switch (phase) {
    case 'complete':
      return 'Complete';
    case 'failed':
      return reason ? `Failed: ${reason}` : 'Failed';
    case 'successCriteriaMet':
      return 'Succeeding (pods terminating)';
    case 'failureTarget':
      return reason ? `Failing: ${reason} (pods terminating)` : 'Failing (pods terminating)';
    case 'suspended':
      return 'Suspended';
    case 'running':
      return 'Running';
    default:
      return 'Pending';
  }
}

/** `7/10 ✓ · 1 ✗ · 2 running` (work queues without completions: `7 ✓ · …`). */
export function jobDescription(job: JobObject): string {
  const s = job.status ?? {};
  const completions = job.spec?.completions;
  const parts = [completions === null || completions === undefined ? `${s.succeeded ?? 0} ✓` : `${s.succeeded ?? 0}/${completions} ✓`];
  if (s.failed) parts.push(`${s.failed} ✗`);
  if (s.active) parts.push(`${s.active} running`);
  if (s.terminating) parts.push(`${s.terminating} terminating`);
  const { phase, reason } = jobPhase(job);
  if (phase === 'suspended') parts.push('suspended');
  if (phase === 'failed') parts.push(reason ?? 'failed');
  return parts.join(' · ');
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${s % 60 ? `${s % 60}s` : ''}`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h${m % 60 ? `${m % 60}m` : ''}`;
  return `${Math.floor(h / 24)}d${h % 24 ? `${h % 24}h` : ''}`;
}

export function jobDuration(job: JobObject, now: number): string {
  const start = job.status?.startTime ? Date.parse(job.status.startTime) : NaN;
  if (Number.isNaN(start)) return '';
  const end = job.status?.completionTime ? Date.parse(job.status.completionTime) : now;
  return formatDuration(end - start);
}

export function jobTooltip(job: JobObject, now: number): string {
  const md = job.metadata ?? {};
  const spec = job.spec ?? {};
  const s = job.status ?? {};
  const lines = [`Job ${md.namespace}/${md.name} — ${jobStateText(job)}`];
  lines.push(
    `mode: ${spec.completionMode ?? 'NonIndexed'} · completions: ${spec.completions ?? 'none (work queue)'} · parallelism: ${spec.parallelism ?? 1}`,
  );
  const limits = [`backoffLimit: ${spec.backoffLimit ?? 6}`];
  if (spec.backoffLimitPerIndex !== undefined && spec.backoffLimitPerIndex !== null) limits.push(`backoffLimitPerIndex: ${spec.backoffLimitPerIndex}`);
  if (spec.maxFailedIndexes !== undefined && spec.maxFailedIndexes !== null) limits.push(`maxFailedIndexes: ${spec.maxFailedIndexes}`);
  if (spec.activeDeadlineSeconds !== undefined) limits.push(`activeDeadlineSeconds: ${spec.activeDeadlineSeconds}`);
  if (spec.ttlSecondsAfterFinished !== undefined) limits.push(`ttlSecondsAfterFinished: ${spec.ttlSecondsAfterFinished}`);
  lines.push(limits.join(' · '));
  lines.push(`active ${s.active ?? 0} · ready ${s.ready ?? 0} · succeeded ${s.succeeded ?? 0} · failed ${s.failed ?? 0}${s.terminating ? ` · terminating ${s.terminating}` : ''}`);
  if (isIndexed(job)) {
    lines.push(`completed indexes: ${s.completedIndexes || '—'}`);
    if (spec.backoffLimitPerIndex !== undefined && spec.backoffLimitPerIndex !== null) lines.push(`failed indexes: ${s.failedIndexes || '—'}`);
  }
  if (s.startTime) lines.push(`started: ${s.startTime}${s.completionTime ? ` · completed: ${s.completionTime}` : ''} · duration: ${jobDuration(job, now)}`);
  for (const c of s.conditions ?? []) {
    lines.push(`${c.type}=${c.status}${c.reason ? ` (${c.reason})` : ''}${c.message ? `: ${c.message}` : ''}`);
  }
  return lines.join('\n');
}

const INDEX_ICON: Record<IndexStateKind, Icon> = {
  succeeded: { id: 'pass', color: 'testing.iconPassed' },
  failed: { id: 'error', color: 'testing.iconFailed' },
  running: { id: 'play-circle', color: 'charts.blue' },
  pending: { id: 'clock' },
  backoff: { id: 'history', color: 'charts.yellow' },
  notStarted: { id: 'circle-outline', color: 'disabledForeground' },
};

export function indexIcon(state: IndexStateKind): Icon {
  return INDEX_ICON[state];
}

export function indexDescription(info: IndexInfo): string {
  const parts: string[] = [INDEX_STATE_LABEL[info.state]];
  if (info.attempts) parts.push(`${info.attempts} attempt${info.attempts === 1 ? '' : 's'}`);
  if (info.failureCount) parts.push(`${info.failureCount} failure${info.failureCount === 1 ? '' : 's'} counted`);
  if (info.ignoredFailureCount) parts.push(`${info.ignoredFailureCount} ignored`);
  return parts.join(' · ');
}

const POD_ICON: Record<PodPhaseKind, Icon> = {
  succeeded: { id: 'pass', color: 'testing.iconPassed' },
  failed: { id: 'error', color: 'testing.iconFailed' },
  running: { id: 'play-circle', color: 'charts.blue' },
  pending: { id: 'clock' },
  terminating: { id: 'trash', color: 'charts.yellow' },
  unknown: { id: 'question' },
};

export function podIcon(p: PodObject): Icon {
  return POD_ICON[podPhase(p)];
}

function containerStateText(cs: ContainerStatus | undefined): string {
  const st = cs?.state;
  if (!st) return 'waiting';
  if (st.terminated) return `exited ${st.terminated.exitCode ?? '?'}${st.terminated.reason ? ` (${st.terminated.reason})` : ''}`;
  if (st.running) return 'running';
  return st.waiting?.reason ? `waiting: ${st.waiting.reason}` : 'waiting';
}

export function podDescription(p: PodObject): string {
  const parts: string[] = [podPhase(p)];
  const cs = p.status?.containerStatuses ?? [];
  const term = cs.find((c) => c.state?.terminated);
  if (term?.state?.terminated) parts.push(`exit ${term.state.terminated.exitCode ?? '?'}`);
  const restarts = cs.reduce((n, c) => n + (c.restartCount ?? 0), 0);
  if (restarts) parts.push(`${restarts} restart${restarts === 1 ? '' : 's'}`);
  const reason = p.status?.reason ?? p.status?.conditions?.find((c) => c.type === 'DisruptionTarget' && c.status === 'True')?.reason;
  if (reason) parts.push(reason);
  return parts.join(' · ');
}

export function podTooltip(p: PodObject): string {
  const lines = [`Pod ${p.metadata?.namespace}/${p.metadata?.name} — ${p.status?.phase ?? 'Pending'}`];
  if (p.metadata?.creationTimestamp) lines.push(`created: ${p.metadata.creationTimestamp}`);
  if (p.metadata?.deletionTimestamp) lines.push(`deleting since: ${p.metadata.deletionTimestamp}`);
  if (p.spec?.nodeName) lines.push(`node: ${p.spec.nodeName}`);
  if (p.status?.reason || p.status?.message) lines.push(`${p.status.reason ?? ''}${p.status.message ? `: ${p.status.message}` : ''}`);
  for (const c of p.status?.conditions ?? []) if (c.type === 'DisruptionTarget') lines.push(`DisruptionTarget=${c.status} (${c.reason ?? ''}) ${c.message ?? ''}`);
  for (const cs of [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])]) {
    lines.push(`${cs.name}: ${containerStateText(cs)}${cs.restartCount ? ` · ${cs.restartCount} restarts` : ''}`);
  }
  return lines.join('\n');
}

export interface ContainerView {
  name: string;
  init: boolean;
  status?: ContainerStatus;
}

export function podContainers(p: PodObject): ContainerView[] {
  const statusOf = (list: ContainerStatus[] | undefined, n: string | undefined) => list?.find((s) => s.name === n);
  return [
    ...(p.spec?.initContainers ?? []).map((c) => ({ name: c.name ?? '', init: true, status: statusOf(p.status?.initContainerStatuses, c.name) })),
    ...(p.spec?.containers ?? []).map((c) => ({ name: c.name ?? '', init: false, status: statusOf(p.status?.containerStatuses, c.name) })),
  ];
}

export function containerDescription(c: ContainerView): string {
  return `${c.init ? 'init · ' : ''}${containerStateText(c.status)}${c.status?.restartCount ? ` · ${c.status.restartCount} restarts` : ''}`;
}

export function containerIcon(c: ContainerView): Icon {
  const st = c.status?.state;
  if (st?.terminated) return st.terminated.exitCode === 0 ? { id: 'pass', color: 'testing.iconPassed' } : { id: 'error', color: 'testing.iconFailed' };
  if (st?.running) return { id: 'play-circle', color: 'charts.blue' };
  return { id: 'clock' };
}

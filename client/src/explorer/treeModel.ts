/**
 * The Jobs tree as plain data: contexts → namespaces → (CronJob groups →) Jobs → index runs /
 * pages / indexes → pods (newest first) → containers; NonIndexed Jobs: Job → pods → containers.
 * A "Local" group renders simulated and locally run Jobs with the same per-index code.
 * No vscode import: the view glue maps ItemView onto TreeItems.
 */
import { errorNotice, type ClassifiedError, type Notice } from '../cluster/errors';
import type { ContextEntry, NamespacePlan } from '../cluster/session';
import type { NamespaceState } from '../cluster/watch/namespaceWatch';
import {
  INDEX_STATE_LABEL,
  countStates,
  indexRuns,
  indexState,
  isIndexed,
  jobIndexSets,
  podsByIndex,
  runLabel,
  sortPodsNewestFirst,
  type IndexRun,
  type IndexStateKind,
  type JobIndexSets,
} from '../jobs/jobState';
import {
  containerDescription,
  containerIcon,
  indexDescription,
  indexIcon,
  jobDescription,
  jobIcon,
  jobPhase,
  jobTooltip,
  podContainers,
  podDescription,
  podIcon,
  podTooltip,
  type Icon,
} from '../jobs/presentation';
import { controllerOf, type JobObject, type PodObject } from '../jobs/types';

/** Where a Job lives: a cluster namespace, or the Local store. */
export type JobSource = { kind: 'cluster'; context: string; namespace: string } | { kind: 'local'; id: string };

export type TreeNode =
  | { kind: 'context'; id: string; context: string }
  | { kind: 'namespace'; id: string; context: string; namespace: string }
  | { kind: 'cronjob'; id: string; context: string; namespace: string; name: string }
  | { kind: 'localGroup'; id: string }
  | { kind: 'job'; id: string; src: JobSource; name: string }
  | { kind: 'indexPage'; id: string; src: JobSource; name: string; first: number; last: number; state?: IndexStateKind }
  | { kind: 'index'; id: string; src: JobSource; name: string; index: number }
  | { kind: 'pod'; id: string; src: JobSource; jobName: string; name: string; index?: number }
  | { kind: 'container'; id: string; src: JobSource; jobName: string; pod: string; container: string; init: boolean }
  | { kind: 'message'; id: string; text: string; severity: 'info' | 'warning' | 'error' | 'loading'; action?: { command: string; title: string; args?: unknown[] }; tooltip?: string };

export interface LocalEntry {
  id: string;
  label: string;
  job: JobObject;
  pods: PodObject[];
}

/** What the tree shows: the cluster session's state (client/src/cluster/session.ts) and the Local group. */
export interface ExplorerData {
  /** Notices shown at the root (kubeconfig problems, missing exec plugins). */
  rootNotices(): Notice[];
  contexts(): ContextEntry[];
  /** undefined while the namespace plan (access review) is loading. */
  namespaces(context: string): NamespacePlan | undefined;
  namespace(context: string, namespace: string): NamespaceState | undefined;
  /** Like namespace() but never starts watching (for labels of namespaces nobody opened). */
  peekNamespace?(context: string, namespace: string): NamespaceState | undefined;
  /** Simulated and locally run Jobs (none when absent). */
  local?(): LocalEntry[];
  /** Whether the cluster session is still loading (the kubeconfig, the login shell's PATH): a progress row at the root. */
  loading?(): boolean;
}

function peek(data: ExplorerData, context: string, namespace: string): NamespaceState | undefined {
  return data.peekNamespace ? data.peekNamespace(context, namespace) : data.namespace(context, namespace);
}

export interface ItemView {
  label: string;
  description?: string;
  tooltip?: string;
  icon?: Icon;
  contextValue: string;
  collapsible: 'none' | 'collapsed' | 'expanded';
  command?: { command: string; title: string; args?: unknown[] };
}

export interface TreeLimits {
  /** Most children a node shows before grouping into pages. */
  maxChildren: number;
  /** Indexes per page when splitting a range (a power of it is used for bigger ranges). */
  pageSize: number;
}

export const DEFAULT_LIMITS: TreeLimits = { maxChildren: 200, pageSize: 100 };

export function msg(parentId: string, n: number, text: string, severity: 'info' | 'warning' | 'error' | 'loading', action?: { command: string; title: string; args?: unknown[] }, tooltip?: string): TreeNode {
  return { kind: 'message', id: `${parentId}!msg${n}`, text, severity, ...(action ? { action } : {}), ...(tooltip ? { tooltip } : {}) };
}

function noticeNode(parentId: string, n: number, x: Notice): TreeNode {
  return msg(parentId, n, x.text, x.severity, x.action, x.tooltip);
}

export function errorNode(parentId: string, n: number, e: ClassifiedError, args?: unknown[]): TreeNode {
  return noticeNode(parentId, n, errorNotice(e, args));
}

const localOf = (data: Pick<ExplorerData, 'local'>): LocalEntry[] => data.local?.() ?? [];

function srcId(src: JobSource): string {
  return src.kind === 'cluster' ? `${src.context}/${src.namespace}` : `local/${src.id}`;
}

function jobId(src: JobSource, name: string): string {
  return `job:${srcId(src)}/${name}`;
}

export interface ResolvedJob {
  job: JobObject;
  pods: PodObject[];
}

/** The Job and its pods for a node's source. */
export function resolveJob(data: Pick<ExplorerData, 'namespace' | 'local'>, src: JobSource, name: string): ResolvedJob | undefined {
  if (src.kind === 'local') {
    const l = localOf(data).find((e) => e.id === src.id);
    return l ? { job: l.job, pods: l.pods } : undefined;
  }
  const ns = data.namespace(src.context, src.namespace);
  const job = ns?.job(name);
  if (!ns || !job) return undefined;
  return { job, pods: job.metadata?.uid ? ns.podsOfJob(job.metadata.uid) : [] };
}

/** Per-Job derived data, memoised on the Job and pod objects' identity (objects are replaced, never mutated). */
interface Derived {
  sets: JobIndexSets;
  byIndex: Map<number, PodObject[]>;
  runs: IndexRun[];
}
const derivedCache = new WeakMap<JobObject, { podsKey: string; d: Derived }>();

function podsKey(pods: PodObject[]): string {
  let s = '';
  for (const p of pods) s += `${p.metadata?.uid}@${p.metadata?.resourceVersion};`;
  return s;
}

export function derive(r: ResolvedJob): Derived {
  const key = podsKey(r.pods);
  const hit = derivedCache.get(r.job);
  if (hit && hit.podsKey === key) return hit.d;
  const sets = jobIndexSets(r.job);
  const byIndex = podsByIndex(r.pods);
  const d = { sets, byIndex, runs: indexRuns(sets, byIndex) };
  derivedCache.set(r.job, { podsKey: key, d });
  return d;
}

function clip(runs: IndexRun[], first: number, last: number): IndexRun[] {
  const out: IndexRun[] = [];
  for (const r of runs) {
    if (r.last < first || r.first > last) continue;
    out.push({ first: Math.max(first, r.first), last: Math.min(last, r.last), state: r.state });
  }
  return out;
}

/** Chunk size so that [first,last] splits into at most pageSize pages of a power of pageSize. */
export function chunkSize(count: number, pageSize: number): number {
  let chunk = pageSize;
  while (chunk * pageSize < count) chunk *= pageSize;
  return chunk;
}

/** Children of an index interval: runs as nodes when few enough, else pages. Never one node per index beyond the limit. */
export function indexIntervalChildren(src: JobSource, name: string, runs: IndexRun[], first: number, last: number, limits: TreeLimits, onlyState?: IndexStateKind): TreeNode[] {
  const jid = jobId(src, name);
  const clipped = clip(runs, first, last);
  const count = last - first + 1;
  // Few enough indexes: one node each, whatever their state (a page of one state: up to a page of them).
  if (count <= (onlyState === undefined ? limits.maxChildren : limits.pageSize)) {
    const out: TreeNode[] = [];
    for (let i = first; i <= last; i++) out.push({ kind: 'index', id: `${jid}#${i}`, src, name, index: i });
    return out;
  }
  // Few enough runs: one node per run (a single index, or a page of indexes in one state).
  if (onlyState === undefined && clipped.length <= limits.maxChildren) {
    return clipped.map((r) =>
      r.first === r.last
        ? { kind: 'index', id: `${jid}#${r.first}`, src, name, index: r.first }
        : { kind: 'indexPage', id: `${jid}#${r.first}-${r.last}:${r.state}`, src, name, first: r.first, last: r.last, state: r.state },
    );
  }
  const chunk = chunkSize(count, limits.pageSize);
  const out: TreeNode[] = [];
  for (let f = first; f <= last; f += chunk) {
    const l = Math.min(last, f + chunk - 1);
    out.push({ kind: 'indexPage', id: `${jid}#${f}-${l}${onlyState ? `:${onlyState}` : ''}`, src, name, first: f, last: l, ...(onlyState ? { state: onlyState } : {}) });
  }
  return out;
}

function podNodes(src: JobSource, jobName: string, pods: PodObject[], index?: number): TreeNode[] {
  return sortPodsNewestFirst(pods).map((p) => ({
    kind: 'pod',
    id: `pod:${srcId(src)}/${p.metadata?.name}`,
    src,
    jobName,
    name: p.metadata?.name ?? '',
    ...(index !== undefined ? { index } : {}),
  }));
}

function findPod(data: ExplorerData, src: JobSource, jobName: string, pod: string): PodObject | undefined {
  return resolveJob(data, src, jobName)?.pods.find((p) => p.metadata?.name === pod);
}

function byNewest(a: JobObject, b: JobObject): number {
  const ta = a.metadata?.creationTimestamp ?? '';
  const tb = b.metadata?.creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? 1 : -1;
  return (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? '');
}

export function children(node: TreeNode | undefined, data: ExplorerData, limits: TreeLimits = DEFAULT_LIMITS): TreeNode[] {
  if (!node) {
    const out: TreeNode[] = data.rootNotices().map((x, n) => noticeNode('root', n, x));
    if (data.loading?.()) out.push({ kind: 'message', id: 'root!loading', text: 'Loading kubeconfig contexts…', severity: 'loading' });
    for (const c of data.contexts()) out.push({ kind: 'context', id: `ctx:${c.name}`, context: c.name });
    if (localOf(data).length) out.push({ kind: 'localGroup', id: 'local' });
    return out;
  }
  switch (node.kind) {
    case 'context': {
      const plan = data.namespaces(node.context);
      if (!plan) return [msg(node.id, 0, 'Checking access…', 'loading')];
      return [...plan.notices.map((x, n) => noticeNode(node.id, n, x)), ...plan.namespaces.map((ns): TreeNode => ({ kind: 'namespace', id: `ns:${node.context}/${ns}`, context: node.context, namespace: ns }))];
    }
    case 'namespace': {
      const st = data.namespace(node.context, node.namespace);
      const out: TreeNode[] = [];
      if (st?.error) out.push(errorNode(node.id, 0, st.error, [node.context, node.namespace]));
      if (!st || !st.synced) {
        if (!st?.error) out.push(msg(node.id, 1, 'Loading Jobs…', 'loading'));
        return out;
      }
      const src: JobSource = { kind: 'cluster', context: node.context, namespace: node.namespace };
      const groups = new Map<string, number>();
      const standalone: JobObject[] = [];
      for (const j of st.jobs()) {
        const cj = controllerOf(j, 'CronJob')?.name;
        if (cj) groups.set(cj, (groups.get(cj) ?? 0) + 1);
        else standalone.push(j);
      }
      for (const name of [...groups.keys()].sort()) {
        out.push({ kind: 'cronjob', id: `cj:${node.context}/${node.namespace}/${name}`, context: node.context, namespace: node.namespace, name });
      }
      standalone.sort(byNewest);
      for (const j of standalone) out.push({ kind: 'job', id: jobId(src, j.metadata?.name ?? ''), src, name: j.metadata?.name ?? '' });
      if (!out.length) out.push(msg(node.id, 2, 'No Jobs in this namespace', 'info'));
      return out;
    }
    case 'cronjob': {
      const st = data.namespace(node.context, node.namespace);
      if (!st) return [];
      const src: JobSource = { kind: 'cluster', context: node.context, namespace: node.namespace };
      return [...st.jobs()]
        .filter((j) => controllerOf(j, 'CronJob')?.name === node.name)
        .sort(byNewest)
        .map((j) => ({ kind: 'job', id: jobId(src, j.metadata?.name ?? ''), src, name: j.metadata?.name ?? '' }));
    }
    case 'localGroup':
      return localOf(data).map((l) => ({ kind: 'job', id: jobId({ kind: 'local', id: l.id }, l.job.metadata?.name ?? ''), src: { kind: 'local', id: l.id }, name: l.job.metadata?.name ?? '' }));
    case 'job': {
      const r = resolveJob(data, node.src, node.name);
      if (!r) return [];
      if (!isIndexed(r.job)) return podNodes(node.src, node.name, r.pods);
      const d = derive(r);
      if (d.sets.completions <= 0) return [];
      return indexIntervalChildren(node.src, node.name, d.runs, 0, d.sets.completions - 1, limits);
    }
    case 'indexPage': {
      const r = resolveJob(data, node.src, node.name);
      if (!r) return [];
      return indexIntervalChildren(node.src, node.name, derive(r).runs, node.first, node.last, limits, node.state);
    }
    case 'index': {
      const r = resolveJob(data, node.src, node.name);
      if (!r) return [];
      return podNodes(node.src, node.name, derive(r).byIndex.get(node.index) ?? [], node.index);
    }
    case 'pod': {
      const p = findPod(data, node.src, node.jobName, node.name);
      if (!p) return [];
      return podContainers(p).map((c) => ({ kind: 'container', id: `${node.id}/c/${c.name}`, src: node.src, jobName: node.jobName, pod: node.name, container: c.name, init: c.init }));
    }
    default:
      return [];
  }
}

const MSG_ICON: Record<string, Icon> = {
  info: { id: 'info' },
  warning: { id: 'warning', color: 'list.warningForeground' },
  error: { id: 'error', color: 'list.errorForeground' },
  loading: { id: 'loading~spin' },
};

/** withTooltip=false skips the (costlier) Job tooltip; the view glue asks for it on hover. */
export function view(node: TreeNode, data: ExplorerData, now: number, withTooltip = true): ItemView {
  switch (node.kind) {
    case 'message':
      return {
        label: node.text,
        ...(node.action ? { description: node.action.title } : {}),
        tooltip: node.tooltip ?? node.text,
        icon: MSG_ICON[node.severity],
        contextValue: 'kjob.message',
        collapsible: 'none',
        ...(node.action ? { command: { command: node.action.command, title: node.action.title, args: node.action.args } } : {}),
      };
    case 'context': {
      const c = data.contexts().find((x) => x.name === node.context);
      return {
        label: node.context,
        description: c?.current ? `current · ${c.namespace}` : c?.namespace,
        tooltip: `context ${node.context}\ncluster: ${c?.cluster ?? '?'}\nnamespace: ${c?.namespace ?? 'default'}`,
        icon: { id: c?.current ? 'vm-active' : 'vm' },
        contextValue: c?.current ? 'kjob.context current' : 'kjob.context',
        collapsible: c?.current ? 'expanded' : 'collapsed',
      };
    }
    case 'namespace': {
      const st = peek(data, node.context, node.namespace);
      let n = 0;
      if (st?.synced) for (const _ of st.jobs()) n++;
      const c = data.contexts().find((x) => x.name === node.context);
      return {
        label: node.namespace,
        description: st?.synced ? `${n} Job${n === 1 ? '' : 's'}` : st?.error ? 'error' : '',
        icon: { id: 'symbol-namespace' },
        contextValue: 'kjob.namespace',
        collapsible: c?.current && c.namespace === node.namespace ? 'expanded' : 'collapsed',
      };
    }
    case 'cronjob': {
      const st = peek(data, node.context, node.namespace);
      const jobs = st ? [...st.jobs()].filter((j) => controllerOf(j, 'CronJob')?.name === node.name) : [];
      const running = jobs.filter((j) => jobPhase(j).phase === 'running').length;
      const failed = jobs.filter((j) => jobPhase(j).phase === 'failed').length;
      return {
        label: node.name,
        description: `CronJob · ${jobs.length} Job${jobs.length === 1 ? '' : 's'}${running ? ` · ${running} running` : ''}${failed ? ` · ${failed} failed` : ''}`,
        icon: { id: 'watch' },
        contextValue: 'kjob.cronjob',
        collapsible: 'collapsed',
      };
    }
    case 'localGroup':
      return { label: 'Local', description: 'simulations and local runs', icon: { id: 'beaker' }, contextValue: 'kjob.localGroup', collapsible: 'expanded' };
    case 'job': {
      const r = resolveJob(data, node.src, node.name);
      if (!r) return { label: node.name, description: 'gone', contextValue: 'kjob.gone', collapsible: 'none' };
      const local = node.src.kind === 'local' ? localOf(data).find((l) => node.src.kind === 'local' && l.id === node.src.id) : undefined;
      const phase = jobPhase(r.job).phase;
      const hasChildren = isIndexed(r.job) ? (r.job.spec?.completions ?? 1) > 0 : r.pods.length > 0;
      const tokens = ['kjob.job', node.src.kind === 'local' ? 'local' : 'cluster', isIndexed(r.job) ? 'indexed' : 'nonindexed', phase === 'suspended' ? 'suspended' : '', phase === 'complete' || phase === 'failed' ? 'finished' : 'active'];
      return {
        label: local ? local.label : node.name,
        description: jobDescription(r.job),
        ...(withTooltip ? { tooltip: jobTooltip(r.job, now) } : {}),
        icon: jobIcon(r.job),
        contextValue: tokens.filter(Boolean).join(' '),
        collapsible: hasChildren ? 'collapsed' : 'none',
      };
    }
    case 'indexPage': {
      const r = resolveJob(data, node.src, node.name);
      const label = node.state ? runLabel({ first: node.first, last: node.last, state: node.state }) : `indexes ${node.first}-${node.last}`;
      let description = '';
      if (r && !node.state) {
        const c = countStates(clip(derive(r).runs, node.first, node.last));
        description = (Object.keys(c) as IndexStateKind[]).filter((k) => c[k]).map((k) => `${c[k]} ${INDEX_STATE_LABEL[k]}`).join(' · ');
      } else description = `${node.last - node.first + 1} indexes`;
      return {
        label,
        description,
        ...(node.state ? { icon: indexIcon(node.state) } : { icon: { id: 'list-tree' } }),
        contextValue: 'kjob.indexPage',
        collapsible: 'collapsed',
      };
    }
    case 'index': {
      const r = resolveJob(data, node.src, node.name);
      if (!r) return { label: `index ${node.index}`, contextValue: 'kjob.index', collapsible: 'none' };
      const d = derive(r);
      const info = indexState(node.index, d.sets, d.byIndex.get(node.index));
      return {
        label: `index ${node.index}`,
        description: indexDescription(info),
        tooltip: `index ${node.index}: ${INDEX_STATE_LABEL[info.state]}${info.pods[0] ? `\ncurrent pod: ${info.pods[0].metadata?.name}` : ''}${info.failureCount !== undefined ? `\nfailure count: ${info.failureCount}` : ''}`,
        icon: indexIcon(info.state),
        contextValue: `kjob.index ${node.src.kind}`,
        collapsible: info.pods.length ? 'collapsed' : 'none',
      };
    }
    case 'pod': {
      const p = findPod(data, node.src, node.jobName, node.name);
      if (!p) return { label: node.name, description: 'deleted', contextValue: 'kjob.gone', collapsible: 'none' };
      return {
        label: node.name,
        description: podDescription(p),
        tooltip: podTooltip(p),
        icon: podIcon(p),
        contextValue: `kjob.pod ${node.src.kind}`,
        collapsible: podContainers(p).length ? 'collapsed' : 'none',
      };
    }
    case 'container': {
      const p = findPod(data, node.src, node.jobName, node.pod);
      const c = p ? podContainers(p).find((x) => x.name === node.container && x.init === node.init) : undefined;
      return {
        label: node.container,
        description: c ? containerDescription(c) : '',
        icon: c ? containerIcon(c) : { id: 'package' },
        contextValue: `kjob.container ${node.src.kind}`,
        collapsible: 'none',
      };
    }
  }
}

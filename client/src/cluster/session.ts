/**
 * The explorer's cluster state for every kubeconfig context: which namespaces to show (access
 * reviews), and one NamespaceWatch per namespace the user opened. Implements ExplorerData for the
 * tree model. Connects lazily: nothing is watched until its node is expanded.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { canI, planNamespaces, probeNamespace, type NamespaceAccess } from './access';
import { classifyError, type ClassifiedError } from './errors';
import { kubeConfigFor, kubeRequest, type LoadedKubeconfig } from './kube';
import { NamespaceWatch, type NamespaceChange } from './namespaceWatch';
import { errorNode, msg, type ContextEntry, type ExplorerData, type LocalEntry, type NamespaceState, type TreeNode } from './treeModel';
import type { Backoff } from './watcher';

export type SessionEvent = { context: string; namespace?: string; change?: NamespaceChange };

export interface SessionOptions {
  configuredNamespaces: string[];
  onChange(ev: SessionEvent): void;
  local(): LocalEntry[];
  log(level: 'info' | 'warn' | 'error', m: string): void;
  delayFn?: (ms: number) => Promise<void>;
  backoff?: Backoff;
  /** Override of the current context / namespace (status bar switcher), not written to the kubeconfig. */
  currentContext?: string;
  namespaceOverride?: Record<string, string>;
}

interface ContextState {
  kc?: KubeConfig;
  kcError?: ClassifiedError;
  plan?: { namespaces: string[]; messages: TreeNode[] };
  planning?: Promise<void>;
  watches: Map<string, NamespaceWatch>;
  access: Map<string, NamespaceAccess>;
}

export class ExplorerSession implements ExplorerData {
  private readonly states = new Map<string, ContextState>();
  private disposed = false;

  constructor(
    readonly kubeconfig: LoadedKubeconfig,
    private readonly o: SessionOptions,
  ) {}

  get currentContext(): string {
    return this.o.currentContext && this.kubeconfig.contexts.some((c) => c.name === this.o.currentContext) ? this.o.currentContext : this.kubeconfig.currentContext;
  }

  namespaceOf(context: string): string {
    return this.o.namespaceOverride?.[context] ?? this.kubeconfig.contexts.find((c) => c.name === context)?.namespace ?? 'default';
  }

  rootMessages(): TreeNode[] {
    const out: TreeNode[] = [];
    let n = 0;
    for (const e of this.kubeconfig.errors) out.push(msg('root', n++, `kubeconfig: ${e}`, 'warning', { command: 'kjob.openKubeconfig', title: 'Open kubeconfig' }));
    for (const m of this.kubeconfig.missingPlugins) {
      out.push(
        msg('root', n++, `Credential plugin "${m.command}" (user ${m.user}) was not found on PATH`, 'error', { command: 'kjob.showPluginHint', title: 'How to install', args: [m] }, m.installHint ? `${m.installHint}\n\nSearched PATH: ${this.kubeconfig.searchPath}` : `Searched PATH: ${this.kubeconfig.searchPath}`),
      );
    }
    return out;
  }

  contexts(): ContextEntry[] {
    const cur = this.currentContext;
    return this.kubeconfig.contexts.map((c) => ({ name: c.name, current: c.name === cur, cluster: c.cluster, namespace: this.namespaceOf(c.name) }));
  }

  local(): LocalEntry[] {
    return this.o.local();
  }

  kubeConfig(context: string): KubeConfig {
    const st = this.state(context);
    if (!st.kc) st.kc = kubeConfigFor(this.kubeconfig, context);
    return st.kc;
  }

  private state(context: string): ContextState {
    let st = this.states.get(context);
    if (!st) this.states.set(context, (st = { watches: new Map(), access: new Map() }));
    return st;
  }

  namespaces(context: string): { namespaces: string[]; messages: TreeNode[] } | undefined {
    const st = this.state(context);
    if (st.plan) return st.plan;
    if (!st.planning) st.planning = this.plan(context, st);
    return undefined;
  }

  /** Resolves when the namespace plan of a context is known (for tests and commands). */
  async ready(context: string): Promise<{ namespaces: string[]; messages: TreeNode[] }> {
    this.namespaces(context);
    await this.state(context).planning;
    return this.state(context).plan!;
  }

  private async plan(context: string, st: ContextState): Promise<void> {
    const ctxNs = this.namespaceOf(context);
    const id = `ctx:${context}`;
    try {
      const kc = this.kubeConfig(context);
      let listed: string[] | undefined;
      const messages: TreeNode[] = [];
      if (await canI(kc, { verb: 'list', resource: 'namespaces' })) {
        const list = await kubeRequest(kc, 'GET', '/api/v1/namespaces');
        listed = (list.items ?? []).map((n: any) => n.metadata?.name).filter(Boolean);
      }
      let namespaces = planNamespaces({ listed, contextNamespace: ctxNs, configured: this.o.configuredNamespaces });
      if (!listed) {
        // Keep only namespaces where Jobs can be read; say which configured ones were dropped.
        const access = await Promise.all(namespaces.map(async (ns) => [ns, await probeNamespace(kc, ns)] as const));
        const dropped: string[] = [];
        namespaces = namespaces.filter((ns) => {
          const a = access.find((x) => x[0] === ns)![1];
          st.access.set(ns, a);
          if (a.jobs || ns === ctxNs) return true;
          dropped.push(ns);
          return false;
        });
        if (dropped.length) messages.push(msg(id, 1, `No permission to list Jobs in: ${dropped.join(', ')}`, 'info', { command: 'kjob.configureNamespaces', title: 'Edit kjob.namespaces' }));
      }
      st.plan = { namespaces, messages };
    } catch (e) {
      const err = classifyError(e, `context ${context}`);
      this.o.log('error', `context ${context}: ${err.message}`);
      st.plan = { namespaces: [], messages: [errorNode(id, 0, err, [context])] };
      st.planning = undefined;
      this.o.onChange({ context });
      // Leave plan set so the error shows; a refresh clears it.
      return;
    }
    if (!this.disposed) this.o.onChange({ context });
  }

  namespace(context: string, namespace: string): NamespaceState | undefined {
    if (this.disposed) return undefined;
    const st = this.state(context);
    let w = st.watches.get(namespace);
    if (!w) {
      let kc: KubeConfig;
      try {
        kc = this.kubeConfig(context);
      } catch (e) {
        const err = classifyError(e, `context ${context}`);
        return { synced: false, error: err, jobs: () => [], job: () => undefined, podsOfJob: () => [] };
      }
      w = new NamespaceWatch(kc, namespace, (change) => this.o.onChange({ context, namespace, change }), {
        delayFn: this.o.delayFn,
        backoff: this.o.backoff,
        where: `context ${context}`,
        log: this.o.log,
      });
      st.watches.set(namespace, w);
      w.start();
    }
    return w;
  }

  peekNamespace(context: string, namespace: string): NamespaceState | undefined {
    return this.states.get(context)?.watches.get(namespace);
  }

  /** The live watch of a namespace, if opened. */
  watchOf(context: string, namespace: string): NamespaceWatch | undefined {
    return this.states.get(context)?.watches.get(namespace);
  }

  /** Forget plans and restart watches (the user's Refresh). */
  refresh(context?: string): void {
    for (const [name, st] of this.states) {
      if (context && name !== context) continue;
      st.plan = undefined;
      st.planning = undefined;
      for (const w of st.watches.values()) w.restart();
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const st of this.states.values()) for (const w of st.watches.values()) w.stop();
    this.states.clear();
  }
}

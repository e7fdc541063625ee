/**
 * The cluster state of one loaded kubeconfig, for every context: which namespaces to show (access
 * reviews), and one NamespaceWatch per namespace someone opened. Connects lazily: nothing is watched
 * until asked for. Created and replaced by the cluster host (host.ts); the Jobs tree reads it through
 * its ExplorerData interface, log follows and Job actions through the host.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { canI, planNamespaces, probeNamespace, type NamespaceAccess } from './access';
import { classifyError, errorNotice, type ClassifiedError, type Notice } from './errors';
import { kubeConfigFor, kubeRequest, type LoadedKubeconfig } from './kube';
import type { MergedKubeconfig } from './kubeconfig';
import { NamespaceWatch, type NamespaceChange, type NamespaceState } from './watch/namespaceWatch';
import type { Backoff } from './watch/watcher';

export type SessionEvent = { context: string; namespace?: string; change?: NamespaceChange };

export interface ContextEntry {
  name: string;
  current: boolean;
  cluster: string;
  namespace: string;
}

/** The namespaces shown under a context, and notices about the ones left out (or why none). */
export interface NamespacePlan {
  namespaces: string[];
  notices: Notice[];
}

/** The current context: kjob's own choice (the status bar switcher) while the kubeconfig still has it, else the kubeconfig's. */
export function chosenContext(k: MergedKubeconfig, choice?: string): string {
  return choice && k.contexts.some((c) => c.name === choice) ? choice : k.currentContext;
}

/** A context's namespace: kjob's own choice for it, else the context's namespace, else "default". */
export function chosenNamespace(k: MergedKubeconfig, context: string, overrides?: Record<string, string>): string {
  return overrides?.[context] ?? k.contexts.find((c) => c.name === context)?.namespace ?? 'default';
}

export function contextEntries(k: MergedKubeconfig, choice?: string, overrides?: Record<string, string>): ContextEntry[] {
  const cur = chosenContext(k, choice);
  return k.contexts.map((c) => ({ name: c.name, current: c.name === cur, cluster: c.cluster, namespace: chosenNamespace(k, c.name, overrides) }));
}

export interface SessionOptions {
  configuredNamespaces: string[];
  onChange(ev: SessionEvent): void;
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
  plan?: NamespacePlan;
  planning?: Promise<void>;
  watches: Map<string, NamespaceWatch>;
  access: Map<string, NamespaceAccess>;
}

export class ClusterSession {
  private readonly states = new Map<string, ContextState>();
  private disposed = false;

  constructor(
    readonly kubeconfig: LoadedKubeconfig,
    private readonly o: SessionOptions,
  ) {}

  get currentContext(): string {
    return chosenContext(this.kubeconfig, this.o.currentContext);
  }

  namespaceOf(context: string): string {
    return chosenNamespace(this.kubeconfig, context, this.o.namespaceOverride);
  }

  /** Kubeconfig problems and missing exec plugins. */
  rootNotices(): Notice[] {
    const out: Notice[] = [];
    for (const e of this.kubeconfig.errors) out.push({ text: `kubeconfig: ${e}`, severity: 'warning', action: { command: 'kjob.openKubeconfig', title: 'Open kubeconfig' } });
    for (const m of this.kubeconfig.missingPlugins) {
      out.push({
        text: `Credential plugin "${m.command}" (user ${m.user}) was not found on PATH`,
        severity: 'error',
        action: { command: 'kjob.showPluginHint', title: 'How to install', args: [m] },
        tooltip: m.installHint ? `${m.installHint}\n\nSearched PATH: ${this.kubeconfig.searchPath}` : `Searched PATH: ${this.kubeconfig.searchPath}`,
      });
    }
    return out;
  }

  contexts(): ContextEntry[] {
    return contextEntries(this.kubeconfig, this.o.currentContext, this.o.namespaceOverride);
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

  /** undefined while the plan (access review) is loading; asking starts it. */
  namespaces(context: string): NamespacePlan | undefined {
    const st = this.state(context);
    if (st.plan) return st.plan;
    if (!st.planning) st.planning = this.plan(context, st);
    return undefined;
  }

  /** Resolves when the namespace plan of a context is known (for tests and commands). */
  async ready(context: string): Promise<NamespacePlan> {
    this.namespaces(context);
    await this.state(context).planning;
    return this.state(context).plan!;
  }

  private async plan(context: string, st: ContextState): Promise<void> {
    const ctxNs = this.namespaceOf(context);
    try {
      const kc = this.kubeConfig(context);
      let listed: string[] | undefined;
      const notices: Notice[] = [];
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
        if (dropped.length) notices.push({ text: `No permission to list Jobs in: ${dropped.join(', ')}`, severity: 'info', action: { command: 'kjob.configureNamespaces', title: 'Edit kjob.namespaces' } });
      }
      st.plan = { namespaces, notices };
    } catch (e) {
      const err = classifyError(e, `context ${context}`);
      this.o.log('error', `context ${context}: ${err.message}`);
      st.plan = { namespaces: [], notices: [errorNotice(err, [context])] };
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

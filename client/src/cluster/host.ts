/**
 * The cluster host: the one object that owns the extension's access to clusters —
 *  - the kubeconfig (the kjob.kubeconfig setting, else KUBECONFIG, else ~/.kube/config);
 *  - the login shell's PATH, where exec credential plugins are found. The shell starts only when
 *    something needs the cluster (the Jobs view asks for data, a cluster command runs), never for the
 *    status bar alone, and at most once;
 *  - the context/namespace choices (the status bar switcher), kept in the workspace state and never
 *    written to the kubeconfig;
 *  - the session: access reviews and one watch per opened namespace (session.ts, watch/).
 * The Jobs tree, log follows, Job actions and Apply depend on it, never on each other.
 *
 * No vscode import: the editor parts come in as HostDeps (test/unit/client/host.test.ts runs it in
 * plain Node). It imports only types from the cluster half (client/out/cluster.js), which it loads
 * through deps.cluster() the first time it needs it, so it is part of activation at no cost.
 */
import type { Cluster } from '../bundles/clusterLoader';
import type { LoadedKubeconfig } from './kube';
import type { ClusterSession, ContextEntry, SessionEvent } from './session';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface HostSettings {
  /** The kjob.kubeconfig setting ('' when unset). */
  kubeconfig: string;
  /** The kjob.namespaces setting. */
  namespaces: string[];
}

/** Where the choices are kept (the workspace state). */
export interface ChoiceStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

export interface HostDeps {
  /** The cluster half's exports (loaded on the first call). */
  cluster(): Cluster;
  settings(): HostSettings;
  state: ChoiceStore;
  log(level: LogLevel, message: string): void;
  /** The extension host's PATH and its list separator (defaults: process.env.PATH, the platform's). */
  env?: { path: string | undefined; delimiter: string };
}

export interface Disposable {
  dispose(): void;
}

const CONTEXT_KEY = 'kjob.context';
const NAMESPACES_KEY = 'kjob.namespaces';

function listen<T extends (...a: never[]) => void>(set: Set<T>, l: T): Disposable {
  set.add(l);
  return { dispose: () => void set.delete(l) };
}

export class ClusterHost {
  private loadedKubeconfig: LoadedKubeconfig | undefined;
  private current: ClusterSession | undefined;
  private loginPath: Promise<string | undefined> | undefined;
  private firstPeek: Promise<void> | undefined;
  private firstSession: Promise<void> | undefined;
  private loads = 0;
  private readonly loadListeners = new Set<() => void>();
  private readonly reloadListeners = new Set<() => void>();
  private readonly changeListeners = new Set<(ev: SessionEvent) => void>();
  private disposed = false;

  constructor(private readonly deps: HostDeps) {}

  /** The kubeconfig as last read (by peek() or a session load). */
  get kubeconfig(): LoadedKubeconfig | undefined {
    return this.loadedKubeconfig;
  }

  /** The live session, once ensureSession() (or reload()) has finished. */
  get session(): ClusterSession | undefined {
    return this.current;
  }

  /** Whether anything has started loading (before that, nothing of the cluster half is loaded). */
  get loadStarted(): boolean {
    return this.firstPeek !== undefined || this.firstSession !== undefined;
  }

  /** Whether a session load (or reload) is in progress. */
  get loading(): boolean {
    return this.loads > 0;
  }

  /** Whether the login shell has been asked for its PATH. */
  get loginShellStarted(): boolean {
    return this.loginPath !== undefined;
  }

  /** The current context ('' without a kubeconfig): the user's choice while the kubeconfig still has it. */
  get currentContext(): string {
    const k = this.loadedKubeconfig;
    return k ? this.deps.cluster().chosenContext(k, this.deps.state.get<string>(CONTEXT_KEY)) : '';
  }

  namespaceOf(context: string): string {
    const k = this.loadedKubeconfig;
    return k ? this.deps.cluster().chosenNamespace(k, context, this.overrides()) : 'default';
  }

  contexts(): ContextEntry[] {
    const k = this.loadedKubeconfig;
    return k ? this.deps.cluster().contextEntries(k, this.deps.state.get<string>(CONTEXT_KEY), this.overrides()) : [];
  }

  private overrides(): Record<string, string> {
    return this.deps.state.get<Record<string, string>>(NAMESPACES_KEY) ?? {};
  }

  /**
   * Reads the kubeconfig for what needs no connection (the status bar's context and namespace,
   * opening the kubeconfig file), without starting the login shell. Once a session is loading, waits
   * for it instead. Failures are logged, not thrown.
   */
  peek(): Promise<void> {
    if (this.firstSession) return this.firstSession;
    this.firstPeek ??= this.logged(async () => {
      const { readKubeconfig } = this.deps.cluster();
      const cfg = this.deps.settings();
      const kubeconfig = readKubeconfig({ explicitPath: cfg.kubeconfig || undefined, searchPath: this.env().path });
      if (this.firstSession || this.disposed) return; // a session load got there first
      this.loadedKubeconfig = kubeconfig;
      this.emit(this.loadListeners);
    });
    return this.firstPeek;
  }

  /**
   * The session, started the first time something needs the cluster: reads the login shell's PATH
   * (once), the kubeconfig with it, and starts a session. A failed load is logged, not thrown; the
   * session is then undefined.
   */
  async ensureSession(): Promise<ClusterSession | undefined> {
    this.firstSession ??= this.logged(() => this.load());
    await this.firstSession;
    return this.current;
  }

  /** Reads the kubeconfig again and starts a fresh session (Refresh, a context switch, a settings change). Throws on failure. */
  reload(): Promise<void> {
    const p = this.load();
    this.firstSession ??= this.logged(() => p);
    return p;
  }

  /**
   * The kjob.kubeconfig or kjob.namespaces setting changed: load again what was loaded (a session
   * reloads; a kubeconfig read for the status bar only is read again, still without the login shell).
   */
  settingsChanged(): Promise<void> {
    if (this.firstSession) return this.reload();
    if (!this.firstPeek) return Promise.resolve(); // nothing loaded yet: the first load reads the new settings
    this.firstPeek = undefined;
    return this.peek();
  }

  /** Chooses the current context for kjob (the kubeconfig is not changed) and reloads. */
  async chooseContext(context: string): Promise<void> {
    await this.deps.state.update(CONTEXT_KEY, context);
    await this.reload();
  }

  /** Chooses the namespace kjob uses for a context and reloads. */
  async chooseNamespace(context: string, namespace: string): Promise<void> {
    await this.deps.state.update(NAMESPACES_KEY, { ...this.overrides(), [context]: namespace });
    await this.reload();
  }

  /** After every load (peek, session load or reload), whether it succeeded or not. */
  onDidLoad(l: () => void): Disposable {
    return listen(this.loadListeners, l);
  }

  /** Before a reload replaces the live session (its watches stop). */
  onWillReload(l: () => void): Disposable {
    return listen(this.reloadListeners, l);
  }

  /** Watch events and namespace plans of the live session. */
  onDidChange(l: (ev: SessionEvent) => void): Disposable {
    return listen(this.changeListeners, l);
  }

  dispose(): void {
    this.disposed = true;
    this.current?.dispose();
    this.current = undefined;
    this.loadListeners.clear();
    this.reloadListeners.clear();
    this.changeListeners.clear();
  }

  private env(): { path: string | undefined; delimiter: string } {
    return this.deps.env ?? { path: process.env.PATH, delimiter: process.platform === 'win32' ? ';' : ':' };
  }

  private async load(): Promise<void> {
    this.loads++;
    try {
      await this.loadSession();
    } finally {
      this.loads--;
      this.emit(this.loadListeners);
    }
  }

  private async loadSession(): Promise<void> {
    const { readLoginShellPath, mergePathLists, readKubeconfig, ClusterSession } = this.deps.cluster();
    const cfg = this.deps.settings();
    const env = this.env();
    this.loginPath ??= readLoginShellPath().then((p) => {
      if (p) this.deps.log('info', `login shell PATH read for exec credential plugins (${p.split(env.delimiter).length} entries)`);
      else this.deps.log('debug', 'login shell PATH not available; using the extension host PATH');
      return p;
    });
    const searchPath = mergePathLists(env.delimiter, env.path, await this.loginPath);
    if (this.disposed) return;
    if (this.current) this.emit(this.reloadListeners);
    this.current?.dispose();
    this.current = undefined;
    const kubeconfig = readKubeconfig({ explicitPath: cfg.kubeconfig || undefined, searchPath });
    this.loadedKubeconfig = kubeconfig;
    const session = new ClusterSession(kubeconfig, {
      configuredNamespaces: cfg.namespaces,
      onChange: (ev) => {
        if (this.current === session) for (const l of this.changeListeners) l(ev);
      },
      log: (level, m) => this.deps.log(level, m),
      currentContext: this.deps.state.get<string>(CONTEXT_KEY),
      namespaceOverride: this.overrides(),
    });
    this.current = session;
    for (const e of kubeconfig.errors) this.deps.log('warn', `kubeconfig: ${e}`);
    for (const m of kubeconfig.missingPlugins) this.deps.log('error', `exec credential plugin "${m.command}" for user ${m.user} not found on PATH${m.installHint ? `: ${m.installHint}` : ''}`);
    this.deps.log('info', `kubeconfig: ${kubeconfig.files.length ? kubeconfig.files.join(', ') : `none found (looked for ${kubeconfig.searched.join(', ') || '~/.kube/config'})`}; ${kubeconfig.contexts.length} contexts; current ${session.currentContext || '<none>'}`);
  }

  private emit(listeners: Set<() => void>): void {
    for (const l of [...listeners]) {
      try {
        l();
      } catch (e) {
        this.deps.log('error', `cluster host listener: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      }
    }
  }

  private logged(run: () => Promise<void>): Promise<void> {
    return run().catch((e) => this.deps.log('error', `cluster: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));
  }
}

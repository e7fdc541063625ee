/**
 * The Jobs view: a TreeDataProvider over the pure tree model (cluster/treeModel.ts), refreshed in
 * batches from watch events, plus the context/namespace status bar item and switcher.
 */
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { cluster } from '../clusterLoader';
import type { LoadedKubeconfig } from '../cluster/kube';
import type { ExplorerSession, SessionEvent } from '../cluster/session';
import type { LocalEntry, TreeNode } from '../cluster/treeModel';
import type { JobObject, PodObject } from '../cluster/types';
import { registerLogCommands } from '../logs/follow';
import { registerJobActions } from '../actions/jobActions';
import { registerApply } from '../actions/apply';

export const VIEW_ID = 'kjob.jobs';

export interface ExplorerConfig {
  kubeconfig: string;
  namespaces: string[];
  maxChildren: number;
}

export function readExplorerConfig(): ExplorerConfig {
  const c = vscode.workspace.getConfiguration('kjob');
  return {
    kubeconfig: c.get<string>('kubeconfig', '') ?? '',
    namespaces: c.get<string[]>('namespaces', []) ?? [],
    maxChildren: Math.max(20, c.get<number>('explorer.maxChildren', 200) ?? 200),
  };
}

export class JobsExplorer implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<TreeNode | undefined | void>();
  readonly onDidChangeTreeData = this.emitter.event;
  session: ExplorerSession | undefined;
  kubeconfig: LoadedKubeconfig | undefined;
  private readonly nodes = new Map<string, TreeNode>();
  private pending = new Set<string>();
  private full = false;
  private timer: NodeJS.Timeout | undefined;
  private loginPath: Promise<string | undefined> | undefined;
  private readonly statusItem: vscode.StatusBarItem;
  private readonly changeListeners = new Set<() => void>();
  private readonly reloadListeners = new Set<() => void>();
  private firstLoad: Promise<void> | undefined;

  constructor(readonly ctx: Ctx) {
    this.statusItem = vscode.window.createStatusBarItem('kjob.context', vscode.StatusBarAlignment.Left, 50);
    this.statusItem.name = 'kjob: Kubernetes context';
    this.statusItem.command = 'kjob.switchContext';
  }

  /**
   * Starts the first load if nothing has loaded yet (the cluster half is loaded lazily: when the
   * view first asks for children or a cluster command runs) and resolves when it has finished.
   * A failed load is logged, not thrown; callers then see no session, as before.
   */
  ensureLoaded(): Promise<void> {
    if (!this.firstLoad) void this.load().catch(() => undefined); // logged through firstLoad
    return this.firstLoad!;
  }

  /** Whether a load has started (before that, nothing of the cluster half is loaded). */
  get loadStarted(): boolean {
    return this.firstLoad !== undefined;
  }

  /** Loads (or reloads) the kubeconfig and starts a fresh session. */
  load(): Promise<void> {
    const p = this.loadNow();
    this.firstLoad ??= p.catch((e) => this.ctx.log.error(`Jobs explorer: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));
    return p;
  }

  private async loadNow(): Promise<void> {
    const { readLoginShellPath, mergePathLists, readKubeconfig, ExplorerSession } = cluster();
    const cfg = readExplorerConfig();
    this.loginPath ??= readLoginShellPath().then((p) => {
      if (p) this.ctx.log.info(`login shell PATH read for exec credential plugins (${p.split(':').length} entries)`);
      else this.ctx.log.debug('login shell PATH not available; using the extension host PATH');
      return p;
    });
    const searchPath = mergePathLists(process.platform === 'win32' ? ';' : ':', process.env.PATH, await this.loginPath);
    if (this.session) for (const l of this.reloadListeners) l();
    this.session?.dispose();
    this.nodes.clear();
    const kubeconfig = readKubeconfig({ explicitPath: cfg.kubeconfig || undefined, searchPath });
    this.kubeconfig = kubeconfig;
    const state = this.ctx.extension.workspaceState;
    this.session = new ExplorerSession(kubeconfig, {
      configuredNamespaces: cfg.namespaces,
      onChange: (ev) => this.onSessionChange(ev),
      local: () => this.localEntries(),
      log: (level, m) => this.ctx.log[level](m),
      currentContext: state.get<string>('kjob.context'),
      namespaceOverride: state.get<Record<string, string>>('kjob.namespaces') ?? {},
    });
    for (const e of kubeconfig.errors) this.ctx.log.warn(`kubeconfig: ${e}`);
    for (const m of kubeconfig.missingPlugins) this.ctx.log.error(`exec credential plugin "${m.command}" for user ${m.user} not found on PATH${m.installHint ? `: ${m.installHint}` : ''}`);
    this.ctx.log.info(`kubeconfig: ${kubeconfig.files.length ? kubeconfig.files.join(', ') : `none found (looked for ${kubeconfig.searched.join(', ') || '~/.kube/config'})`}; ${kubeconfig.contexts.length} contexts; current ${this.session.currentContext || '<none>'}`);
    await vscode.commands.executeCommand('setContext', 'kjob.noKubeconfig', kubeconfig.contexts.length === 0 && kubeconfig.errors.length === 0);
    this.updateStatus();
    this.refreshAll();
  }

  private localEntries(): LocalEntry[] {
    return this.ctx.localJobs.list().map((l) => ({ id: l.id, label: l.label, job: l.job as JobObject, pods: l.pods as PodObject[] }));
  }

  updateStatus(): void {
    const s = this.session;
    if (!s || !s.currentContext) {
      this.statusItem.hide();
      return;
    }
    const ctx = s.currentContext;
    this.statusItem.text = `$(vm) ${ctx} · ${s.namespaceOf(ctx)}`;
    this.statusItem.tooltip = `kjob: context ${ctx}, namespace ${s.namespaceOf(ctx)} — click to switch`;
    this.statusItem.show();
  }

  /** Called before a reload replaces the session (its watches stop). */
  onReload(l: () => void): vscode.Disposable {
    this.reloadListeners.add(l);
    return { dispose: () => this.reloadListeners.delete(l) };
  }

  /** Listeners for any tree change (used by log follows of local Jobs and by tests). */
  onAnyChange(l: () => void): vscode.Disposable {
    this.changeListeners.add(l);
    return { dispose: () => this.changeListeners.delete(l) };
  }

  private onSessionChange(ev: SessionEvent): void {
    for (const l of this.changeListeners) l();
    if (!ev.namespace) {
      this.schedule(`ctx:${ev.context}`);
      return;
    }
    const nsId = `ns:${ev.context}/${ev.namespace}`;
    if (ev.change?.structure || !ev.change) {
      this.schedule(nsId);
      return;
    }
    const w = this.session?.watchOf(ev.context, ev.namespace);
    if (!w || !ev.change.jobUids.size) return;
    // O(changed Jobs): a pod event must not scan the namespace's Jobs.
    for (const uid of ev.change.jobUids) {
      const j = w.jobByUid(uid);
      if (!j) continue;
      this.schedule(`job:${ev.context}/${ev.namespace}/${j.metadata?.name}`);
      const cj = cluster().controllerOf(j, 'CronJob')?.name;
      if (cj) this.schedule(`cj:${ev.context}/${ev.namespace}/${cj}`);
    }
  }

  /** Batches refreshes: one flush per 100 ms. Unknown (never shown) nodes need no refresh. */
  schedule(id: string | 'all'): void {
    if (id === 'all') this.full = true;
    else if (this.nodes.has(id)) this.pending.add(id);
    else return;
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), 100);
  }

  private flush(): void {
    this.timer = undefined;
    if (this.full || this.pending.size > 200) {
      this.full = false;
      this.pending.clear();
      this.emitter.fire();
      return;
    }
    const ids = [...this.pending];
    this.pending.clear();
    for (const id of ids) {
      const n = this.nodes.get(id);
      if (n) this.emitter.fire(n);
    }
  }

  refreshAll(): void {
    this.schedule('all');
  }

  refreshLocal(): void {
    if (this.nodes.has('local') && this.localEntries().length) this.schedule('local');
    else this.refreshAll();
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const v = cluster().view(node, this.session ?? emptyData(() => this.localEntries()), Date.now(), node.kind !== 'job');
    const item = new vscode.TreeItem(
      v.label,
      v.collapsible === 'none' ? vscode.TreeItemCollapsibleState.None : v.collapsible === 'expanded' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
    );
    item.id = node.id;
    if (v.description) item.description = v.description;
    // Job tooltips are computed on hover (resolveTreeItem): 5,000 Jobs paint without them.
    if (v.tooltip) item.tooltip = v.tooltip;
    if (v.icon) item.iconPath = new vscode.ThemeIcon(v.icon.id, v.icon.color ? new vscode.ThemeColor(v.icon.color) : undefined);
    item.contextValue = v.contextValue;
    if (v.command) item.command = { command: v.command.command, title: v.command.title, arguments: v.command.args ?? [] };
    return item;
  }

  resolveTreeItem(item: vscode.TreeItem, node: TreeNode): vscode.TreeItem {
    if (node.kind === 'job' && !item.tooltip) {
      const v = cluster().view(node, this.session ?? emptyData(() => this.localEntries()), Date.now());
      if (v.tooltip) item.tooltip = v.tooltip;
    }
    return item;
  }

  getChildren(node?: TreeNode): TreeNode[] {
    // The first time the view needs data: load the cluster half and start the session (not
    // awaited; it refreshes the tree when ready, like the load at activation used to).
    void this.ensureLoaded();
    const data = this.session ?? emptyData(() => this.localEntries());
    try {
      const { children, DEFAULT_LIMITS } = cluster();
      const limits = { ...DEFAULT_LIMITS, maxChildren: readExplorerConfig().maxChildren };
      return children(node, data, limits).map((n) => this.canonical(n));
    } catch (e) {
      this.ctx.log.error(`tree: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return [this.canonical({ kind: 'message', id: `${node?.id ?? 'root'}!crash`, text: 'Could not show this node; see the kjob output', severity: 'error', action: { command: 'kjob.showLog', title: 'Show log' } })];
    }
  }

  getParent(): undefined {
    return undefined;
  }

  private canonical(n: TreeNode): TreeNode {
    const cur = this.nodes.get(n.id);
    if (cur && cur.kind === n.kind) {
      Object.assign(cur, n);
      return cur;
    }
    this.nodes.set(n.id, n);
    return n;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.session?.dispose();
    this.statusItem.dispose();
    this.emitter.dispose();
  }
}

function emptyData(local: () => LocalEntry[]) {
  return {
    rootMessages: () => [],
    contexts: () => [],
    namespaces: () => ({ namespaces: [], messages: [] }),
    namespace: () => undefined,
    local,
  };
}

export async function registerExplorer(ctx: Ctx): Promise<JobsExplorer> {
  const explorer = new JobsExplorer(ctx);
  ctx.push(explorer);
  const tree = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: explorer, showCollapseAll: true });
  ctx.push(tree);
  ctx.push(ctx.localJobs.onDidChange(() => explorer.refreshLocal()));
  ctx.push(
    vscode.commands.registerCommand('kjob.refresh', async () => {
      await explorer.load();
    }),
    vscode.commands.registerCommand('kjob.showLog', () => ctx.log.show(true)),
    vscode.commands.registerCommand('kjob.openSettings', () => vscode.commands.executeCommand('workbench.action.openSettings', 'kjob.kubeconfig')),
    vscode.commands.registerCommand('kjob.configureNamespaces', () => vscode.commands.executeCommand('workbench.action.openSettings', 'kjob.namespaces')),
    vscode.commands.registerCommand('kjob.openKubeconfig', async () => {
      await explorer.ensureLoaded();
      const f = explorer.kubeconfig?.files[0] ?? explorer.kubeconfig?.searched[0];
      if (f) await vscode.window.showTextDocument(vscode.Uri.file(f));
    }),
    vscode.commands.registerCommand('kjob.showPluginHint', async (m?: { command: string; user: string; installHint?: string }) => {
      if (!m) return;
      const text = `The credential plugin "${m.command}" (kubeconfig user ${m.user}) was not found on your login shell's PATH.${m.installHint ? `\n\n${m.installHint}` : ''}\n\nAfter installing it, run "kjob: Refresh".`;
      await vscode.window.showErrorMessage(text, { modal: true });
    }),
    vscode.commands.registerCommand('kjob.switchContext', async () => {
      await explorer.ensureLoaded();
      const s = explorer.session;
      if (!s || !s.kubeconfig.contexts.length) {
        void vscode.window.showInformationMessage('kjob: no kubeconfig contexts found. Set kjob.kubeconfig or KUBECONFIG.');
        return;
      }
      const pick = await vscode.window.showQuickPick(
        s.contexts().map((c) => ({ label: c.name, description: `${c.current ? 'current · ' : ''}${c.cluster}`, detail: `namespace ${c.namespace}` })),
        { title: 'kjob: switch context', placeHolder: 'Context (kjob only; your kubeconfig is not changed)' },
      );
      if (!pick) return;
      await ctx.extension.workspaceState.update('kjob.context', pick.label);
      await explorer.load();
      await vscode.commands.executeCommand('kjob.switchNamespace');
    }),
    vscode.commands.registerCommand('kjob.switchNamespace', async (node?: TreeNode) => {
      await explorer.ensureLoaded();
      const s = explorer.session;
      if (!s) return;
      const context = node?.kind === 'context' ? node.context : s.currentContext;
      if (!context) return;
      const plan = await s.ready(context);
      const other = '$(edit) Other namespace…';
      const pick = await vscode.window.showQuickPick([...plan.namespaces, other], { title: `kjob: namespace for ${context}` });
      if (!pick) return;
      let ns: string | undefined = pick;
      if (pick === other) ns = await vscode.window.showInputBox({ prompt: 'Namespace', validateInput: (v) => (/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(v) ? undefined : 'a DNS-1123 label') });
      if (!ns) return;
      const overrides = { ...(ctx.extension.workspaceState.get<Record<string, string>>('kjob.namespaces') ?? {}), [context]: ns };
      await ctx.extension.workspaceState.update('kjob.namespaces', overrides);
      await explorer.load();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      // Nothing loaded yet: the first load reads the new settings anyway.
      if (!explorer.loadStarted) return;
      if (e.affectsConfiguration('kjob.kubeconfig') || e.affectsConfiguration('kjob.namespaces') || e.affectsConfiguration('kjob.explorer')) void explorer.load();
    }),
  );
  registerLogCommands(ctx, explorer);
  registerJobActions(ctx, explorer);
  registerApply(ctx, explorer);
  // Nothing is loaded during activation: the cluster half (client/out/cluster.js) and the session
  // start the first time the view asks for children or a cluster command runs, or shortly after
  // activation so the status bar shows the current context/namespace (explorer.ensureLoaded()).
  const deferred = setTimeout(() => void explorer.ensureLoaded(), 1000);
  ctx.push({ dispose: () => clearTimeout(deferred) });
  return explorer;
}

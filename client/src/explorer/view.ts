/**
 * The Jobs view: a TreeDataProvider over the pure tree model (treeModel.ts) and the cluster host's
 * session, refreshed in batches from watch events, plus the context/namespace status bar item and
 * switcher. Every cluster access goes through the host (ctx.host).
 */
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { cluster } from '../bundles/clusterLoader';
import type { ClusterHost } from '../cluster/host';
import type { SessionEvent } from '../cluster/session';
import type { ExplorerData, LocalEntry, TreeNode } from './treeModel';

export const VIEW_ID = 'kjob.jobs';

/** The kjob.explorer.maxChildren setting (at least 20). */
function maxChildren(): number {
  return Math.max(20, vscode.workspace.getConfiguration('kjob').get<number>('explorer.maxChildren', 200) ?? 200);
}

export class JobsTree implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<TreeNode | undefined | void>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly nodes = new Map<string, TreeNode>();
  private pending = new Set<string>();
  private full = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly statusItem: vscode.StatusBarItem;
  private readonly host: ClusterHost;
  private readonly subscriptions: vscode.Disposable[];

  constructor(readonly ctx: Ctx) {
    this.host = ctx.host;
    this.statusItem = vscode.window.createStatusBarItem('kjob.context', vscode.StatusBarAlignment.Left, 50);
    this.statusItem.name = 'kjob: Kubernetes context';
    this.statusItem.command = 'kjob.switchContext';
    this.subscriptions = [
      this.host.onDidLoad(() => {
        this.nodes.clear();
        const k = this.host.kubeconfig;
        void vscode.commands.executeCommand('setContext', 'kjob.noKubeconfig', !!k && k.contexts.length === 0 && k.errors.length === 0);
        this.updateStatus();
        this.refreshAll();
      }),
      this.host.onDidChange((ev) => this.onSessionChange(ev)),
    ];
  }

  /** What the tree shows: the live session (nothing before it has loaded) and the Local group. */
  private data(): ExplorerData {
    const s = this.host.session;
    const local = () => this.localEntries();
    if (!s) return { rootNotices: () => [], contexts: () => [], namespaces: () => ({ namespaces: [], notices: [] }), namespace: () => undefined, local, loading: () => this.host.loading };
    return {
      rootNotices: () => s.rootNotices(),
      contexts: () => s.contexts(),
      namespaces: (c) => s.namespaces(c),
      namespace: (c, n) => s.namespace(c, n),
      peekNamespace: (c, n) => s.peekNamespace(c, n),
      local,
    };
  }

  private localEntries(): LocalEntry[] {
    return this.ctx.localJobs.entries();
  }

  updateStatus(): void {
    const ctx = this.host.currentContext;
    if (!ctx) {
      this.statusItem.hide();
      return;
    }
    const ns = this.host.namespaceOf(ctx);
    this.statusItem.text = `$(vm) ${ctx} · ${ns}`;
    this.statusItem.tooltip = `kjob: context ${ctx}, namespace ${ns} — click to switch`;
    this.statusItem.show();
  }

  private onSessionChange(ev: SessionEvent): void {
    if (!ev.namespace) {
      this.schedule(`ctx:${ev.context}`);
      return;
    }
    const nsId = `ns:${ev.context}/${ev.namespace}`;
    if (ev.change?.structure || !ev.change) {
      this.schedule(nsId);
      return;
    }
    const w = this.host.session?.watchOf(ev.context, ev.namespace);
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
    const v = cluster().view(node, this.data(), Date.now(), node.kind !== 'job');
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
      const v = cluster().view(node, this.data(), Date.now());
      if (v.tooltip) item.tooltip = v.tooltip;
    }
    return item;
  }

  getChildren(node?: TreeNode): TreeNode[] {
    // The first time the view needs data: start the session (not awaited; the host's load event
    // refreshes the tree when it is ready).
    void this.host.ensureSession();
    try {
      const { children, DEFAULT_LIMITS } = cluster();
      const limits = { ...DEFAULT_LIMITS, maxChildren: maxChildren() };
      return children(node, this.data(), limits).map((n) => this.canonical(n));
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
    for (const d of this.subscriptions) d.dispose();
    this.statusItem.dispose();
    this.emitter.dispose();
  }
}

export function registerExplorer(ctx: Ctx): JobsTree {
  const host = ctx.host;
  const explorer = new JobsTree(ctx);
  ctx.push(explorer);
  const tree = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: explorer, showCollapseAll: true });
  ctx.push(tree);
  ctx.push(ctx.localJobs.onDidChange(() => explorer.refreshLocal()));
  ctx.push(
    vscode.commands.registerCommand('kjob.refresh', () => host.reload()),
    vscode.commands.registerCommand('kjob.showLog', () => ctx.log.show(true)),
    vscode.commands.registerCommand('kjob.openSettings', () => vscode.commands.executeCommand('workbench.action.openSettings', 'kjob.kubeconfig')),
    vscode.commands.registerCommand('kjob.configureNamespaces', () => vscode.commands.executeCommand('workbench.action.openSettings', 'kjob.namespaces')),
    vscode.commands.registerCommand('kjob.openKubeconfig', async () => {
      await host.peek();
      const f = host.kubeconfig?.files[0] ?? host.kubeconfig?.searched[0];
      if (f) await vscode.window.showTextDocument(vscode.Uri.file(f));
    }),
    vscode.commands.registerCommand('kjob.showPluginHint', async (m?: { command: string; user: string; installHint?: string }) => {
      if (!m) return;
      const text = `The credential plugin "${m.command}" (kubeconfig user ${m.user}) was not found on your login shell's PATH.${m.installHint ? `\n\n${m.installHint}` : ''}\n\nAfter installing it, run "kjob: Refresh".`;
      await vscode.window.showErrorMessage(text, { modal: true });
    }),
    vscode.commands.registerCommand('kjob.switchContext', async () => {
      await host.ensureSession();
      const contexts = host.contexts();
      if (!contexts.length) {
        void vscode.window.showInformationMessage('kjob: no kubeconfig contexts found. Set kjob.kubeconfig or KUBECONFIG.');
        return;
      }
      const pick = await vscode.window.showQuickPick(
        contexts.map((c) => ({ label: c.name, description: `${c.current ? 'current · ' : ''}${c.cluster}`, detail: `namespace ${c.namespace}` })),
        { title: 'kjob: switch context', placeHolder: 'Context (kjob only; your kubeconfig is not changed)' },
      );
      if (!pick) return;
      await host.chooseContext(pick.label);
      await vscode.commands.executeCommand('kjob.switchNamespace');
    }),
    vscode.commands.registerCommand('kjob.switchNamespace', async (node?: TreeNode) => {
      const s = await host.ensureSession();
      if (!s) return;
      const context = node?.kind === 'context' ? node.context : host.currentContext;
      if (!context) return;
      const plan = await s.ready(context);
      const other = '$(edit) Other namespace…';
      const pick = await vscode.window.showQuickPick([...plan.namespaces, other], { title: `kjob: namespace for ${context}` });
      if (!pick) return;
      let ns: string | undefined = pick;
      if (pick === other) ns = await vscode.window.showInputBox({ prompt: 'Namespace', validateInput: (v) => (/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(v) ? undefined : 'a DNS-1123 label') });
      if (!ns) return;
      await host.chooseNamespace(context, ns);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('kjob.explorer')) explorer.refreshAll();
    }),
  );
  // Nothing is loaded during activation. Shortly after it, the host reads the kubeconfig for the
  // status bar (no login shell, no connection); the session starts the first time the view asks
  // for children or a cluster command runs.
  const deferred = setTimeout(() => void host.peek(), 1000);
  ctx.push({ dispose: () => clearTimeout(deferred) });
  return explorer;
}

/**
 * Log commands: follow a container, a pod, an index (moves to the retry pod) or a whole Job;
 * previous logs; options (tail, since, timestamps); stop; save. Follows are Disposables that abort
 * their requests at once.
 */
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { cluster } from '../bundles/clusterLoader';
import type { LogFollowRun, LogOptions } from './stream';
import type { FollowTarget } from './follower';
import type { TreeNode } from '../explorer/treeModel';
import { LogDocuments, TerminalLogView, type LogView } from './views';

interface ActiveFollow {
  title: string;
  view: LogView;
  run?: LogFollowRun;
  stop(): void;
}

export function readLogConfig(): { output: 'editor' | 'terminal'; tailLines: number; timestamps: boolean; maxLines: number; sinceSeconds: number } {
  const c = vscode.workspace.getConfiguration('kjob.logs');
  return {
    output: c.get<'editor' | 'terminal'>('output', 'editor') ?? 'editor',
    tailLines: c.get<number>('tailLines', -1) ?? -1,
    timestamps: c.get<boolean>('timestamps', false) ?? false,
    maxLines: Math.max(1000, c.get<number>('maxLines', 10_000) ?? 10_000),
    sinceSeconds: c.get<number>('sinceSeconds', 0) ?? 0,
  };
}

function targetOf(node: TreeNode): { target: FollowTarget; jobName: string; title: string } | undefined {
  switch (node.kind) {
    case 'job':
      return { target: { kind: 'job' }, jobName: node.name, title: `job ${node.name}` };
    case 'index':
      return { target: { kind: 'index', index: node.index }, jobName: node.name, title: `${node.name} index ${node.index}` };
    case 'pod':
      return { target: { kind: 'pod', pod: node.name }, jobName: node.jobName, title: `pod ${node.name}` };
    case 'container':
      return { target: { kind: 'container', pod: node.pod, container: node.container }, jobName: node.jobName, title: `${node.pod}/${node.container}` };
    default:
      return undefined;
  }
}

export function registerLogCommands(ctx: Ctx): void {
  const host = ctx.host;
  const docs = new LogDocuments((d) => ctx.push(d));
  const active = new Set<ActiveFollow>();
  ctx.push({ dispose: () => [...active].forEach((f) => f.stop()) });
  // A refresh or context switch replaces the watches the follows listen to: end them visibly.
  ctx.push(
    host.onWillReload(() => {
      for (const f of [...active]) {
        f.view.marker('── the Jobs view reloaded (refresh or context switch): follow stopped; start it again to continue ──');
        f.stop();
      }
    }),
  );

  const makeView = (title: string): LogView => {
    const cfg = readLogConfig();
    return cfg.output === 'terminal' ? new TerminalLogView(title, cfg.maxLines) : docs.create(title, cfg.maxLines);
  };

  const follow = async (node: TreeNode | undefined, opts: LogOptions): Promise<void> => {
    if (!node) {
      void vscode.window.showInformationMessage('kjob: choose a Job, index, pod or container in the Jobs view to follow its logs.');
      return;
    }
    const t = targetOf(node);
    if (!t || !('src' in node)) return;
    const src = node.src;
    // A cluster follow needs the namespace's watch (the session starts here if nothing started it).
    const session = src.kind === 'cluster' ? await host.ensureSession() : undefined;
    const w = src.kind === 'cluster' ? session?.watchOf(src.context, src.namespace) : undefined;
    if (src.kind === 'cluster' && (!session || !w)) {
      void vscode.window.showWarningMessage('kjob: open the namespace in the Jobs view first.');
      return;
    }
    const { LogFollowRun, namespaceSource } = cluster();
    const title = `${t.title}${opts.previous ? ' (previous)' : ''}`;
    const view = makeView(title);
    if (src.kind === 'local') {
      // Local runs and simulations keep their captured output: show it (nothing to stream).
      const l = ctx.localJobs.get(src.id);
      const target = t.target;
      // Pods in creation order, so an index shows its attempts in order.
      for (const p of l?.pods ?? []) {
        const meta = p.metadata as { name?: string; annotations?: Record<string, string> } | undefined;
        const pod = meta?.name;
        if (!pod) continue;
        if ((target.kind === 'pod' || target.kind === 'container') && target.pod !== pod) continue;
        if (target.kind === 'index' && meta?.annotations?.['batch.kubernetes.io/job-completion-index'] !== String(target.index)) continue;
        for (const [c, text] of Object.entries(l?.logs?.(pod) ?? {})) {
          if ((target.kind === 'container' || target.kind === 'index' || target.kind === 'job') && target.container !== undefined && target.container !== c) continue;
          view.marker(`── ${pod}/${c} ──`);
          view.lines(text.split('\n'));
        }
      }
      view.end('captured output');
      void view.reveal();
      return;
    }
    if (!session || !w) return;
    const cfg = readLogConfig();
    const run = new LogFollowRun(
      session.kubeConfig(src.context),
      src.namespace,
      t.target,
      namespaceSource(w, t.jobName),
      view,
      {
        timestamps: opts.timestamps ?? cfg.timestamps,
        ...(opts.previous ? { previous: true } : {}),
        ...((opts.tailLines ?? cfg.tailLines) >= 0 ? { tailLines: opts.tailLines ?? cfg.tailLines } : {}),
        ...((opts.sinceSeconds ?? cfg.sinceSeconds) > 0 ? { sinceSeconds: opts.sinceSeconds ?? cfg.sinceSeconds } : {}),
      },
      (m) => ctx.log.debug(m),
    );
    const f: ActiveFollow = {
      title,
      view,
      run,
      stop: () => {
        run.stop();
        active.delete(f);
        void vscode.commands.executeCommand('setContext', 'kjob.following', active.size > 0);
      },
    };
    active.add(f);
    void vscode.commands.executeCommand('setContext', 'kjob.following', true);
    view.onClosed(() => f.stop());
    ctx.log.info(`following logs: ${title} in ${src.context}/${src.namespace}`);
    run.start();
    void view.reveal();
  };

  ctx.push(
    vscode.commands.registerCommand('kjob.followLogs', (node?: TreeNode) => follow(node, {})),
    vscode.commands.registerCommand('kjob.showPreviousLogs', (node?: TreeNode) => follow(node, { previous: true })),
    vscode.commands.registerCommand('kjob.followLogsWithOptions', async (node?: TreeNode) => {
      const tail = await vscode.window.showInputBox({ title: 'Tail lines (empty: all)', value: '', validateInput: (v) => (v === '' || /^\d+$/.test(v) ? undefined : 'a number') });
      if (tail === undefined) return;
      const since = await vscode.window.showInputBox({ title: 'Since (e.g. 10m, 2h; empty: from the start)', value: '', validateInput: (v) => (v === '' || /^\d+[smhd]$/.test(v) ? undefined : 'like 30s, 10m, 2h, 1d') });
      if (since === undefined) return;
      const ts = await vscode.window.showQuickPick(['Without timestamps', 'With timestamps'], { title: 'Timestamps' });
      if (!ts) return;
      const prev = await vscode.window.showQuickPick(['Current containers', 'Previous (terminated) container instance'], { title: 'Which container instance' });
      if (!prev) return;
      const mult: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };
      await follow(node, {
        ...(tail ? { tailLines: Number(tail) } : {}),
        ...(since ? { sinceSeconds: Number(since.slice(0, -1)) * mult[since.slice(-1)] } : {}),
        timestamps: ts === 'With timestamps',
        ...(prev.startsWith('Previous') ? { previous: true } : {}),
      });
    }),
    vscode.commands.registerCommand('kjob.stopFollowing', async () => {
      const list = [...active];
      if (!list.length) return;
      const editorUri = vscode.window.activeTextEditor?.document.uri;
      const current = editorUri ? list.find((f) => 'uri' in f.view && (f.view as { uri: vscode.Uri }).uri.toString() === editorUri.toString()) : undefined;
      if (current) return current.stop();
      if (list.length === 1) return list[0].stop();
      const pick = await vscode.window.showQuickPick(['All', ...list.map((f) => f.title)], { title: 'Stop following' });
      if (pick === 'All') list.forEach((f) => f.stop());
      else list.find((f) => f.title === pick)?.stop();
    }),
    vscode.commands.registerCommand('kjob.saveLogs', async () => {
      const editorUri = vscode.window.activeTextEditor?.document.uri;
      const v = editorUri ? docs.viewFor(editorUri) : undefined;
      const list = [...active];
      let chosen: LogView | undefined = v ?? (list.length === 1 ? list[0].view : undefined);
      if (!chosen && list.length) {
        const pick = await vscode.window.showQuickPick(list.map((x) => x.title), { title: 'Save which log?' });
        chosen = list.find((f) => f.title === pick)?.view;
      }
      if (!chosen) return;
      const uri = await vscode.window.showSaveDialog({ saveLabel: 'Save log', filters: { Log: ['log', 'txt'] }, defaultUri: vscode.Uri.file(`${chosen.title.replace(/[\\/:*?"<>|\s]+/g, '_')}.log`) });
      if (!uri) return;
      await vscode.workspace.fs.writeFile(uri, Buffer.from(chosen.ring.text(), 'utf8'));
      void vscode.window.showInformationMessage(`kjob: saved ${chosen.ring.length} lines to ${uri.fsPath}`);
    }),
  );
}

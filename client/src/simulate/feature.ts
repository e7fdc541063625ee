/**
 * The Simulate / Run locally implementation, built into client/out/local.js (client/src/bundles/local.ts)
 * and loaded by the first CodeLens request or command (client/src/simulate/simulate.ts registers
 * them at activation). Thin glue over the pure simulator (core/controller) and the local
 * runner (core/kubelet/localRun.ts). Results go to the Jobs view's "Local" group (ctx.localJobs).
 */
import * as vscode from 'vscode';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Ctx } from '../ctx';
import { parseOutcomeScript, defaultLogs, attemptFor, type OutcomeScript } from '../../../core/kubelet/outcomes';
import { parseFile, type ParsedFile } from '../../../core/yaml/document';
import { jobDocs, type JobDoc } from '../../../core/workloads/jobDocs';
import { simulate } from '../../../core/controller/simulator';
import { reportText } from '../../../core/controller/report';
import { planLocalRun, runLocally } from '../../../core/kubelet/localRun';
import { scheduleLenses, simulateCronJobInEditor } from './cronjob';

const REPORT_SCHEME = 'kjob-sim';

export interface SimulateFeature {
  /** The Simulate… / Run locally lenses above each Job or CronJob document (Run locally only when `runLocally`). */
  codeLenses(doc: vscode.TextDocument, opts: { runLocally: boolean }): vscode.CodeLens[];
  forget(uri: vscode.Uri): void;
  simulate(uri?: vscode.Uri, docIndex?: number): Promise<void>;
  /** The caller has checked that the workspace is trusted (and shown why not). */
  runLocally(uri?: vscode.Uri, docIndex?: number): Promise<void>;
  /** Stops every local run; returns how many were running. */
  cancelLocalRuns(): number;
}

/** Where simulation reports go (the read-only kjob-sim documents, provided from activation on). */
export interface ReportSink {
  set(uri: vscode.Uri, text: string): void;
}

/** One parse per document version, shared by the CodeLenses and the commands. */
class DocCache {
  private readonly cache = new Map<string, { version: number; file: ParsedFile; docs: JobDoc[] }>();
  file(doc: vscode.TextDocument): ParsedFile | undefined {
    const hit = this.cache.get(doc.uri.toString());
    return hit && hit.version === doc.version ? hit.file : undefined;
  }
  get(doc: vscode.TextDocument): JobDoc[] {
    const key = doc.uri.toString();
    const hit = this.cache.get(key);
    if (hit && hit.version === doc.version) return hit.docs;
    const text = doc.getText();
    const file = parseFile(text);
    let docs: JobDoc[] = [];
    try {
      docs = jobDocs(text, file);
    } catch {
      docs = [];
    }
    this.cache.set(key, { version: doc.version, file, docs });
    return docs;
  }
  forget(uri: vscode.Uri): void {
    this.cache.delete(uri.toString());
  }
}

export function createSimulateFeature(ctx: Ctx, reports: ReportSink): SimulateFeature {
  const cache = new DocCache();
  const runs = new Map<string, AbortController>();
  let runOutput: vscode.OutputChannel | undefined;
  ctx.push({ dispose: () => runs.forEach((r) => r.abort()) });

  const pickDoc = async (uri?: vscode.Uri, docIndex?: number): Promise<{ doc: vscode.TextDocument; job: JobDoc } | undefined> => {
    const doc = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
    if (!doc) {
      void vscode.window.showInformationMessage('kjob: open a Job YAML file first.');
      return undefined;
    }
    const docs = cache.get(doc);
    let job = docIndex !== undefined ? docs.find((d) => d.docIndex === docIndex) : undefined;
    if (!job && docs.length === 1) job = docs[0];
    if (!job && docs.length > 1) {
      const cursor = vscode.window.activeTextEditor?.document === doc ? doc.offsetAt(vscode.window.activeTextEditor.selection.active) : -1;
      job = docs.find((d) => cursor >= d.start && cursor <= d.end);
      if (!job) {
        const pick = await vscode.window.showQuickPick(
          docs.map((d) => ({ label: d.name, description: d.kind, d })),
          { title: 'kjob: which Job?' },
        );
        job = pick?.d;
      }
    }
    if (!job) {
      if (!docs.length) void vscode.window.showWarningMessage('kjob: no batch/v1 Job or CronJob in this file.');
      return undefined;
    }
    if (job.apiErrors.length) {
      const first = job.apiErrors[0];
      void vscode.window.showErrorMessage(`kjob: the API server would reject Job ${job.name}: ${first.path ? `${first.path}: ` : ''}${first.message}${job.apiErrors.length > 1 ? ` (and ${job.apiErrors.length - 1} more; see Problems)` : ''}`);
      return undefined;
    }
    return { doc, job };
  };

  const chooseOutcomes = async (doc: vscode.TextDocument, job: JobDoc): Promise<{ script: OutcomeScript; name: string } | undefined> => {
    type Item = vscode.QuickPickItem & { run: () => Promise<{ script: OutcomeScript; name: string } | undefined> };
    const items: Item[] = [];
    const load = async (uri: vscode.Uri) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(await readFile(uri.fsPath, 'utf8'));
      } catch (e) {
        void vscode.window.showErrorMessage(`kjob: ${basename(uri.fsPath)} is not a readable JSON file: ${(e as Error).message}`);
        return undefined;
      }
      const { script, errors } = parseOutcomeScript(parsed);
      if (errors.length) {
        void vscode.window.showErrorMessage(`kjob: outcome script ${basename(uri.fsPath)}: ${errors.slice(0, 3).join('; ')}`);
        return undefined;
      }
      return { script, name: vscode.workspace.asRelativePath(uri) };
    };
    if (doc.uri.scheme === 'file') {
      const sibling = vscode.Uri.file(join(dirname(doc.uri.fsPath), basename(doc.uri.fsPath).replace(/\.ya?ml$/, '') + '.outcomes.json'));
      try {
        await vscode.workspace.fs.stat(sibling);
        items.push({ label: `$(file) ${basename(sibling.fsPath)}`, description: 'next to this file', run: () => load(sibling) });
      } catch {
        /* no sibling script */
      }
    }
    if (job.annotationScript) {
      items.push({
        label: '$(tag) kjob.dev/outcomes annotation',
        description: 'from the Job',
        run: async () => {
          if (job.annotationErrors.length) {
            void vscode.window.showErrorMessage(`kjob: annotation kjob.dev/outcomes: ${job.annotationErrors.slice(0, 3).join('; ')}`);
            return undefined;
          }
          return { script: job.annotationScript!, name: 'the kjob.dev/outcomes annotation' };
        },
      });
    }
    items.push({ label: '$(pass) Every pod succeeds', description: 'each container runs 1 s and exits 0', run: async () => ({ script: {}, name: 'default (every container runs 1s and exits 0)' }) });
    items.push({
      label: '$(folder-opened) Choose an outcome script…',
      description: 'JSON: default / indexes / events',
      run: async () => {
        const base = vscode.workspace.getWorkspaceFolder(doc.uri)?.uri;
        const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'Outcome script': ['json'] }, defaultUri: base ? vscode.Uri.joinPath(base, 'examples') : undefined, title: 'kjob: outcome script' });
        return picked?.[0] ? load(picked[0]) : undefined;
      },
    });
    const pick = await vscode.window.showQuickPick(items, { title: `kjob: simulate ${job.name} — how do the pods end?` });
    return pick ? pick.run() : undefined;
  };

  return {
    codeLenses(doc: vscode.TextDocument, opts: { runLocally: boolean }): vscode.CodeLens[] {
      const lenses: vscode.CodeLens[] = [];
      for (const d of cache.get(doc)) {
        const range = new vscode.Range(doc.positionAt(d.start), doc.positionAt(d.start));
        const args = [doc.uri, d.docIndex];
        lenses.push(new vscode.CodeLens(range, { title: '$(beaker) Simulate…', command: 'kjob.simulate', arguments: args, tooltip: `Simulate the Job controller on ${d.name} in virtual time` }));
        if (opts.runLocally) lenses.push(new vscode.CodeLens(range, { title: '$(play) Run locally', command: 'kjob.runLocally', arguments: args, tooltip: `Run ${d.name}'s pod template as local processes` }));
        if (d.kind === 'CronJob') lenses.push(...scheduleLenses(doc, cache.file(doc)!, d.docIndex));
      }
      return lenses;
    },

    forget: (uri: vscode.Uri) => cache.forget(uri),

    async simulate(uri?: vscode.Uri, docIndex?: number): Promise<void> {
      const target = await pickDoc(uri, docIndex);
      if (!target) return;
      const { doc, job } = target;
      if (job.kind === 'CronJob') return simulateCronJobInEditor(doc, cache.file(doc), job.docIndex, job.annotationErrors.length ? undefined : job.annotationScript, reports);
      const outcomes = await chooseOutcomes(doc, job);
      if (!outcomes) return;
      try {
        const r = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `kjob: simulating ${job.name}` }, async () =>
          simulate(job.job, { script: outcomes.script, epochSeconds: Math.floor(Date.now() / 1000) }),
        );
        const text = reportText(r, { jobName: job.name, source: vscode.workspace.asRelativePath(doc.uri), outcomes: outcomes.name, spec: (r.apiJob.spec ?? {}) as Record<string, unknown> });
        const reportUri = vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/${job.name}-simulation.kjobsim`, query: `${encodeURIComponent(doc.uri.toString())}#${job.docIndex}` });
        reports.set(reportUri, text);
        const id = `simulate:${doc.uri.toString()}#${job.docIndex}`;
        const first = String(((((r.apiJob.spec as Record<string, unknown>).template as Record<string, unknown>).spec as Record<string, unknown>).containers as { name: string }[])[0]?.name ?? 'main');
        // The scripted output of a pod, made when someone opens its log (not for every pod up front).
        let byName: Map<string, { index: number | null; attempt: number }> | undefined;
        const logs = (pod: string): Record<string, string> | undefined => {
          const index = (byName ??= new Map(r.podsSlice(0, r.podCount).map((p) => [p.name, p])));
          const p = index.get(pod);
          if (!p) return undefined;
          const a = attemptFor(outcomes.script, p.index ?? '*', p.attempt);
          return { [first]: (a.logs ?? defaultLogs(pod, p.index ?? '*', p.attempt)).join('\n') + '\n' };
        };
        ctx.localJobs.upsert({ id, label: `${job.name} (simulation)`, source: 'simulate', job: r.apiJob, pods: r.apiPods, logs, finished: true });
        ctx.log.info(`simulated ${job.name}: ${r.podCount} pod(s), ${r.timelineCount} timeline entries, ended at ${r.endSeconds}s`);
        const shown = await vscode.workspace.openTextDocument(reportUri);
        await vscode.languages.setTextDocumentLanguage(shown, 'kjob-sim');
        await vscode.window.showTextDocument(shown, { preview: false, viewColumn: vscode.ViewColumn.Beside });
      } catch (e) {
        ctx.log.error(`simulate ${job.name}: ${(e as Error).stack ?? e}`);
        void vscode.window.showErrorMessage(`kjob: cannot simulate ${job.name}: ${(e as Error).message}`);
      }
    },

    async runLocally(uri?: vscode.Uri, docIndex?: number): Promise<void> {
      // Checked by the command (client/src/simulate/simulate.ts) before this module loads; again here,
      // where processes start.
      if (!vscode.workspace.isTrusted) return;
      const target = await pickDoc(uri, docIndex);
      if (!target) return;
      const { doc, job } = target;
      const workspace = vscode.workspace.getWorkspaceFolder(doc.uri)?.uri.fsPath ?? (doc.uri.scheme === 'file' ? dirname(doc.uri.fsPath) : undefined);
      if (!workspace) {
        void vscode.window.showErrorMessage('kjob: save the file in a folder first (workingDir is relative to the workspace).');
        return;
      }
      const plan = planLocalRun(job.job, workspace);
      if (plan.errors.length) {
        void vscode.window.showErrorMessage(`kjob: cannot run ${job.name} locally: ${plan.errors.join('; ')}`, { modal: true });
        return;
      }
      const id = `run:${doc.uri.toString()}#${job.docIndex}`;
      if (runs.has(id)) {
        void vscode.window.showWarningMessage(`kjob: ${job.name} is already running locally.`);
        return;
      }
      const timeScale = vscode.workspace.getConfiguration('kjob', doc.uri).get<number>('runLocally.timeScale', 0.1) || 0.1;
      const detail = [
        `Every pod of ${job.name} runs these commands on this machine (image ignored)${plan.indexed ? '; shown for index 0' : ''}:`,
        '',
        ...plan.containers.map((c) => `${c.kind === 'init' ? '[init] ' : ''}${c.name}: ${c.argv.map(quote).join(' ')}\n    in ${c.cwd}`),
        ...(plan.warnings.length ? ['', ...plan.warnings.map((w) => `⚠ ${w}`)] : []),
        '',
        `Controller delays are scaled by ${timeScale} (setting kjob.runLocally.timeScale).`,
      ].join('\n');
      const ok = await vscode.window.showWarningMessage(`Run Job ${job.name} locally?`, { modal: true, detail }, 'Run');
      if (ok !== 'Run') return;
      if (!runOutput) {
        runOutput = vscode.window.createOutputChannel('kjob: Run locally');
        ctx.push(runOutput);
      }
      const out = runOutput;
      out.show(true);
      out.appendLine(`── ${new Date().toISOString()} run ${job.name} (time scale ${timeScale}) ──`);
      const ac = new AbortController();
      runs.set(id, ac);
      let last = 0;
      let latest: { job: Record<string, unknown>; pods: Record<string, unknown>[] } | undefined;
      const logs: Record<string, Record<string, string>> = {};
      const publish = (finished: boolean) => {
        if (!latest) return;
        ctx.localJobs.upsert({ id, label: `${job.name} (local run)`, source: 'run', job: latest.job, pods: latest.pods, logs: (pod) => logs[pod], finished });
      };
      try {
        const r = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: `kjob: running ${job.name} locally`, cancellable: true },
          async (progress, token) => {
            token.onCancellationRequested(() => ac.abort());
            return runLocally(job.job, {
              workspace,
              timeScale,
              signal: ac.signal,
              onEvent: (m) => {
                out.appendLine(`kjob: ${m}`);
                progress.report({ message: m });
              },
              onLog: (l) => {
                out.appendLine(`[${l.index ?? '-'}/${l.attempt} ${l.container}] ${l.text}`);
                const c = (logs[l.pod] ??= {});
                c[l.container] = (c[l.container] ?? '') + l.text + '\n';
              },
              onUpdate: (s) => {
                latest = s;
                const now = Date.now();
                if (now - last > 250) {
                  last = now;
                  publish(false);
                }
              },
            });
          },
        );
        latest = { job: r.apiJob, pods: r.apiPods };
        publish(true);
        const s = r.status;
        const msg = `kjob: ${job.name} ${r.outcome === 'Complete' ? 'completed' : r.outcome === 'Cancelled' ? 'was cancelled (every process stopped)' : 'failed'} locally: ${s.succeeded} succeeded, ${s.failed} failed${s.failedIndexes ? `, failed indexes ${s.failedIndexes}` : ''}.`;
        out.appendLine(msg);
        if (r.outcome === 'Complete') void vscode.window.showInformationMessage(msg);
        else void vscode.window.showWarningMessage(msg);
      } catch (e) {
        ctx.log.error(`run locally ${job.name}: ${(e as Error).stack ?? e}`);
        void vscode.window.showErrorMessage(`kjob: run locally failed: ${(e as Error).message}`);
      } finally {
        runs.delete(id);
      }
    },

    cancelLocalRuns(): number {
      const n = runs.size;
      runs.forEach((r) => r.abort());
      return n;
    },
  };
}

function quote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

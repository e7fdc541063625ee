/**
 * "Simulate…" and "Run locally" above each Job (or CronJob) document. Registered at activation; the
 * implementation (client/src/simulate/feature.ts: YAML parsing, the simulator, the local runner) is
 * in client/out/local.js and loaded by the first CodeLens request on a document that can hold a Job,
 * or the first command. Results go to the Jobs view's "Local" group (ctx.localJobs); the simulation
 * report opens as a read-only document (language kjob-sim, grammar syntaxes/kjob-sim.tmLanguage.json).
 */
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { local } from '../bundles/localLoader';
import type { SimulateFeature } from './feature';

const REPORT_SCHEME = 'kjob-sim';

class Reports implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;
  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? 'This simulation report is no longer available: run "Simulate…" again.';
  }
  set(uri: vscode.Uri, text: string): void {
    this.texts.set(uri.toString(), text);
    this.emitter.fire(uri);
  }
}

/**
 * Whether a document's text can hold a batch/v1 Job or CronJob: every such document names its kind,
 * so the text contains "Job". Other YAML files (compose files, Helm values, …) get no lenses without
 * loading the implementation or parsing them.
 */
function mayHoldJob(text: string): boolean {
  return text.includes('Job');
}

export function registerSimulate(ctx: Ctx): void {
  const reports = new Reports();
  let feature: SimulateFeature | undefined;
  const impl = (): SimulateFeature => (feature ??= local().createSimulateFeature(ctx, reports));
  /** Document versions known to hold no Job (by URI). */
  const noJob = new Map<string, number>();
  // Run locally runs processes, so Restricted Mode gets no lens for it; granting trust shows it.
  const lensesChanged = new vscode.EventEmitter<void>();

  ctx.push(
    vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, reports),
    lensesChanged,
    vscode.workspace.onDidGrantWorkspaceTrust(() => lensesChanged.fire()),
    vscode.workspace.onDidCloseTextDocument((d) => {
      noJob.delete(d.uri.toString());
      feature?.forget(d.uri);
    }),
    vscode.languages.registerCodeLensProvider(
      { language: 'yaml' },
      {
        onDidChangeCodeLenses: lensesChanged.event,
        provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
          if (!vscode.workspace.getConfiguration('kjob', doc.uri).get<boolean>('simulate.codeLens', true)) return [];
          const key = doc.uri.toString();
          if (noJob.get(key) === doc.version) return [];
          if (!mayHoldJob(doc.getText())) {
            noJob.set(key, doc.version);
            return [];
          }
          noJob.delete(key);
          return impl().codeLenses(doc, { runLocally: vscode.workspace.isTrusted });
        },
      },
    ),
    vscode.commands.registerCommand('kjob.simulate', (uri?: vscode.Uri, docIndex?: number) => impl().simulate(uri, docIndex)),
    vscode.commands.registerCommand('kjob.runLocally', async (uri?: vscode.Uri, docIndex?: number) => {
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showErrorMessage('kjob: Run locally executes the Job\'s commands on this machine, so it is only available in a trusted workspace.');
        return;
      }
      await impl().runLocally(uri, docIndex);
    }),
    vscode.commands.registerCommand('kjob.cancelLocalRuns', () => {
      const n = feature?.cancelLocalRuns() ?? 0;
      void vscode.window.showInformationMessage(n ? `kjob: stopping ${n} local run(s).` : 'kjob: no local run in progress.');
    }),
  );
}

import * as vscode from 'vscode';
import { Ctx } from './ctx';
import { registerLanguageClient, stopLanguageClient } from './language/start';
import { registerExplorer, type JobsTree } from './explorer/view';
import { registerLogCommands } from './logs/commands';
import { registerJobActions } from './actions/jobActions';
import { registerApply } from './actions/apply';
import { registerSimulate } from './simulate/simulate';
import type { ClusterHost } from './cluster/host';
import type { LocalJobsStore } from './simulate/localJobs';

/** What activate() returns; the e2e suite and the benchmark read it. */
export interface KjobApi {
  log: vscode.LogOutputChannel;
  host: ClusterHost;
  localJobs: LocalJobsStore;
  /** The Jobs view's data provider once registered. */
  explorer?: JobsTree;
  languageClientStarted?: Promise<void>;
}

export async function activate(context: vscode.ExtensionContext): Promise<KjobApi> {
  const ctx = new Ctx(context);
  let explorer: JobsTree | undefined;
  // Each feature depends on the Ctx (and its cluster host), never on another feature.
  for (const [name, register] of [
    ['language server', registerLanguageClient],
    ['Jobs explorer', (c: Ctx) => void (explorer = registerExplorer(c))],
    ['log commands', registerLogCommands],
    ['Job actions', registerJobActions],
    ['Apply', registerApply],
    ['simulator', registerSimulate],
  ] as const) {
    try {
      await register(ctx);
    } catch (e) {
      ctx.log.error(`kjob: could not start the ${name}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      void vscode.window.showErrorMessage(`kjob: could not start the ${name}. See the "kjob" output for details.`);
    }
  }
  return { log: ctx.log, host: ctx.host, localJobs: ctx.localJobs, explorer, languageClientStarted: ctx.languageClientStarted };
}

export async function deactivate(): Promise<void> {
  await stopLanguageClient();
}

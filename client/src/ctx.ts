/**
 * The one context object the extension builds at activation. Feature modules receive it and push
 * their disposables into `subscriptions`.
 */
import * as vscode from 'vscode';
import { LocalJobsStore } from './localJobs';
import type { JobsExplorer } from './views/explorer';

export class Ctx {
  readonly log: vscode.LogOutputChannel;
  readonly localJobs = new LocalJobsStore();
  /** The Jobs view's data provider once registered (exported with the Ctx, so integration tests can read the tree). */
  explorer?: JobsExplorer;
  /**
   * Settles once the language client (loaded after activation, client/src/language/start.ts) has been
   * created and asked to start the server; exported with the Ctx for the benchmark and tests.
   */
  languageClientStarted?: Promise<void>;

  constructor(readonly extension: vscode.ExtensionContext) {
    this.log = vscode.window.createOutputChannel('kjob', { log: true });
    extension.subscriptions.push(this.log);
  }

  get subscriptions(): { dispose(): unknown }[] {
    return this.extension.subscriptions;
  }

  push(...d: { dispose(): unknown }[]): void {
    this.extension.subscriptions.push(...d);
  }
}

/**
 * The one context object the extension builds at activation. Feature modules receive it and push
 * their disposables into `subscriptions`.
 */
import * as vscode from 'vscode';
import { LocalJobsStore } from './localJobs';

export class Ctx {
  readonly log: vscode.LogOutputChannel;
  readonly localJobs = new LocalJobsStore();

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

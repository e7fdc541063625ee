/**
 * The one context object the extension builds at activation. Feature modules receive it and push
 * their disposables into `subscriptions`. It holds what features share — the output channel, the
 * cluster host (every cluster access goes through it) and the Local Jobs store — and imports no
 * feature module, so features never reach each other through it.
 */
import * as vscode from 'vscode';
import { ClusterHost } from './cluster/host';
import { cluster } from './bundles/clusterLoader';
import { LocalJobsStore } from './simulate/localJobs';

export class Ctx {
  readonly log: vscode.LogOutputChannel;
  readonly localJobs = new LocalJobsStore();
  readonly host: ClusterHost;
  /**
   * Settles once the language client (loaded after activation, client/src/language/start.ts) has been
   * created and asked to start the server; exported with the Ctx for the benchmark and tests.
   */
  languageClientStarted?: Promise<void>;

  constructor(readonly extension: vscode.ExtensionContext) {
    this.log = vscode.window.createOutputChannel('kjob', { log: true });
    extension.subscriptions.push(this.log);
    this.host = new ClusterHost({
      cluster,
      settings: () => {
        const c = vscode.workspace.getConfiguration('kjob');
        return { kubeconfig: c.get<string>('kubeconfig', '') ?? '', namespaces: c.get<string[]>('namespaces', []) ?? [] };
      },
      state: extension.workspaceState,
      log: (level, m) => this.log[level](m),
    });
    extension.subscriptions.push(
      this.host,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('kjob.kubeconfig') || e.affectsConfiguration('kjob.namespaces')) void this.host.settingsChanged().catch((err) => this.log.error(`cluster: ${err instanceof Error ? err.message : String(err)}`));
      }),
    );
  }

  get subscriptions(): { dispose(): unknown }[] {
    return this.extension.subscriptions;
  }

  push(...d: { dispose(): unknown }[]): void {
    this.extension.subscriptions.push(...d);
  }
}

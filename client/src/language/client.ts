/**
 * Built into client/out/language.js (entry client/src/bundles/language.ts), loaded right after
 * activation by client/src/language/start.ts: vscode-languageclient is the largest part of the
 * client's code, so activate() does not load it.
 *
 * Starts the kjob language server (server/out/server.js over IPC) for YAML documents. The server
 * itself decides which documents are Jobs/CronJobs; everything else gets nothing. Settings reach the
 * server already typed: the `workspace/configuration` middleware answers section `kjob` with a
 * KjobSettings object read for the requested resource (kjob.openapiFile resolved to an absolute path).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import type { Ctx } from '../ctx';
import { normalizeSettings, SETTINGS_SECTION, type KjobSettings } from '../../../core/protocol';

let client: LanguageClient | undefined;

/** The running language client, for features that send custom requests. */
export function languageClient(): LanguageClient | undefined {
  return client;
}

/** Reads the typed settings for one resource (kjob.kubernetesVersion, kjob.lint.severities). */
export function readSettings(scope: vscode.Uri | undefined): KjobSettings {
  const c = vscode.workspace.getConfiguration(SETTINGS_SECTION, scope);
  let openapiFile = (c.get<string>('openapiFile') ?? '').trim();
  if (openapiFile && !path.isAbsolute(openapiFile)) {
    // Relative to the resource's workspace folder (or the first one).
    const folder = (scope && vscode.workspace.getWorkspaceFolder(scope)) ?? vscode.workspace.workspaceFolders?.[0];
    if (folder) openapiFile = path.join(folder.uri.fsPath, openapiFile);
  }
  return normalizeSettings({
    kubernetesVersion: c.get<string>('kubernetesVersion'),
    lint: { severities: c.get<Record<string, string>>('lint.severities') ?? {} },
    openapiFile,
  });
}

/**
 * Creates the language client and starts it without waiting for the server; the client reports its
 * own progress. A failed start is logged and shown when it happens.
 */
export function startLanguageClient(ctx: Ctx): void {
  const module = ctx.extension.asAbsolutePath('server/out/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
    ],
    outputChannel: ctx.log,
    synchronize: { configurationSection: SETTINGS_SECTION },
    diagnosticPullOptions: {
      onChange: true,
      onSave: true,
      onTabs: false,
    },
    middleware: {
      workspace: {
        configuration: (params, token, next) => {
          const answers: unknown[] = [];
          let passThrough = false;
          for (const item of params.items) {
            if (item.section === SETTINGS_SECTION) answers.push(readSettings(item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined));
            else passThrough = true;
          }
          return passThrough ? next(params, token) : answers;
        },
      },
    },
  };
  const c = new LanguageClient('kjob', 'kjob language server', serverOptions, clientOptions);
  client = c;
  ctx.push({ dispose: () => void stopLanguageClient() });
  starting = c.start().then(
    () => ctx.log.info('kjob language server started'),
    (e: unknown) => {
      // Stopped (deactivate) before it finished starting: nothing to report.
      if (client !== c) return;
      ctx.log.error(`kjob: could not start the language server: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      void vscode.window.showErrorMessage('kjob: could not start the language server. See the "kjob" output for details.');
    },
  );
}

let starting: Promise<void> | undefined;

export async function stopLanguageClient(): Promise<void> {
  const c = client;
  client = undefined;
  if (!c) return;
  // Still starting (the client cannot be stopped then): let the start settle first (at most 5 s,
  // so deactivation never hangs on a server that does not answer), then stop what is running.
  if (starting) await Promise.race([starting, new Promise((r) => setTimeout(r, 5000).unref())]);
  starting = undefined;
  if (c.isRunning()) await c.stop();
}

/**
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
import { normalizeSettings, SETTINGS_SECTION, type KjobSettings } from '../../../server/src/protocol';

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

export async function registerLanguageClient(ctx: Ctx): Promise<void> {
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
  client = new LanguageClient('kjob', 'kjob language server', serverOptions, clientOptions);
  ctx.push({ dispose: () => void stopLanguageClient() });
  await client.start();
  ctx.log.info('kjob language server started');
}

export async function stopLanguageClient(): Promise<void> {
  const c = client;
  client = undefined;
  if (c && c.isRunning()) await c.stop();
}

/**
 * kjob language server entry: creates the connection (`--stdio` or `--node-ipc`, picked from argv),
 * keeps documents with incremental sync and wires LSP requests to the LanguageService. Nothing else.
 * Started as a worker thread (`workerData.kjobCheckWorker`), the same bundle is the check worker
 * of service/checkWorker.ts instead.
 */
import {
  createConnection,
  DocumentDiagnosticReportKind,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LanguageService, PARALLEL_MIN_CHARS } from './service/languageService';
import { SchemaSource } from './service/schemaSource';
import { noteActivity, noteClosed } from './service/memory';
import { CheckPool, isCheckWorker, runCheckWorker } from './service/checkWorker';
import { DEFAULT_SETTINGS, normalizeSettings, SETTINGS_SECTION, toCheckSettings, type KjobSettings } from '../../core/protocol';

function startServer(): void {
  const connection = createConnection(ProposedFeatures.all);
  const log = (m: string) => connection.console.error(m);
  // Big files are checked on two threads when they are opened (this bundle is the worker's script).
  // KJOB_CHECK_WORKER=1 shares the checking of big files with a worker thread. Off by default: on
  // the 2-core benchmark machine it added ~40 MiB RSS (over the 200 MB target) without a measurable
  // gain under load (BENCHMARKS.md, "check worker").
  const pool = process.env.KJOB_CHECK_WORKER === '1' ? new CheckPool({ script: __filename, log }) : undefined;
  const service = new LanguageService({ log, pool });
  // Incremental sync: the service is told each change's offsets (taken from the document before the
  // change, exactly as TextDocument.update applies it) so it can re-split the text incrementally.
  const documents = new TextDocuments<TextDocument>({
    create: TextDocument.create,
    update(doc, changes, version) {
      const from = doc.version;
      const edits: { start: number; end: number; text: string }[] = [];
      for (let i = 0; i < changes.length; i++) {
        const c = changes[i];
        if (!('range' in c) || !c.range) {
          service.changed(doc.uri, from, version, undefined);
          return TextDocument.update(doc, changes.slice(i), version);
        }
        let start = doc.offsetAt(c.range.start);
        let end = doc.offsetAt(c.range.end);
        if (start > end) [start, end] = [end, start];
        edits.push({ start, end, text: c.text });
        doc = TextDocument.update(doc, [c], version);
      }
      service.changed(doc.uri, from, version, edits);
      return doc;
    },
  });
  const schemas = new SchemaSource(log);

  let canAskConfiguration = false;
  let canRefreshDiagnostics = false;
  const settingsCache = new Map<string, Promise<KjobSettings>>();

  function settingsFor(uri: string): Promise<KjobSettings> {
    if (!canAskConfiguration) return Promise.resolve(DEFAULT_SETTINGS);
    let s = settingsCache.get(uri);
    if (!s) {
      s = connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION }).then(normalizeSettings, (e) => {
        log(`kjob: could not read settings for ${uri}: ${e instanceof Error ? e.message : String(e)}`);
        return DEFAULT_SETTINGS;
      });
      settingsCache.set(uri, s);
    }
    return s;
  }

  connection.onInitialize((params): InitializeResult => {
    canAskConfiguration = !!params.capabilities.workspace?.configuration;
    canRefreshDiagnostics = !!params.capabilities.workspace?.diagnostics?.refreshSupport;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        completionProvider: { triggerCharacters: [' ', ':'], resolveProvider: false },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        diagnosticProvider: { interFileDependencies: false, workspaceDiagnostics: false },
      },
      serverInfo: { name: 'kjob', version: '0.1.0' },
    };
  });

  connection.onDidChangeConfiguration(() => {
    settingsCache.clear();
    if (canRefreshDiagnostics) void connection.languages.diagnostics.refresh().catch((e) => log(`kjob: diagnostics refresh failed: ${e instanceof Error ? e.message : String(e)}`));
  });

  documents.onDidOpen((e) => {
    // Start the check worker (it warms up on its own) once a file big enough to use it is opened.
    if (pool && e.document.getText().length >= PARALLEL_MIN_CHARS) pool.warm();
  });

  documents.onDidClose((e) => {
    service.close(e.document.uri);
    settingsCache.delete(e.document.uri);
    // Closing big files: give the memory back once the server is idle.
    noteClosed(e.document.getText().length);
  });

  documents.onDidChangeContent(() => noteActivity());

  connection.languages.diagnostics.on(async (params) => {
    noteActivity();
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    const s = await settingsFor(doc.uri);
    const r = await service.diagnosticsReport(doc, params.previousResultId, toCheckSettings(s), schemas.schemaFor(s.openapiFile));
    return r.unchanged ? { kind: DocumentDiagnosticReportKind.Unchanged, resultId: r.resultId } : { kind: DocumentDiagnosticReportKind.Full, resultId: r.resultId, items: r.items };
  });

  connection.onCompletion(async (params) => {
    noteActivity();
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    const s = await settingsFor(doc.uri);
    return service.completion(doc, params.position, params.context?.triggerCharacter, schemas.schemaFor(s.openapiFile));
  });

  connection.onHover(async (params) => {
    noteActivity();
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    const s = await settingsFor(doc.uri);
    return service.hover(doc, params.position, schemas.schemaFor(s.openapiFile));
  });

  connection.onCodeAction(async (params) => {
    noteActivity();
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    const s = await settingsFor(doc.uri);
    return service.codeActions(doc, params.range, toCheckSettings(s), params.context.diagnostics.filter((d) => d.source === 'kjob'), schemas.schemaFor(s.openapiFile));
  });

  process.on('uncaughtException', (e) => log(`kjob: uncaught exception: ${e.stack ?? e.message}`));
  process.on('unhandledRejection', (e) => log(`kjob: unhandled rejection: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));

  documents.listen(connection);
  connection.listen();
}

if (isCheckWorker()) runCheckWorker();
else startServer();

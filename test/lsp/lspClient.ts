/**
 * A minimal LSP client for tests: starts the BUILT server (server/out/server.js --stdio) and speaks
 * JSON-RPC 2.0 with Content-Length framing. Answers the server's own requests
 * (workspace/configuration from `settings`, capability registration, refresh).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const root = join(__dirname, '..', '..');
export const serverPath = join(root, 'server', 'out', 'server.js');

type Json = any;

export class LspClient {
  readonly proc: ChildProcessWithoutNullStreams;
  private buf = Buffer.alloc(0);
  private nextId = 1;
  private pending = new Map<number, { resolve: (v: Json) => void; reject: (e: Error) => void; method: string }>();
  readonly notifications: { method: string; params: Json }[] = [];
  readonly serverRequests: { method: string; params: Json }[] = [];
  stderr = '';
  settings: Json = { kubernetesVersion: '1.36', lint: { severities: {} } };

  constructor() {
    if (!existsSync(serverPath)) throw new Error(`${serverPath} is missing: run npm run build first`);
    this.proc = spawn(process.execPath, [serverPath, '--stdio'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stdout.on('data', (d: Buffer) => this.onData(d));
    this.proc.stderr.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.proc.on('exit', (code) => {
      for (const p of this.pending.values()) p.reject(new Error(`server exited (${code}) during ${p.method}; stderr: ${this.stderr}`));
      this.pending.clear();
    });
  }

  private onData(d: Buffer): void {
    this.buf = Buffer.concat([this.buf, d]);
    for (;;) {
      const sep = this.buf.indexOf('\r\n\r\n');
      if (sep < 0) return;
      const header = this.buf.subarray(0, sep).toString('ascii');
      const len = Number(/Content-Length: (\d+)/i.exec(header)?.[1]);
      if (this.buf.length < sep + 4 + len) return;
      const body = JSON.parse(this.buf.subarray(sep + 4, sep + 4 + len).toString('utf8'));
      this.buf = this.buf.subarray(sep + 4 + len);
      this.dispatch(body);
    }
  }

  private dispatch(msg: Json): void {
    if (msg.id !== undefined && msg.method) {
      // A request from the server.
      this.serverRequests.push({ method: msg.method, params: msg.params });
      let result: Json = null;
      if (msg.method === 'workspace/configuration') result = (msg.params.items as Json[]).map(() => this.settings);
      this.write({ jsonrpc: '2.0', id: msg.id, result });
    } else if (msg.id !== undefined) {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.error) p.reject(new Error(`${p.method}: ${msg.error.message}`));
      else p.resolve(msg.result);
    } else {
      this.notifications.push({ method: msg.method, params: msg.params });
    }
  }

  private write(msg: Json): void {
    const body = Buffer.from(JSON.stringify(msg), 'utf8');
    this.proc.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.proc.stdin.write(body);
  }

  request<T = Json>(method: string, params: Json, timeoutMs = 10000): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method} timed out after ${timeoutMs} ms; stderr: ${this.stderr}`));
      }, timeoutMs);
      this.pending.set(id, {
        method,
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.write({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method: string, params: Json): void {
    this.write({ jsonrpc: '2.0', method, params });
  }

  async initialize(): Promise<Json> {
    const r = await this.request('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {
        workspace: { configuration: true, diagnostics: { refreshSupport: true } },
        textDocument: {
          synchronization: { dynamicRegistration: false },
          completion: { completionItem: { snippetSupport: true } },
          hover: { contentFormat: ['markdown'] },
          diagnostic: { dynamicRegistration: false },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
        },
      },
    });
    this.notify('initialized', {});
    return r;
  }

  open(uri: string, text: string, version = 1): void {
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
  }

  change(uri: string, version: number, changes: Json[]): void {
    this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
  }

  diagnostics(uri: string): Promise<Json[]> {
    return this.request('textDocument/diagnostic', { textDocument: { uri } }).then((r: Json) => r.items);
  }

  async shutdown(): Promise<void> {
    try {
      await this.request('shutdown', null, 3000);
      this.notify('exit', null);
    } catch {
      /* already gone */
    }
    await new Promise<void>((res) => {
      if (this.proc.exitCode !== null) return res();
      const t = setTimeout(() => {
        this.proc.kill();
        res();
      }, 2000);
      this.proc.on('exit', () => {
        clearTimeout(t);
        res();
      });
    });
  }
}

/** Position of the `|` marker and the text without it. */
export function caret(src: string): { text: string; line: number; character: number } {
  const i = src.indexOf('|');
  const before = src.slice(0, i);
  const line = before.split('\n').length - 1;
  return { text: before + src.slice(i + 1), line, character: i - (before.lastIndexOf('\n') + 1) };
}

/**
 * A minimal LSP client over stdio for benchmarks: Content-Length framing, requests with ids,
 * notifications, answers to the server's own requests (workspace/configuration,
 * client/registerCapability, window/workDoneProgress/create) and waiting for pushed
 * diagnostics of a given document version. No dependency on vscode-languageclient so that the
 * two servers are driven by exactly the same bytes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface Message {
  jsonrpc: '2.0';
  id?: number | string | null;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

/** Incremental decoder of `Content-Length: N\r\n\r\n<N bytes of JSON>` frames. */
export class FrameDecoder {
  private buf: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Message[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const out: Message[] = [];
    for (;;) {
      const headerEnd = this.buf.indexOf('\r\n\r\n');
      if (headerEnd < 0) break;
      const header = this.buf.subarray(0, headerEnd).toString('ascii');
      const m = /Content-Length:\s*(\d+)/i.exec(header);
      if (!m) throw new Error(`LSP frame without Content-Length: ${JSON.stringify(header)}`);
      const len = Number(m[1]);
      const bodyStart = headerEnd + 4;
      if (this.buf.length < bodyStart + len) break;
      const body = this.buf.subarray(bodyStart, bodyStart + len).toString('utf8');
      this.buf = this.buf.subarray(bodyStart + len);
      out.push(JSON.parse(body) as Message);
    }
    return out;
  }
}

export function encodeFrame(msg: Message): Buffer {
  const body = Buffer.from(JSON.stringify(msg), 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]);
}

export interface PublishedDiagnostics {
  uri: string;
  version?: number;
  diagnostics: unknown[];
}

export interface LspClientOptions {
  /** Answers `workspace/configuration` items by section name. */
  settings?: Record<string, unknown>;
  /** Extra CLI args for node (e.g. --cpu-prof). */
  nodeArgs?: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void; method: string };
type DiagWaiter = { uri: string; version: number | undefined; resolve: (d: PublishedDiagnostics) => void };

export class LspClient {
  readonly proc: ChildProcess;
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private diagWaiters: DiagWaiter[] = [];
  /** Last published diagnostics per uri. */
  readonly published = new Map<string, PublishedDiagnostics>();
  stderr = '';
  private exited: Promise<number | null>;

  constructor(
    readonly script: string,
    args: string[],
    private readonly opts: LspClientOptions = {},
  ) {
    this.proc = spawn(process.execPath, [...(opts.nodeArgs ?? []), script, ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: opts.env ?? process.env,
      cwd: opts.cwd,
    });
    const dec = new FrameDecoder();
    this.proc.stdout!.on('data', (chunk: Buffer) => {
      for (const msg of dec.push(chunk)) this.onMessage(msg);
    });
    this.proc.stderr!.on('data', (d: Buffer) => {
      if (this.stderr.length < 100_000) this.stderr += d.toString();
    });
    this.exited = new Promise((res) => this.proc.on('exit', (code) => res(code)));
    this.exited.then((code) => {
      for (const p of this.pending.values()) p.reject(new Error(`server exited (${code}) during ${p.method}: ${this.stderr.slice(-2000)}`));
      this.pending.clear();
    });
  }

  get pid(): number {
    return this.proc.pid!;
  }

  private send(msg: Message): void {
    this.proc.stdin!.write(encodeFrame(msg));
  }

  private onMessage(msg: Message): void {
    if (msg.method !== undefined && msg.id !== undefined && msg.id !== null) {
      this.send({ jsonrpc: '2.0', id: msg.id, result: this.answerServerRequest(msg.method, msg.params) });
      return;
    }
    if (msg.method !== undefined) {
      if (msg.method === 'textDocument/publishDiagnostics') {
        const p = msg.params as PublishedDiagnostics;
        this.published.set(p.uri, p);
        this.diagWaiters = this.diagWaiters.filter((w) => {
          if (w.uri !== p.uri) return true;
          // Servers that do not echo the version (yaml-language-server) publish after the latest
          // change they have processed; a waiter registered after the change takes the next one.
          if (w.version !== undefined && p.version !== undefined && p.version < w.version) return true;
          w.resolve(p);
          return false;
        });
      }
      return;
    }
    const p = typeof msg.id === 'number' ? this.pending.get(msg.id) : undefined;
    if (!p) return;
    this.pending.delete(msg.id as number);
    if (msg.error) p.reject(new Error(`${p.method}: ${msg.error.message}`));
    else p.resolve(msg.result);
  }

  private answerServerRequest(method: string, params: unknown): unknown {
    if (method === 'workspace/configuration') {
      const items = (params as { items?: { section?: string }[] })?.items ?? [];
      return items.map((it) => (it.section !== undefined ? (this.opts.settings?.[it.section] ?? null) : (this.opts.settings ?? null)));
    }
    return null; // client/registerCapability, window/workDoneProgress/create, ...
  }

  request<T = unknown>(method: string, params: unknown): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, method });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** Resolves with the next publishDiagnostics for `uri` (at or after `version` when the server reports versions). */
  nextDiagnostics(uri: string, version?: number): Promise<PublishedDiagnostics> {
    return new Promise((resolve) => this.diagWaiters.push({ uri, version, resolve }));
  }

  async initialize(rootUri: string, initializationOptions?: unknown): Promise<{ capabilities: Record<string, unknown> }> {
    const res = await this.request<{ capabilities: Record<string, unknown> }>('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'bench' }],
      initializationOptions,
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, workspaceFolders: true },
        textDocument: {
          synchronization: { dynamicRegistration: true, didSave: true },
          completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          publishDiagnostics: { relatedInformation: true, versionSupport: true },
          diagnostic: { dynamicRegistration: true, relatedDocumentSupport: false },
        },
      },
    });
    this.notify('initialized', {});
    return res;
  }

  /** VmRSS and VmHWM of the server process in MiB (Linux /proc). */
  memory(): { rssMiB: number; hwmMiB: number } {
    return procMemory(this.pid);
  }

  async shutdown(): Promise<void> {
    try {
      await Promise.race([this.request('shutdown', null), new Promise((r) => setTimeout(r, 2000))]);
      this.notify('exit', null);
    } catch {
      /* already gone */
    }
    const t = setTimeout(() => this.proc.kill('SIGKILL'), 3000);
    await this.exited;
    clearTimeout(t);
  }
}

export function procMemory(pid: number): { rssMiB: number; hwmMiB: number } {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number((new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(s) ?? [])[1] ?? NaN);
    return { rssMiB: kb('VmRSS') / 1024, hwmMiB: kb('VmHWM') / 1024 };
  } catch {
    return { rssMiB: NaN, hwmMiB: NaN };
  }
}

/**
 * A minimal Kubernetes REST client for the test kubelet: JSON requests and list+watch streams over
 * HTTPS with a bearer token. Node built-ins only, so the kubelet bundles into one small file and
 * has full control over content types (status PUTs, merge patches) and watch reconnection.
 */
import https from 'node:https';

export interface ApiConfig {
  server: string; // https://127.0.0.1:port
  token: string;
  ca: string | Buffer;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: any,
    method: string,
    path: string,
  ) {
    super(`${method} ${path}: ${status} ${body?.message ?? (typeof body === 'string' ? body.slice(0, 300) : '')}`);
  }
}

export type Obj = Record<string, any>;

export class Api {
  private readonly agent: https.Agent;
  constructor(readonly cfg: ApiConfig) {
    this.agent = new https.Agent({ ca: cfg.ca, keepAlive: true, maxSockets: 32 });
  }

  request<T = Obj>(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<T> {
    const url = new URL(path, this.cfg.server);
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise<T>((resolve, reject) => {
      const req = https.request(
        url,
        {
          method,
          agent: this.agent,
          headers: {
            authorization: `Bearer ${this.cfg.token}`,
            accept: 'application/json',
            ...(data ? { 'content-type': contentType, 'content-length': data.length } : {}),
          },
          timeout: 30_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: any = text;
            try {
              parsed = text ? JSON.parse(text) : {};
            } catch {
              /* keep text */
            }
            if ((res.statusCode ?? 0) >= 300) reject(new ApiError(res.statusCode ?? 0, parsed, method, path));
            else resolve(parsed as T);
          });
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: timed out`)));
      req.on('error', reject);
      if (data) req.write(data);
      req.end();
    });
  }

  get<T = Obj>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T = Obj>(path: string, body: unknown) {
    return this.request<T>('POST', path, body);
  }
  put<T = Obj>(path: string, body: unknown) {
    return this.request<T>('PUT', path, body);
  }
  mergePatch<T = Obj>(path: string, body: unknown) {
    return this.request<T>('PATCH', path, body, 'application/merge-patch+json');
  }
  delete<T = Obj>(path: string, body?: unknown) {
    return this.request<T>('DELETE', path, body);
  }

  /**
   * List, then watch from the list's resourceVersion, forever (until `stop()`): reconnects after a
   * closed stream and relists after 410 Gone. `onEvent` sees ADDED for listed items, in list order
   * sorted by creation (timestamp, then name), then watch events in the server's (etcd) order.
   */
  informer(path: string, onEvent: (type: 'ADDED' | 'MODIFIED' | 'DELETED', obj: Obj) => void, log: (m: string) => void) {
    let stopped = false;
    let current: import('node:http').ClientRequest | undefined;
    const known = new Map<string, Obj>();
    const sep = path.includes('?') ? '&' : '?';
    const loop = async () => {
      let rv = '';
      while (!stopped) {
        try {
          if (!rv) {
            const list = await this.get(path);
            const items: Obj[] = list.items ?? [];
            items.sort(
              (a, b) =>
                String(a.metadata.creationTimestamp).localeCompare(String(b.metadata.creationTimestamp)) ||
                String(a.metadata.name).localeCompare(String(b.metadata.name)),
            );
            const seen = new Set<string>();
            for (const it of items) {
              seen.add(it.metadata.uid);
              onEvent(known.has(it.metadata.uid) ? 'MODIFIED' : 'ADDED', it);
              known.set(it.metadata.uid, it);
            }
            for (const [uid, it] of known) {
              if (!seen.has(uid)) {
                known.delete(uid);
                onEvent('DELETED', it);
              }
            }
            rv = list.metadata?.resourceVersion ?? '';
          }
          rv = await this.watchOnce(`${path}${sep}watch=1&allowWatchBookmarks=true&resourceVersion=${rv}&timeoutSeconds=300`, (type, obj) => {
            if (type === 'ERROR') {
              if (obj.code === 410) throw new GoneError();
              throw new Error(`watch error: ${obj.message}`);
            }
            if (type === 'BOOKMARK') return;
            if (type === 'DELETED') known.delete(obj.metadata.uid);
            else known.set(obj.metadata.uid, obj);
            onEvent(type as 'ADDED' | 'MODIFIED' | 'DELETED', obj);
          }, (r) => (current = r), rv);
        } catch (e) {
          if (stopped) return;
          if (e instanceof GoneError || (e instanceof ApiError && e.status === 410)) rv = '';
          else {
            log(`watch ${path}: ${(e as Error).message}; retrying`);
            await sleep(500);
            if (!(e instanceof WatchStreamError)) rv = '';
          }
        }
      }
    };
    void loop();
    return {
      stop() {
        stopped = true;
        current?.destroy();
      },
    };
  }

  /** One watch request; resolves with the last resourceVersion seen when the server closes it. */
  private watchOnce(
    path: string,
    onEvent: (type: string, obj: Obj) => void,
    setReq: (r: import('node:http').ClientRequest) => void,
    rv: string,
  ): Promise<string> {
    const url = new URL(path, this.cfg.server);
    return new Promise<string>((resolve, reject) => {
      let last = rv;
      const req = https.request(
        url,
        { method: 'GET', agent: this.agent, headers: { authorization: `Bearer ${this.cfg.token}`, accept: 'application/json' } },
        (res) => {
          if ((res.statusCode ?? 0) >= 300) {
            let text = '';
            res.on('data', (c) => (text += c));
            res.on('end', () => reject(new ApiError(res.statusCode ?? 0, safeJson(text), 'WATCH', path)));
            return;
          }
          let buf = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            buf += chunk;
            let nl: number;
            while ((nl = buf.indexOf('\n')) >= 0) {
              const line = buf.slice(0, nl).trim();
              buf = buf.slice(nl + 1);
              if (!line) continue;
              try {
                const ev = JSON.parse(line);
                if (ev.object?.metadata?.resourceVersion) last = ev.object.metadata.resourceVersion;
                onEvent(ev.type, ev.object);
              } catch (e) {
                req.destroy();
                reject(e);
                return;
              }
            }
          });
          res.on('end', () => resolve(last));
          res.on('error', () => reject(new WatchStreamError('stream error')));
        },
      );
      setReq(req);
      req.on('error', (e) => reject(new WatchStreamError(e.message)));
      req.end();
    });
  }
}

class GoneError extends Error {}
class WatchStreamError extends Error {}

function safeJson(t: string) {
  try {
    return JSON.parse(t);
  } catch {
    return t;
  }
}

export function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}

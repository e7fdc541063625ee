/**
 * Sorts connection failures into the few cases a user can act on, each with a message and an action.
 * Shown as message nodes in the tree, never as a stream of pop-ups.
 */
export type ErrorKind = 'noKubeconfig' | 'unreachable' | 'unauthorized' | 'forbidden' | 'execPlugin' | 'timeout' | 'other';

export interface ClassifiedError {
  kind: ErrorKind;
  message: string;
  /** Command id (without arguments) the message node runs, and its title. */
  action?: { command: string; title: string };
  status?: number;
}

/**
 * Something the user should know about the cluster state (kubeconfig problems, missing plugins,
 * namespaces left out, connection errors); the Jobs tree shows each as a message row.
 */
export interface Notice {
  text: string;
  severity: 'info' | 'warning' | 'error';
  /** A command the row runs, with its arguments. */
  action?: { command: string; title: string; args?: unknown[] };
  tooltip?: string;
}

/** A classified error as a notice whose action (if any) gets `args`. */
export function errorNotice(e: ClassifiedError, args?: unknown[]): Notice {
  return { text: e.message, severity: 'error', ...(e.action ? { action: { ...e.action, ...(args ? { args } : {}) } } : {}) };
}

const NET_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EAI_AGAIN', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT', 'EPIPE', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'ERR_TLS_CERT_ALTNAME_INVALID']);

function statusOf(e: any): number | undefined {
  for (const k of ['statusCode', 'code', 'status']) {
    const v = e?.[k];
    if (typeof v === 'number' && v >= 100 && v < 600) return v;
  }
  return undefined;
}

function netCode(e: any, depth = 0): string | undefined {
  if (!e || depth > 4) return undefined;
  if (typeof e.code === 'string' && NET_CODES.has(e.code)) return e.code;
  if (Array.isArray(e.errors)) for (const x of e.errors) {
    const c = netCode(x, depth + 1);
    if (c) return c;
  }
  return netCode(e.cause, depth + 1);
}

function apiMessage(e: any): string | undefined {
  const body = e?.body;
  if (body && typeof body === 'object' && typeof body.message === 'string') return body.message;
  if (typeof body === 'string') {
    try {
      const j = JSON.parse(body);
      if (typeof j?.message === 'string') return j.message;
    } catch {
      /* not JSON */
    }
  }
  return undefined;
}

export function classifyError(e: unknown, where = 'the cluster'): ClassifiedError {
  const err = e as any;
  if (err?.kjobKind === 'noKubeconfig') {
    return { kind: 'noKubeconfig', message: String(err.message ?? 'No kubeconfig found'), action: { command: 'kjob.openSettings', title: 'Set kjob.kubeconfig' } };
  }
  if (err?.kjobKind === 'execPlugin') {
    return { kind: 'execPlugin', message: String(err.message), action: { command: 'kjob.showLog', title: 'Show log' } };
  }
  const status = statusOf(err);
  if (status === 401) {
    return { kind: 'unauthorized', status, message: `Unauthorized (401) at ${where}: credentials were rejected or expired. Log in again, then refresh.`, action: { command: 'kjob.refresh', title: 'Refresh' } };
  }
  if (status === 403) {
    return { kind: 'forbidden', status, message: `Forbidden (403): ${apiMessage(err) ?? `no permission at ${where}`}`, action: { command: 'kjob.configureNamespaces', title: 'Choose namespaces' } };
  }
  const code = netCode(err);
  if (code) {
    return { kind: 'unreachable', message: `Cannot reach ${where} (${code}). Reconnecting automatically.`, action: { command: 'kjob.refresh', title: 'Retry now' } };
  }
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') {
    return { kind: 'timeout', message: `Timed out talking to ${where}. Reconnecting automatically.`, action: { command: 'kjob.refresh', title: 'Retry now' } };
  }
  const msg = apiMessage(err) ?? (err instanceof Error ? err.message : String(e));
  if (/exec|credential plugin|executable file not found|ENOENT/i.test(msg)) {
    return { kind: 'execPlugin', message: `Credential plugin failed: ${msg}`, action: { command: 'kjob.showLog', title: 'Show log' } };
  }
  if (msg === 'fetch failed' || /socket|connect/i.test(msg)) {
    return { kind: 'unreachable', message: `Cannot reach ${where} (${msg}). Reconnecting automatically.`, action: { command: 'kjob.refresh', title: 'Retry now' } };
  }
  return { kind: 'other', status, message: `${status ? `HTTP ${status}: ` : ''}${msg}`, action: { command: 'kjob.showLog', title: 'Show log' } };
}

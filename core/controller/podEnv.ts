/**
 * The environment a container of a Job pod gets, computed without a cluster (for "run locally"):
 * literal `env` values, `valueFrom.fieldRef` (metadata.name/namespace/uid/labels/annotations,
 * spec.nodeName/serviceAccountName, status.podIP/hostIP), JOB_COMPLETION_INDEX for Indexed pods,
 * HOSTNAME, and `$(VAR)` expansion by the kubelet's rules. ConfigMaps, Secrets and resource
 * fields are not available locally: they are reported, never guessed.
 */
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Kubernetes `$(VAR)` expansion: `$(NAME)` is replaced when NAME is defined, left as is otherwise;
 * `$$` is an escaped `$`; an unterminated `$(` and any other `$x` are kept literally.
 */
export function expandVars(input: string, lookup: (name: string) => string | undefined): string {
  let out = '';
  let checkpoint = 0;
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] !== '$' || cursor + 1 >= input.length) continue;
    out += input.slice(checkpoint, cursor);
    const rest = input.slice(cursor + 1);
    let advance = 1;
    if (rest[0] === '$') out += '$';
    else if (rest[0] === '(') {
      const close = rest.indexOf(')', 1);
      if (close > 0) {
        const name = rest.slice(1, close);
        const v = lookup(name);
        out += v === undefined ? `$(${name})` : v;
        advance = close + 1;
      } else out += '$(';
    } else out += '$' + rest[0];
    cursor += advance;
    checkpoint = cursor + 1;
  }
  return out + input.slice(checkpoint);
}

export interface PodIdentity {
  name: string;
  namespace: string;
  uid: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** spec.hostname (Indexed pods) or the pod name. */
  hostname: string;
  serviceAccountName: string;
  nodeName: string;
  podIP: string;
  hostIP: string;
}

export interface ContainerEnv {
  /** Variables in definition order (later definitions win, as in the kubelet). */
  env: Record<string, string>;
  /** What could not be provided locally (the variable is left unset). */
  warnings: string[];
}

function fieldRefValue(path: string, pod: PodIdentity): string | undefined {
  const m = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(path);
  if (m) return (m[1] === 'labels' ? pod.labels : pod.annotations)[m[2]] ?? '';
  switch (path) {
    case 'metadata.name':
      return pod.name;
    case 'metadata.namespace':
      return pod.namespace;
    case 'metadata.uid':
      return pod.uid;
    case 'metadata.labels':
      return Object.entries(pod.labels).map(([k, v]) => `${k}="${v}"`).join('\n');
    case 'metadata.annotations':
      return Object.entries(pod.annotations).map(([k, v]) => `${k}="${v}"`).join('\n');
    case 'spec.nodeName':
      return pod.nodeName;
    case 'spec.serviceAccountName':
      return pod.serviceAccountName;
    case 'status.podIP':
    case 'status.podIPs':
      return pod.podIP;
    case 'status.hostIP':
    case 'status.hostIPs':
      return pod.hostIP;
    default:
      return undefined;
  }
}

/** The env of one container of the pod (the pod's container spec, after the controller added JOB_COMPLETION_INDEX). */
export function containerEnv(container: Obj, pod: PodIdentity): ContainerEnv {
  const env: Record<string, string> = {};
  const warnings: string[] = [];
  const cname = String(container.name ?? '');
  env.HOSTNAME = pod.hostname;
  for (const src of Array.isArray(container.envFrom) ? container.envFrom : []) {
    if (!isObj(src)) continue;
    const ref = isObj(src.configMapRef) ? `ConfigMap ${src.configMapRef.name}` : isObj(src.secretRef) ? `Secret ${src.secretRef.name}` : 'an unknown source';
    warnings.push(`container ${cname}: envFrom ${ref} is not available locally; its variables are not set`);
  }
  const lookup = (n: string) => env[n];
  for (const e of Array.isArray(container.env) ? container.env : []) {
    if (!isObj(e) || typeof e.name !== 'string') continue;
    const name = e.name;
    if (isObj(e.valueFrom)) {
      const vf = e.valueFrom;
      if (isObj(vf.fieldRef) && typeof vf.fieldRef.fieldPath === 'string') {
        const v = fieldRefValue(vf.fieldRef.fieldPath, pod);
        if (v === undefined) warnings.push(`container ${cname}: env ${name}: fieldRef ${vf.fieldRef.fieldPath} is not supported locally`);
        else env[name] = v;
      } else if (isObj(vf.configMapKeyRef) || isObj(vf.secretKeyRef)) {
        const r = (vf.configMapKeyRef ?? vf.secretKeyRef) as Obj;
        const kind = vf.configMapKeyRef ? 'ConfigMap' : 'Secret';
        warnings.push(`container ${cname}: env ${name}: ${kind} ${r.name} key ${r.key} is not available locally; ${name} is not set`);
      } else if (isObj(vf.resourceFieldRef)) {
        warnings.push(`container ${cname}: env ${name}: resourceFieldRef ${vf.resourceFieldRef.resource} is not available locally; ${name} is not set`);
      } else warnings.push(`container ${cname}: env ${name}: unsupported valueFrom`);
      continue;
    }
    env[name] = expandVars(typeof e.value === 'string' ? e.value : '', lookup);
  }
  return { env, warnings };
}

/** The argv of a container: command + args with `$(VAR)` expanded; undefined without a command. */
export function containerArgv(container: Obj, env: Record<string, string>): string[] | undefined {
  const cmd = Array.isArray(container.command) ? container.command.map(String) : [];
  const args = Array.isArray(container.args) ? container.args.map(String) : [];
  if (!cmd.length) return undefined;
  const lookup = (n: string) => env[n];
  return [...cmd, ...args].map((s) => expandVars(s, lookup));
}

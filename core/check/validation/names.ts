/**
 * Name and label syntax checks with the same acceptance as the API server's validators
 * (k8s.io/apimachinery/pkg/util/validation). Each returns a list of human messages; empty = valid.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const ENV_VAR_NAME_STRICT = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const HTTP_PATH = /^[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/;

export const DNS1123_LABEL_MAX = 63;
export const DNS1123_SUBDOMAIN_MAX = 253;
export const LABEL_VALUE_MAX = 63;

function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

export function isDNS1123Label(v: string): string[] {
  const out: string[] = [];
  if (byteLength(v) > DNS1123_LABEL_MAX) out.push(`must be no more than ${DNS1123_LABEL_MAX} characters`);
  if (!DNS1123_LABEL.test(v)) {
    out.push(
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name', or '123-abc')",
    );
  }
  return out;
}

export function isDNS1123Subdomain(v: string): string[] {
  const out: string[] = [];
  if (byteLength(v) > DNS1123_SUBDOMAIN_MAX) out.push(`must be no more than ${DNS1123_SUBDOMAIN_MAX} characters`);
  if (!DNS1123_SUBDOMAIN.test(v)) {
    out.push(
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com')",
    );
  }
  return out;
}

/** Names already found valid (the same label keys recur across a file's Jobs); bounded. */
const validQualifiedNames = new Set<string>();

/** `[prefix/]name` as used by label keys, annotation keys, condition types and resource names. */
export function isQualifiedName(v: string): string[] {
  if (validQualifiedNames.has(v)) return [];
  const out = qualifiedNameIssues(v);
  if (out.length === 0) {
    if (validQualifiedNames.size >= 4096) validQualifiedNames.clear();
    validQualifiedNames.add(v);
  }
  return out;
}

function qualifiedNameIssues(v: string): string[] {
  const out: string[] = [];
  const parts = v.split('/');
  let name: string;
  if (parts.length === 1) name = parts[0]!;
  else if (parts.length === 2) {
    const prefix = parts[0]!;
    name = parts[1]!;
    if (prefix.length === 0) out.push('prefix part must be non-empty');
    else for (const m of isDNS1123Subdomain(prefix)) out.push(`prefix part ${m}`);
  } else {
    return [
      "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc'), with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ];
  }
  if (name.length === 0) out.push('name part must be non-empty');
  else if (byteLength(name) > 63) out.push('name part must be no more than 63 characters');
  if (!QUALIFIED_NAME_PART.test(name)) {
    out.push(
      "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc')",
    );
  }
  return out;
}

export function isValidLabelValue(v: string): string[] {
  const out: string[] = [];
  if (byteLength(v) > LABEL_VALUE_MAX) out.push(`must be no more than ${LABEL_VALUE_MAX} characters`);
  if (!LABEL_VALUE.test(v)) {
    out.push(
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345')",
    );
  }
  return out;
}

/**
 * Environment variable names. Since 1.32 (beta) / 1.34 (GA) the server accepts any printable ASCII
 * except '='; older servers used the C-identifier-like rule.
 */
export function isEnvVarName(v: string, relaxed: boolean): string[] {
  if (relaxed) {
    for (let i = 0; i < v.length; i++) {
      const c = v.charCodeAt(i);
      if (c < 32 || c > 126 || c === 61) {
        return ["a valid environment variable name must consist only of printable ASCII characters other than '='"];
      }
    }
    return [];
  }
  const out: string[] = [];
  if (!ENV_VAR_NAME_STRICT.test(v)) {
    out.push(
      "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit",
    );
  }
  if (v === '.') out.push("must not be '.'");
  else if (v === '..') out.push("must not be '..'");
  else if (v.startsWith('..')) out.push("must not start with '..'");
  return out;
}

/** IANA service name: what `ports[].name` must be. */
export function isValidPortName(v: string): string[] {
  const out: string[] = [];
  if (v.length > 15) out.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(v)) out.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
  if (!/[a-z]/.test(v)) out.push('must contain at least one letter (a-z)');
  if (v.includes('--')) out.push("must not contain consecutive hyphens ('--')");
  if (v.startsWith('-') || v.endsWith('-')) out.push("must not begin or end with a hyphen ('-')");
  return out;
}

export function isValidPortNum(n: number): string[] {
  return n >= 1 && n <= 65535 ? [] : ['must be between 1 and 65535, inclusive'];
}

/** `<dns-subdomain>/<path>` (e.g. `spec.managedBy`). Returns [] or messages, with `required` for "". */
export function isDomainPrefixedPath(v: string): { required: boolean; messages: string[] } {
  if (v.length === 0) return { required: true, messages: [] };
  const slash = v.indexOf('/');
  if (slash <= 0 || slash === v.length - 1) {
    return { required: false, messages: ['must be a domain-prefixed path (such as "acme.io/foo")'] };
  }
  const messages = isDNS1123Subdomain(v.slice(0, slash)).map((m) => `domain ${m}`);
  if (!HTTP_PATH.test(v.slice(slash + 1))) {
    messages.push("Invalid path: the part after the domain may only contain letters, digits and /-._~%!$&'()*+,;=:");
  }
  return { required: false, messages };
}

/** Suggest a valid DNS-1123 label for a quick fix ("My_Name" -> "my-name"). */
export function toDNS1123Label(v: string): string {
  let s = v
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-+/, '');
  s = s.slice(0, DNS1123_LABEL_MAX).replace(/-+$/, '');
  return s.length > 0 ? s : 'name';
}

/** ConfigMap/Secret keys: [-._a-zA-Z0-9]+, at most 253, not "." / ".." / "..*". */
export function configMapKeyIssues(v: string): string[] {
  const out: string[] = [];
  if (byteLength(v) > DNS1123_SUBDOMAIN_MAX) out.push(`must be no more than ${DNS1123_SUBDOMAIN_MAX} characters`);
  if (!/^[-._a-zA-Z0-9]+$/.test(v)) out.push("a valid config key must consist of alphanumeric characters, '-', '_' or '.'");
  if (v === '.') out.push("must not be '.'");
  else if (v === '..') out.push("must not be '..'");
  else if (v.startsWith('..')) out.push("must not start with '..'");
  return out;
}

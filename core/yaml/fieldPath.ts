/**
 * Field paths in the API server's format: `.name` for fields, `[i]` for list indexes, `[key]` for
 * map keys (field.Path in k8s.io/apimachinery renders them the same way).
 */
export type PathSegment = string | number | { key: string };
export type FieldPath = readonly PathSegment[];

export function formatPath(path: FieldPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (typeof seg === 'string') out += out === '' ? seg : `.${seg}`;
    else out += `[${seg.key}]`;
  }
  return out;
}

export function child(path: FieldPath, ...segs: PathSegment[]): FieldPath {
  return [...path, ...segs];
}

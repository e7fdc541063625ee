/** spec.managedBy: a domain-prefixed path of at most 63 characters. */
import type { Problem } from '../../problem';
import type { Rule, RuleContext } from '../types';
import { at, str, view } from '../context';
import { isDomainPrefixedPath } from '../../validation/names';

const CODE = 'api/managed-by';

export const managedByRule: Rule = {
  id: CODE,
  description: 'spec.managedBy must be a domain-prefixed path such as "kueue.x-k8s.io/multikueue", at most 63 characters.',
  check(ctx: RuleContext): Problem[] {
    const v = str(view(ctx).spec.managedBy);
    if (v === undefined) return [];
    const out: Problem[] = [];
    const r = isDomainPrefixedPath(v);
    const path = ['spec', 'managedBy'];
    if (r.required) out.push(at(ctx, path, { code: CODE, errorType: 'Required', message: 'managedBy may not be empty: omit it to use the built-in Job controller ("kubernetes.io/job-controller").' }));
    for (const m of r.messages) out.push(at(ctx, path, { code: CODE, errorType: 'Invalid', message: `managedBy ${JSON.stringify(v)}: ${m}.` }));
    if (Buffer.byteLength(v) > 63) out.push(at(ctx, path, { code: CODE, errorType: 'TooLong', message: 'managedBy may not be more than 63 bytes.' }));
    return out;
  },
};

/** Pod-level fields Jobs commonly get wrong: activeDeadlineSeconds (1..2^31-1 in the pod), dnsPolicy, hostname. */
import type { Problem } from '../../problem';
import type { Rule, RuleContext } from '../types';
import { at, int, view } from '../context';
import { isDNS1123Label, isDNS1123Subdomain } from '../../validation/names';

const CODE = 'api/pod-spec';

export const podSpecFieldsRule: Rule = {
  id: CODE,
  description: 'Pod template activeDeadlineSeconds must be 1..2147483647 (unlike the Job field, 0 is rejected); dnsPolicy values; hostname/subdomain DNS labels; serviceAccountName/priorityClassName/nodeName DNS subdomains.',
  check(ctx: RuleContext): Problem[] {
    const { podSpec } = view(ctx);
    const out: Problem[] = [];
    const base = ['spec', 'template', 'spec'];
    const ads = int(podSpec.activeDeadlineSeconds);
    if (ads !== undefined && (ads < 1 || ads > 2147483647)) {
      out.push(at(ctx, [...base, 'activeDeadlineSeconds'], { code: CODE, errorType: 'Invalid', message: `The pod's activeDeadlineSeconds must be between 1 and 2147483647, inclusive (did you mean the Job's spec.activeDeadlineSeconds?).` }));
    }
    const dns = podSpec.dnsPolicy;
    if (typeof dns === 'string' && !['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'].includes(dns)) {
      out.push(at(ctx, [...base, 'dnsPolicy'], { code: CODE, errorType: 'NotSupported', message: `Unsupported dnsPolicy ${JSON.stringify(dns)}: supported values are "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None".` }));
    }
    if (dns === 'None' && (podSpec.dnsConfig === undefined || podSpec.dnsConfig === null)) {
      out.push(at(ctx, [...base, 'dnsConfig'], { code: CODE, errorType: 'Required', message: 'dnsPolicy: None needs a dnsConfig (with at least one nameserver).', anchor: [...base, 'dnsPolicy'] }));
    }
    for (const f of ['serviceAccountName', 'priorityClassName', 'nodeName']) {
      const v = podSpec[f];
      if (typeof v === 'string' && v.length > 0) for (const m of isDNS1123Subdomain(v)) out.push(at(ctx, [...base, f], { code: CODE, errorType: 'Invalid', message: `${f} ${JSON.stringify(v)}: ${m}.` }));
    }
    for (const f of ['hostname', 'subdomain']) {
      const v = podSpec[f];
      if (typeof v === 'string' && v.length > 0) for (const m of isDNS1123Label(v)) out.push(at(ctx, [...base, f], { code: CODE, errorType: 'Invalid', message: `${f} ${JSON.stringify(v)}: ${m}.` }));
    }
    return out;
  },
};

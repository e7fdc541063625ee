/**
 * Pod-level fields Jobs commonly get wrong: activeDeadlineSeconds (1..2^31-1 in the pod), dnsPolicy,
 * hostname, names of other objects, runtimeClassName, preemptionPolicy, os.name, readinessGates and
 * schedulingGates.
 */
import type { Problem } from '../../problem';
import type { Rule, RuleContext } from '../types';
import { at, int, view } from '../context';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName } from '../../validation/names';
import { asArr, asObj } from '../../../workloads/job';

const CODE = 'api/pod-spec';

export const podSpecFieldsRule: Rule = {
  id: CODE,
  description: 'Pod template activeDeadlineSeconds must be 1..2147483647 (unlike the Job field, 0 is rejected); dnsPolicy values; hostname/subdomain DNS labels; serviceAccountName/priorityClassName/nodeName/runtimeClassName DNS subdomains; preemptionPolicy, os.name, readinessGates, schedulingGates.',
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
    if (podSpec.runtimeClassName !== undefined && podSpec.runtimeClassName !== null) {
      const v = String(podSpec.runtimeClassName);
      for (const m of isDNS1123Subdomain(v)) out.push(at(ctx, [...base, 'runtimeClassName'], { code: CODE, errorType: 'Invalid', message: `runtimeClassName ${JSON.stringify(v)}: ${m}.` }));
    }
    const pp = podSpec.preemptionPolicy;
    if (pp !== undefined && pp !== null) {
      if (pp === '') out.push(at(ctx, [...base, 'preemptionPolicy'], { code: CODE, errorType: 'Required', message: 'preemptionPolicy may not be empty: PreemptLowerPriority or Never.' }));
      else if (pp !== 'PreemptLowerPriority' && pp !== 'Never') out.push(at(ctx, [...base, 'preemptionPolicy'], { code: CODE, errorType: 'NotSupported', message: `Unsupported preemptionPolicy ${JSON.stringify(pp)}: supported values are "Never", "PreemptLowerPriority".` }));
    }
    const os = asObj(podSpec.os);
    if (os) {
      const name = typeof os.name === 'string' ? os.name : '';
      // the server reports an unknown name at spec.os itself
      if (!name) out.push(at(ctx, [...base, 'os', 'name'], { code: CODE, errorType: 'Required', message: 'os needs a name: linux or windows.', anchor: [...base, 'os'] }));
      else if (name !== 'linux' && name !== 'windows') out.push(at(ctx, [...base, 'os'], { code: CODE, errorType: 'NotSupported', message: `Unsupported os.name ${JSON.stringify(name)}: supported values are "linux", "windows" (lowercase).`, anchor: [...base, 'os', 'name'] }));
    }
    asArr(podSpec.readinessGates).forEach((g, i) => {
      const t = String(asObj(g)?.conditionType ?? '');
      for (const m of isQualifiedName(t)) out.push(at(ctx, [...base, 'readinessGates', i, 'conditionType'], { code: CODE, errorType: 'Invalid', message: `Readiness gate condition type ${JSON.stringify(t)}: ${m}.`, ...(asObj(g)?.conditionType === undefined ? { anchor: [...base, 'readinessGates', i] } : {}) }));
    });
    const gates = new Set<string>();
    asArr(podSpec.schedulingGates).forEach((g, i) => {
      const n = String(asObj(g)?.name ?? '');
      const gp = [...base, 'schedulingGates', i];
      for (const m of isQualifiedName(n)) out.push(at(ctx, gp, { code: CODE, errorType: 'Invalid', message: `Scheduling gate name ${JSON.stringify(n)}: ${m}.` }));
      if (gates.has(n)) out.push(at(ctx, gp, { code: CODE, errorType: 'Duplicate', message: `Duplicate scheduling gate ${JSON.stringify(n)}.` }));
      gates.add(n);
    });
    return out;
  },
};

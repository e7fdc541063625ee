/**
 * Kubernetes version awareness: a field the target server (settings.kubernetesVersion) does not
 * know, or only knows behind a feature gate that is off by default, gets a warning that says what
 * that server does with it.
 *
 * Two sources of facts: JOB_FIELD_GATES (Job spec fields gated in releases before the schema's
 * sources, whose gates are gone now) and, for every field of the Job and its pod template, the
 * generated schema's `since` / `featureGates` facts (../../schema/availability.ts).
 */
import type { Problem } from '../../problem';
import type { Rule, RuleContext } from '../types';
import { at, view } from '../context';
import { formatPath } from '../../../yaml/fieldPath';
import { versionedFields, type Availability } from '../../../schema/availability';
import { asArr, asObj } from '../../../workloads/job';
import { JOB_FIELD_GATES } from '../../../workloads/versions';

const CODE = 'api/version-skew';

export const versionSkewRule: Rule = {
  id: CODE,
  description: 'Warns about Job fields the configured Kubernetes version drops (not yet available or behind a disabled feature gate).',
  check(ctx: RuleContext): Problem[] {
    const { version } = view(ctx);
    const spec = asObj(ctx.job.spec) ?? {};
    const out: Problem[] = [];
    for (const g of JOB_FIELD_GATES) {
      const v = spec[g.field];
      if (v === undefined || v === null) continue;
      if (version >= g.beta) continue;
      const state = version >= g.alpha ? `alpha in 1.${version} (feature gate ${g.gate}, off by default)` : `not available before 1.${g.alpha}`;
      out.push(at(ctx, ['spec', g.field], { code: CODE, severity: 'warning', message: `spec.${g.field} is ${state}: a 1.${version} API server silently drops it. It is on by default from 1.${g.beta}${g.ga ? ` (GA in 1.${g.ga})` : ''}.` }));
    }
    if (version < 29) {
      asArr(asObj(spec.podFailurePolicy)?.rules).forEach((r, i) => {
        if (asObj(r)?.action === 'FailIndex') out.push(at(ctx, ['spec', 'podFailurePolicy', 'rules', i, 'action'], { code: CODE, severity: 'warning', message: `The FailIndex action needs JobBackoffLimitPerIndex (on by default from 1.29); 1.${version} does not have it.` }));
      });
    }
    // Every field of the document with generated version facts (facts about Kubernetes releases,
    // whatever schema the document is checked against).
    for (const vf of versionedFields(ctx.kind, ctx.value, version)) {
      const rel = vf.path.slice(ctx.jobPath.length);
      if (rel[0] === 'spec' && rel.length === 2 && JOB_FIELD_GATES.some((g) => g.field === rel[1])) continue;
      out.push(at(ctx, rel, { code: CODE, severity: 'warning', message: skewMessage(formatPath(vf.path), vf.availability, version), data: { ...vf.availability } }));
    }
    return out;
  },
};

/** What a 1.`version` API server does with a field it does not know or whose gate is off. */
export function skewMessage(path: string, a: Availability, version: number): string {
  if (a.kind === 'unknown') {
    const why = a.gate ? `${path} arrives in Kubernetes 1.${a.since} (feature gate ${a.gate})` : `${path} is new in Kubernetes 1.${a.since}`;
    return (
      `${why}: the 1.${version} API server does not know this field. With kubectl's default strict field validation ` +
      `(kubectl apply/create, --validate=strict) it rejects the whole object: strict decoding error: unknown field "${path}"; ` +
      `with --validate=warn it drops the field and warns, with --validate=false it drops it silently.`
    );
  }
  const stage = a.stage.toLowerCase();
  const later = a.onByDefaultFrom ? ` It is on by default from 1.${a.onByDefaultFrom}.` : '';
  return (
    `${path} needs the feature gate ${a.gate} (${stage} in 1.${version}, off by default): unless ${a.gate}=true is set ` +
    `on the API server (--feature-gates), it accepts the object and silently drops this field.${later}`
  );
}

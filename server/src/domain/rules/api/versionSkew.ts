/**
 * Kubernetes version awareness: a field the target server (settings.kubernetesVersion) does not
 * know, or only knows behind a feature gate that is off by default, is silently dropped on create.
 */
import type { Problem } from '../../problem';
import type { Rule, RuleContext } from '../types';
import { at, view } from '../context';
import { asArr, asObj } from '../../defaults/job';
import { JOB_FIELD_GATES, SCHEMA_MINOR } from '../../defaults/versions';

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
    if (version > SCHEMA_MINOR) {
      // nothing to flag per field; the schema simply may not know newer fields
    }
    return out;
  },
};

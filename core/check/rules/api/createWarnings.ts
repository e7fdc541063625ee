/**
 * The API server's create warnings for a Job's spec (WarningsForJobSpec + pod template warnings):
 * duplicate env names, fractional byte quantities, negative grace period, big Indexed Jobs,
 * (ports: portWarnings.ts; deprecations and scheduling: podSpecWarnings.ts). Reported as warnings (the server returns them only when the create succeeds).
 */
import type { Problem } from '../../problem';
import type { Rule, RuleContext } from '../types';
import { at, int, view } from '../context';
import { asArr, asObj } from '../../../workloads/job';
import { isWhole, parseQuantity } from '../../validation/quantity';
import { eachContainer } from './podContainers';

const CODE = 'api/warning';

export const createWarningsRule: Rule = {
  id: CODE,
  description: 'Warnings the API server returns on create (duplicate env vars, fractional byte values, negative grace period, very large Indexed Jobs, image pull secrets).',
  check(ctx: RuleContext): Problem[] {
    const { spec, podSpec } = view(ctx);
    const out: Problem[] = [];
    const w = (rel: (string | number | { key: string })[], message: string, anchor?: (string | number | { key: string })[]) =>
      out.push(at(ctx, rel, { code: CODE, severity: 'warning', message, ...(anchor ? { anchor } : {}) }));
    if (spec.completionMode === 'Indexed' && (int(spec.completions) ?? 0) > 100000 && (int(spec.parallelism) ?? 0) > 10000) {
      w(['spec'], 'With more than 10^5 completions and parallelism above 10^4, Kubernetes might not be able to track completedIndexes when many indexes fail.', ['spec', 'completions']);
    }
    const tgp = int(podSpec.terminationGracePeriodSeconds);
    if (tgp !== undefined && tgp < 0) w(['spec', 'template', 'spec', 'terminationGracePeriodSeconds'], 'terminationGracePeriodSeconds must be >= 0; negative values are invalid and will be treated as 1.');
    for (const { c, path } of eachContainer(podSpec)) {
      for (const kind of ['limits', 'requests']) {
        for (const r of ['memory', 'ephemeral-storage']) {
          const raw = asObj(asObj(c.resources)?.[kind])?.[r];
          const q = raw === undefined ? undefined : parseQuantity(raw);
          if (q && !isWhole(q)) {
            const hint = typeof raw === 'string' && /m$/.test(raw) ? ` ("m" means milli: did you mean ${raw.slice(0, -1)}Mi?)` : '';
            w([...path, 'resources', kind, { key: r }], `Fractional byte value ${JSON.stringify(String(raw))} is invalid, must be an integer${hint}.`);
          }
        }
      }
      const env = asArr(c.env);
      const seen = new Set<string>();
      env.forEach((e, i) => {
        const o = asObj(e) ?? {};
        const name = typeof o.name === 'string' ? o.name : '';
        if (seen.has(name)) {
          const ref = `$(${name})`;
          const value = typeof o.value === 'string' ? o.value : '';
          const bad = (o.valueFrom !== undefined && o.valueFrom !== null) || value === ref || !value.includes(ref);
          if (bad) w([...path, 'env', i], `This entry hides the previous definition of ${JSON.stringify(name)}, which may be dropped when using apply.`);
        } else seen.add(name);
      });
    }
    const pullSecrets = new Set<string>();
    asArr(podSpec.imagePullSecrets).forEach((x, i) => {
      const n = asObj(x)?.name;
      const name = typeof n === 'string' ? n : '';
      const p = ['spec', 'template', 'spec', 'imagePullSecrets', i, 'name'];
      if (!name) w(p, 'Invalid empty imagePullSecrets name: the entry does nothing.', ['spec', 'template', 'spec', 'imagePullSecrets', i]);
      else if (pullSecrets.has(name)) w(p, `Duplicate imagePullSecrets name ${JSON.stringify(name)}.`);
      pullSecrets.add(name);
    });
    return out;
  },
};

/** job/undefined-var-reference: $(VAR) in command/args naming a variable the container does not define. */
import type { Problem } from '../../problem';
import type { Rule, RuleContext } from '../types';
import { lintAt, severityFor, view } from '../context';
import { asArr, asObj } from '../../../workloads/job';
import { eachContainer } from '../api/podContainers';

const CODE = 'job/undefined-var-reference';

/** $(NAME) references, skipping the $$(NAME) escape. */
export function varRefs(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '$') continue;
    if (s[i + 1] === '$') {
      i++;
      continue;
    }
    if (s[i + 1] === '(') {
      const close = s.indexOf(')', i + 2);
      if (close > i + 2) {
        out.push(s.slice(i + 2, close));
        i = close;
      }
    }
  }
  return out;
}

export const undefinedVarRule: Rule = {
  id: CODE,
  description: '$(VAR) in command, args or an env value naming a variable the container does not define (or, for env values, defines only later): it stays literal text.',
  check(ctx: RuleContext): Problem[] {
    const sev = severityFor(ctx, CODE, 'warning');
    if (!sev) return [];
    const { podSpec, indexed } = view(ctx);
    const out: Problem[] = [];
    for (const { c, path } of eachContainer(podSpec)) {
      if (asArr(c.envFrom).length > 0) continue; // names come from a ConfigMap/Secret we cannot see
      const defined = new Set(asArr(c.env).map((e) => asObj(e)?.name).filter((n): n is string => typeof n === 'string'));
      if (indexed) defined.add('JOB_COMPLETION_INDEX');
      // env values may only reference variables defined EARLIER in the list; the controller appends
      // JOB_COMPLETION_INDEX at the end, so no env value can use it unless it is defined explicitly first.
      const before = new Set<string>();
      asArr(c.env).forEach((e, j) => {
        const o = asObj(e) ?? {};
        if (typeof o.value === 'string') {
          for (const name of varRefs(o.value)) {
            if (before.has(name)) continue;
            if (name === 'JOB_COMPLETION_INDEX' && !indexed) continue; // job/completion-index-nonindexed
            const msg =
              name === 'JOB_COMPLETION_INDEX'
                ? `$(JOB_COMPLETION_INDEX) is not expanded in an env value: the Job controller appends JOB_COMPLETION_INDEX after your env entries, and an env value only sees variables defined before it. Use it in command/args, or define JOB_COMPLETION_INDEX yourself first (valueFrom.fieldRef metadata.annotations['batch.kubernetes.io/job-completion-index']).`
                : defined.has(name)
                  ? `$(${name}) is defined after this entry; an env value only sees variables defined before it, so the text "$(${name})" stays as is. Move ${name} up.`
                  : `$(${name}) is not defined in this container's env, so Kubernetes leaves the text "$(${name})" as is.`;
            out.push(lintAt(ctx, [...path, 'env', j, 'value'], CODE, sev, msg));
          }
        }
        if (typeof o.name === 'string') before.add(o.name);
      });
      for (const k of ['command', 'args']) {
        asArr(c[k]).forEach((a, j) => {
          if (typeof a !== 'string') return;
          for (const name of varRefs(a)) {
            if (defined.has(name)) continue;
            if (name === 'JOB_COMPLETION_INDEX') continue; // job/completion-index-nonindexed explains this one
            out.push(lintAt(ctx, [...path, k, j], CODE, sev, `$(${name}) is not defined in this container's env, so Kubernetes leaves the text "$(${name})" as is. Define ${name} in env, or write $$(${name}) for a literal.`));
          }
        });
      }
    }
    return out;
  },
};

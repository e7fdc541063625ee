/** job/undefined-var-reference: $(VAR) in command/args naming a variable the container does not define. */
import type { Problem } from '../../problem';
import type { Rule, RuleContext } from '../types';
import { lintAt, severityFor, view } from '../context';
import { asArr, asObj } from '../../defaults/job';
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
  description: '$(VAR) in command or args naming a variable the container does not define (it stays literal text).',
  check(ctx: RuleContext): Problem[] {
    const sev = severityFor(ctx, CODE, 'warning');
    if (!sev) return [];
    const { podSpec, indexed } = view(ctx);
    const out: Problem[] = [];
    for (const { c, path } of eachContainer(podSpec)) {
      if (asArr(c.envFrom).length > 0) continue; // names come from a ConfigMap/Secret we cannot see
      const defined = new Set(asArr(c.env).map((e) => asObj(e)?.name).filter((n): n is string => typeof n === 'string'));
      if (indexed) defined.add('JOB_COMPLETION_INDEX');
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

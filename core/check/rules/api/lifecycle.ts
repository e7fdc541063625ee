/**
 * Container lifecycle hooks (postStart/preStop): exactly one handler (exec, httpGet, tcpSocket,
 * sleep); httpGet port/scheme/header names; tcpSocket port; sleep seconds within the pod's
 * terminationGracePeriodSeconds (30 when omitted). Init containers that are not sidecars may not
 * have hooks at all (reported by the containers rule).
 */
import type { Problem } from '../../problem';
import type { Rule, RuleContext } from '../types';
import { enumFixData, replaceFixes } from './enumFix';
import { at, int, view } from '../context';
import { asArr, asObj, type Obj } from '../../../workloads/job';
import { isValidPortName, isValidPortNum } from '../../validation/names';
import { eachContainer } from './podContainers';

const CODE = 'api/lifecycle';
const HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'sleep'];
const HEADER_NAME = /^[-A-Za-z0-9]+$/;

type Path = (string | number)[];

export const lifecycleRule: Rule = {
  id: CODE,
  description: 'postStart/preStop hooks: exactly one handler; valid ports, scheme and header names; sleep seconds between 0 and terminationGracePeriodSeconds.',
  check(ctx: RuleContext): Problem[] {
    const { podSpec } = view(ctx);
    const out: Problem[] = [];
    const push = (rel: Path, errorType: Problem['errorType'] & string, message: string, anchor?: Path, extra?: { data?: unknown }) =>
      out.push(at(ctx, rel, { code: CODE, errorType, message, ...(anchor ? { anchor } : {}), ...(extra ?? {}) }));
    const grace = int(podSpec.terminationGracePeriodSeconds) ?? 30;
    // the view is defaulted: look at what the user wrote to say where the 30 comes from
    const rawPod = asObj(asObj(asObj(ctx.job.spec)?.template)?.spec);
    const graceDefaulted = rawPod?.terminationGracePeriodSeconds === undefined || rawPod?.terminationGracePeriodSeconds === null;
    const port = (pp: Path, v: unknown, hook: string) => {
      if (typeof v === 'string') {
        for (const m of isValidPortName(v)) push(pp, 'Invalid', `${hook} port name ${JSON.stringify(v)}: ${m}.`);
      } else {
        const n = typeof v === 'number' ? v : 0;
        for (const m of isValidPortNum(n)) push(pp, 'Invalid', v === undefined || v === null ? `${hook} needs a port (a number 1-65535 or a container port name).` : `${hook} port ${n}: ${m}.`, v === undefined || v === null ? pp.slice(0, -1) : undefined);
      }
    };
    for (const { c, path, init } of eachContainer(podSpec)) {
      if (init && c.restartPolicy !== 'Always') continue;
      const lc = asObj(c.lifecycle);
      if (!lc) continue;
      for (const hook of ['postStart', 'preStop']) {
        const h = asObj(lc[hook]);
        if (lc[hook] === undefined || lc[hook] === null) continue;
        const p = [...path, 'lifecycle', hook];
        const ho: Obj = h ?? {};
        const handlers = HANDLERS.filter((k) => ho[k] !== undefined && ho[k] !== null);
        if (handlers.length === 0) push(p, 'Required', `${hook} must specify a handler type: exec, httpGet, tcpSocket or sleep.`);
        handlers.slice(1).forEach((k) => push([...p, k], 'Forbidden', `${hook} may not specify more than 1 handler type (already has ${handlers[0]}).`));
        const first = handlers[0];
        const hv = first ? asObj(ho[first]) ?? {} : {};
        if (first === 'exec') {
          if (asArr(hv.command).length === 0) push([...p, 'exec', 'command'], 'Required', `${hook}.exec needs a command.`, [...p, 'exec']);
        } else if (first === 'httpGet') {
          port([...p, 'httpGet', 'port'], hv.port, hook);
          const scheme = hv.scheme;
          if (typeof scheme === 'string' && scheme !== '' && scheme !== 'HTTP' && scheme !== 'HTTPS') push([...p, 'httpGet', 'scheme'], 'NotSupported', `Unsupported scheme ${JSON.stringify(scheme)}: supported values are "HTTP", "HTTPS".`, undefined, enumFixData(scheme, ['HTTP', 'HTTPS'], [...p, 'httpGet', 'scheme']));
          asArr(hv.httpHeaders).forEach((hd, j) => {
            const name = String(asObj(hd)?.name ?? '');
            if (!HEADER_NAME.test(name)) push([...p, 'httpGet', 'httpHeaders'], 'Invalid', `HTTP header name ${JSON.stringify(name)} must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name').`, [...p, 'httpGet', 'httpHeaders', j]);
          });
        } else if (first === 'tcpSocket') {
          port([...p, 'tcpSocket', 'port'], hv.port, hook);
        } else if (first === 'sleep') {
          const s = int(hv.seconds) ?? 0;
          // the server reports this at the sleep action itself, not at its seconds field
          if (s < 0 || s > grace) push([...p, 'sleep'], 'Invalid', `sleep seconds ${s} must be between 0 and the pod's terminationGracePeriodSeconds (${grace}${graceDefaulted ? ', the default' : ''}).`, hv.seconds === undefined ? undefined : [...p, 'sleep', 'seconds']);
        }
      }
    }
    return out;
  },
  fixes: replaceFixes,
};

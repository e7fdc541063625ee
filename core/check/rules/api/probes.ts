/** Probes: exactly one handler, non-negative numbers, success threshold 1 for liveness/startup. */
import type { Problem } from '../../problem';
import type { Rule, RuleContext } from '../types';
import { at, int, view } from '../context';
import { asArr, asObj } from '../../../workloads/job';
import { isValidPortName, isValidPortNum } from '../../validation/names';
import { eachContainer } from './podContainers';

const CODE = 'api/probes';
const HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];

export const probesRule: Rule = {
  id: CODE,
  description: 'Probes need exactly one handler; liveness and startup probes need successThreshold 1; numbers are >= 0.',
  check(ctx: RuleContext): Problem[] {
    const { podSpec } = view(ctx);
    const out: Problem[] = [];
    for (const { c, path, init } of eachContainer(podSpec)) {
      if (init && c.restartPolicy !== 'Always') continue; // reported as Forbidden by the containers rule
      for (const kind of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
        const pr = asObj(c[kind]);
        if (!pr) continue;
        const p = [...path, kind];
        const handlers = HANDLERS.filter((h) => pr[h] !== undefined && pr[h] !== null);
        if (handlers.length === 0) out.push(at(ctx, p, { code: CODE, errorType: 'Required', message: `${kind} must specify a handler type (exec, httpGet, tcpSocket or grpc).` }));
        handlers.slice(1).forEach((h) => out.push(at(ctx, [...p, h], { code: CODE, errorType: 'Forbidden', message: `${kind} may not specify more than 1 handler type (also has ${handlers[0]}).` })));
        const first = handlers[0];
        const hv = first ? asObj(pr[first]) ?? {} : {};
        const port = (pp: (string | number)[], v: unknown) => {
          if (typeof v === 'string') {
            for (const m of isValidPortName(v)) out.push(at(ctx, pp, { code: CODE, errorType: 'Invalid', message: `Port name ${JSON.stringify(v)}: ${m}.` }));
          } else {
            const n = typeof v === 'number' ? v : 0;
            for (const m of isValidPortNum(n)) out.push(at(ctx, pp, { code: CODE, errorType: 'Invalid', message: `${kind} port ${n}: ${m}.`, ...(v === undefined ? { anchor: pp.slice(0, -1) } : {}) }));
          }
        };
        if (first === 'exec' && asArr(hv.command).length === 0) {
          out.push(at(ctx, [...p, 'exec', 'command'], { code: CODE, errorType: 'Required', message: `${kind}.exec needs a command.`, anchor: [...p, 'exec'] }));
        } else if (first === 'httpGet') {
          port([...p, 'httpGet', 'port'], hv.port);
          if (typeof hv.scheme === 'string' && hv.scheme !== '' && hv.scheme !== 'HTTP' && hv.scheme !== 'HTTPS') out.push(at(ctx, [...p, 'httpGet', 'scheme'], { code: CODE, errorType: 'NotSupported', message: `Unsupported scheme ${JSON.stringify(hv.scheme)}: supported values are "HTTP", "HTTPS".` }));
        } else if (first === 'tcpSocket') port([...p, 'tcpSocket', 'port'], hv.port);
        else if (first === 'grpc') port([...p, 'grpc', 'port'], typeof hv.port === 'number' ? hv.port : 0);
        for (const f of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) {
          const v = int(pr[f]);
          if (v !== undefined && v < 0) out.push(at(ctx, [...p, f], { code: CODE, errorType: 'Invalid', message: `${f} must be greater than or equal to 0.` }));
        }
        const st = int(pr.successThreshold);
        if ((kind === 'livenessProbe' || kind === 'startupProbe') && st !== undefined && st !== 1) {
          out.push(at(ctx, [...p, 'successThreshold'], { code: CODE, errorType: 'Invalid', message: `${kind} successThreshold must be 1.` }));
        }
        const tgp = pr.terminationGracePeriodSeconds;
        if (tgp !== undefined && tgp !== null) {
          if (typeof tgp === 'number' && tgp <= 0) out.push(at(ctx, [...p, 'terminationGracePeriodSeconds'], { code: CODE, errorType: 'Invalid', message: 'terminationGracePeriodSeconds must be greater than 0.' }));
          if (kind === 'readinessProbe') out.push(at(ctx, [...p, 'terminationGracePeriodSeconds'], { code: CODE, errorType: 'Invalid', message: 'terminationGracePeriodSeconds must not be set for readiness probes.' }));
        }
      }
    }
    return out;
  },
};

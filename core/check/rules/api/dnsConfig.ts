/**
 * Pod DNS and /etc/hosts settings: dnsConfig (with dnsPolicy None at least one nameserver; at most 3
 * nameservers, each an IP; at most 32 search domains, 2048 characters, each a DNS subdomain (a trailing
 * '.' and '_' allowed); options need a name) and hostAliases (IP, hostnames as DNS subdomains).
 * From 1.36 IPs with leading zeros or IPv4-mapped IPv6 are rejected (StrictIPCIDRValidation).
 */
import type { Problem } from '../../problem';
import type { Rule, RuleContext } from '../types';
import { at, view } from '../context';
import { asArr, asObj } from '../../../workloads/job';
import { isDNS1123Subdomain } from '../../validation/names';
import { canonicalIP, parseIP } from './ip';

const CODE = 'api/dns-config';
const LABEL_U = '_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?';
const SUBDOMAIN_U = new RegExp(`^${LABEL_U}(\\.${LABEL_U})*$`);
type Path = (string | number)[];

export const dnsConfigRule: Rule = {
  id: CODE,
  description: 'dnsConfig nameservers/searches/options and hostAliases IPs and hostnames.',
  check(ctx: RuleContext): Problem[] {
    const { podSpec, version } = view(ctx);
    const out: Problem[] = [];
    const push = (rel: Path, errorType: Problem['errorType'] & string, message: string, anchor?: Path) =>
      out.push(at(ctx, rel, { code: CODE, errorType, message, ...(anchor ? { anchor } : {}) }));
    const base = ['spec', 'template', 'spec'];
    const strict = version >= 36;
    const ipIssues = (v: string): string[] => {
      const ip = parseIP(v);
      if (!ip) return ['must be a valid IP address (e.g. 10.9.8.7 or 2001:db8::ffff)'];
      const out2: string[] = [];
      if (strict && ip.leadingZeros) out2.push(`must not have leading 0s (write ${canonicalIP(ip)})`);
      if (strict && ip.mapped) out2.push(`must not be an IPv4-mapped IPv6 address (write ${canonicalIP(ip)})`);
      return out2;
    };
    const dc = asObj(podSpec.dnsConfig);
    const dp = [...base, 'dnsConfig'];
    if (dc) {
      const ns = asArr(dc.nameservers).map((x) => String(x ?? ''));
      if (podSpec.dnsPolicy === 'None' && ns.length === 0) push([...dp, 'nameservers'], 'Required', 'With dnsPolicy: None, dnsConfig needs at least one nameserver.', dp);
      if (ns.length > 3) push([...dp, 'nameservers'], 'Invalid', `At most 3 nameservers are allowed, got ${ns.length}.`);
      ns.forEach((v, i) => {
        for (const m of ipIssues(v)) push([...dp, 'nameservers', i], 'Invalid', `Nameserver ${JSON.stringify(v)}: ${m}.`);
      });
      const searches = asArr(dc.searches).map((x) => String(x ?? ''));
      if (searches.length > 32) push([...dp, 'searches'], 'Invalid', `At most 32 search domains are allowed, got ${searches.length}.`);
      if (searches.join(' ').length > 2048) push([...dp, 'searches'], 'Invalid', 'The search list may not be longer than 2048 characters (including spaces).');
      searches.forEach((v, i) => {
        if (v === '.') return;
        const d = v.endsWith('.') ? v.slice(0, -1) : v;
        if (d.length > 253) push([...dp, 'searches', i], 'Invalid', `Search domain ${JSON.stringify(v)} must be no more than 253 characters.`);
        if (!SUBDOMAIN_U.test(d)) push([...dp, 'searches', i], 'Invalid', `Search domain ${JSON.stringify(v)} must be lowercase DNS labels separated by '.' (e.g. svc.cluster.local).`);
      });
      asArr(dc.options).forEach((o, i) => {
        const name = asObj(o)?.name;
        if (typeof name !== 'string' || name === '') push([...dp, 'options', i], 'Required', 'A DNS option needs a name, e.g. ndots.');
      });
    }
    asArr(podSpec.hostAliases).forEach((a, i) => {
      const o = asObj(a) ?? {};
      const p = [...base, 'hostAliases', i];
      const ip = typeof o.ip === 'string' ? o.ip : '';
      for (const m of ipIssues(ip)) push([...p, 'ip'], 'Invalid', `hostAliases IP ${JSON.stringify(ip)}: ${m}.`, o.ip === undefined ? p : undefined);
      asArr(o.hostnames).forEach((h, j) => {
        for (const m of isDNS1123Subdomain(String(h ?? ''))) push([...p, 'hostnames', j], 'Invalid', `Hostname ${JSON.stringify(String(h ?? ''))}: ${m}.`);
      });
    });
    return out;
  },
};

/** IP parsing for dnsConfig/hostAliases: what the API server accepts and the canonical form it suggests. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalIP, parseIP } from '../../../core/check/rules/api/ip';

test('accepted addresses and their canonical form', () => {
  const cases: [string, string, boolean, boolean][] = [
    ['10.0.0.1', '10.0.0.1', false, false],
    ['010.000.0.1', '10.0.0.1', true, false],
    ['2001:DB8::1', '2001:db8::1', false, false],
    ['2001:db8:0:0:0:0:0:1', '2001:db8::1', false, false],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1', false, false],
    ['::ffff:1.2.3.4', '1.2.3.4', false, true],
    ['::1.2.3.4', '::102:304', false, false],
    ['::', '::', false, false],
  ];
  for (const [input, canon, zeros, mapped] of cases) {
    const ip = parseIP(input);
    assert.ok(ip, input);
    assert.equal(canonicalIP(ip!), canon, input);
    assert.equal(ip!.leadingZeros, zeros, input);
    assert.equal(ip!.mapped, mapped, input);
  }
});

test('rejected addresses', () => {
  for (const x of ['', 'localhost', '1.2.3', '1.2.3.256', '1.2.3.4.5', 'fe80::1%eth0', '1:2:3:4:5:6:7:8:9', '2001:db8:::1', '12345::1']) assert.equal(parseIP(x), undefined, x);
});

// Where webhooks may go: public unicast only. Every IANA special-purpose range, IPv4 and IPv6, is refused, and
// an IPv6 address carrying an IPv4 address (mapped, NAT64) is judged by that IPv4 address too.
import { describe, expect, it } from 'vitest';
import {
  refusalOfAddress,
  refusalOfHostName,
  refusalOfUrl,
} from '../../functions/core/webhooks/webhook-destination.ts';

describe('the webhook destination policy', () => {
  it.each([
    ['0.0.0.0', 'this network'],
    ['10.1.2.3', 'private use'],
    ['100.64.0.1', 'CGNAT'],
    ['100.127.255.254', 'CGNAT'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['169.254.169.254', 'link local'],
    ['172.16.0.1', 'private use'],
    ['172.31.255.255', 'private use'],
    ['192.0.0.170', 'IETF protocol assignments'],
    ['192.0.2.1', 'documentation'],
    ['192.31.196.1', 'AS112'],
    ['192.52.193.1', 'AMT'],
    ['192.88.99.1', '6to4 relay'],
    ['192.168.1.1', 'private use'],
    ['192.175.48.1', 'AS112'],
    ['198.18.0.1', 'benchmarking'],
    ['198.19.255.255', 'benchmarking'],
    ['198.51.100.7', 'documentation'],
    ['203.0.113.9', 'documentation'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'limited broadcast'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'link local'],
    ['::ffff:10.0.0.1', 'private use'],
    ['::ffff:0.0.0.0', 'this network'],
    ['::127.0.0.1', 'not global unicast'],
    ['::8.8.8.8', 'not global unicast'],
    ['64:ff9b::7f00:1', 'loopback'],
    ['64:ff9b::a9fe:a9fe', 'link local'],
    ['64:ff9b:1::808:808', 'local-use IPv4/IPv6 translation'],
    ['100::1', 'discard only'],
    ['2001::7f00:1', 'Teredo'],
    ['2001:0:4136:e378:8000:63bf:80ff:fffe', 'Teredo'],
    ['2001:2::1', 'IETF protocol assignments'],
    ['2001:db8::1', 'documentation'],
    ['2002:7f00:1::1', '6to4'],
    ['2002:a9fe:a9fe::1', '6to4'],
    ['2620:4f:8000::1', 'AS112'],
    ['3fff::1', 'documentation'],
    ['5f00::1', 'SRv6'],
    ['fc00::1', 'unique local'],
    ['fd12:3456::1', 'unique local'],
    ['fe80::1', 'link local'],
    ['fe80::1%eth0', 'link local'],
    ['fec0::1', 'site local'],
    ['ff02::1', 'multicast'],
    ['4000::1', 'not global unicast'],
    ['[::ffff:127.0.0.1]', 'loopback'],
  ])('refuses %s (%s)', (address, why) => {
    expect(refusalOfAddress(address)).toContain(why);
  });

  it.each([
    '1.1.1.1',
    '8.8.8.8',
    '93.184.215.14',
    '2a00:1450:4001:80b::200e',
    '2606:4700:4700::1111',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
  ])('allows the public unicast address %s', (address) => {
    expect(refusalOfAddress(address)).toBeUndefined();
  });

  it('refuses what is not an address', () => {
    expect(refusalOfAddress('erp.example.com')).toContain('not an IP address');
  });

  it.each([
    ['localhost', 'fully qualified'],
    ['metadata', 'fully qualified'],
    ['erp.localhost', '.localhost'],
    ['printer.local', '.local'],
    ['db.internal', '.internal'],
    ['router.home.arpa', '.home.arpa'],
  ])('refuses the host name %s', (name, why) => {
    expect(refusalOfHostName(name)).toContain(why);
  });

  it.each([
    'https://[::ffff:127.0.0.1]:8443/hook',
    'https://[::]:8443/hook',
    'https://[::1]/hook',
    'https://0x7f.1/hook',
    'https://2130706433/hook',
    'https://0177.0.0.1/hook',
    'https://[64:ff9b::7f00:1]/hook',
    'https://169.254.169.254/latest/meta-data/',
    'https://100.100.100.200/hook',
    'https://localhost./hook',
  ])('refuses the URL %s in production', (url) => {
    expect(refusalOfUrl(url, false)).toMatch(/^must be a public host/);
  });

  it('accepts a public https URL in production, and http to loopback only with WEBHOOK_ALLOW_INSECURE', () => {
    expect(refusalOfUrl('https://erp.example.com/hooks/tradecert', false)).toBeUndefined();
    expect(refusalOfUrl('https://8.8.8.8/hook', false)).toBeUndefined();
    expect(refusalOfUrl('http://127.0.0.1:8080/hook', false)).toBe('must use https');
    expect(refusalOfUrl('http://127.0.0.1:8080/hook', true)).toBeUndefined();
    expect(refusalOfUrl('ftp://127.0.0.1/hook', true)).toBe('must use https');
  });
});

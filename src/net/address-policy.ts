// Which IP addresses a server-side download may connect to: only public unicast addresses. Everything that reaches
// this host, its private network, a cloud metadata service or a translation prefix that could lead there is refused.
import { BlockList, isIP } from 'node:net';

// Two lists: Node's BlockList matches IPv4 addresses against IPv4-mapped IPv6 rules, which would refuse every IPv4.
const blocked4 = new BlockList();
const blocked6 = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15],
  ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) blocked4.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128], ['::1', 128],
  ['::ffff:0:0', 96], // IPv4-mapped
  ['64:ff9b::', 96], ['64:ff9b:1::', 48], // NAT64 (reaches IPv4 ranges through a translator)
  ['100::', 64], ['2001::', 32], ['2001:db8::', 32], ['2002::', 16], // discard, Teredo, documentation, 6to4
  ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8], // unique local (incl. fd00:ec2::254), link-local, site-local, multicast
] as const) blocked6.addSubnet(net, bits, 'ipv6');

/** Why an address must not be connected to, or null when it is a public unicast address. */
export function refusedAddress(address: string): string | null {
  const family = isIP(address);
  if (family === 0) return `${address} is not an IP address`;
  return (family === 4 ? blocked4.check(address, 'ipv4') : blocked6.check(address, 'ipv6')) ? `${address} is a private, loopback, link-local or reserved address` : null;
}

import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/**
 * Webhook receivers are typed in by a process designer, so a webhook is a way to make the
 * server post to wherever it can reach: its own admin ports, the cloud metadata service
 * (169.254.169.254), the office network. Destinations on loopback, link-local, private,
 * shared (CGNAT), multicast and unspecified addresses are refused unless an operator lists
 * them in COMMS_WEBHOOK_ALLOWED_NETWORKS. The check runs on the addresses the name resolves
 * to at send time, and the connection goes to exactly the address that was checked (no
 * second lookup a rebinding DNS server could answer differently). Redirects are not
 * followed at all (webhook.channel.ts).
 */
const NON_PUBLIC = new BlockList();
for (const [network, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) NON_PUBLIC.addSubnet(network, bits, 'ipv4');
for (const [network, bits] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) NON_PUBLIC.addSubnet(network, bits, 'ipv6');

export class BlockedDestinationError extends Error {
  constructor(readonly host: string, readonly address: string) {
    super(`destination ${host} (${address}) is not a public address; webhooks to it are refused unless COMMS_WEBHOOK_ALLOWED_NETWORKS lists it`);
    this.name = 'BlockedDestinationError';
  }
}

/** Parses "10.0.0.0/8, 127.0.0.1" into a list; throws naming the entry that is not one. */
export function parseNetworks(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', bits] = entry.split('/');
    const family = isIP(address);
    if (!family) throw new Error(`"${entry}" is not an IP address or CIDR range`);
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(bits), type);
  }
  return list;
}

/** An IPv4 address written as IPv6 (::ffff:127.0.0.1) is judged as the IPv4 it is. */
function normalise(address: string): { address: string; type: 'ipv4' | 'ipv6' } {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return { address: mapped[1]!, type: 'ipv4' };
  return { address, type: isIP(address) === 6 ? 'ipv6' : 'ipv4' };
}

export function isPublicAddress(address: string, allowed?: BlockList): boolean {
  const { address: ip, type } = normalise(address);
  if (allowed?.check(ip, type)) return true;
  return !NON_PUBLIC.check(ip, type);
}

/**
 * A `lookup` for node:http(s) requests: resolves the name, refuses the connection when
 * any address it resolves to is not public (and not allowed), and hands back the checked
 * address for the socket to connect to.
 */
export function safeLookup(allowed?: BlockList) {
  return (hostname: string, options: { all?: boolean; family?: number }, callback: (error: Error | null, address: string | LookupAddress[], family?: number) => void) => {
    dnsLookup(hostname, { all: true, family: options.family ?? 0 }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const blocked = addresses.find((a) => !isPublicAddress(a.address, allowed));
      if (blocked) return callback(new BlockedDestinationError(hostname, blocked.address), '', 0);
      if (options.all) return callback(null, addresses);
      const first = addresses[0]!;
      return callback(null, first.address, first.family);
    });
  };
}

/** The same rule for an address typed into a form: refused at once when it is literal. */
export function literalDestinationProblem(url: string, allowed?: BlockList): string | undefined {
  let host: string;
  try {
    host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return 'is not a URL';
  }
  if (host === 'localhost' || host.endsWith('.localhost')) return 'points at this server (localhost)';
  if (isIP(host) && !isPublicAddress(host, allowed)) return `points at ${host}, which is not a public address (an operator may allow it with COMMS_WEBHOOK_ALLOWED_NETWORKS)`;
  return undefined;
}

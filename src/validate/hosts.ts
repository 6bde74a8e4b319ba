import net from 'node:net';

/** Who can reach a host, judged from how it is written (no DNS look-ups). */
export type HostReach = 'public' | 'loopback' | 'private';

/** Classify a URL hostname: loopback, private/link-local/.local, or public. */
export function classifyHost(hostname: string): HostReach {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase().replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return 'loopback';
  if (host.endsWith('.local') || host.endsWith('.internal') || host.endsWith('.lan') || host.endsWith('.home.arpa')) {
    return 'private';
  }
  const version = net.isIP(host);
  if (version === 4) return classifyIPv4(host);
  if (version === 6) return classifyIPv6(host);
  if (!host.includes('.')) return 'private';
  return 'public';
}

function classifyIPv4(ip: string): HostReach {
  const [a = 0, b = 0] = ip.split('.').map(Number);
  if (a === 127) return 'loopback';
  if (a === 0 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'private';
  if ((a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127) || a >= 224) return 'private';
  return 'public';
}

function classifyIPv6(ip: string): HostReach {
  if (ip === '::1') return 'loopback';
  if (ip === '::') return 'private';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(ip);
  if (mapped?.[1]) return classifyIPv4(mapped[1]);
  // URL parsing writes ::ffff:127.0.0.1 as ::ffff:7f00:1.
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(ip);
  if (hex?.[1] && hex[2]) {
    const [high, low] = [parseInt(hex[1], 16), parseInt(hex[2], 16)];
    return classifyIPv4(`${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`);
  }
  if (/^::ffff:/.test(ip)) return 'private';
  if (/^f[cd]/.test(ip) || /^fe[89ab]/.test(ip) || /^ff/.test(ip)) return 'private';
  return 'public';
}

/** Whether an API base URL points at this machine (as the sandbox does). */
export function isLoopbackUrl(url: string): boolean {
  try {
    return classifyHost(new URL(url).hostname) === 'loopback';
  } catch {
    return false;
  }
}

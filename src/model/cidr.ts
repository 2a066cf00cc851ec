import * as ipaddr from 'ipaddr.js';

/**
 * CIDR math for IPv4 and IPv6. Parsing is delegated to ipaddr.js (small, no
 * dependencies, the parser Node's own ecosystem relies on); the range math is
 * done on bigints so both families share one code path.
 */

export type IpFamily = 'ipv4' | 'ipv6';

export interface Cidr {
  family: IpFamily;
  /** First address of the block, as an integer. */
  start: bigint;
  /** Last address of the block, as an integer. */
  end: bigint;
  prefix: number;
  /** The canonical text: network address and prefix, e.g. `10.0.0.0/16`. */
  text: string;
}

export class CidrError extends Error {
  constructor(
    readonly value: string,
    readonly rule: string,
  ) {
    super(`"${value}" is not a valid CIDR: ${rule}`);
    this.name = 'CidrError';
  }
}

function toBigInt(bytes: number[]): bigint {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n;
}

function fromBigInt(n: bigint, length: number): number[] {
  const out = new Array<number>(length);
  for (let i = length - 1; i >= 0; i--) {
    out[i] = Number(n & 0xffn);
    n >>= 8n;
  }
  return out;
}

/**
 * Parses `a.b.c.d/n` or an IPv6 prefix. Host bits must be zero, as every cloud
 * API here requires (AWS rejects `10.0.0.1/16` with InvalidParameterValue).
 */
export function parseCidr(text: string): Cidr {
  const value = text.trim();
  const slash = value.indexOf('/');
  if (slash < 0) throw new CidrError(text, 'a prefix length such as /16 is required');
  const addrText = value.slice(0, slash);
  const prefixText = value.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText))
    throw new CidrError(text, 'the prefix length must be a number');
  let addr: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    if (ipaddr.IPv4.isValidFourPartDecimal(addrText)) addr = ipaddr.IPv4.parse(addrText);
    else if (ipaddr.IPv6.isValid(addrText)) addr = ipaddr.IPv6.parse(addrText);
    else throw new Error('bad address');
  } catch {
    throw new CidrError(text, `"${addrText}" is not an IPv4 or IPv6 address`);
  }
  const family: IpFamily = addr.kind();
  const bits = family === 'ipv4' ? 32 : 128;
  const prefix = Number(prefixText);
  if (prefix > bits) throw new CidrError(text, `the prefix length must be 0 to ${bits}`);
  const bytes = addr.toByteArray();
  const start = toBigInt(bytes);
  const hostBits = BigInt(bits - prefix);
  const hostMask = (1n << hostBits) - 1n;
  if ((start & hostMask) !== 0n) {
    const network = formatAddress(family, start & ~hostMask);
    throw new CidrError(text, `host bits are set; did you mean ${network}/${prefix}?`);
  }
  return {
    family,
    start,
    end: start | hostMask,
    prefix,
    text: `${formatAddress(family, start)}/${prefix}`,
  };
}

export function formatAddress(family: IpFamily, n: bigint): string {
  const bytes = fromBigInt(n, family === 'ipv4' ? 4 : 16);
  return ipaddr.fromByteArray(bytes).toString();
}

export function isCidr(text: string): boolean {
  try {
    parseCidr(text);
    return true;
  } catch {
    return false;
  }
}

export function overlaps(a: Cidr | string, b: Cidr | string): boolean {
  const x = typeof a === 'string' ? parseCidr(a) : a;
  const y = typeof b === 'string' ? parseCidr(b) : b;
  return x.family === y.family && x.start <= y.end && y.start <= x.end;
}

/** True when `inner` lies wholly inside `outer`. */
export function contains(outer: Cidr | string, inner: Cidr | string): boolean {
  const o = typeof outer === 'string' ? parseCidr(outer) : outer;
  const i = typeof inner === 'string' ? parseCidr(inner) : inner;
  return o.family === i.family && o.start <= i.start && i.end <= o.end;
}

/** The first pair of overlapping blocks between two lists, or undefined. */
export function firstOverlap(
  left: readonly string[],
  right: readonly string[],
): [string, string] | undefined {
  const parsedRight = right.map((r) => parseCidr(r));
  for (const l of left) {
    const pl = parseCidr(l);
    for (let i = 0; i < right.length; i++) {
      if (overlaps(pl, parsedRight[i])) return [l, right[i]];
    }
  }
  return undefined;
}

/** RFC 1918 and RFC 6598 (shared) space, plus IPv6 ULA: what "private" means to the clouds. */
const PRIVATE_BLOCKS = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '100.64.0.0/10',
  'fc00::/7',
].map(parseCidr);

export function isPrivate(cidr: Cidr | string): boolean {
  const c = typeof cidr === 'string' ? parseCidr(cidr) : cidr;
  return PRIVATE_BLOCKS.some((p) => contains(p, c));
}

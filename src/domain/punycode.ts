/**
 * IDNA label encoding (RFC 3492 Punycode with the `xn--` prefix), so `bücher.de` is checked and
 * registered as `xn--bcher-kva.de`. Pure, no node:url or node:punycode: workflows validate too.
 * Normalisation is NFC lowercasing only (not full UTS #46 mapping).
 */
const BASE = 36, TMIN = 1, TMAX = 26, SKEW = 38, DAMP = 700, INITIAL_BIAS = 72, INITIAL_N = 128;

function adapt(delta: number, points: number, first: boolean): number {
  let d = first ? Math.floor(delta / DAMP) : delta >> 1;
  d += Math.floor(d / points);
  let k = 0;
  while (d > ((BASE - TMIN) * TMAX) >> 1) {
    d = Math.floor(d / (BASE - TMIN));
    k += BASE;
  }
  return k + Math.floor(((BASE - TMIN + 1) * d) / (d + SKEW));
}

const digit = (d: number) => String.fromCharCode(d + 22 + 75 * (d < 26 ? 1 : 0));

/** Punycode of one label's code points (without the prefix). */
export function punycodeEncode(input: string): string {
  const cps = Array.from(input).map((c) => c.codePointAt(0)!);
  let out = cps.filter((c) => c < 0x80).map((c) => String.fromCharCode(c)).join('');
  const basic = out.length;
  let handled = basic;
  if (basic > 0) out += '-';
  let n = INITIAL_N, delta = 0, bias = INITIAL_BIAS;
  while (handled < cps.length) {
    const m = Math.min(...cps.filter((c) => c >= n));
    delta += (m - n) * (handled + 1);
    n = m;
    for (const c of cps) {
      if (c < n) delta++;
      if (c !== n) continue;
      let q = delta;
      for (let k = BASE; ; k += BASE) {
        const t = k <= bias ? TMIN : k >= bias + TMAX ? TMAX : k - bias;
        if (q < t) break;
        out += digit(t + ((q - t) % (BASE - t)));
        q = Math.floor((q - t) / (BASE - t));
      }
      out += digit(q);
      bias = adapt(delta, handled + 1, handled === basic);
      delta = 0;
      handled++;
    }
    delta++;
    n++;
  }
  return out;
}

/** A domain name with every non-ASCII label as `xn--…`; ASCII names come back unchanged. */
export function toAsciiDomain(name: string): string {
  return name.normalize('NFC').toLowerCase().split('.')
    .map((l) => (/^[\x00-\x7f]*$/.test(l) ? l : `xn--${punycodeEncode(l)}`))
    .join('.');
}

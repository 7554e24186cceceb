/**
 * TXT presentation format shared by providers that take zone-file syntax (Hetzner, Cloudflare):
 * RFC 1035 character strings of at most 255 bytes, `"` and `\` escaped.
 */
export function quoteTxt(text: string): string {
  const chunks: string[] = [];
  let cur = '';
  for (const ch of text) {
    if (Buffer.byteLength(cur + ch) > 255) {
      chunks.push(cur);
      cur = '';
    }
    cur += ch;
  }
  chunks.push(cur);
  return chunks.map((c) => `"${c.replace(/["\\]/g, '\\$&')}"`).join(' ');
}

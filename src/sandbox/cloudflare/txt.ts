/**
 * TXT content as Cloudflare handles it today: the API documents content as RFC 1035 quoted
 * "character strings" of at most 255 bytes each, and still accepts an unquoted value, which it
 * stores as-is and serves as one string (split at 255 bytes on the wire), with a warning.
 */

/** Parses `"a" "b\"c"` into its strings; null when the text is not a sequence of quoted strings. */
export function parseQuoted(content: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  const s = content.trim();
  while (i < s.length) {
    if (s[i] !== '"') return null;
    let cur = '';
    i++;
    for (;;) {
      if (i >= s.length) return null;
      const ch = s[i];
      if (ch === '\\' && i + 1 < s.length) {
        cur += s[i + 1];
        i += 2;
        continue;
      }
      if (ch === '"') break;
      cur += ch;
      i++;
    }
    out.push(cur);
    i++;
    while (i < s.length && s[i] === ' ') i++;
  }
  return out.length > 0 ? out : null;
}

/** The text a resolver sees (strings concatenated), for quoted or unquoted content. */
export function txtText(content: string): string {
  if (!content.trim().startsWith('"')) return content;
  return (parseQuoted(content) ?? [content]).join('');
}

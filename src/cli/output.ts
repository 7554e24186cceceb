/**
 * Rendering for people (aligned tables, key/value blocks) and for programs (`--json`: plain JSON,
 * nothing else on stdout). Pure string building: commands pass the result to `deps.out`.
 */

/** One table column: which field, its header, and how to show a value. */
export interface Column<T> {
  header: string;
  value: (row: T) => unknown;
  /** Numbers read best right-aligned. @default 'left' */
  align?: 'left' | 'right';
}

/** Text of one cell: empty for null/undefined, compact JSON for objects. */
export function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.replace(/[\r\n\t]+/g, ' ');
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v) && v.every((x) => typeof x !== 'object' || x === null)) return v.map(cell).join(', ');
  return JSON.stringify(v);
}

/**
 * An aligned table with a header row; `empty` is printed instead when there are no rows.
 * Column widths follow the widest cell; the last column is not padded.
 */
export function table<T>(rows: T[], columns: Column<T>[], empty = '(none)'): string {
  if (rows.length === 0) return empty;
  const grid = [columns.map((c) => c.header), ...rows.map((r) => columns.map((c) => cell(c.value(r))))];
  const widths = columns.map((_, i) => Math.max(...grid.map((line) => line[i].length)));
  return grid
    .map((line) =>
      line
        .map((text, i) => {
          const last = i === columns.length - 1;
          if (columns[i].align === 'right') return text.padStart(widths[i]);
          return last ? text : text.padEnd(widths[i]);
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/**
 * Flattens a plain object into `key  value` lines (nested objects as dotted keys, two levels deep)
 * for get-style commands and confirmation requests.
 */
export function keyValues(obj: Record<string, unknown>, depth = 2): string {
  const rows: Array<[string, string]> = [];
  const walk = (o: Record<string, unknown>, prefix: string, level: number) => {
    for (const [k, v] of Object.entries(o)) {
      if (v === undefined) continue;
      const key = prefix ? `${prefix}.${k}` : k;
      if (v && typeof v === 'object' && !Array.isArray(v) && level < depth) walk(v as Record<string, unknown>, key, level + 1);
      else rows.push([key, cell(v)]);
    }
  };
  walk(obj, '', 1);
  return table(rows, [{ header: 'FIELD', value: (r) => r[0] }, { header: 'VALUE', value: (r) => r[1] }], '(empty)')
    .split('\n')
    .slice(1)
    .join('\n');
}

/** `--json` output: pretty, stable, one document. */
export function json(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/** A money amount for a table cell, e.g. `3.79`; empty when unknown. */
export function money(v: number | null | undefined): string {
  return v === null || v === undefined ? '' : v.toFixed(2);
}

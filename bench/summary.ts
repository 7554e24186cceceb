/** The summary block every benchmark ends with: a title, an aligned table, notes. */
export function printSummary(title: string, table: string[][], notes: string[]): void {
  const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
  const line = (row: string[]) => row.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd();
  console.log(`\n=== ${title} ===`);
  console.log(line(table[0]));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of table.slice(1)) console.log(line(row));
  for (const n of notes) console.log(n);
}

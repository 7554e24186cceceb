/**
 * Issue 6, crash matrix: a launch (Hetzner server, Cloudflare zone) with its worker process killed
 * -9 at each crash point (after the confirmation, with the server order in flight, at wait-running,
 * at wait-cloud-init, at set-dns, with the DNS write in flight, at wait-propagation), plus one run
 * whose Temporal server is killed -9 and restarted mid-flow. Every point runs in a lane of its own
 * (sandbox, config, task queue, worker process), all at once, on this script's own dev server
 * (random ports, temp SQLite); the restart case has a second one.
 *
 * Prints per point: where the kill landed and how long recovery took; then the figures
 * `crash points survived / tried` and `duplicates found` (servers beyond one per operation, A
 * records beyond one per fqdn).
 *
 * Run: `npm run bench:crash` (or `npx tsx bench/crash-matrix.ts`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { startDevServer } from '../src/runtime/dev-server';
import { duplicatesIn, POINTS, problems, restartProblems, runPoint, serverRestartCase } from '../test/reliability/crash-points';
import { cfRecords, freePort, liveServers, settle, type Lane } from '../test/reliability/support';
import { printFigures, workflowBundleCode } from './common';

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fazt-bench-crash-'));
  const dev = await startDevServer({ dbFile: path.join(dir, 'temporal.db'), port: await freePort(), uiPort: await freePort(), logFile: path.join(dir, 'temporal.log') });
  const bundle = path.join(dir, 'workflow-bundle.js');
  const lanes: Lane[] = [];
  const connection = await Connection.connect({ address: dev.address });
  const temporal = new Client({ connection });
  let restart: ReturnType<typeof serverRestartCase> | undefined;
  const rows: Array<[string, string]> = [];
  let survived = 0;
  let tried = 0;
  let duplicates = 0;
  const t0 = Date.now();
  try {
    fs.writeFileSync(bundle, await workflowBundleCode());
    console.log(`crash matrix: ${POINTS.length} crash points + a Temporal server restart, all at once ...`);
    restart = serverRestartCase(lanes, bundle);
    const restartOutcome = settle(restart.outcome);
    const outcomes = await Promise.all(POINTS.map((cp) => settle(runPoint(cp, { connection, temporal, lanes, address: dev.address, workflowBundle: bundle }))));

    for (const [i, s] of outcomes.entries()) {
      tried++;
      const name = POINTS[i].name;
      if (!s.ok) {
        rows.push([name, `NOT RUN: ${(s.error as Error)?.message}`]);
        continue;
      }
      const o = s.value;
      const wrong = problems(o);
      duplicates += duplicatesIn(o);
      if (wrong.length === 0) survived++;
      rows.push([name, `${wrong.length ? 'FAILED' : 'ok'}  killed at ${o.killedAt}; completed ${(o.ms.recovery / 1000).toFixed(1)} s after the restart${wrong.length ? `: ${wrong.join('; ')}` : ''}`]);
    }
    const r = await restartOutcome;
    tried++;
    if (!r.ok) {
      rows.push(['server-restart', `FAILED: ${(r.error as Error)?.message}`]);
    } else {
      const wrong = restartProblems(r.value);
      duplicates += Math.max(0, liveServers(r.value.lane.sandbox).length - 1) + Math.max(0, cfRecords(r.value.lane.sandbox, r.value.fqdn, 'A').length - 1);
      if (wrong.length === 0) survived++;
      rows.push(['server-restart', `${wrong.length ? 'FAILED' : 'ok'}  Temporal killed at ${r.value.downAtStep}; completed ${(r.value.ms.recovery / 1000).toFixed(1)} s after the kill${wrong.length ? `: ${wrong.join('; ')}` : ''}`]);
    }
  } finally {
    await restart?.stop();
    await Promise.all(lanes.map((l) => l.stop()));
    await connection.close();
    await dev.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  printFigures('crash points', rows);
  printFigures(`crash matrix (issue 6), ${((Date.now() - t0) / 1000).toFixed(0)} s wall`, [
    ['crash points survived / tried', `${survived} / ${tried}`],
    ['duplicates found', duplicates],
  ]);
  if (survived !== tried || duplicates > 0) process.exitCode = 1;
}

main().then(
  () => process.exit(),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);

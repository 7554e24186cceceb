#!/usr/bin/env node
// Docker health check of the worker: healthy when Temporal reports a recent poller on the main
// task queue (FAZT_TASK_QUEUE, default fazt-infra). Exit 0 = healthy, 1 = not.
'use strict';
const { Connection } = require('@temporalio/client');

async function main() {
  const address = process.env.TEMPORAL_ADDRESS || 'localhost:7233';
  const namespace = process.env.TEMPORAL_NAMESPACE || 'default';
  const taskQueue = process.env.FAZT_TASK_QUEUE || 'fazt-infra';
  const connection = await Connection.connect({ address, connectTimeout: 3000 });
  try {
    const res = await connection.workflowService.describeTaskQueue({
      namespace,
      taskQueue: { name: taskQueue },
      taskQueueType: 1, // TASK_QUEUE_TYPE_WORKFLOW
    });
    const cutoff = Date.now() - 2 * 60 * 1000;
    const recent = (res.pollers || []).filter((p) => {
      const s = p.lastAccessTime && p.lastAccessTime.seconds;
      return s !== undefined && s !== null && Number(s) * 1000 >= cutoff;
    });
    return recent.length > 0;
  } finally {
    await connection.close();
  }
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  () => process.exit(1),
);

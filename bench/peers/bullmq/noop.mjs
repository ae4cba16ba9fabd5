// BullMQ beside Taskmill in bench/run: the same no-op tasks, on the machine's Redis, with
// BullMQ's defaults but for the worker's concurrency.
//   node noop.mjs producer QUEUE TASKS            adds TASKS jobs, waits until all completed, prints seconds from the first (bench/run times the whole process)
//   node noop.mjs worker QUEUE CONCURRENCY        works until killed
//   node noop.mjs latency QUEUE COUNT             one job in flight at a time, prints one latency (µs) per line
//   node noop.mjs clean QUEUE                     removes the queue's keys
// REDIS_URL names the server (default redis://127.0.0.1:6379).
import { Queue, QueueEvents, Worker } from 'bullmq';

const [mode, name, arg] = process.argv.slice(2);
const connection = { url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', maxRetriesPerRequest: null };

async function produce(tasks) {
  const queue = new Queue(name, { connection });
  const events = new QueueEvents(name, { connection });
  await events.waitUntilReady();
  // Jobs of an earlier batch on the same queue stay completed: this batch's are counted beyond them.
  const before = await queue.getJobCounts('completed', 'failed');
  const start = process.hrtime.bigint();
  // addBulk in slices: what a producer with many jobs at hand does (one round trip a slice).
  for (let sent = 0; sent < tasks; sent += 1000) {
    const slice = Math.min(1000, tasks - sent);
    await queue.addBulk(Array.from({ length: slice }, () => ({ name: 'noop', data: {} })));
  }
  // The counterpart of Taskmill's join: wait until every job is completed, polling Redis's counts.
  for (;;) {
    const counts = await queue.getJobCounts('completed', 'failed');
    if (counts.completed + counts.failed >= before.completed + before.failed + tasks) {
      if (counts.failed > before.failed) throw new Error(`${counts.failed - before.failed} jobs failed`);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(seconds.toFixed(3));
  await events.close();
  await queue.close();
}

async function latency(count) {
  const queue = new Queue(name, { connection });
  const events = new QueueEvents(name, { connection });
  await events.waitUntilReady();
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint();
    const job = await queue.add('noop', {});
    await job.waitUntilFinished(events);
    console.log(Number((process.hrtime.bigint() - start) / 1000n));
  }
  await events.close();
  await queue.close();
}

if (mode === 'producer') {
  await produce(Number(arg));
} else if (mode === 'latency') {
  await latency(Number(arg));
} else if (mode === 'worker') {
  const worker = new Worker(name, async () => null, { connection, concurrency: Number(arg) });
  worker.on('error', (e) => console.error(`bullmq worker: ${e.message}`));
  await worker.waitUntilReady();
  console.log('ready');
  const stop = async () => { await worker.close(); process.exit(0); };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} else if (mode === 'clean') {
  const queue = new Queue(name, { connection });
  await queue.obliterate({ force: true });
  await queue.close();
} else {
  console.error('usage: node noop.mjs producer|worker|latency|clean QUEUE [N]');
  process.exit(64);
}

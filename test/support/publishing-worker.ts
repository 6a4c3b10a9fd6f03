/**
 * A worker process for the publishing fault test: `node --import tsx test/support/publishing-worker.ts`.
 * It runs the app's real job handlers on the database named by the environment (the same settings the
 * test's app uses), prints "ready", and is SIGKILLed by the test mid-work.
 */
import { createAppServices } from '../../src/app/create.js';
import { jobHandlers } from '../../src/app/modules.js';
import { loadConfig } from '../../src/config/load.js';
import { silentLogger } from '../../src/core/logger.js';
import { startWorker } from '../../src/jobs/queue.js';

const config = loadConfig({ env: process.env });
const app = await createAppServices(config, { migrate: false, logger: silentLogger });
const worker = startWorker(app.queue, jobHandlers(app), {
  concurrency: Number(process.env.WORKER_CONCURRENCY ?? 16),
});
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  void worker.stop({ deadlineMs: 1000 }).then(() => process.exit(0));
});

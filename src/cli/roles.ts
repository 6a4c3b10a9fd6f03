import type { Role } from '../app/runtime.js';
import type { Config } from '../config/load.js';
import {
  clientUrl,
  describeDatabase,
  newLocalOperatorKey,
  removeServerFile,
  SERVER_FILE,
  writeServerFile,
} from '../server/server-file.js';
import { productVersion } from '../server/version.js';

/**
 * Runs process roles until `untilShutdown` resolves. With the API among them, the server writes
 * DATA_DIR/server.json once it listens (its URL, pid and the local operator key), so the CLI on this
 * machine finds it, and removes the file when it stops.
 */
export async function runRoles(
  config: Config,
  roles: Role[],
  untilShutdown: () => Promise<string>,
): Promise<void> {
  const [{ startProcess }, { createLogger }] = await Promise.all([
    import('../app/runtime.js'),
    import('../core/logger.js'),
  ]);
  const withApi = roles.includes('api');
  const operatorKey = withApi ? newLocalOperatorKey() : undefined;
  const cfg: Config = operatorKey
    ? { ...config, security: { ...config.security, localOperatorKey: operatorKey } }
    : config;
  const running = await startProcess(cfg, roles, createLogger(cfg.logLevel));
  const { logger } = running.app;
  if (running.url && operatorKey) {
    try {
      writeServerFile(cfg.dataDir, {
        url: clientUrl(cfg.server.host, Number(new URL(running.url).port)),
        pid: process.pid,
        version: productVersion(),
        startedAt: new Date().toISOString(),
        roles,
        database: describeDatabase(cfg.database.url, cfg.database.sqlitePath),
        queue: running.app.queue.driver,
        operatorKey,
      });
    } catch (error) {
      // The server works without it; only the CLI's discovery does not.
      logger.warn({ err: error }, `could not write ${SERVER_FILE} in ${cfg.dataDir}`);
    }
  }
  const signal = await untilShutdown();
  const graceMs = cfg.lifecycle.shutdownGraceMs;
  logger.info({ signal, graceMs }, 'shutting down');
  // Stop advertising first: a command started now should not reach a server that is going away.
  if (running.url) removeServerFile(cfg.dataDir);
  // Everything in flight gets the grace period (plus a moment to close connections), then the process
  // goes whatever is left: an unreachable Redis must not keep a stopped server alive.
  let timer: NodeJS.Timeout | undefined;
  const finished = await Promise.race([
    running.stop().then(() => true),
    new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), graceMs + 2000);
    }),
  ]);
  clearTimeout(timer);
  if (!finished) {
    logger.error({ graceMs }, 'shutdown did not finish within the grace period; exiting');
    process.exit(1);
  }
  // A connection still reconnecting somewhere would keep the event loop alive; it must not.
  setTimeout(() => process.exit(process.exitCode ?? 0), 1000).unref();
}

import { existsSync } from 'node:fs';
import type { Config } from '../config/load.js';
import { describeDatabase } from '../server/server-file.js';
import { send } from './client.js';
import type { Connection } from './connection.js';

/** The server's /health answer, or why there is none. */
export interface Health {
  status?: string;
  version?: string;
  error?: string;
}

export type Status =
  | {
      target: 'server';
      url: string;
      /** How the server was chosen. */
      via: string;
      answering: boolean;
      health: Health;
      /** What the server recorded about itself, when it runs for this data directory. */
      server?: {
        pid: number;
        version: string;
        startedAt: string;
        roles: string[];
        database: string;
        queue: string;
      };
      actingAs: string;
      jobs: string;
    }
  | {
      target: 'local';
      dataDir: string;
      database: string;
      databaseExists: boolean;
      queue: string;
      actingAs: string;
      jobs: string;
    };

async function health(url: string): Promise<Health> {
  try {
    const res = await send(new URL(`${url.replace(/\/$/, '')}/health`), 'GET', {}, undefined, 3000);
    const body = JSON.parse(res.text) as { status?: string; version?: string };
    return {
      ...(body.status ? { status: body.status } : {}),
      ...(body.version ? { version: body.version } : {}),
    };
  } catch (error) {
    return { error: (error as NodeJS.ErrnoException).code ?? (error as Error).message };
  }
}

/** What `dify-agent status` reports: where commands go, as whom, and where their jobs run. */
export async function describeStatus(
  connection: Connection,
  getConfig: () => Promise<Config>,
): Promise<Status> {
  if (connection.kind === 'server') {
    const h = await health(connection.url);
    const s = connection.server;
    return {
      target: 'server',
      url: connection.url,
      via: connection.via,
      answering: !h.error,
      health: h,
      ...(s
        ? {
            server: {
              pid: s.pid,
              version: s.version,
              startedAt: s.startedAt,
              roles: s.roles,
              database: s.database,
              queue: s.queue,
            },
          }
        : {}),
      actingAs: connection.actingAs,
      jobs: 'run by the server’s workers, with the server’s settings',
    };
  }
  const config = await getConfig();
  const sqlite = config.database.sqlitePath;
  const shared = !sqlite || Boolean(config.redisUrl);
  return {
    target: 'local',
    dataDir: config.dataDir,
    database: describeDatabase(config.database.url, sqlite),
    databaseExists: sqlite ? existsSync(sqlite) : true,
    queue: config.redisUrl ? 'bullmq' : 'database',
    actingAs: connection.actingAs,
    jobs: shared
      ? 'run by the installation’s workers (`dify-agent worker`); this process only enqueues them'
      : 'run in this process while a command waits for them (no server is running for this data directory)',
  };
}

export function renderStatus(s: Status): string {
  if (s.target === 'server') {
    const lines = [
      `Commands go to the server at ${s.url} (chosen by ${s.via}).`,
      s.answering
        ? `It answers: ${s.health.status ?? 'ok'}, version ${s.health.version ?? '?'}.`
        : `It does not answer (${s.health.error}).`,
    ];
    if (s.server) {
      lines.push(
        `Server: pid ${s.server.pid}, started ${s.server.startedAt}, roles ${s.server.roles.join(', ')}.`,
        `Database: ${s.server.database}; job queue: ${s.server.queue}.`,
      );
    }
    lines.push(`Acting as ${s.actingAs}.`, `Jobs ${s.jobs}.`);
    return lines.join('\n');
  }
  return [
    `No server is running for ${s.dataDir}: commands run in this process.`,
    `Database: ${s.database}${s.databaseExists ? '' : ' (does not exist yet; the first command creates it)'}; job queue: ${s.queue}.`,
    `Acting as ${s.actingAs}.`,
    `Jobs ${s.jobs}.`,
    'To use a running server, give commands the DATA_DIR it was started with, or set DIFY_AGENT_URL.',
  ].join('\n');
}

import { resolveDataDir } from '../config/data-dir.js';
import type { Config } from '../config/load.js';
import { AppError } from '../core/errors.js';
import {
  findRunningServer,
  localOperatorCredential,
  type ServerFile,
  serverFilePath,
} from '../server/server-file.js';
import { type OperationClient, RemoteClient } from './client.js';

export interface GlobalOptions {
  apiKey?: string;
  tenant?: string;
  url?: string;
}

/** Where the commands of this invocation go, and why there. */
export type Connection =
  | {
      kind: 'server';
      url: string;
      /** How the server was chosen: `--url`, `DIFY_AGENT_URL`, or the data directory's server.json. */
      via: string;
      /** The running server's own record, when it runs for this data directory. */
      server?: ServerFile;
      /** The bearer credential, if any: a tenant API key or the local operator key. */
      credential?: string;
      actingAs: string;
    }
  | { kind: 'local'; config: Config; actingAs: string; apiKey?: string; tenant?: string };

function actingAs(apiKey: string | undefined, tenant: string | undefined): string {
  if (apiKey) return `the API key ${apiKey.slice(0, 7)}…`;
  return tenant ? `the operator, inside tenant ${tenant}` : 'the operator';
}

/**
 * Decides where a command goes. In order: `--url` / `DIFY_AGENT_URL`; else the server running for this
 * data directory (DATA_DIR/server.json); else this process, on the configured database. With a server,
 * no key means the local operator, whose key the server wrote to server.json for this machine's CLI.
 */
export async function resolveConnection(
  opts: GlobalOptions,
  env: Record<string, string | undefined>,
  getConfig: () => Promise<Config>,
): Promise<Connection> {
  // Finding the server needs only DATA_DIR; the whole configuration is read when this process works.
  const dataDir = () => resolveDataDir({ env });
  const apiKey = opts.apiKey ?? env.DIFY_AGENT_API_KEY;
  if (apiKey && opts.tenant) {
    throw new AppError(
      'cli.invalid_options',
      400,
      '--tenant acts as the operator inside a tenant; it cannot be combined with an API key (DIFY_AGENT_API_KEY or --api-key)',
    );
  }
  const as = actingAs(apiKey, opts.tenant);
  const explicit = opts.url ?? env.DIFY_AGENT_URL;
  if (explicit) {
    const via = opts.url ? '--url' : 'DIFY_AGENT_URL';
    // The operator's key only goes to the server that wrote it.
    const server = apiKey ? undefined : findRunningServer(dataDir());
    const sameServer = server && new URL(server.url).origin === new URL(explicit).origin ? server : undefined;
    const credential =
      apiKey ?? (sameServer ? localOperatorCredential(sameServer.operatorKey, opts.tenant) : undefined);
    if (opts.tenant && !sameServer) {
      throw new AppError(
        'cli.invalid_options',
        400,
        `--tenant needs the server running for this data directory; ${explicit} is not it (use a tenant API key)`,
      );
    }
    return {
      kind: 'server',
      url: explicit,
      via,
      ...(sameServer ? { server: sameServer } : {}),
      ...(credential ? { credential } : {}),
      actingAs: as,
    };
  }
  const server = findRunningServer(dataDir());
  if (server) {
    return {
      kind: 'server',
      url: server.url,
      via: serverFilePath(dataDir()),
      server,
      credential: apiKey ?? localOperatorCredential(server.operatorKey, opts.tenant),
      actingAs: as,
    };
  }
  return {
    kind: 'local',
    config: await getConfig(),
    actingAs: as,
    ...(apiKey ? { apiKey } : {}),
    ...(opts.tenant ? { tenant: opts.tenant } : {}),
  };
}

/** The client for a connection; the in-process one is loaded only when needed (it loads every module). */
export async function connect(
  connection: Connection,
  notice: (text: string) => void,
): Promise<OperationClient> {
  if (connection.kind === 'server') {
    return new RemoteClient(
      connection.url,
      connection.credential,
      connection.server && connection.via.endsWith('.json') ? connection.via : undefined,
    );
  }
  const { LocalClient } = await import('./local-client.js');
  return new LocalClient(
    connection.config,
    {
      ...(connection.apiKey ? { apiKey: connection.apiKey } : {}),
      ...(connection.tenant ? { tenant: connection.tenant } : {}),
    },
    notice,
  );
}

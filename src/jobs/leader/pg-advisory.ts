import pg from 'pg';
import type { Logger } from '../../core/logger.js';
import type { LeaderLock } from './lock.js';

/**
 * Leadership as a PostgreSQL session advisory lock, held on a dedicated connection (never a pooled
 * one: the lock belongs to the session). If the process dies, its connection closes and PostgreSQL frees
 * the lock at once. While holding it, `hold()` checks the connection still answers; a dead connection
 * means the lock is gone.
 */
export class PgAdvisoryLock implements LeaderLock {
  readonly kind = 'postgres-advisory' as const;
  #client: pg.Client | undefined;
  #held = false;

  constructor(
    private readonly url: string,
    private readonly name: string,
    private readonly logger: Logger,
  ) {}

  async hold(): Promise<boolean> {
    try {
      const client = await this.#connect();
      if (this.#held) {
        await client.query('SELECT 1');
        return true;
      }
      // Two-key form: the first key namespaces this application's locks among others on the server.
      const result = await client.query<{ ok: boolean }>(
        "SELECT pg_try_advisory_lock(hashtext('dify-agent'), hashtext($1)) AS ok",
        [this.name],
      );
      this.#held = result.rows[0]?.ok === true;
      return this.#held;
    } catch (error) {
      this.logger.warn({ err: error, lock: this.name }, 'leader lock connection failed; leadership lost');
      await this.#drop();
      return false;
    }
  }

  async release(): Promise<void> {
    if (!this.#held || !this.#client) return;
    this.#held = false;
    try {
      await this.#client.query("SELECT pg_advisory_unlock(hashtext('dify-agent'), hashtext($1))", [
        this.name,
      ]);
    } catch {
      await this.#drop(); // closing the session frees the lock too
    }
  }

  async close(): Promise<void> {
    await this.release();
    await this.#drop();
  }

  async #connect(): Promise<pg.Client> {
    if (this.#client) return this.#client;
    const client = new pg.Client({
      connectionString: this.url,
      connectionTimeoutMillis: 5000,
      query_timeout: 5000,
      keepAlive: true,
    });
    client.on('error', (error) => {
      this.logger.warn({ err: error, lock: this.name }, 'leader lock connection error');
      if (this.#client === client) {
        this.#client = undefined;
        this.#held = false;
      }
    });
    await client.connect();
    this.#client = client;
    this.#held = false;
    return client;
  }

  async #drop(): Promise<void> {
    const client = this.#client;
    this.#client = undefined;
    this.#held = false;
    await client?.end().catch(() => {});
  }
}

import { type Clock, isoAfter } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import type { Db } from '../../db/connect.js';
import type { LeaderLock } from './lock.js';

/**
 * Leadership as a lease row in the `locks` table: the holder renews `expires_at` on every tick; anyone
 * may take a row whose lease expired. A holder that crashes loses it after `ttlMs`. Used on SQLite,
 * where every process shares the one database file.
 */
export class TableLeaseLock implements LeaderLock {
  readonly kind = 'table-lease' as const;

  constructor(
    private readonly db: Db,
    private readonly name: string,
    private readonly owner: string,
    private readonly ttlMs: number,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async hold(): Promise<boolean> {
    const now = this.clock.iso();
    const expires = isoAfter(this.clock, this.ttlMs);
    try {
      // One atomic upsert: insert, renew our own lease, or take an expired one; otherwise change nothing.
      const row = await this.db.kysely
        .insertInto('locks')
        .values({ name: this.name, owner: this.owner, expires_at: expires, acquired_at: now })
        .onConflict((oc) =>
          oc
            .column('name')
            .doUpdateSet((eb) => ({
              owner: this.owner,
              expires_at: expires,
              acquired_at: eb
                .case()
                .when('locks.owner', '=', this.owner)
                .then(eb.ref('locks.acquired_at'))
                .else(now)
                .end(),
            }))
            .where((eb) => eb.or([eb('locks.owner', '=', this.owner), eb('locks.expires_at', '<=', now)])),
        )
        .returning('owner')
        .executeTakeFirst();
      return row?.owner === this.owner;
    } catch (error) {
      this.logger.warn({ err: error, lock: this.name }, 'could not renew the leader lease');
      return false;
    }
  }

  async release(): Promise<void> {
    try {
      await this.db.kysely
        .deleteFrom('locks')
        .where('name', '=', this.name)
        .where('owner', '=', this.owner)
        .execute();
    } catch (error) {
      this.logger.warn(
        { err: error, lock: this.name },
        'could not release the leader lease; it expires by itself',
      );
    }
  }

  close(): Promise<void> {
    return this.release();
  }
}

import type { Logger } from '../../core/logger.js';
import { closeRedis, type Redis } from '../../core/redis.js';
import type { LeaderLock } from './lock.js';

// Renew or delete only while the key still holds our token, so a holder whose lease lapsed (and was
// taken by another) can never extend or delete the new holder's lock.
const renewScript = `if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0`;
const releaseScript = `if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

/**
 * Leadership as a Redis key: taken with `SET key token NX PX ttl`, renewed on every tick while the key
 * still holds this instance's token, released the same way. A crashed holder loses it after `ttlMs`.
 */
export class RedisLeaderLock implements LeaderLock {
  readonly kind = 'redis' as const;
  #held = false;

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly token: string,
    private readonly ttlMs: number,
    private readonly logger: Logger,
    /** Quit the connection on close (when the lock opened it). */
    private readonly ownsConnection: boolean,
  ) {}

  async hold(): Promise<boolean> {
    try {
      if (this.#held) {
        this.#held = Number(await this.redis.eval(renewScript, 1, this.key, this.token, this.ttlMs)) === 1;
        if (this.#held) return true;
      }
      this.#held = (await this.redis.set(this.key, this.token, 'PX', this.ttlMs, 'NX')) === 'OK';
      return this.#held;
    } catch (error) {
      this.logger.warn({ err: error, lock: this.key }, 'could not reach Redis for the leader lock');
      this.#held = false;
      return false;
    }
  }

  async release(): Promise<void> {
    this.#held = false;
    if (this.redis.status !== 'ready') return; // it expires by itself
    try {
      await this.redis.eval(releaseScript, 1, this.key, this.token);
    } catch (error) {
      this.logger.warn(
        { err: error, lock: this.key },
        'could not release the leader lock; it expires by itself',
      );
    }
  }

  async close(): Promise<void> {
    await this.release();
    if (this.ownsConnection) await closeRedis(this.redis);
  }
}

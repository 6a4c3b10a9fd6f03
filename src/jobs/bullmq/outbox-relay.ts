import type { Queue } from 'bullmq';
import { type Clock, isoAfter } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import { readJson } from '../../db/dialect.js';
import { maxAttemptsCeiling } from '../retry.js';
import type { OutboxRow, OutboxStore } from './outbox-store.js';

/** What a BullMQ job carries besides its name; the outbox row id is the BullMQ job id. */
export interface BullJobData {
  payload: unknown;
  tenantId: string | null;
  maxAttempts: number | null;
  idempotencyKey: string | null;
  runAt: string;
}

export interface RelaySettings {
  /** How often rows left behind (a crash between commit and publish, Redis down) are swept. */
  sweepMs: number;
  succeededRetentionMs: number;
  deadRetentionMs: number;
}

/**
 * BullMQ takes priorities 1 (first) to 2 097 151, and runs jobs without one before all prioritized jobs.
 * Every job gets one, so the port's -1000..1000 (higher first) keeps its meaning.
 */
export function toBullPriority(priority: number): number {
  return 1001 - priority;
}

export function fromBullPriority(priority: number): number {
  return priority > 0 ? 1001 - priority : 0;
}

const batchSize = 200;

/**
 * Publishes outbox rows to BullMQ after their transaction committed: at once from the committing
 * process (after-commit hook), and by a periodic sweep for rows a crash or a Redis outage left behind.
 * Publishing is idempotent (the BullMQ job id is the row id), so overlapping publishers are harmless.
 */
export class OutboxRelay {
  #timer: NodeJS.Timeout | undefined;
  #sweeping: Promise<void> | undefined;
  #lastPrune = 0;

  constructor(
    private readonly store: OutboxStore,
    private readonly queue: Queue,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly settings: RelaySettings,
  ) {}

  start(): void {
    this.#timer = setInterval(() => void this.sweep(), this.settings.sweepMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#sweeping;
  }

  /** Publishes these rows now (called after the enqueueing transaction committed). */
  async publishIds(ids: readonly string[]): Promise<void> {
    const rows = await this.store.byIds(ids);
    await this.#publish(rows.filter((row) => row.published_at === null));
  }

  /** Publishes every row still unpublished a second after it was written. */
  sweep(): Promise<void> {
    this.#sweeping ??= this.#sweep().finally(() => {
      this.#sweeping = undefined;
    });
    return this.#sweeping;
  }

  async #sweep(): Promise<void> {
    try {
      for (;;) {
        const rows = await this.store.unpublished(batchSize, isoAfter(this.clock, -1000));
        if (rows.length > 0) await this.#publish(rows);
        if (rows.length < batchSize) break;
      }
      if (Date.now() - this.#lastPrune > 10 * 60_000) {
        this.#lastPrune = Date.now();
        await this.store.prune(isoAfter(this.clock, -this.settings.deadRetentionMs));
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'outbox sweep failed; retrying on the next one');
    }
  }

  async #publish(rows: OutboxRow[]): Promise<void> {
    if (rows.length === 0) return;
    const succeededAge = Math.ceil(this.settings.succeededRetentionMs / 1000);
    const deadAge = Math.ceil(this.settings.deadRetentionMs / 1000);
    await this.queue.addBulk(
      rows.map((row) => {
        const createdMs = Date.parse(row.created_at);
        const data: BullJobData = {
          payload: readJson<unknown>(row.payload, null),
          tenantId: row.tenant_id,
          maxAttempts: row.max_attempts,
          idempotencyKey: row.idempotency_key,
          runAt: row.run_at,
        };
        return {
          name: row.name,
          data,
          opts: {
            jobId: row.id,
            timestamp: createdMs,
            // BullMQ counts the delay from `timestamp`, so a row published late still runs at run_at.
            delay: Math.max(0, Date.parse(row.run_at) - createdMs),
            priority: toBullPriority(row.priority),
            // Retries are decided by the worker from the handler's policy; this is only a ceiling.
            attempts: maxAttemptsCeiling,
            backoff: { type: 'policy' },
            removeOnComplete: { age: succeededAge },
            removeOnFail: { age: deadAge },
          },
        };
      }),
    );
    const ids = rows.map((row) => row.id);
    const existing = await this.store.markPublished(ids);
    // A row cancelled while it was being published: take the job back out of Redis.
    for (const id of ids) {
      if (existing.has(id)) continue;
      const job = await this.queue.getJob(id);
      await job?.remove().catch((error: unknown) => {
        this.logger.warn({ err: error, jobId: id }, 'cancelled job had already started');
      });
    }
  }
}

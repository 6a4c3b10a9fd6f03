import type { Logger } from '../core/logger.js';
import type { JobEvent, JobEventListener } from './queue.js';

/** Fans job events out to listeners; a listener that throws is logged and never breaks the queue. */
export class JobEvents {
  readonly #listeners = new Set<JobEventListener>();
  constructor(private readonly logger: Logger) {}

  on(listener: JobEventListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  emit(event: JobEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        this.logger.warn({ err: error, event: event.type }, 'job event listener failed');
      }
    }
  }
}

import { json, type SimContext } from './http.js';

/** Answers held by `timeout` faults; released when the simulator resets or closes. */
export class HeldAnswers {
  private releases = new Set<() => void>();

  /** Resolves when the client gives up, after `holdMs` (with a 504), or on release. */
  hold(c: SimContext, holdMs: number | undefined): Promise<Response> {
    return new Promise<Response>((resolve) => {
      const signal = c.req.raw.signal;
      let timer: NodeJS.Timeout | undefined;
      const done = (res: Response) => {
        if (timer) clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.releases.delete(release);
        resolve(res);
      };
      const onAbort = () => done(new Response(null, { status: 499 }));
      const release = () => {
        c.env.incoming.socket?.destroy();
        done(new Response(null, { status: 499 }));
      };
      if (signal.aborted) {
        onAbort();
        return;
      }
      signal.addEventListener('abort', onAbort, { once: true });
      this.releases.add(release);
      if (holdMs !== undefined)
        timer = setTimeout(() => done(json({ message: 'Gateway Timeout' }, 504)), holdMs);
    });
  }

  releaseAll(): void {
    for (const r of [...this.releases]) r();
  }
}

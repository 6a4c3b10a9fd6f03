import { type ServerType, serve } from '@hono/node-server';
import { Hono, type MiddlewareHandler } from 'hono';
import { sleep } from '../core/clock.js';
import type { Platform } from '../core/platforms.js';
import { controlRoutes, SimControl } from './control.js';
import type { FaultRule } from './faults.js';
import { json, type SimContext, type SimEnv } from './http.js';
import { linkedinErrors, linkedinRoutes } from './linkedin.js';
import { metaErrors, metaPlatformOf, metaRoutes, stripGraphVersion } from './meta.js';
import type { SimWorld } from './world.js';
import { xErrors, xRoutes } from './x.js';

/** A platform's answers to injected faults, in its own error format. */
export interface PlatformErrors {
  serverError(status: number, world: SimWorld, c: SimContext): Response;
  rateLimited(world: SimWorld, c: SimContext): Response;
  duplicate(world: SimWorld, c: SimContext): Response;
}

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

/**
 * Every platform call goes through here: latency, faults, then the platform's handler, then the call log.
 * `platformOf` names the platform (Meta's Graph serves Facebook and Instagram on one host).
 */
function gate(
  world: SimWorld,
  held: HeldAnswers,
  prefix: string,
  platformOf: (relPath: string) => Platform,
  errors: PlatformErrors,
): MiddlewareHandler<SimEnv> {
  return async (c, next) => {
    const rel = stripGraphVersion(c.req.path.slice(prefix.length) || '/');
    const platform = platformOf(rel);
    c.set('call', { platform });
    const decision = world.faults.decide({ platform, method: c.req.method, path: rel });
    const delay = world.config.latencyMs + decision.delayMs;
    if (delay > 0) await sleep(delay);
    const fault: FaultRule | undefined = decision.fault;
    const faults = decision.hits.map((h) => `${h.id}:${h.kind}`);
    const log = (status: number) => {
      const note = c.get('call');
      world.logCall({
        platform: note.platform,
        method: c.req.method,
        path: rel,
        status,
        faults,
        ...(note.rateLimited ? { rateLimited: true } : {}),
        ...(note.postId ? { postId: note.postId } : {}),
      });
    };
    if (fault && fault.kind !== 'lost_response') {
      let res: Response;
      if (fault.kind === 'timeout') {
        // Logged now: the answer may never come (status 0 = no answer).
        log(0);
        return held.hold(c, fault.holdMs);
      }
      if (fault.kind === '5xx') res = errors.serverError(fault.status ?? 503, world, c);
      else if (fault.kind === '429') res = errors.rateLimited(world, c);
      else res = errors.duplicate(world, c);
      log(res.status);
      return res;
    }
    await next();
    if (fault?.kind === 'lost_response') {
      const mode = fault.lostMode ?? 'drop';
      if (mode === 'error') {
        c.res = errors.serverError(500, world, c);
        log(500);
        return;
      }
      if (mode === 'hold') {
        log(0);
        c.res = await held.hold(c, fault.holdMs);
        return;
      }
      log(0);
      // The post exists; the client sees its connection closed without an answer.
      c.env.incoming.socket?.destroy();
      c.res = new Response(null, { status: 499 });
      return;
    }
    log(c.res.status);
  };
}

/** The simulator's HTTP app: the four platforms under their prefixes, and the control API under /__sim. */
export function createSimApp(world: SimWorld, control: SimControl, held: HeldAnswers): Hono<SimEnv> {
  const app = new Hono<SimEnv>();
  app.route('/__sim', controlRoutes(control));
  app.use(
    '/x/*',
    gate(world, held, '/x', () => 'x', xErrors),
  );
  app.route('/x', xRoutes(world));
  app.use(
    '/linkedin/*',
    gate(world, held, '/linkedin', () => 'linkedin', linkedinErrors),
  );
  app.route('/linkedin', linkedinRoutes(world));
  app.use(
    '/meta/*',
    gate(world, held, '/meta', (rel) => metaPlatformOf(world, rel), metaErrors),
  );
  app.route('/meta', metaRoutes(world));
  app.notFound((c) =>
    json({ error: 'not_found', message: `the simulator has no route ${c.req.method} ${c.req.path}` }, 404),
  );
  app.onError((err, c) => {
    // A body the platform cannot parse is its 400; anything else is a simulator bug, answered as the
    // platform's 500 with the message so a test shows it.
    const status = err instanceof SyntaxError ? 400 : 500;
    const message =
      status === 400
        ? `The request body could not be parsed: ${err.message}`
        : `Simulator error: ${err.message}`;
    const p = c.req.path;
    if (p.startsWith('/x/')) {
      return json(
        {
          title: status === 400 ? 'Invalid Request' : 'Internal Server Error',
          detail: message,
          type: status === 400 ? 'https://api.x.com/2/problems/invalid-request' : 'about:blank',
          status,
        },
        status,
      );
    }
    if (p.startsWith('/linkedin/')) return json({ status, message }, status);
    if (p.startsWith('/meta/')) {
      return json(
        {
          error: {
            message,
            type: status === 400 ? 'OAuthException' : 'GraphMethodException',
            code: status === 400 ? 100 : 1,
            fbtrace_id: 'sim',
          },
        },
        status,
      );
    }
    return json({ error: status === 400 ? 'bad_request' : 'internal', message, path: p }, status);
  });
  return app;
}

export interface SimulatorOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** Seeds ids, fault dice and engagement noise (default 1). */
  seed?: number;
  /** Added to every platform call, in ms. */
  latencyMs?: number;
}

export interface RunningSimulator {
  /** Base URL, e.g. `http://127.0.0.1:41234`; platforms under `/x`, `/linkedin`, `/meta`. */
  url: string;
  control: SimControl;
  close(): Promise<void>;
}

function closeServer(server: ServerType): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    if ('closeAllConnections' in server) server.closeAllConnections();
  });
}

/** Starts a simulator on a local port; see docs/simulator.md. */
export async function startSimulatorServer(
  world: SimWorld,
  options: SimulatorOptions,
): Promise<RunningSimulator> {
  const held = new HeldAnswers();
  let url = '';
  const control = new SimControl(world, held, () => url);
  if (options.latencyMs !== undefined) control.startWith({ latencyMs: options.latencyMs });
  const app = createSimApp(world, control, held);
  const host = options.host ?? '127.0.0.1';
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: host, port: options.port ?? 0 }, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url,
    control,
    close: async () => {
      held.releaseAll();
      await closeServer(server);
    },
  };
}

import { isAppError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { isRedisConnectionError, redisUnavailable } from '../core/redis.js';

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown; requestId: string };
}

/**
 * The one error shape of every transport. Typed errors pass through with their code and message;
 * anything else is logged with the request id and answered as a generic 500 that quotes it.
 */
export function errorBody(
  error: unknown,
  requestId: string,
  logger: Logger,
): { status: number; body: ErrorBody } {
  // A call that needed Redis while it is unreachable: a 503 the client may retry, not our bug.
  if (!isAppError(error) && isRedisConnectionError(error)) {
    logger.warn({ err: (error as Error).message, requestId }, 'call needed Redis, which is unreachable');
    return errorBody(redisUnavailable(), requestId, logger);
  }
  if (isAppError(error)) {
    if (error.status >= 500 && error.code !== 'unavailable')
      logger.error({ err: error, requestId }, error.message);
    return {
      status: error.status,
      body: {
        error: {
          code: error.code,
          message: error.message,
          ...(error.details !== undefined ? { details: error.details } : {}),
          requestId,
        },
      },
    };
  }
  logger.error({ err: error, requestId }, 'unexpected error');
  return {
    status: 500,
    body: {
      error: {
        code: 'internal',
        message: `an unexpected error occurred; quote request id ${requestId} when reporting it`,
        requestId,
      },
    },
  };
}

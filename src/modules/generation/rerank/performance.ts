/**
 * The seam for past performance. Publishing keeps no engagement yet; once analytics does, it supplies
 * a `PerformanceSource` (the app wires it) that predicts, per skill and platform, how a post will do
 * for this tenant (0-1). Until then the reranker gets nothing, and the performance weight is 0.
 */
import type { Platform } from '../../../core/platforms.js';
import type { OperationContext } from '../../../operations/define.js';

export interface PerformanceQuery {
  platform: Platform;
  skillIds: readonly string[];
}

/** Predicted performance (0-1) by skill id; absent skills have no prediction. */
export type PerformanceSource = (
  ctx: OperationContext,
  query: PerformanceQuery,
) => Promise<Record<string, number>>;

import { defaultRerankWeights, type WeightsSource } from '../rerank/weights.js';
import { learnedWeightsFrom } from './service.js';

/**
 * The tenant's learned reranker and skill weights, for generation's reranker: the app sets
 * `app.generationWeights = learnedWeights`. Reranker weights are the defaults times the multipliers
 * learned from approvals, rejections and outcomes; skill weights are around 1 (0.5-1.5).
 */
export const learnedWeights: WeightsSource = learnedWeightsFrom(defaultRerankWeights);

/**
 * The platform simulator: one local HTTP server that imitates the X, LinkedIn, Facebook and Instagram APIs
 * closely enough for the real adapters to run against it through their base-URL settings. Written from the
 * platforms' documentation, never from our adapters: nothing here imports from src/modules.
 * See docs/simulator.md.
 */
import { type RunningSimulator, type SimulatorOptions, startSimulatorServer } from './server.js';
import { SimWorld } from './world.js';

export type {
  AccountSummary,
  ConfigPatch,
  MintedToken,
  MintTokenInput,
  PostSummary,
  SimControl,
  SimState,
} from './control.js';
export type { EngagementCounts, PostFeatures } from './engagement.js';
export { countsAt, decayFraction, finalCounts, hourFactor, platformShapes } from './engagement.js';
export type { FaultKind, FaultRule, FaultRuleInput, LostMode } from './faults.js';
export type { RunningSimulator, SimulatorOptions } from './server.js';
export type { CallRecord, NewAccountInput, NewAccountResult, SimConfig } from './world.js';

/** Starts a simulator; `await sim.close()` when done. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  return startSimulatorServer(new SimWorld(options.seed ?? 1), options);
}

/**
 * The typed job catalog: job name → payload type. It starts empty; each module adds its own jobs by
 * declaration merging, so no shared file lists every job:
 *
 * ```ts
 * declare module '../../jobs/catalog.js' {
 *   interface JobCatalog {
 *     'knowledge.crawl': { crawlId: string };
 *   }
 * }
 * ```
 *
 * Payloads travel as JSON: use strings, numbers, booleans, null, arrays and plain objects only
 * (a `Date` arrives as its ISO string). Names are `module.verb`.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging in each module
export interface JobCatalog {}

/** Every job name some module declared. */
export type JobName = keyof JobCatalog & string;

/** The payload type of job `N`. */
export type JobPayload<N extends JobName> = JobCatalog[N];

/** A JSON value, the shape payloads and progress take on the wire. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

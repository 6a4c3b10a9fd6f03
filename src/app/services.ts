/** The services type lives in the operations kernel (src/operations/services.ts); re-exported for the app's callers. */
export type { AppServices, ModuleServices } from '../operations/services.js';

import { operationRegistry } from '../app/modules.js';
import { describeOperations } from './describe-operations.js';

// Run by scripts/build.mjs after compiling: prints the CLI's operation manifest (see manifest.ts).
process.stdout.write(JSON.stringify(describeOperations(operationRegistry().operations)));

/**
 * The layers of ARCHITECTURE.md, enforced by `npm run lint` (dependency-cruiser, parsing TypeScript with
 * swc, type-only imports included). Arrows point down only:
 *
 *   cli, server → app (composition root) → operations (registry, pipeline) → modules
 *     → operations kernel (define.ts, services.ts, module.ts) → ai, jobs → db → core, config
 *
 * A module reaches another module only through its index.ts. Tests and benchmarks are outside the layers
 * (they may reach anything), but nothing in src reaches them.
 */
const notTest = '\\.test\\.ts$|/test-support/|\\.contract\\.ts$';
const kernel = '^src/operations/(define|services|module)\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'No import cycles, type-only ones included: each folder must be understandable from below.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'core-and-config-import-nothing-above',
      severity: 'error',
      from: { path: '^src/(core|config)/', pathNot: notTest },
      to: { path: '^src/', pathNot: '^src/(core|config)/' },
    },
    {
      name: 'db-imports-only-core',
      severity: 'error',
      from: { path: '^src/db/', pathNot: notTest },
      to: { path: '^src/', pathNot: '^src/(core|config|db)/' },
    },
    {
      name: 'ai-and-jobs-import-only-core-and-db',
      severity: 'error',
      from: { path: '^src/(ai|jobs)/', pathNot: notTest },
      to: { path: '^src/', pathNot: '^src/(core|config|db)/|^src/$1/' },
    },
    {
      name: 'operations-kernel-imports-nothing-above',
      severity: 'error',
      comment:
        'define.ts, services.ts and module.ts sit below the modules: they may name ai, jobs and db types.',
      from: { path: kernel },
      to: { path: '^src/', pathNot: `^src/(core|config|db|ai|jobs)/|${kernel}` },
    },
    {
      name: 'operations-import-no-module-or-transport',
      severity: 'error',
      comment: 'The pipeline reaches tenancy through the TenantAccess port the app wires at start.',
      from: { path: '^src/operations/', pathNot: notTest },
      to: { path: '^src/(modules|server|cli|app|sim)/' },
    },
    {
      name: 'modules-import-only-the-kernel-of-operations',
      severity: 'error',
      from: { path: '^src/modules/', pathNot: notTest },
      to: { path: '^src/operations/', pathNot: kernel },
    },
    {
      name: 'modules-import-no-transport-or-app',
      severity: 'error',
      from: { path: '^src/modules/', pathNot: notTest },
      to: { path: '^src/(server|cli|app|sim)/' },
    },
    {
      name: 'modules-meet-only-through-index',
      severity: 'error',
      comment: "A module uses another module only through that module's index.ts.",
      from: { path: '^src/modules/([^/]+)/', pathNot: notTest },
      to: { path: '^src/modules/[^/]+/', pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$'] },
    },
    {
      name: 'server-does-not-import-the-app',
      severity: 'error',
      comment: 'The app starts the server (app/runtime.ts); the server gets what it needs as arguments.',
      from: { path: '^src/server/' },
      to: { path: '^src/(app|cli)/' },
    },
    {
      name: 'sim-imports-no-module',
      severity: 'error',
      comment: 'The platform simulator stands in for the social networks: it knows nothing of our modules.',
      from: { path: '^src/sim/' },
      to: { path: '^src/(modules|operations|server|cli|app)/' },
    },
    {
      name: 'web-talks-to-the-api-only',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^src/' },
    },
    {
      name: 'src-does-not-import-tests-or-benchmarks',
      severity: 'error',
      from: { path: '^src/', pathNot: notTest },
      to: { path: '^(test|bench)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    parser: 'swc',
    enhancedResolveOptions: {
      extensions: ['.ts', '.js', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};

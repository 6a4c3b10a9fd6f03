import type { AppMigration } from '../../../db/migration.js';

/**
 * Generation runs: one row per content.generate or content.refine, with what the pipeline decided
 * (skills, seed, engine and the models it fell back from) and how long each stage took. Refinement
 * reads the run to keep the seed and skills; learning and the benchmarks read the timings.
 */
export const generationRunsMigration: AppMigration = {
  name: '0014_generation_runs',
  async up(db, d) {
    await db.schema
      .createTable('generation_runs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('content_id', 'text', (c) => c.notNull().references('contents.id').onDelete('cascade'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('feedback', 'text')
      .addColumn('engine', 'text', (c) => c.notNull())
      .addColumn('seed', 'integer', (c) => c.notNull())
      .addColumn('details', d.json, (c) => c.notNull())
      .addColumn('stages', d.json, (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('generation_runs_content')
      .on('generation_runs')
      .columns(['tenant_id', 'content_id', 'id'])
      .execute();
    await d.enableTenantRls(db, 'generation_runs');
  },
};

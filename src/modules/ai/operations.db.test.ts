import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, testDialect } from '../../../test/support/db.js';
import { LOCAL_EMBEDDING_DIMENSION, LOCAL_EMBEDDING_MODEL_ID } from '../../ai/offline/embedding.js';
import { assembleAppServices, createOperationRuntime } from '../../app/create.js';
import { ManualClock } from '../../core/clock.js';
import { silentLogger } from '../../core/logger.js';
import { writeJson } from '../../db/dialect.js';
import type { Principal, Role } from '../../operations/define.js';
import { invokeOperation, type OperationRuntime } from '../../operations/invoke.js';
import type { AppServices } from '../../operations/services.js';
import { aiBudgetSet, aiModels, aiOperations, aiUsage } from './operations.js';

let t: TestDatabase;
let app: AppServices;
let rt: OperationRuntime;
const tenant = 't_ai_ops';

beforeAll(async () => {
  t = await createTestDatabase({
    AI_MODEL: 'local',
    AI_MODEL_GENERATION: 'openai:gpt-4o-mini',
    AI_MONTHLY_BUDGET_USD: '10',
  });
  app = await assembleAppServices(t.config, t.db, {
    clock: new ManualClock('2026-06-15T09:00:00.000Z'),
    logger: silentLogger,
  });
  rt = createOperationRuntime(app);
  const now = '2026-01-01T00:00:00.000Z';
  await t.db.system((tx) =>
    tx
      .insertInto('tenants')
      .values({
        id: tenant,
        name: 'Steel',
        slug: 'steel',
        time_zone: 'UTC',
        locale: 'en',
        plan: 'free',
        limits: writeJson({}),
        created_at: now,
        updated_at: now,
      })
      .execute(),
  );
});
afterAll(async () => {
  await app.fetch.close();
  await t.cleanup();
});

function as(role: Role): Principal {
  return {
    kind: 'tenant',
    tenantId: tenant,
    role,
    scopes: [],
    actor: { type: 'api_key', id: `key_${role}` },
  };
}

describe(`AI operations (${testDialect})`, () => {
  it('are exported for the registry under unique names', () => {
    expect(aiOperations.map((o) => o.name)).toEqual(['ai.models.list', 'ai.usage.get', 'ai.budget.set']);
  });

  it('ai.models.list lists each task, what is missing, and the embedding model with its dimension', async () => {
    const { output } = await invokeOperation(rt, aiModels, as('viewer'), {}, { requestId: 'r1' });
    const report = output as Awaited<ReturnType<typeof aiModels.handler>>;
    const tasks = Object.fromEntries(report.tasks.map((x) => [x.task, x]));
    expect(tasks.default).toMatchObject({ model: 'local', fallbacks: [], problems: [] });
    expect(tasks.generation).toMatchObject({
      model: 'openai:gpt-4o-mini',
      fallbacks: ['local'],
      problems: ['openai:gpt-4o-mini: OPENAI_API_KEY is missing'],
    });
    expect(report.providers.find((p) => p.providerKey === 'openai')).toMatchObject({
      configured: false,
      missing: 'OPENAI_API_KEY',
      circuit: { state: 'closed' },
    });
    expect(report.embedding).toMatchObject({
      id: LOCAL_EMBEDDING_MODEL_ID,
      dimension: LOCAL_EMBEDDING_DIMENSION,
      problems: [],
    });
    expect(report.unpricedModels).toEqual(['openai:gpt-4o-mini']);
  });

  it('ai.usage.get reports the ledger of the current month with the budget', async () => {
    const ai = app.ai;
    await ai.generateText({ tenantId: tenant, task: 'judge', prompt: 'x', offline: () => 'A' });
    await ai.embed({ tenantId: tenant, value: 'steel beams', purpose: 'query' });
    const { output } = await invokeOperation(rt, aiUsage, as('viewer'), {}, { requestId: 'r2' });
    expect(output).toMatchObject({
      from: '2026-06-01T00:00:00.000Z',
      to: '2026-07-01T00:00:00.000Z',
      totals: { calls: 2, modelCalls: 2, costUsd: 0 },
      budget: { limitUsd: 10, source: 'default', spentUsd: 0, exhausted: false },
    });
    const judgeOnly = await invokeOperation(
      rt,
      aiUsage,
      as('viewer'),
      { task: 'judge' },
      { requestId: 'r3' },
    );
    expect(judgeOnly.output).toMatchObject({ totals: { calls: 1 }, byTask: [{ task: 'judge', calls: 1 }] });
    await expect(
      invokeOperation(
        rt,
        aiUsage,
        as('viewer'),
        { from: '2026-06-10T00:00:00Z', to: '2026-06-01T00:00:00Z' },
        { requestId: 'r4' },
      ),
    ).rejects.toMatchObject({ code: 'ai.invalid_period', status: 400 });
    await expect(
      invokeOperation(rt, aiUsage, as('viewer'), { from: 'last tuesday' }, { requestId: 'r5' }),
    ).rejects.toMatchObject({ status: 400 });
  });

  it('ai.budget.set is for admins and changes what ai.usage.get reports', async () => {
    await expect(
      invokeOperation(rt, aiBudgetSet, as('viewer'), { limitUsd: 1 }, { requestId: 'r6' }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(
      invokeOperation(rt, aiBudgetSet, as('admin'), { mode: 'limit' }, { requestId: 'r7' }),
    ).rejects.toMatchObject({ code: 'ai.invalid_budget', status: 400 });
    const set = await invokeOperation(rt, aiBudgetSet, as('admin'), { limitUsd: 2.5 }, { requestId: 'r8' });
    expect(set.output).toMatchObject({ limitUsd: 2.5, source: 'tenant', remainingUsd: 2.5 });
    const unlimited = await invokeOperation(
      rt,
      aiBudgetSet,
      as('admin'),
      { mode: 'unlimited' },
      { requestId: 'r9' },
    );
    expect(unlimited.output).toMatchObject({ limitUsd: null, source: 'tenant', exhausted: false });
    const back = await invokeOperation(
      rt,
      aiBudgetSet,
      as('admin'),
      { mode: 'default' },
      { requestId: 'r10' },
    );
    expect(back.output).toMatchObject({ limitUsd: 10, source: 'default' });
  });
});

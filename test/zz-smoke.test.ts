import { it } from 'vitest';
import { createTestDatabase } from '../test/support/db.js';
import { addFixtureBusiness, operationContext } from '../test/support/skills.js';
import { assembleAppServices } from '../src/app/create.js';
import { systemClock } from '../src/core/clock.js';
import { silentLogger } from '../src/core/logger.js';
import { generateContent } from '../src/modules/generation/pipeline/generate.js';
it('smoke', async () => {
  const t = await createTestDatabase();
  const app = await assembleAppServices(t.config, t.db, { clock: systemClock, logger: silentLogger });
  for (const site of ['crumb-and-co', 'next-day-steel'] as const) {
    await addFixtureBusiness(app, site);
    const ctx = operationContext(app, site);
    for (const request of ['Promote our best seller', 'A post about delivery']) {
      const r = await generateContent(ctx, { request, platforms: ['linkedin', 'x', 'instagram'] });
      console.log(JSON.stringify({ stages: r.stages, notes: r.notes, skills: r.skills }));
      for (const [p, list] of Object.entries(r.candidates)) for (const c of list ?? []) console.log(`--- ${site} ${p} #${c.rank} ${JSON.stringify(c.scores)} defects=${c.defects} cites=${c.citations.length}\n${c.text}`);
    }
  }
  await t.cleanup();
}, 120000);

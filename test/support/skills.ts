/**
 * The three fixture businesses as tenants a skill can write for: each site's pages stored and
 * extracted into knowledge entries and the catalog, and the brand voice learned from its example
 * posts. Used by the skills tests and the skills-match benchmark.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AppServices } from '../../src/app/services.js';
import { extractEntriesForPage } from '../../src/modules/knowledge/entries/extract-page.js';
import {
  type BusinessSite,
  businessSites,
  FIXTURE_ROOT,
  loadFixtureSite,
} from '../../src/modules/knowledge/entries/test-support/fixture-sites.js';
import { storeFixturePage } from '../../src/modules/knowledge/entries/test-support/store.js';
import { learnVoice } from '../../src/modules/voice/service.js';
import type { OperationContext, Role } from '../../src/operations/define.js';
import { insertTestTenant } from './tenants.js';

export { type BusinessSite, businessSites };

/** Each fixture business's example posts (fixtures/voice). */
export const voiceExamples: Record<
  BusinessSite,
  { file: string; format: 'jsonl' | 'csv' | 'text'; platform?: 'linkedin' }
> = {
  'crumb-and-co': { file: 'bakery.jsonl', format: 'jsonl' },
  'bluepeak-plumbing': { file: 'plumber.txt', format: 'text' },
  'next-day-steel': { file: 'steel-supplier.csv', format: 'csv' },
};

export function operationContext(
  app: AppServices,
  tenantId: string,
  role: Role = 'editor',
): OperationContext {
  return {
    tenantId,
    role,
    actor: { type: 'operator', id: null },
    scopes: [],
    requestId: 'test',
    app,
  };
}

/**
 * Creates a tenant (id = the site's name unless given) holding the business's knowledge and voice.
 * With `voice: false` the tenant has knowledge only.
 */
export async function addFixtureBusiness(
  app: AppServices,
  site: BusinessSite,
  options: { tenantId?: string; voice?: boolean } = {},
): Promise<string> {
  const tenantId = options.tenantId ?? site;
  await insertTestTenant(app.db, tenantId, site);
  for (const page of loadFixtureSite(site)) {
    const pageId = await storeFixturePage(app.db, tenantId, page);
    await extractEntriesForPage(app, tenantId, pageId);
  }
  if (options.voice !== false) {
    const v = voiceExamples[site];
    await learnVoice(operationContext(app, tenantId), {
      examples: readFileSync(path.join(FIXTURE_ROOT, 'voice', v.file), 'utf8'),
      format: v.format,
      ...(v.platform ? { platform: v.platform } : {}),
    });
  }
  return tenantId;
}

/**
 * Tenancy: tenants, members, roles, API keys, quotas, the audit log and the tenant's domain events.
 * The only face of this module to the others and to the app.
 */

import type { RateCategory } from '../../operations/define.js';
import type { AppModule } from '../../operations/module.js';
import type { AppServices } from '../../operations/services.js';
import type { AuditRecord } from './audit.js';
import { recordAudit } from './audit.js';
import { authenticate, scopeAllows } from './keys.js';
import { cachedLimits } from './limits.js';
import { coreMigration } from './migrations/0001_core.js';
import { operatorAuditMigration } from './migrations/0017_operator_audit.js';
import { tenancyOperations } from './operations.js';

export { createAccessCache } from './access-cache.js';
export { countTenantRows, type TenantDataHooks } from './data.js';
export { type DomainEvent, listEvents, recordEvent } from './events.js';
export { authenticate, insertNewKey, scopeAllows } from './keys.js';
export { assertWithinQuota, cachedLimits, type EffectiveLimits, loadLimits } from './limits.js';
export type { Tenant } from './schemas.js';
export { createTenant, findTenant, getTenant, listTenants, resolveTenant } from './tenants.js';

export const tenancyModule = {
  name: 'tenancy',
  migrations: [coreMigration, operatorAuditMigration],
  operations: tenancyOperations,
} satisfies AppModule;

/**
 * What the operation pipeline needs from tenancy on every call (the port it declares in
 * src/operations/invoke.ts): who a credential is, the tenant's rate limit for a category, whether a
 * key's scopes allow an operation, and the audit entry of a mutating call.
 */
export function tenantAccess(app: AppServices) {
  return {
    authenticate: (credential: string | undefined) => authenticate(app, credential),
    rateLimit: async (tenantId: string, category: RateCategory) =>
      (await cachedLimits(app, tenantId)).rateLimits[category],
    scopeAllows,
    audit: (record: AuditRecord) => recordAudit(app, record),
  };
}

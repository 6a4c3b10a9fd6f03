/**
 * In-process cache of search results. An entry is keyed by tenant, the tenant's index version and the
 * normalised query with its options, so any index change for a tenant (which bumps its version) makes
 * that tenant's old entries unreachable, and one tenant's key can never name another tenant's entry.
 * Entries also expire after a TTL (SEARCH_CACHE_TTL_MS), and the cache holds a bounded number of them.
 */
export class QueryCache<V> {
  readonly #entries = new Map<string, { tenantId: string; expiresAt: number; value: V }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 2000,
    private readonly now: () => number = Date.now,
  ) {}

  static key(tenantId: string, version: number, request: unknown): string {
    return JSON.stringify([tenantId, version, request]);
  }

  get(tenantId: string, key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    // The tenant check is redundant with the key; it stays as a second wall.
    if (entry.tenantId !== tenantId || entry.expiresAt <= this.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    // Refresh recency: Map iteration order is insertion order, so re-inserting makes it newest.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.value;
  }

  set(tenantId: string, key: string, value: V): void {
    if (this.ttlMs <= 0) return;
    this.#entries.delete(key);
    this.#entries.set(key, { tenantId, expiresAt: this.now() + this.ttlMs, value });
    while (this.#entries.size > this.maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
  }

  /** Drops every entry of one tenant (e.g. after its index changed in this process). */
  dropTenant(tenantId: string): void {
    for (const [key, entry] of this.#entries) if (entry.tenantId === tenantId) this.#entries.delete(key);
  }

  get size(): number {
    return this.#entries.size;
  }
}

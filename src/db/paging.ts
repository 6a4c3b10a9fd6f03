/**
 * Keyset paging as every list operation does it: the query asks for `limit + 1` rows ordered by id,
 * after the cursor. The extra row is not shown; it only says that a next page exists, which starts
 * after the last row shown.
 */
export function keysetPage<T extends { id: string }>(
  rows: readonly T[],
  limit: number,
): { page: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  return { page, nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
}

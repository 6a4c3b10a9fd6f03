import { describe, expect, it } from 'vitest';
import { keysetPage } from './paging.js';

const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `id-${i + 1}` }));

describe('keysetPage', () => {
  it('shows `limit` rows and points the cursor at the last shown when one more row came back', () => {
    expect(keysetPage(rows(3), 2)).toEqual({ page: [{ id: 'id-1' }, { id: 'id-2' }], nextCursor: 'id-2' });
  });

  it('has no next page when the query returned `limit` rows or fewer', () => {
    expect(keysetPage(rows(2), 2)).toEqual({ page: [{ id: 'id-1' }, { id: 'id-2' }], nextCursor: null });
    expect(keysetPage(rows(0), 2)).toEqual({ page: [], nextCursor: null });
  });
});

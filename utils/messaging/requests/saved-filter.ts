import * as v from 'valibot';
import { savedIds } from '@/utils/store/clipping-index';
import { buildSavedFilter, type SavedFilter } from '@/utils/x/saved-filter';
import { defineRequest } from './define';

/**
 * The library's saved post ids as a Bloom filter (utils/x/saved-filter.ts): an X tab asks once, then
 * shows a post the filter does not hold as unsaved at once, and looks up only the others.
 */
export const savedFilter = defineRequest({
  schema: v.object({ type: v.literal('savedFilter') }),
  senders: ['content-script'],
  async handle(_request, { db }): Promise<SavedFilter> {
    const ids = await savedIds(db.clippings);
    return buildSavedFilter(ids, ids.length);
  },
});

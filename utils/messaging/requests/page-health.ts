import * as v from 'valibot';
import { defineRequest, RequestRefused } from './define';

/** A content script's count of tagged posts it could and could not read on its tab (the popup shows it). */
export type PageHealthResponse = Record<string, never>;

const count = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1_000_000));

export const pageHealth = defineRequest({
  schema: v.object({
    type: v.literal('pageHealth'),
    /** Posts on the page that look like posts but could not be read (no id, no action bar). */
    unreadable: count,
    /** Posts read successfully. */
    readable: count,
    /** Of the unreadable posts, how many lacked their own link, and how many the row of buttons under them. */
    missing: v.optional(v.object({ link: count, actionBar: count })),
    /**
     * The check against X's own data (utils/x/data/health.ts): tagged posts X's responses held that the
     * page shows without a button, and how many lacked each part (the post itself, its text, the hashtag
     * in its text, its own link, the row of buttons).
     */
    xData: v.optional(v.object({ unreadable: count, missing: v.object({ post: count, text: count, tag: count, link: count, actionBar: count }) })),
  }),
  senders: ['content-script'],
  async handle({ unreadable, readable, missing, xData }, { sender, recordPageHealth }): Promise<PageHealthResponse> {
    const tabId = sender.tab?.id;
    if (tabId === undefined) throw new RequestRefused('forbidden-sender', 'Only a content script on an X tab reports page health.');
    await recordPageHealth(tabId, { unreadable, readable, url: sender.url ?? '', ...(missing ? { missing } : {}), ...(xData ? { xData } : {}) });
    return {};
  },
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { fakeBrowser } from 'wxt/testing';
import { getDb, OWNER } from '@/utils/store/db';
import { removeClipping, saveClipping } from '@/utils/store/clippings';
import { updateAnnotation } from '@/utils/store/annotations';
import { recordPageHealth } from '@/utils/background/page-health';
import { makeSnapshot } from '@/tests/unit/snapshots';
import { freshPageDb } from '@/tests/unit/page-db';
import { PopupApp } from './PopupApp';

const id = (n: number) => String(1846200000000000000n + BigInt(n));

/** Twelve clippings, clipped one after another: post n says "Post number n" and is by @Council<n>. */
async function clipTwelve() {
  const db = getDb();
  for (let n = 1; n <= 12; n++) {
    await saveClipping(db, makeSnapshot({ postId: id(n), text: `Post number ${n} #lgadigital`, author: { name: `Council ${n}`, handle: `Council${n}`, verified: false } }), 1000 + n);
  }
}

beforeEach(async () => {
  await freshPageDb();
  // The popup asks which tab it is over; as a browser-action popup it has no tab of its own.
  vi.spyOn(fakeBrowser.tabs, 'getCurrent').mockResolvedValue(undefined as never);
});
afterEach(cleanup);

describe('PopupApp', () => {
  it('lists the ten newest clippings first, each an article with its text and handle', async () => {
    await clipTwelve();
    await removeClipping(getDb(), id(12)); // removed ones are not listed
    render(<PopupApp />);
    await waitFor(() => expect(screen.getAllByRole('article')).toHaveLength(10));
    const articles = screen.getAllByRole('article');
    expect(articles.map((a) => within(a).getByText(/^Post number \d+/).textContent)).toEqual(
      [11, 10, 9, 8, 7, 6, 5, 4, 3, 2].map((n) => `Post number ${n} #lgadigital`),
    );
    expect(within(articles[0]!).getByText('@Council11')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('11 clippings');
  });

  it('shows each one\'s verdict and lesson, and judges from there', async () => {
    await clipTwelve();
    const db = getDb();
    await updateAnnotation(db, id(12), { verdict: 'do', lesson: 'Name the road that is closed' }, OWNER, 5);
    await updateAnnotation(db, id(11), { verdict: 'dont' }, OWNER, 5);
    render(<PopupApp />);
    await waitFor(() => expect(screen.getAllByRole('article')).toHaveLength(10));
    const [newest, next, third] = screen.getAllByRole('article');
    const checked = (a: HTMLElement) => within(within(a).getByRole('radiogroup', { name: 'Verdict' })).getAllByRole('radio').find((r) => (r as HTMLInputElement).checked)?.parentElement?.textContent;
    expect([checked(newest!), checked(next!), checked(third!)]).toEqual(['Do', "Don't", 'Undecided']);
    expect((within(newest!).getByRole('textbox', { name: 'Lesson' }) as HTMLInputElement).value).toBe('Name the road that is closed');

    fireEvent.click(within(third!).getByRole('radio', { name: 'Do' }));
    await waitFor(async () => expect((await db.annotations.get([id(10), OWNER]))?.verdict).toBe('do'));
    fireEvent.input(within(third!).getByRole('textbox', { name: 'Lesson' }), { target: { value: 'Photos of the gritters work' } });
    await waitFor(async () => expect((await db.annotations.get([id(10), OWNER]))?.lesson).toBe('Photos of the gritters work'), { timeout: 3000 });
  });

  it('shows a new clipping without reopening', async () => {
    render(<PopupApp />);
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('No clippings yet'));
    await saveClipping(getDb(), makeSnapshot({ text: 'Just clipped #lgadigital' }), 5);
    expect(await screen.findByText('Just clipped #lgadigital')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('1 clipping');
  });

  it('has a button "Export bundle" and a link "Open library"', async () => {
    render(<PopupApp />);
    expect(screen.getByRole('button', { name: 'Export bundle' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Open library' }).getAttribute('href')).toMatch(/\/library\.html$/);
  });

  it('says when posts on the open X tab could not be read', async () => {
    const tab = await fakeBrowser.tabs.create({ url: 'https://x.com/home' });
    // fakeBrowser keeps no active tab or current window: the popup is over this one.
    vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([{ ...tab, active: true }]);
    await recordPageHealth(tab.id!, { unreadable: 3, readable: 20, url: 'https://x.com/home' });
    render(<PopupApp />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('3 posts on this tab could not be read');
  });

  it('says which part of the unreadable posts X no longer shows the way the extension reads it', async () => {
    const tab = await fakeBrowser.tabs.create({ url: 'https://x.com/home' });
    vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([{ ...tab, active: true }]);
    await recordPageHealth(tab.id!, { unreadable: 3, readable: 20, url: 'https://x.com/home', missing: { link: 1, actionBar: 2 } });
    render(<PopupApp />);
    const alert = await screen.findByRole('alert');
    const parts = within(alert).getAllByRole('listitem').map((li) => li.textContent);
    expect(parts).toEqual(["1 had no link of its own (the post's time), which gives its address", '2 had no row of buttons under them (reply, repost, like), where the button goes']);
  });

  it("says when X's own data shows tagged posts on the tab that the extension could not read, and which part it did not find", async () => {
    const tab = await fakeBrowser.tabs.create({ url: 'https://x.com/home' });
    vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([{ ...tab, active: true }]);
    const xData = { unreadable: 3, missing: { post: 0, text: 2, tag: 1, link: 0, actionBar: 1 } };
    await recordPageHealth(tab.id!, { unreadable: 0, readable: 20, url: 'https://x.com/home', xData });
    render(<PopupApp />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain("X's own data shows 3 tagged posts on this tab that the extension could not read, so they have no button.");
    expect(alert.textContent).not.toContain('could not be read'); // the page reader itself found none unreadable
    expect(within(alert).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      "for 2, the post's text was not found where the extension looks",
      'for 1, the text was found, but the extension did not find the hashtag in it',
      'for 1, the row of buttons under the post (reply, repost, like), where the button goes, was not found',
    ]);
  });

  it("says both when the page reader and the check against X's data each found posts it could not read", async () => {
    const tab = await fakeBrowser.tabs.create({ url: 'https://x.com/home' });
    vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([{ ...tab, active: true }]);
    const xData = { unreadable: 1, missing: { post: 1, text: 0, tag: 0, link: 0, actionBar: 0 } };
    await recordPageHealth(tab.id!, { unreadable: 2, readable: 20, url: 'https://x.com/home', missing: { link: 2, actionBar: 0 }, xData });
    render(<PopupApp />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('2 posts on this tab could not be read');
    expect(alert.textContent).toContain("X's own data shows 1 tagged post on this tab that the extension could not read, so it has no button.");
    expect(within(alert).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      "2 had no link of their own (the post's time), which gives their address",
      '1 was not found where the extension looks for posts',
    ]);
  });

  it('says nothing of the sort when every post could be read', async () => {
    const tab = await fakeBrowser.tabs.create({ url: 'https://x.com/home' });
    vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([{ ...tab, active: true }]);
    await recordPageHealth(tab.id!, { unreadable: 0, readable: 20, url: 'https://x.com/home', xData: { unreadable: 0, missing: { post: 0, text: 0, tag: 0, link: 0, actionBar: 0 } } });
    render(<PopupApp />);
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('No clippings yet'));
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { getDb, OWNER } from '@/utils/store/db';
import { saveClipping } from '@/utils/store/clippings';
import { listThemes } from '@/utils/store/themes';
import { makeSnapshot } from '@/tests/unit/snapshots';
import { freshPageDb, ownAnnotation } from '@/tests/unit/page-db';
import { useLiveQuery } from '../use-live-query';
import { ClippingCard } from './ClippingCard';
import { builtInThemeName } from './labels';
import type { PostSnapshot } from '@/utils/snapshot';

const ID = '1846200000000000001';

/** The card as the library shows it: clipping and annotation read live from the store. */
function Live({ postId, compact, onRemove }: { postId: string; compact?: boolean; onRemove?(id: string): void }) {
  const db = getDb();
  const { value } = useLiveQuery(async () => {
    const [clipping, annotation, themes] = await Promise.all([db.clippings.get(postId), db.annotations.get([postId, OWNER]), listThemes(db, builtInThemeName)]);
    return { clipping, annotation, themes };
  }, [postId]);
  if (!value?.clipping) return <p>loading</p>;
  return <ClippingCard clipping={value.clipping} annotation={value.annotation} themes={value.themes} compact={compact} onRemove={onRemove} />;
}

async function renderCard(snapshot: Partial<PostSnapshot> = {}, props: { compact?: boolean; onRemove?(id: string): void } = {}) {
  await saveClipping(getDb(), makeSnapshot(snapshot), 1);
  const view = render(<Live postId={snapshot.postId ?? ID} {...props} />);
  const article = await screen.findByRole('article');
  // The card's mount effects run after the first paint, as they have long before a user clicks.
  await act(() => new Promise<void>((r) => requestAnimationFrame(() => setTimeout(r, 0))));
  return { ...view, article };
}

beforeEach(async () => {
  await freshPageDb();
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('ClippingCard in the library', () => {
  it('is an article named by the author, with the post text, handle and a link to the post', async () => {
    const { article } = await renderCard();
    expect(article.getAttribute('aria-labelledby')).toBeTruthy();
    expect(screen.getByRole('article', { name: /Example Borough Council @ExampleBoroughCncl/ })).toBe(article);
    expect(within(article).getByText('Bins are collected as normal on bank holiday Monday #lgadigital')).toBeTruthy();
    expect(within(article).getByRole('link', { name: 'View post on X' }).getAttribute('href')).toBe(`https://x.com/ExampleBoroughCncl/status/${ID}`);
  });

  it('has every control, with the names the pages promise', async () => {
    const { article } = await renderCard();
    const verdict = within(article).getByRole('radiogroup', { name: 'Verdict' });
    expect(within(verdict).getAllByRole('radio').map((r) => (r as HTMLInputElement).labels?.[0]?.textContent)).toEqual(['Do', "Don't", 'Undecided']);
    // New clippings are undecided.
    expect((within(verdict).getByRole('radio', { name: 'Undecided' }) as HTMLInputElement).checked).toBe(true);
    const kind = within(article).getByRole('radiogroup', { name: 'Kind' });
    expect(within(kind).getAllByRole('radio').map((r) => (r as HTMLInputElement).checked)).toEqual([false, false]);
    within(article).getByRole('textbox', { name: 'Lesson' });
    within(article).getByRole('textbox', { name: 'Note' });
    const themes = within(article).getByRole('group', { name: 'Themes' });
    expect(within(themes).getAllByRole('checkbox')).toHaveLength(12);
    within(themes).getByRole('checkbox', { name: 'Tone of voice and being human' });
    expect((within(article).getByRole('combobox', { name: 'Author type' }) as HTMLSelectElement).value).toBe('notSet');
    expect((within(article).getByRole('combobox', { name: 'Permission' }) as HTMLSelectElement).value).toBe('notAsked');
  });

  it('stores a verdict, a kind, themes and both selects at once, and shows each choice straight away', async () => {
    const db = getDb();
    const { article } = await renderCard();
    fireEvent.click(within(article).getByRole('radio', { name: "Don't" }));
    expect((within(article).getByRole('radio', { name: "Don't" }) as HTMLInputElement).checked).toBe(true);
    await waitFor(async () => expect((await ownAnnotation(db, ID))?.verdict).toBe('dont'));

    fireEvent.click(within(article).getByRole('radio', { name: "Example of a council's own post" }));
    await waitFor(async () => expect((await ownAnnotation(db, ID))?.kind).toBe('example'));

    fireEvent.click(within(article).getByRole('checkbox', { name: 'Tone of voice and being human' }));
    await waitFor(async () => expect((await ownAnnotation(db, ID))?.themes).toEqual(['tone']));
    fireEvent.click(within(article).getByRole('checkbox', { name: 'Moderation, negativity and abuse' }));
    await waitFor(async () => expect((await ownAnnotation(db, ID))?.themes).toEqual(['tone', 'moderation']));
    fireEvent.click(within(article).getByRole('checkbox', { name: 'Tone of voice and being human' }));
    await waitFor(async () => expect((await ownAnnotation(db, ID))?.themes).toEqual(['moderation']));
    expect((within(article).getByRole('checkbox', { name: 'Tone of voice and being human' }) as HTMLInputElement).checked).toBe(false);

    fireEvent.change(within(article).getByRole('combobox', { name: 'Author type' }), { target: { value: 'council' } });
    fireEvent.change(within(article).getByRole('combobox', { name: 'Permission' }), { target: { value: 'granted' } });
    await waitFor(async () => expect(await ownAnnotation(db, ID)).toMatchObject({ authorType: 'council', permission: 'granted' }));
    expect((within(article).getByRole('combobox', { name: 'Author type' }) as HTMLSelectElement).value).toBe('council');
    // The quiet status is not part of the card; the card's own verdict class follows the choice.
    expect(article.className).toContain('verdict-dont');
  });

  it('saves the lesson and the note by themselves within a second of typing, with no save button', async () => {
    const db = getDb();
    const { article } = await renderCard();
    expect(within(article).queryByRole('button', { name: /save/i })).toBeNull();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    fireEvent.input(within(article).getByRole('textbox', { name: 'Lesson' }), { target: { value: 'Say what changes for residents, first' } });
    fireEvent.input(within(article).getByRole('textbox', { name: 'Note' }), { target: { value: 'Ask highways for the photo' } });
    expect((await ownAnnotation(db, ID))?.lesson).toBe(''); // not on every keystroke
    vi.advanceTimersByTime(999);
    vi.useRealTimers();
    await waitFor(async () => expect(await ownAnnotation(db, ID)).toMatchObject({ lesson: 'Say what changes for residents, first', note: 'Ask highways for the photo', hasLesson: 1 }));
    // Saved, so no draft is left behind.
    await waitFor(() => expect(Object.keys(localStorage).filter((k) => k.startsWith('lga-draft:'))).toEqual([]));
  });

  it('keeps a lesson typed just before the card goes (a virtualised row, a closed page)', async () => {
    const db = getDb();
    const { article, unmount } = await renderCard();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    fireEvent.input(within(article).getByRole('textbox', { name: 'Lesson' }), { target: { value: 'Typed and gone at once' } });
    // Every keystroke is kept as a draft at once, so even a page killed now loses nothing.
    expect(localStorage.getItem(`lga-draft:${ID}:lesson`)).toBe('Typed and gone at once');
    unmount();
    vi.useRealTimers();
    await waitFor(async () => expect((await ownAnnotation(db, ID))?.lesson).toBe('Typed and gone at once'));
  });

  it('shows a draft left by a page that closed before saving, and saves it', async () => {
    const db = getDb();
    await saveClipping(db, makeSnapshot(), 1);
    localStorage.setItem(`lga-draft:${ID}:note`, 'Left in a closed tab');
    render(<Live postId={ID} />);
    const note = await screen.findByRole('textbox', { name: 'Note' });
    expect((note as HTMLTextAreaElement).value).toBe('Left in a closed tab');
    await waitFor(async () => expect((await ownAnnotation(db, ID))?.note).toBe('Left in a closed tab'), { timeout: 3000 });
  });

  it('shows a change made in another page, unless the user is typing there', async () => {
    const db = getDb();
    const { article } = await renderCard();
    await db.annotations.update([ID, OWNER], { lesson: 'From the popup', verdict: 'do', updatedAt: 5 });
    await waitFor(() => expect((within(article).getByRole('textbox', { name: 'Lesson' }) as HTMLInputElement).value).toBe('From the popup'));
    expect((within(article).getByRole('radio', { name: 'Do' }) as HTMLInputElement).checked).toBe(true);
  });

  it('offers Remove, which reports the post', async () => {
    const onRemove = vi.fn();
    const { article } = await renderCard({}, { onRemove });
    fireEvent.click(within(article).getByRole('button', { name: 'Remove' }));
    expect(onRemove).toHaveBeenCalledWith(ID);
  });

  it('gives the annotator plain-language hints about the post', async () => {
    const { article } = await renderCard({
      text: 'Read our guide #bankholidaybins',
      entities: { links: [], mentions: [], hashtags: ['bankholidaybins'] },
      media: [{ type: 'photo', url: 'https://pbs.twimg.com/media/a.jpg?name=orig' }],
      truncated: true,
    });
    const hints = within(article).getByText('Things to note about this post').parentElement!;
    expect(within(hints).getByText('1 image has no alt text')).toBeTruthy();
    expect(within(hints).getByText(/#bankholidaybins/)).toBeTruthy();
    expect(within(hints).getByText(/Show more/)).toBeTruthy();
  });
});

describe('ClippingCard: For the guide', () => {
  it('picks the clipping for the guide and unpicks it, in the library only', async () => {
    const { article } = await renderCard();
    const box = within(article).getByRole('checkbox', { name: 'For the guide' }) as HTMLInputElement;
    expect(box.checked).toBe(false);
    fireEvent.click(box);
    await waitFor(async () => expect((await ownAnnotation(getDb(), ID))?.forGuide).toBe(1));
    await waitFor(() => expect((within(article).getByRole('checkbox', { name: 'For the guide' }) as HTMLInputElement).checked).toBe(true));
    fireEvent.click(within(article).getByRole('checkbox', { name: 'For the guide' }));
    await waitFor(async () => expect((await ownAnnotation(getDb(), ID))?.forGuide).toBeUndefined());
    cleanup();
    const popup = await renderCard({}, { compact: true });
    expect(within(popup.article).queryByRole('checkbox', { name: 'For the guide' })).toBeNull();
  });
});

describe('ClippingCard of an edited post', () => {
  it('says how many earlier versions it has and shows each with when it was captured', async () => {
    await saveClipping(getDb(), makeSnapshot({ text: 'Bins go out on Monday', capturedAt: '2026-11-20T09:00:00.000Z' }), 1);
    await saveClipping(getDb(), makeSnapshot({ text: 'Bins go out on Tuesday', capturedAt: '2026-11-21T09:00:00.000Z' }), 2);
    const { article } = await renderCard({ text: 'Bins go out on Wednesday', capturedAt: '2026-11-22T09:00:00.000Z' });
    expect(within(article).getByText('Bins go out on Wednesday')).toBeTruthy();
    const summary = within(article).getByText('Edited: 2 earlier versions');
    const details = summary.closest('details')!;
    expect(details.open).toBe(false);
    // Newest first, each with its capture time.
    const items = within(details).getAllByRole('listitem');
    expect(items.map((li) => li.querySelector('.post-text')!.textContent)).toEqual(['Bins go out on Tuesday', 'Bins go out on Monday']);
    expect(items[0]!.textContent).toMatch(/^Captured /);
  });

  it('shows no versions line for a post never seen edited, nor in the popup', async () => {
    const { article } = await renderCard();
    expect(within(article).queryByText(/earlier version/)).toBeNull();
    cleanup();
    await saveClipping(getDb(), makeSnapshot({ text: 'Another text' }), 5);
    const popup = await renderCard({ text: 'A third text' }, { compact: true });
    expect(within(popup.article).queryByText(/earlier version/)).toBeNull();
  });
});

describe('ClippingCard in the popup (compact)', () => {
  it('has the post, the verdict and the lesson, and nothing more', async () => {
    const { article } = await renderCard({}, { compact: true, onRemove: () => undefined });
    within(article).getByRole('radiogroup', { name: 'Verdict' });
    within(article).getByRole('textbox', { name: 'Lesson' });
    expect(within(article).queryByRole('radiogroup', { name: 'Kind' })).toBeNull();
    expect(within(article).queryByRole('textbox', { name: 'Note' })).toBeNull();
    expect(within(article).queryByRole('group', { name: 'Themes' })).toBeNull();
    expect(within(article).queryByRole('combobox')).toBeNull();
    expect(within(article).queryByRole('button', { name: 'Remove' })).toBeNull();
  });

  it('sets a verdict from the popup', async () => {
    const { article } = await renderCard({}, { compact: true });
    fireEvent.click(within(article).getByRole('radio', { name: 'Do' }));
    await waitFor(async () => expect((await ownAnnotation(getDb(), ID))?.verdict).toBe('do'));
  });
});

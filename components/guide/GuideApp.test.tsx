import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { getDb, OWNER } from '@/utils/store/db';
import { saveClipping } from '@/utils/store/clippings';
import { updateAnnotation, type AnnotationPatch } from '@/utils/store/annotations';
import { makeSnapshot } from '@/tests/unit/snapshots';
import { freshPageDb } from '@/tests/unit/page-db';
import { GuideApp } from './GuideApp';

const id = (n: number) => String(1846200000000000000n + BigInt(n));

async function picked(n: number, patch: AnnotationPatch, pick = true) {
  const db = getDb();
  await saveClipping(db, makeSnapshot({ postId: id(n), text: `Example ${n} #lgadigital`, author: { name: `Council ${n}`, handle: `Council${n}`, verified: false } }), 1000 + n);
  await updateAnnotation(db, id(n), { ...patch, forGuide: pick });
}

/** The examples of one section of a theme, in order: the number of each. */
function order(themeName: string, section: 'Do' | "Don't"): number[] {
  const theme = screen.getByRole('region', { name: themeName });
  const heading = within(theme).getByRole('heading', { name: section, level: 3 });
  const list = within(theme).queryByRole('list', { name: section });
  if (!list) return [];
  expect(list.getAttribute('aria-labelledby')).toBe(heading.id);
  return within(list)
    .getAllByRole('article')
    .map((a) => Number(/Example (\d+)/.exec(a.textContent ?? '')![1]));
}

beforeEach(async () => {
  await freshPageDb();
});
afterEach(cleanup);

describe('GuideApp', () => {
  it('shows each theme with its picked do and don\u2019t examples, nothing unpicked, and the warnings an editor needs', async () => {
    await picked(1, { verdict: 'do', themes: ['tone'], authorType: 'council', permission: 'granted', lesson: 'Say it plainly' });
    await picked(2, { verdict: 'do', themes: ['tone'], authorType: 'public', permission: 'granted' });
    await picked(3, { verdict: 'dont', themes: ['tone', 'accessibility'], authorType: 'council', permission: 'notAsked' });
    await picked(4, { verdict: 'do', themes: ['tone'] }, false);
    await picked(5, { verdict: 'undecided', themes: ['tone'] });
    render(<GuideApp />);
    await screen.findByRole('region', { name: 'Tone of voice and being human' });
    expect(order('Tone of voice and being human', 'Do')).toEqual([2, 1]);
    expect(order('Tone of voice and being human', "Don't")).toEqual([3]);
    expect(order('Accessibility and inclusion: alt text, Welsh language, offline residents', "Don't")).toEqual([3]);
    expect(order('Strategy, planning and evaluation', 'Do')).toEqual([]);
    expect(screen.getByText(/1 picked clipping has no verdict yet/)).toBeTruthy();

    const tone = screen.getByRole('region', { name: 'Tone of voice and being human' });
    const two = within(tone).getByRole('article', { name: /Council 2/ });
    expect(within(two).getByText(/Written by a member of the public/)).toBeTruthy();
    const three = within(tone).getByRole('article', { name: /Council 3/ });
    expect(within(three).getByText(/Permission is not "Granted"/)).toBeTruthy();
    const one = within(tone).getByRole('article', { name: /Council 1/ });
    expect(within(one).queryByText(/Warning/)).toBeNull();
    expect(within(one).getByText('Your lesson: Say it plainly')).toBeTruthy();
  });

  it('reorders by Move up and Move down, keeps the order, and keeps focus on the example moved', async () => {
    for (const n of [1, 2, 3]) await picked(n, { verdict: 'do', themes: ['tone'] });
    render(<GuideApp />);
    await screen.findByRole('region', { name: 'Tone of voice and being human' });
    expect(order('Tone of voice and being human', 'Do')).toEqual([3, 2, 1]);

    const tone = screen.getByRole('region', { name: 'Tone of voice and being human' });
    const first = within(tone).getByRole('article', { name: /Council 3/ });
    expect((within(first).getByRole('button', { name: 'Move up' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(within(first).getByRole('button', { name: 'Move down' }));
    await waitFor(() => expect(order('Tone of voice and being human', 'Do')).toEqual([2, 3, 1]));
    await waitFor(() => expect((document.activeElement as HTMLElement).textContent).toBe('Move down'));
    expect(document.activeElement!.closest('article')!.getAttribute('data-post-id')).toBe(id(3));
    expect(screen.getByRole('status').textContent).toBe('Council 3: moved to position 2 of 3');

    const last = within(tone).getByRole('article', { name: /Council 1/ });
    fireEvent.click(within(last).getByRole('button', { name: 'Move up' }));
    await waitFor(() => expect(order('Tone of voice and being human', 'Do')).toEqual([2, 1, 3]));

    cleanup();
    render(<GuideApp />);
    await screen.findByRole('region', { name: 'Tone of voice and being human' });
    expect(order('Tone of voice and being human', 'Do')).toEqual([2, 1, 3]);
  });

  it('saves the guide text of a theme', async () => {
    await picked(1, { verdict: 'do', themes: ['tone'] });
    render(<GuideApp />);
    const tone = await screen.findByRole('region', { name: 'Tone of voice and being human' });
    fireEvent.input(within(tone).getByRole('textbox', { name: 'Guide text' }), { target: { value: 'Write as you would speak.' } });
    await act(() => new Promise((r) => setTimeout(r, 700)));
    await waitFor(async () => expect((await getDb().guide.get('tone'))?.text).toBe('Write as you would speak.'));
  });

  it('tells the editor how to pick examples when none are picked', async () => {
    render(<GuideApp />);
    expect(await screen.findByText(/No clippings are picked for the guide yet/)).toBeTruthy();
    expect(await getDb().annotations.where('contributorId').equals(OWNER).count()).toBe(0);
  });
});

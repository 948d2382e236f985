import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { getDb, OWNER } from '@/utils/store/db';
import { saveClipping } from '@/utils/store/clippings';
import { updateAnnotation } from '@/utils/store/annotations';
import { makeSnapshot } from '@/tests/unit/snapshots';
import { freshPageDb, seedThreeClippings, seededId as id } from '@/tests/unit/page-db';
import { LibraryApp } from './LibraryApp';

const status = () => screen.getByRole('status').textContent;

beforeEach(async () => {
  await freshPageDb();
  const db = getDb();
  await seedThreeClippings(db);
  await updateAnnotation(db, id(1), { verdict: 'do', lesson: 'Say where the gritters go' }, OWNER, 2000);
});
afterEach(cleanup);

describe('LibraryApp', () => {
  it('says how many clippings it shows in a status', async () => {
    render(<LibraryApp />);
    await waitFor(() => expect(status()).toBe('Showing 3 of 3 clippings'));
  });

  it('searches as the user types: words, from:, verdict:, has:lesson and -word', async () => {
    render(<LibraryApp />);
    const search = screen.getByRole('searchbox', { name: 'Search clippings' });
    await waitFor(() => expect(status()).toBe('Showing 3 of 3 clippings'));
    fireEvent.input(search, { target: { value: 'gritters' } });
    await waitFor(() => expect(status()).toBe('Showing 1 of 3 clippings'));
    fireEvent.input(search, { target: { value: 'from:ExampleBoroCncl' } });
    await waitFor(() => expect(status()).toBe('Showing 2 of 3 clippings'));
    fireEvent.input(search, { target: { value: 'from:ExampleBoroCncl -bins' } });
    await waitFor(() => expect(status()).toBe('Showing 1 of 3 clippings'));
    fireEvent.input(search, { target: { value: 'verdict:do' } });
    await waitFor(() => expect(status()).toBe('Showing 1 of 3 clippings'));
    fireEvent.input(search, { target: { value: 'has:lesson' } });
    await waitFor(() => expect(status()).toBe('Showing 1 of 3 clippings'));
    fireEvent.input(search, { target: { value: 'nothingmatchesthis' } });
    await waitFor(() => expect(status()).toBe('Showing 0 of 3 clippings'));
    expect(screen.getByText('No clippings match. Change the search or the filters.')).toBeTruthy();
  });

  it('finds by author name, handle, lesson and note, without operators', async () => {
    await updateAnnotation(getDb(), id(3), { note: 'Ask parks for the opening photos' }, OWNER, 2001);
    render(<LibraryApp />);
    const search = screen.getByRole('searchbox', { name: 'Search clippings' });
    for (const [words, shown] of [
      ['Westvale', 1], // author name
      ['ExampleBoroCncl', 2], // handle
      ['westvaledc', 1], // handle, any case
      ['say where', 1], // lesson (words in no post's text)
      ['opening photos', 1], // note
    ] as const) {
      fireEvent.input(search, { target: { value: words } });
      await waitFor(() => expect(status(), words).toBe(`Showing ${shown} of 3 clippings`));
    }
  });

  it('says what is wrong with a search, and keeps what was typed', async () => {
    render(<LibraryApp />);
    const search = screen.getByRole('searchbox', { name: 'Search clippings' }) as HTMLInputElement;
    fireEvent.input(search, { target: { value: 'verdict:maybe' } });
    const error = await screen.findByText(/verdict: can be do, dont or undecided/);
    expect(search.getAttribute('aria-describedby')).toContain(error.id);
    expect(search.value).toBe('verdict:maybe');
  });

  it('filters with the verdict select, and counts follow a change made elsewhere', async () => {
    render(<LibraryApp />);
    await waitFor(() => expect(status()).toBe('Showing 3 of 3 clippings'));
    fireEvent.change(screen.getByRole('combobox', { name: 'Filter by verdict' }), { target: { value: 'undecided' } });
    await waitFor(() => expect(status()).toBe('Showing 2 of 3 clippings'));
    await saveClipping(getDb(), makeSnapshot({ postId: id(4), text: 'A fourth #lgadigital' }), 3000);
    await waitFor(() => expect(status()).toBe('Showing 3 of 4 clippings'));
  });

  it('has the buttons and file input the bundle issue fills in', async () => {
    render(<LibraryApp />);
    expect(screen.getByRole('button', { name: 'Export bundle' })).toBeTruthy();
    expect(screen.getByLabelText('Import bundle').getAttribute('type')).toBe('file');
  });
});

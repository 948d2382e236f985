import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { freshPageDb, seedThreeClippings } from '@/tests/unit/page-db';
import { LibraryApp } from './LibraryApp';

/**
 * A search typed as the library opens, while the whole order (every id in the library) is still being
 * read: the whole search is held back here (as a large library's order read holds it), and the first
 * matches must show without it. The small library's first matches are its whole answer unless the read
 * of the order's first entries is cut short (`scan`), as a large library's is.
 */
const hold = { ms: 0, scan: undefined as number | undefined, limit: undefined as number | undefined };
vi.mock('@/utils/store/search', async (importOriginal) => {
  const real = await importOriginal<typeof import('@/utils/store/search')>();
  return {
    ...real,
    runSearch: async (...args: Parameters<typeof real.runSearch>) => {
      await new Promise((resolve) => setTimeout(resolve, hold.ms));
      return real.runSearch(...args);
    },
    firstMatches: (...args: Parameters<typeof real.firstMatches>) => {
      const [db, query, filters, options, limit, scan] = args;
      return real.firstMatches(db, query, filters, options, hold.limit ?? limit, hold.scan ?? scan);
    },
  };
});

const status = () => screen.getByRole('status').textContent;

beforeEach(async () => {
  await seedThreeClippings(await freshPageDb());
});
afterEach(() => {
  cleanup();
  Object.assign(hold, { ms: 0, scan: undefined, limit: undefined });
});

describe('a search typed as the library opens', () => {
  it('answers from the order\'s first entries without waiting for the whole order', async () => {
    hold.ms = 4000;
    render(<LibraryApp />);
    await waitFor(() => expect(status()).toBe('Showing 3 of 3 clippings'));
    fireEvent.input(screen.getByRole('searchbox', { name: 'Search clippings' }), { target: { value: 'gritters' } });
    // Well before the whole search could answer: the library's first entries are all of it here.
    await waitFor(() => expect(status()).toBe('Showing 1 of 3 clippings'), { timeout: 2500 });
    expect(screen.getByText(/Gritters are out tonight/)).toBeTruthy();
    expect(screen.queryByText(/Bins are collected/)).toBeNull();
  });

  it('shows the first matches and says it is still searching, then the whole answer', async () => {
    hold.ms = 1500;
    hold.scan = 2; // the two newest clippings stand for a large library's first entries
    hold.limit = 1;
    render(<LibraryApp />);
    await waitFor(() => expect(status()).toBe('Showing 3 of 3 clippings'));
    fireEvent.input(screen.getByRole('searchbox', { name: 'Search clippings' }), { target: { value: 'council' } });
    await waitFor(() => expect(status()).toBe('Searching… showing the first matches'), { timeout: 1200 });
    expect(screen.getByText(/Our new play area/)).toBeTruthy();
    expect(screen.getByText(/Bins are collected/)).toBeTruthy();
    expect(screen.queryByText(/Gritters are out tonight/)).toBeNull();
    await waitFor(() => expect(status()).toBe('Showing 3 of 3 clippings'), { timeout: 4000 });
    expect(screen.getByText(/Gritters are out tonight/)).toBeTruthy();
  });
});

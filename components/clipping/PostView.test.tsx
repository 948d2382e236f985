import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/preact';
import { getDb } from '@/utils/store/db';
import { failCopy, queueCopies, removeAllCopies, runDueCopies } from '@/utils/store/images';
import { CopyError } from '@/utils/images/fetch-copy';
import { MAX_ATTEMPTS } from '@/utils/images/plan';
import { makeSnapshot } from '@/tests/unit/snapshots';
import { freshPageDb } from '@/tests/unit/page-db';
import { PostView } from './PostView';

const A = 'https://pbs.twimg.com/media/A?format=jpg&name=orig';
const B = 'https://pbs.twimg.com/media/B?format=jpg&name=orig';
const snapshot = makeSnapshot({ postId: '7', media: [{ type: 'photo', url: A, altText: 'Gritter' }, { type: 'photo', url: B, altText: 'Salt' }] });

let made: string[];
let revoked: string[];
beforeEach(async () => {
  await freshPageDb();
  made = [];
  revoked = [];
  let n = 0;
  URL.createObjectURL = vi.fn(() => {
    const url = `blob:copy-${++n}`;
    made.push(url);
    return url;
  }) as typeof URL.createObjectURL;
  URL.revokeObjectURL = vi.fn((url: string) => void revoked.push(url)) as typeof URL.revokeObjectURL;
});
afterEach(cleanup);

describe('PostView and image copies', () => {
  it('shows X\u2019s small image when no copy is kept, and asks X for nothing before it knows', async () => {
    const view = render(<PostView snapshot={snapshot} headingId="h" />);
    expect(view.container.querySelector('img')!.getAttribute('src')).toBeNull();
    await waitFor(() => expect(screen.getByAltText('Gritter').getAttribute('src')).toBe('https://pbs.twimg.com/media/A?format=jpg&name=small'));
  });

  it('shows a kept copy from its stored bytes, says which copy could not be kept, and revokes object URLs when no longer shown', async () => {
    const db = getDb();
    await queueCopies(db, '7', snapshot, 0);
    await runDueCopies(db, async (url) => {
      if (url === B) throw new CopyError('http');
      return { bytes: new Uint8Array([71, 73, 70]), type: 'image/gif' };
    }, () => 1);
    const view = render(<PostView snapshot={snapshot} headingId="h" />);
    await waitFor(() => expect(screen.getByAltText('Gritter').getAttribute('src')).toMatch(/^blob:copy-/));
    expect(screen.getByAltText('Salt').getAttribute('src')).toBe('https://pbs.twimg.com/media/B?format=jpg&name=small');
    await screen.findByText('No copy of this image kept yet: it will be tried again later');
    for (let i = 1; i < MAX_ATTEMPTS; i++) await failCopy(db, '7', B, 'http', 10 * i);
    await screen.findByText('No copy of this image could be kept: it is shown from X while X still has it');

    const shown = screen.getByAltText('Gritter').getAttribute('src')!;
    await removeAllCopies(db);
    await waitFor(() => expect(screen.getByAltText('Gritter').getAttribute('src')).toBe('https://pbs.twimg.com/media/A?format=jpg&name=small'));
    await waitFor(() => expect(revoked).toContain(shown));
    view.unmount();
    await waitFor(() => expect(made.filter((u) => !revoked.includes(u))).toEqual([]));
    expect(made.length).toBeGreaterThan(0);
  });
});

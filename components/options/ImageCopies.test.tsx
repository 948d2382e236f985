import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { browser } from 'wxt/browser';
import { getDb } from '@/utils/store/db';
import { copyUsage, queueCopies, runDueCopies } from '@/utils/store/images';
import { loadSettings, saveSettings } from '@/utils/settings';
import { makeSnapshot } from '@/tests/unit/snapshots';
import { freshPageDb } from '@/tests/unit/page-db';
import { OptionsApp } from './OptionsApp';

beforeEach(async () => {
  await freshPageDb();
});
afterEach(cleanup);

async function renderOptions() {
  render(<OptionsApp />);
  await screen.findByRole('heading', { level: 1, name: 'Options' });
  return screen.findByRole('checkbox', { name: 'Keep copies of images' }) as Promise<HTMLInputElement>;
}

async function keepTwoCopies() {
  const db = getDb();
  await queueCopies(db, '1', makeSnapshot({ postId: '1', media: [{ type: 'photo', url: 'https://pbs.twimg.com/media/A?name=orig' }, { type: 'photo', url: 'https://pbs.twimg.com/media/B?name=orig' }] }), 0);
  await runDueCopies(db, async () => ({ bytes: new Uint8Array(786_432), type: 'image/jpeg' }), () => 1);
}

describe('Keep copies of images', () => {
  it('is off by default; ticking it asks for the media permission and turns it on when granted', async () => {
    const request = vi.spyOn(browser.permissions, 'request').mockImplementation((async () => true) as unknown as typeof browser.permissions.request);
    const box = await renderOptions();
    expect(box.checked).toBe(false);
    expect(box.getAttribute('aria-describedby')).toBe('keep-images-hint');
    fireEvent.click(box);
    expect(request).toHaveBeenCalledWith({ origins: ['https://pbs.twimg.com/*', 'https://video.twimg.com/*'] });
    await waitFor(async () => expect((await loadSettings()).keepImageCopies).toBe(true));
    await waitFor(() => expect(box.checked).toBe(true));
    expect(screen.queryByRole('alert')).toBeNull();
    fireEvent.click(box);
    await waitFor(async () => expect((await loadSettings()).keepImageCopies).toBe(false));
  });

  it('stays unticked with a clear message when the permission is refused', async () => {
    vi.spyOn(browser.permissions, 'request').mockImplementation((async () => false) as unknown as typeof browser.permissions.request);
    const box = await renderOptions();
    fireEvent.click(box);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Images are not being kept: the browser did not give permission to fetch them from X. Tick the box again and choose Allow');
    expect(box.getAttribute('aria-describedby')).toContain(alert.id);
    expect(box.checked).toBe(false);
    expect((await loadSettings()).keepImageCopies).toBe(false);
  });

  it('shows the storage the copies use, and removes them only once confirmed, saying so', async () => {
    await saveSettings({ keepImageCopies: true });
    await keepTwoCopies();
    await renderOptions();
    await screen.findByText('1.5 MB');
    const remove = screen.getByRole('button', { name: 'Remove image copies' });
    fireEvent.click(remove);
    await screen.findByText(/Remove every image copy from this browser\?/);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Remove image copies' })).toBe(document.activeElement));
    expect((await copyUsage(getDb())).kept).toBe(2);

    fireEvent.click(screen.getByRole('button', { name: 'Remove image copies' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Yes, remove image copies' }));
    await waitFor(() => expect(screen.getByRole('status', { name: '' }).textContent).toBe('Image copies removed. Keep copies of images is off.'));
    expect(await copyUsage(getDb())).toEqual({ bytes: 0, kept: 0, pending: 0, failed: 0 });
    expect((await loadSettings()).keepImageCopies).toBe(false);
    await screen.findByText('0 MB');
    expect((screen.getByRole('button', { name: 'Remove image copies' }) as HTMLButtonElement).disabled).toBe(true);
  });
});

import { act, cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { SaveState } from './SaveState';
import { trackSave } from './save-status';

afterEach(cleanup);

async function failWith(error: unknown) {
  await act(async () => {
    await trackSave(Promise.reject(error)).catch(() => undefined);
  });
}

describe('the save line', () => {
  it('says when a change was not saved because browser storage is full, and that what was typed is kept', async () => {
    render(<SaveState />);
    await failWith(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
    const line = screen.getByText(/Not saved/);
    expect(line.textContent).toContain('browser storage is full');
    expect(line.textContent).toContain('what you typed is kept on this page');
  });

  it('keeps the general message for other failures, and says Saved once a change goes through', async () => {
    render(<SaveState />);
    await failWith(new Error('something else'));
    expect(screen.getByText(/Not saved/).textContent).toContain('the browser could not store your change');
    await act(async () => {
      await trackSave(Promise.resolve());
    });
    expect(screen.getByText('Saved')).toBeTruthy();
  });
});

import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { SyncIndicator } from './SyncIndicator';

afterEach(cleanup);

describe('the sync indicator', () => {
  it('says when the browser has no room left for the team library, that nothing is lost, and how many changes wait', () => {
    render(<SyncIndicator status={{ state: 'storageFull', waiting: 2, refused: [], updatedAt: 1 }} />);
    const line = screen.getByText(/Team library:/);
    expect(line.textContent).toContain('browser storage is full');
    expect(line.textContent).toContain('nothing is lost');
    expect(line.textContent).toContain('2 changes waiting');
    expect(line.getAttribute('data-sync-state')).toBe('storageFull');
  });

  it('tells a full disk apart from being offline', () => {
    render(<SyncIndicator status={{ state: 'offline', waiting: 0, refused: [], updatedAt: 1 }} />);
    const line = screen.getByText(/Team library:/);
    expect(line.textContent).toContain('offline');
    expect(line.textContent).not.toContain('storage');
  });
});

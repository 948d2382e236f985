import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { freshPageDb } from '@/tests/unit/page-db';
import { PopupExport } from './PopupExport';

beforeEach(async () => {
  await freshPageDb();
});
afterEach(cleanup);

describe('PopupExport', () => {
  it('draws "Export bundle" at once, and a press made before the rest has loaded still asks for the name', async () => {
    render(<PopupExport />);
    const button = screen.getByRole('button', { name: 'Export bundle' });
    // Pressed in the same moment as the first render: what the press does has not loaded yet.
    fireEvent.click(button);
    // No contributor name in the settings: the press asks for one, as a later press does.
    expect(await screen.findByRole('textbox', { name: /your name/i })).toBeTruthy();
  });

  it('a press after loading asks for the name too, and only once', async () => {
    render(<PopupExport />);
    // Wait for the panel: its status line is drawn once it has loaded.
    await new Promise((resolve) => setTimeout(resolve, 50));
    fireEvent.click(screen.getByRole('button', { name: 'Export bundle' }));
    expect(await screen.findByRole('textbox', { name: /your name/i })).toBeTruthy();
    expect(screen.getAllByRole('textbox', { name: /your name/i })).toHaveLength(1);
  });
});

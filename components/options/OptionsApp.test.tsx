import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { getDb, OWNER } from '@/utils/store/db';
import { saveClipping } from '@/utils/store/clippings';
import { updateAnnotation } from '@/utils/store/annotations';
import { loadSettings, saveSettings } from '@/utils/settings';
import { makeSnapshot } from '@/tests/unit/snapshots';
import { freshPageDb, ownAnnotation } from '@/tests/unit/page-db';
import { OptionsApp, parseTagInput } from './OptionsApp';

beforeEach(async () => {
  await freshPageDb();
});
afterEach(cleanup);

async function renderOptions() {
  render(<OptionsApp />);
  return screen.findByRole('heading', { level: 1, name: 'Options' });
}

describe('OptionsApp', () => {
  it('has the textboxes "Your name" and "Organisation", which save by themselves', async () => {
    await renderOptions();
    const name = screen.getByRole('textbox', { name: 'Your name' });
    expect(name.getAttribute('autocomplete')).toBe('name');
    fireEvent.input(name, { target: { value: 'Sam Jones' } });
    fireEvent.input(screen.getByRole('textbox', { name: 'Organisation' }), { target: { value: 'Example Borough Council' } });
    await waitFor(async () => expect(await loadSettings()).toMatchObject({ contributorName: 'Sam Jones', organisation: 'Example Borough Council' }), { timeout: 3000 });
    await screen.findByText('Saved');
  });

  it('shows the tracked hashtags (default lgadigital), says what is wrong with bad input and keeps it, and saves good input', async () => {
    await renderOptions();
    const tags = screen.getByRole('textbox', { name: 'Tracked hashtags' }) as HTMLInputElement;
    expect(tags.value).toBe('#lgadigital');
    fireEvent.input(tags, { target: { value: 'lga digital!' } });
    const error = await screen.findByText('Enter at least one hashtag, such as lgadigital, using only letters, numbers and underscores');
    expect(tags.getAttribute('aria-describedby')).toContain(error.id);
    expect(tags.getAttribute('aria-invalid')).toBe('true');
    expect(tags.value).toBe('lga digital!');
    await new Promise((r) => setTimeout(r, 700));
    expect((await loadSettings()).trackedTags).toEqual(['lgadigital']); // nothing saved while wrong

    fireEvent.input(tags, { target: { value: '#LGAdigital, commshero' } });
    expect(screen.queryByText(/Enter at least one hashtag/)).toBeNull();
    await waitFor(async () => expect((await loadSettings()).trackedTags).toEqual(['lgadigital', 'commshero']), { timeout: 3000 });
  });

  it('shows or hides the button on X', async () => {
    await renderOptions();
    const show = screen.getByRole('checkbox', { name: 'Show the "Send to LGA guide" button on X' }) as HTMLInputElement;
    expect(show.checked).toBe(true);
    fireEvent.click(show);
    await waitFor(async () => expect((await loadSettings()).showButton).toBe(false));
  });

  it('follows a change made elsewhere', async () => {
    await renderOptions();
    await saveSettings({ showButton: false });
    await waitFor(() => expect((screen.getByRole('checkbox', { name: /Show the/ }) as HTMLInputElement).checked).toBe(false));
  });

  it('saves a name typed just before the page closed, the next time it opens', async () => {
    localStorage.setItem('lga-draft:options:name', 'Typed then closed');
    await renderOptions();
    expect((screen.getByRole('textbox', { name: 'Your name' }) as HTMLInputElement).value).toBe('Typed then closed');
    await waitFor(async () => expect((await loadSettings()).contributorName).toBe('Typed then closed'), { timeout: 3000 });
  });

  it('lists the twelve themes, renames one and adds one of the user\'s own', async () => {
    await renderOptions();
    const section = screen.getByRole('region', { name: 'Themes' });
    const first = await within(section).findByRole('textbox', { name: 'Name of theme 1' });
    expect((first as HTMLInputElement).value).toBe('Strategy, planning and evaluation');
    expect(within(section).getAllByRole('textbox', { name: /^Name of theme \d+$/ })).toHaveLength(12);

    fireEvent.input(within(section).getByRole('textbox', { name: 'Name of theme 2' }), { target: { value: 'Tone of voice' } });
    await waitFor(async () => expect((await getDb().themes.get('tone'))?.name).toBe('Tone of voice'), { timeout: 3000 });

    fireEvent.click(within(section).getByRole('button', { name: 'Add a theme' }));
    expect(await within(section).findByText('Enter a name for the theme')).toBeTruthy();
    fireEvent.input(within(section).getByRole('textbox', { name: 'New theme' }), { target: { value: 'Welsh language' } });
    fireEvent.click(within(section).getByRole('button', { name: 'Add a theme' }));
    expect(((await within(section).findByRole('textbox', { name: 'Name of theme 13' })) as HTMLInputElement).value).toBe('Welsh language');
    await waitFor(() => expect((within(section).getByRole('textbox', { name: 'New theme' }) as HTMLInputElement).value).toBe(''));
  });

  it('merges a theme into another without losing a clipping\'s link', async () => {
    const db = getDb();
    await saveClipping(db, makeSnapshot(), 1);
    await updateAnnotation(db, '1846200000000000001', { themes: ['legal'] }, OWNER, 2);
    await renderOptions();
    const section = screen.getByRole('region', { name: 'Themes' });
    const merge = await within(section).findByRole('button', { name: 'Merge Legal and risk: defamation, data, HR policy into the theme selected' });
    const row = merge.closest('li')!;
    fireEvent.change(within(row).getByRole('combobox', { name: 'Merge into' }), { target: { value: 'governance' } });
    fireEvent.click(merge);
    await screen.findByText('Theme merged.');
    expect((await ownAnnotation(db, '1846200000000000001'))?.themes).toEqual(['governance']);
    await waitFor(() => expect(within(section).getAllByRole('textbox', { name: /^Name of theme \d+$/ })).toHaveLength(11));
  });
});

describe('parseTagInput', () => {
  it('splits on spaces and commas, drops # and case, and refuses what is not a hashtag', () => {
    expect(parseTagInput('#LGAdigital, commshero  lgadigital')).toEqual({ tags: ['lgadigital', 'commshero'] });
    expect(parseTagInput('   ')).toEqual({ error: true });
    expect(parseTagInput('lga-digital')).toEqual({ error: true });
  });
});

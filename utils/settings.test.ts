import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, loadSettings, parseSettings, saveSettings } from './settings';

describe('settings', () => {
  it('defaults to tracking #lgadigital with the button shown', async () => {
    expect(await loadSettings()).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS.trackedTags).toEqual(['lgadigital']);
  });
  it('normalises tags as users type them and keeps the default when none is valid', () => {
    expect(parseSettings({ trackedTags: ['#LGAdigital ', 'CommsHero', 'not a tag'] }).trackedTags).toEqual(['lgadigital', 'commshero']);
    expect(parseSettings({ trackedTags: ['   '] }).trackedTags).toEqual(['lgadigital']);
    expect(parseSettings('garbage')).toEqual(DEFAULT_SETTINGS);
  });
  it('saves a change and keeps the rest', async () => {
    await saveSettings({ contributorName: 'Sam Jones', organisation: 'Example Borough Council' });
    await saveSettings({ showButton: false });
    expect(await loadSettings()).toEqual({ ...DEFAULT_SETTINGS, showButton: false, contributorName: 'Sam Jones', organisation: 'Example Borough Council' });
  });
  it('exports anonymised and without images unless the user chose otherwise', () => {
    expect(parseSettings({}).exportAnonymise).toBe(true);
    expect(parseSettings({}).exportIncludeImages).toBe(false);
    expect(parseSettings({ exportAnonymise: false, exportIncludeImages: true })).toMatchObject({ exportAnonymise: false, exportIncludeImages: true });
    expect(parseSettings({ exportAnonymise: 'no' }).exportAnonymise).toBe(true);
  });
  it('keeps no copies of images unless the user chose to', () => {
    expect(parseSettings({}).keepImageCopies).toBe(false);
    expect(parseSettings({ keepImageCopies: true }).keepImageCopies).toBe(true);
    expect(parseSettings({ keepImageCopies: 'yes' }).keepImageCopies).toBe(false);
  });
  it('follows the browser’s language unless options chose English or Welsh', async () => {
    expect(DEFAULT_SETTINGS.language).toBe('auto');
    expect(parseSettings({ language: 'cy' }).language).toBe('cy');
    expect(parseSettings({ language: 'en_GB' }).language).toBe('en_GB');
    expect(parseSettings({ language: 'fr' }).language).toBe('auto');
    expect(parseSettings({ language: 7 }).language).toBe('auto');
    await saveSettings({ language: 'cy' });
    await saveSettings({ showButton: false });
    expect((await loadSettings()).language).toBe('cy');
  });
});

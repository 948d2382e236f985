import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectedButtons } from '../fixtures/x/posts.mjs';
import { type Session, axeViolations, clipAll, launch, requireBrowser } from './harness';

/**
 * The library, popup and options pages in Chromium, over clippings made on an X page: annotate by
 * mouse and keyboard, close and reopen, search, remove and undo, and axe-core in light and dark.
 */
const run = requireBrowser();
describe.runIf(run)('library, popup and options in Chromium', () => {
  let session: Session;
  let page: Page;
  const url = (name: string) => `chrome-extension://${session.extensionId}/${name}.html`;

  beforeAll(async () => {
    session = await launch();
    await clipAll(session);
    page = await session.context.newPage();
  });
  afterAll(async () => {
    await session?.close();
  });

  it('lists every clipping with its count', async () => {
    await page.goto(url('library'));
    await expect.poll(() => page.getByRole('status').textContent()).toBe(`Showing ${expectedButtons.length} of ${expectedButtons.length} clippings`);
    await page.locator('article').first().waitFor(); // each row reads its own record after the count
    expect(await page.locator('article').count()).toBeGreaterThan(0);
  });

  it('keeps verdicts set by mouse and keyboard, a lesson, a theme and a select after closing and reopening', async () => {
    await page.goto(url('library'));
    const first = page.locator('article').first();
    const firstId = await first.getAttribute('data-post-id');
    await first.getByRole('radiogroup', { name: 'Verdict' }).getByRole('radio', { name: 'Do', exact: true }).click();
    await first.getByRole('textbox', { name: 'Lesson' }).fill('Say what changes for residents, first');
    await first.getByRole('group', { name: 'Themes' }).getByRole('checkbox', { name: /Tone of voice/ }).check();
    await first.getByRole('combobox', { name: 'Author type' }).selectOption({ label: 'Council' });
    const second = page.locator('article').nth(1);
    const secondId = await second.getAttribute('data-post-id');
    // Keyboard: focus the verdict group and move with the arrow keys to "Don't".
    await second.getByRole('radio', { name: 'Do', exact: true }).focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => second.getByRole('radio', { name: "Don't" }).isChecked()).toBe(true);
    await page.getByText('Saved', { exact: true }).waitFor();
    await page.waitForTimeout(700); // the lesson's save comes half a second after typing stops
    await page.close();

    page = await session.context.newPage();
    await page.goto(url('library'));
    const again = page.locator(`article[data-post-id="${firstId}"]`);
    await expect.poll(() => again.getByRole('textbox', { name: 'Lesson' }).inputValue()).toBe('Say what changes for residents, first');
    expect(await again.getByRole('radio', { name: 'Do', exact: true }).isChecked()).toBe(true);
    expect(await again.getByRole('checkbox', { name: /Tone of voice/ }).isChecked()).toBe(true);
    expect(await again.getByRole('combobox', { name: 'Author type' }).inputValue()).toBe('council');
    expect(await page.locator(`article[data-post-id="${secondId}"]`).getByRole('radio', { name: "Don't" }).isChecked()).toBe(true);
  });

  it('keeps a lesson typed just before the page closed', async () => {
    await page.goto(url('library'));
    const third = page.locator('article').nth(2);
    const id = await third.getAttribute('data-post-id');
    await third.getByRole('textbox', { name: 'Lesson' }).fill('Typed and closed at once');
    await page.close({ runBeforeUnload: true });
    page = await session.context.newPage();
    await page.goto(url('library'));
    await expect.poll(() => page.locator(`article[data-post-id="${id}"]`).getByRole('textbox', { name: 'Lesson' }).inputValue()).toBe('Typed and closed at once');
  });

  it('searches with words and operators and says how many it shows', async () => {
    await page.goto(url('library'));
    const search = page.getByRole('searchbox', { name: 'Search clippings' });
    await search.fill('verdict:do');
    await expect.poll(() => page.getByRole('status').textContent()).toBe(`Showing 1 of ${expectedButtons.length} clippings`);
    expect(await page.locator('article').first().getByRole('textbox', { name: 'Lesson' }).inputValue()).toBe('Say what changes for residents, first');
    await search.fill('has:lesson');
    await expect.poll(() => page.getByRole('status').textContent()).toBe(`Showing 2 of ${expectedButtons.length} clippings`);
    await search.fill('since:yesterday ');
    await expect.poll(() => page.getByText('since: needs a date').count()).toBeGreaterThan(0);
    expect(await search.inputValue()).toBe('since:yesterday '); // what was typed is kept
  });

  it('removes a clipping and Undo brings it back with its annotations', async () => {
    await page.goto(url('library'));
    const search = page.getByRole('searchbox', { name: 'Search clippings' });
    await search.fill('verdict:do');
    await expect.poll(() => page.getByRole('status').textContent()).toBe(`Showing 1 of ${expectedButtons.length} clippings`);
    await page.locator('article').first().getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe(`Showing 0 of ${expectedButtons.length - 1} clippings`);
    const undo = page.getByRole('button', { name: 'Undo' });
    expect(await undo.evaluate((el) => el === document.activeElement)).toBe(true);
    await undo.click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe(`Showing 1 of ${expectedButtons.length} clippings`);
    expect(await page.locator('article').first().getByRole('textbox', { name: 'Lesson' }).inputValue()).toBe('Say what changes for residents, first');
  });

  it('the popup lists the newest clippings with their verdicts', async () => {
    await page.goto(url('popup'));
    await page.locator('article').first().waitFor();
    expect(await page.locator('article').count()).toBe(10);
    expect(await page.getByRole('link', { name: 'Open library' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Export bundle' }).count()).toBe(1);
    const verdicts = await page.locator('article').evaluateAll((articles) => articles.map((a) => (a.querySelector('input[type=radio]:checked') as HTMLInputElement | null)?.value));
    expect(verdicts.every((v) => v === 'do' || v === 'dont' || v === 'undecided')).toBe(true);
  });

  it('options keep the name, organisation and hashtags', async () => {
    await page.goto(url('options'));
    await page.getByRole('textbox', { name: 'Your name' }).fill('Sam Jones');
    await page.getByRole('textbox', { name: 'Organisation' }).fill('Example Borough Council');
    const tags = page.getByRole('textbox', { name: 'Tracked hashtags' });
    await tags.fill('lga digital!');
    await page.getByText('Enter at least one hashtag').waitFor();
    expect(await tags.inputValue()).toBe('lga digital!');
    await tags.fill('#lgadigital commshero');
    await page.waitForTimeout(800);
    await page.reload();
    expect(await page.getByRole('textbox', { name: 'Your name' }).inputValue()).toBe('Sam Jones');
    expect(await page.getByRole('textbox', { name: 'Tracked hashtags' }).inputValue()).toBe('#lgadigital #commshero');
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`has no axe-core violations on the three pages (${scheme})`, async () => {
      await page.emulateMedia({ colorScheme: scheme });
      for (const name of ['popup', 'library', 'options']) {
        await page.goto(url(name));
        await page.waitForTimeout(400);
        expect(await axeViolations(page), name).toEqual([]);
      }
    });
  }
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { expectedButtons, samplePosts } from '../fixtures/x/posts.mjs';
import { type Session, axeViolations, clipAll, launch, requireBrowser } from './harness';

/**
 * The names the pages promise (role and accessible name, exactly as docs and outside checks use them),
 * focus after remove and undo, and reflow at 400% zoom (a 320 CSS px wide window), in Chromium, over
 * clippings made by pressing the buttons on an X page.
 */
const run = requireBrowser();
/** Content wider than the window: the page scrolls sideways (WCAG 1.4.10 Reflow). */
async function overflow(page: Page): Promise<{ scrollWidth: number; clientWidth: number; wide: string[] }> {
  return page.evaluate(() => {
    const root = document.documentElement;
    const wide = [...document.querySelectorAll<HTMLElement>('body *')]
      .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 1 && el.getClientRects().length > 0)
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className} (${Math.round(el.getBoundingClientRect().right)}px)`);
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide };
  });
}

describe.runIf(run)('the pages: names, focus and 400% zoom, in Chromium', () => {
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

  async function expectClippingControls(article: Locator, all: boolean) {
    const verdict = article.getByRole('radiogroup', { name: 'Verdict', exact: true });
    expect(await verdict.count()).toBe(1);
    for (const name of ['Do', "Don't", 'Undecided']) expect(await verdict.getByRole('radio', { name, exact: true }).count(), name).toBe(1);
    expect(await article.getByRole('textbox', { name: 'Lesson', exact: true }).count()).toBe(1);
    if (!all) return;
    const kind = article.getByRole('radiogroup', { name: 'Kind', exact: true });
    expect(await kind.getByRole('radio').count()).toBe(2);
    expect(await article.getByRole('textbox', { name: 'Note', exact: true }).count()).toBe(1);
    const themes = article.getByRole('group', { name: 'Themes', exact: true });
    expect(await themes.getByRole('checkbox').count()).toBe(12);
    expect(await themes.getByRole('checkbox', { name: 'Tone of voice and being human', exact: true }).count()).toBe(1);
    expect(await article.getByRole('combobox', { name: 'Author type', exact: true }).count()).toBe(1);
    expect(await article.getByRole('combobox', { name: 'Permission', exact: true }).count()).toBe(1);
    expect(await article.getByRole('button', { name: 'Remove', exact: true }).count()).toBe(1);
  }

  it('popup.html: the newest clippings first in articles with text and handle, Verdict and Lesson in each, "Export bundle" and "Open library"', async () => {
    await page.goto(url('popup'));
    await page.getByRole('article').first().waitFor();
    const articles = page.getByRole('article');
    expect(await articles.count()).toBe(10);
    // Newest first: the last post clipped on the X page comes first.
    const last = samplePosts[Object.keys(samplePosts).find((k) => samplePosts[k as keyof typeof samplePosts].id === expectedButtons[expectedButtons.length - 1]) as keyof typeof samplePosts];
    expect(await articles.first().getAttribute('data-post-id')).toBe(expectedButtons[expectedButtons.length - 1]);
    expect(await articles.first().textContent()).toContain(`@${last.handle}`);
    for (const article of await articles.all()) await expectClippingControls(article, false);
    expect(await page.getByRole('button', { name: 'Export bundle', exact: true }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Open library', exact: true }).count()).toBe(1);
  });

  it('library.html: every control in each article, the search field, filters, sorting, the count status and the bundle controls', async () => {
    await page.goto(url('library'));
    await expect.poll(() => page.getByRole('status').textContent()).toBe(`Showing ${expectedButtons.length} of ${expectedButtons.length} clippings`);
    const first = page.getByRole('article').first();
    // Each row reads its own record once the count is known: wait for the first to be drawn.
    await first.getByRole('radiogroup', { name: 'Verdict', exact: true }).waitFor();
    await expectClippingControls(first, true);
    const search = page.getByRole('searchbox', { name: 'Search clippings', exact: true });
    expect(await search.getAttribute('type')).toBe('search');
    await page.getByText('Filters', { exact: true }).click();
    // Named apart from each clipping's own controls, so "Author type" means one thing on the page.
    for (const name of ['Filter by verdict', 'Filter by kind', 'Filter by theme', 'Filter by author type', 'Filter by permission', 'Sort by']) {
      expect(await page.getByRole('combobox', { name, exact: true }).count(), name).toBe(1);
    }
    expect(await page.getByRole('checkbox', { name: 'Only clippings with a lesson' }).count()).toBe(1);
    expect(await page.getByLabel('Posted from').getAttribute('type')).toBe('date');
    expect(await page.getByLabel('Posted to').getAttribute('type')).toBe('date');
    expect(await page.getByRole('button', { name: 'Export bundle', exact: true }).count()).toBe(1);
    expect(await page.getByLabel('Import bundle', { exact: true }).getAttribute('type')).toBe('file');
  });

  it('library.html: focus goes to Undo after Remove, and to the restored clipping after Undo, with its annotations', async () => {
    await page.goto(url('library'));
    const second = page.getByRole('article').nth(1);
    const id = await second.getAttribute('data-post-id');
    await second.getByRole('textbox', { name: 'Note' }).fill('Keep this note through removal');
    await page.getByText('Saved', { exact: true }).waitFor();
    await page.waitForTimeout(700);
    await second.getByRole('button', { name: 'Remove' }).click();
    const undo = page.getByRole('button', { name: 'Undo', exact: true });
    await undo.waitFor();
    await expect.poll(() => undo.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await page.locator(`article[data-post-id="${id}"]`).count()).toBe(0);
    await page.keyboard.press('Enter');
    const back = page.locator(`article[data-post-id="${id}"]`);
    await back.waitFor();
    await expect.poll(() => back.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await back.getByRole('textbox', { name: 'Note' }).inputValue()).toBe('Keep this note through removal');
    expect(await page.getByRole('button', { name: 'Undo', exact: true }).count()).toBe(0);
  });

  it('library.html: a do, a don\'t and an undecided differ in shape and words, not colour alone', async () => {
    await page.goto(url('library'));
    const [a, b, c] = [page.getByRole('article').nth(3), page.getByRole('article').nth(4), page.getByRole('article').nth(5)];
    await a.getByRole('radio', { name: 'Do', exact: true }).check();
    await b.getByRole('radio', { name: "Don't", exact: true }).check();
    const edge = (l: Locator) => l.evaluate((el) => getComputedStyle(el).borderLeftStyle);
    await expect.poll(() => edge(a)).toBe('solid');
    await expect.poll(() => edge(b)).toBe('dashed');
    expect(await c.getByRole('radio', { name: 'Undecided', exact: true }).isChecked()).toBe(true);
    expect(await edge(c)).toBe('dotted');
    // The words: each radio's label is its own, and the checked one is announced.
    expect(await a.getByRole('radio', { name: 'Do', exact: true }).isChecked()).toBe(true);
    expect(await b.getByRole('radio', { name: "Don't", exact: true }).isChecked()).toBe(true);
  });

  it('options.html: "Your name", "Organisation", tracked hashtags (lgadigital), the button switch and the theme list', async () => {
    await page.goto(url('options'));
    await page.getByRole('heading', { name: 'Options', level: 1 }).waitFor();
    expect(await page.getByRole('textbox', { name: 'Your name', exact: true }).count()).toBe(1);
    expect(await page.getByRole('textbox', { name: 'Organisation', exact: true }).count()).toBe(1);
    const tags = page.getByRole('textbox', { name: 'Tracked hashtags', exact: true });
    expect(await tags.inputValue()).toMatch(/#lgadigital/);
    expect(await page.getByRole('checkbox', { name: 'Show the "Send to LGA guide" button on X' }).isChecked()).toBe(true);
    const themes = page.getByRole('region', { name: 'Themes' });
    expect(await themes.getByRole('textbox', { name: /^Name of theme \d+$/ }).count()).toBeGreaterThanOrEqual(12);
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`reflows at 400% zoom (320 CSS px wide) with no sideways scrolling, ${scheme}`, async () => {
      const narrow = await session.context.newPage();
      await narrow.setViewportSize({ width: 320, height: 640 });
      await narrow.emulateMedia({ colorScheme: scheme });
      for (const name of ['popup', 'library', 'options']) {
        await narrow.goto(url(name));
        await narrow.getByRole('heading', { level: 1 }).waitFor();
        if (name !== 'options') await narrow.getByRole('article').first().waitFor();
        if (name === 'library') await narrow.getByText('Filters', { exact: true }).click();
        const o = await overflow(narrow);
        expect(o.scrollWidth, `${name}: ${o.wide.join(', ')}`).toBeLessThanOrEqual(o.clientWidth);
      }
      await narrow.close();
    });
  }

  for (const [scheme, width] of [['light', 1200], ['dark', 1200], ['light', 320], ['dark', 320]] as const) {
    it(`has no axe-core violations with filters open, errors shown and the Undo notice (${scheme}, ${width} px)`, async () => {
      const p = await session.context.newPage();
      await p.emulateMedia({ colorScheme: scheme });
      await p.setViewportSize({ width, height: 800 });
      await p.goto(url('library'));
      await p.getByRole('article').first().waitFor();
      await p.getByText('Filters', { exact: true }).click();
      await p.getByText('Keyboard shortcuts', { exact: true }).click();
      await p.getByRole('searchbox', { name: 'Search clippings' }).fill('verdict:maybe');
      await p.getByText(/verdict: can be do, dont or undecided/).first().waitFor();
      expect(await axeViolations(p), `library with an error, ${width}px`).toEqual([]);
      await p.getByRole('searchbox', { name: 'Search clippings' }).fill('');
      await p.getByRole('article').first().getByRole('button', { name: 'Remove' }).click();
      await p.getByRole('button', { name: 'Undo', exact: true }).waitFor();
      expect(await axeViolations(p), `library with the Undo notice, ${width}px`).toEqual([]);
      await p.getByRole('button', { name: 'Undo', exact: true }).click();
      await p.getByRole('button', { name: 'Undo', exact: true }).waitFor({ state: 'detached' });

      await p.goto(url('options'));
      await p.getByRole('textbox', { name: 'Tracked hashtags' }).fill('lga digital!');
      await p.getByText(/Enter at least one hashtag/).waitFor();
      await p.getByRole('button', { name: 'Add a theme' }).click();
      await p.getByText('Enter a name for the theme').waitFor();
      expect(await axeViolations(p), `options with errors, ${width}px`).toEqual([]);
      await p.getByRole('textbox', { name: 'Tracked hashtags' }).fill('#lgadigital');
      await p.waitForTimeout(700);

      await p.goto(url('popup'));
      await p.getByRole('article').first().waitFor();
      expect(await axeViolations(p), `popup, ${width}px`).toEqual([]);
      await p.close();
    });
  }
});

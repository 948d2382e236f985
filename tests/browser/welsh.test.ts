import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedButtons, renderTimelinePage, samplePosts } from '../fixtures/x/posts.mjs';
import { type Session, axeViolations, buttons, launch, openX, requireBrowser } from './harness';

/**
 * Choosing Cymraeg on the options page: the button on X, the library and the popup then speak Welsh
 * (with Welsh dates and plurals), and choosing English again brings English back. Chromium never
 * loads a `cy` locale itself, so this is the override at work (docs/i18n.md).
 */
const run = requireBrowser();
const WELSH_MONTH = /(Ionawr|Chwefror|Mawrth|Ebrill|Mai|Mehefin|Gorffennaf|Awst|Medi|Hydref|Tachwedd|Rhagfyr)/;

describe.runIf(run)('Welsh chosen on the options page, in Chromium', () => {
  let session: Session;
  const url = (name: string) => `chrome-extension://${session.extensionId}/${name}.html`;
  /** The language stored in settings, read in the extension's service worker. */
  const storedLanguage = async () => {
    const worker = session.context.serviceWorkers()[0] ?? (await session.context.waitForEvent('serviceworker'));
    return worker.evaluate(async () => {
      const chrome = (globalThis as unknown as { chrome: typeof import('webextension-polyfill') }).chrome;
      return ((await chrome.storage.local.get('settings')).settings as { language?: string } | undefined)?.language;
    });
  };

  async function chooseLanguage(label: string, value: string) {
    const page = await session.context.newPage();
    await page.goto(url('options'));
    await page.getByRole('combobox', { name: /^(Language|Iaith)/ }).selectOption({ label });
    await expect.poll(storedLanguage).toBe(value);
    await page.close();
  }

  beforeAll(async () => {
    session = await launch();
  });
  afterAll(async () => {
    await session?.close();
  });

  it('starts in English, the browser’s language', async () => {
    const page = await session.context.newPage();
    await page.goto(url('options'));
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Options');
    expect(await page.getByRole('combobox', { name: /^Language/ }).inputValue()).toBe('auto');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en-GB');
    await page.close();
  });

  it('turns the open options page and the buttons on an open X page Welsh as soon as Cymraeg is chosen', async () => {
    const x = await openX(session, '/home', renderTimelinePage(Object.values(samplePosts)));
    await x.waitForSelector('[data-lga-host][data-state="unsaved"]');
    expect(new Set((await buttons(x)).map((b) => b.label))).toEqual(new Set(['Send to LGA guide']));
    const page = await session.context.newPage();
    await page.goto(url('options'));
    const select = page.getByRole('combobox', { name: /^Language/ });
    await select.focus();
    await select.selectOption({ label: 'Cymraeg' });
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Dewisiadau');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('cy');
    expect(await page.title()).toBe('Dewisiadau – LGA Guide Clipper');
    expect(await page.evaluate(() => (document.activeElement as HTMLSelectElement | null)?.value)).toBe('cy');
    expect(await page.getByRole('combobox', { name: /^Iaith/ }).inputValue()).toBe('cy');
    expect(await storedLanguage()).toBe('cy');
    await page.close();
    // The X page was not reloaded.
    await expect.poll(async () => [...new Set((await buttons(x)).map((b) => b.label))]).toEqual(["Anfon i ganllaw'r LGA"]);
    expect(await x.locator('[data-lga-host][data-lga-post]').first().getAttribute('lang')).toBe('cy');
    await x.close();
  });

  it('shows the options page in Welsh when opened again', async () => {
    const page = await session.context.newPage();
    await page.goto(url('options'));
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Dewisiadau');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('cy');
    expect(await page.title()).toBe('Dewisiadau – LGA Guide Clipper');
    expect(await page.getByRole('combobox', { name: /^Iaith/ }).inputValue()).toBe('cy');
    expect(await page.getByRole('heading', { name: 'Amdanoch chi' }).count()).toBe(1);
    await page.close();
  });

  it('names the button on X in Welsh, and saves with it', async () => {
    const x = await openX(session, '/home', renderTimelinePage(Object.values(samplePosts)));
    await x.waitForSelector('[data-lga-host][data-state="unsaved"]');
    const shown = await buttons(x);
    expect(shown.length).toBe(expectedButtons.length);
    expect(new Set(shown.map((b) => b.label))).toEqual(new Set(["Anfon i ganllaw'r LGA"]));
    expect(await x.locator('[data-lga-host][data-lga-post]').first().getAttribute('lang')).toBe('cy');
    for (const id of expectedButtons.slice(0, 2)) {
      await x.locator(`[data-lga-post="${id}"] button.lga-btn`).click();
      await x.waitForSelector(`[data-lga-post="${id}"][data-state="saved"]`);
    }
    expect((await buttons(x)).find((b) => b.postId === expectedButtons[0])?.label).toBe("Wedi'i chadw yng nghanllaw'r LGA");
    // X's own page keeps its language.
    expect(await x.evaluate(() => document.documentElement.lang)).not.toBe('cy');
    await x.close();
  });

  it('shows the library and the popup in Welsh, with Welsh dates and the Welsh plural', async () => {
    const page = await session.context.newPage();
    await page.goto(url('library'));
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Llyfrgell');
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Yn dangos 2 o 2 doriad');
    expect(await page.getByRole('searchbox', { name: "Chwilio'r toriadau" }).count() + (await page.getByRole('textbox', { name: "Chwilio'r toriadau" }).count())).toBe(1);
    expect(await page.getByRole('radiogroup', { name: 'Dyfarniad' }).count()).toBe(2);
    expect(await page.locator('article').first().textContent()).toMatch(new RegExp(`Postiwyd \\d{1,2} ${WELSH_MONTH.source} \\d{4}`));
    await page.goto(url('popup'));
    await expect.poll(() => page.locator('body').textContent()).toContain('2 doriad');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('cy');
    await page.close();
  });

  it('asks about an export in Welsh, counts included, with no axe-core violations', async () => {
    const page = await session.context.newPage();
    await page.goto(url('library'));
    await page.getByRole('button', { name: 'Allforio bwndel' }).click();
    const dialog = page.getByRole('dialog', { name: 'Allforio bwndel' });
    await dialog.waitFor();
    const which = dialog.getByRole('radiogroup', { name: 'Pa doriadau' });
    // The counts arrive with the library's search, a moment after the dialog opens.
    await which.getByRole('radio', { name: 'Pob toriad (2)' }).waitFor();
    expect(await which.getByRole('radio', { name: 'Pob toriad (2)' }).count()).toBe(1);
    expect(await which.getByRole('radio', { name: "Y toriadau y mae'r chwiliad yn eu dangos (2)" }).count()).toBe(1);
    expect(await which.getByRole('radio', { name: 'Y toriadau a ddewisoch chi (dim eto)' }).count()).toBe(1);
    expect(await dialog.getByRole('checkbox', { name: "Gwneud aelodau o'r cyhoedd yn ddienw" }).isChecked()).toBe(true);
    expect({ violations: await axeViolations(page) }).toEqual({ violations: [] });
    await page.close();
  });

  it('has no axe-core violations on the Welsh pages (language attributes included)', async () => {
    const page = await session.context.newPage();
    for (const name of ['options', 'library', 'popup']) {
      await page.goto(url(name));
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.waitForFunction(() => document.documentElement.lang === 'cy');
      expect({ name, violations: await axeViolations(page) }).toEqual({ name, violations: [] });
    }
    // The posts keep their own language inside the Welsh page (they were written in English).
    expect(await page.evaluate(() => [...new Set([...document.querySelectorAll('[lang]')].map((e) => e.getAttribute('lang')))])).toEqual(['cy', 'en']);
    await page.close();
  });

  it('goes back to English when English is chosen', async () => {
    await chooseLanguage('English', 'en_GB');
    const x = await openX(session, '/home', renderTimelinePage(Object.values(samplePosts)));
    await x.waitForSelector(`[data-lga-post="${expectedButtons[0]}"][data-state="saved"]`);
    const shown = await buttons(x);
    expect(shown.find((b) => b.postId === expectedButtons[0])?.label).toBe('Saved to LGA guide');
    expect(shown.find((b) => b.postId === expectedButtons[2])?.label).toBe('Send to LGA guide');
    const page = await session.context.newPage();
    await page.goto(url('library'));
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Library');
    expect(session.errors).toEqual([]);
  });
});

describe.runIf(run)('a Chromium whose preferred language is Welsh, with the language left to the browser', () => {
  let session: Session;
  beforeAll(async () => {
    session = await launch({ locale: 'cy' });
  });
  afterAll(async () => {
    await session?.close();
  });

  it('shows Welsh on X and on the extension’s pages, though Chromium’s own interface is English', async () => {
    const x = await openX(session, '/home', renderTimelinePage(Object.values(samplePosts)));
    await x.waitForSelector('[data-lga-host][data-state="unsaved"]');
    expect(new Set((await buttons(x)).map((b) => b.label))).toEqual(new Set(["Anfon i ganllaw'r LGA"]));
    const page = await session.context.newPage();
    await page.goto(`chrome-extension://${session.extensionId}/options.html`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Dewisiadau');
    expect(await page.getByRole('combobox', { name: /^Iaith/ }).inputValue()).toBe('auto');
    expect(session.errors).toEqual([]);
  });
});

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { type Session, axeViolations, clipAll, launch, requireBrowser } from './harness';

/**
 * The Guide page in Chromium: examples picked "For the guide" in the library appear under their theme
 * and verdict; the editor orders them by button and by drag, and the order holds after a reload.
 */
const run = requireBrowser();
const TONE = 'Tone of voice and being human';

describe.runIf(run)('the Guide page in Chromium', () => {
  let session: Session;
  let page: Page;
  const url = (name: string) => `chrome-extension://${session.extensionId}/${name}.html`;
  const picked: string[] = [];

  beforeAll(async () => {
    session = await launch();
    await clipAll(session);
    page = await session.context.newPage();
    await page.setViewportSize({ width: 1366, height: 900 });
  });
  afterAll(async () => {
    await session?.close();
  });

  /** The post ids of the "Do" examples of the tone theme, in the order the page shows them. */
  async function doOrder(): Promise<string[]> {
    const list = page.getByRole('region', { name: TONE }).getByRole('list', { name: 'Do' });
    return list.locator('article').evaluateAll((articles) => articles.map((a) => a.getAttribute('data-post-id') ?? ''));
  }
  const example = (postId: string): Locator => page.getByRole('region', { name: TONE }).locator(`article[data-post-id="${postId}"]`);

  it('shows the clippings picked in the library under their theme and verdict', async () => {
    await page.goto(url('library'));
    const articles = page.locator('article');
    await articles.first().waitFor();
    for (let i = 0; i < 3; i++) {
      const article = articles.nth(i);
      picked.push((await article.getAttribute('data-post-id'))!);
      await article.getByRole('radio', { name: 'Do', exact: true }).check();
      await article.getByRole('group', { name: 'Themes' }).getByRole('checkbox', { name: /Tone of voice/ }).check();
      await article.getByRole('checkbox', { name: 'For the guide' }).check();
    }
    await page.getByText('Saved', { exact: true }).waitFor();
    await page.getByRole('link', { name: 'Guide page' }).click();
    await page.getByRole('heading', { name: 'Guide', level: 1 }).waitFor();
    await expect.poll(doOrder).toHaveLength(3);
    expect([...(await doOrder())].sort()).toEqual([...picked].sort());
  });

  it('orders the examples by Move up and Move down, and by drag, and keeps the order', async () => {
    const start = await doOrder();
    await example(start[0]!).getByRole('button', { name: 'Move down' }).click();
    await expect.poll(doOrder).toEqual([start[1], start[0], start[2]]);
    // Focus stays with the example moved, so the keyboard can go on moving it.
    expect(await page.evaluate(() => document.activeElement?.closest('article')?.getAttribute('data-post-id'))).toBe(start[0]);
    await page.keyboard.press('Enter');
    await expect.poll(doOrder).toEqual([start[1], start[2], start[0]]);

    // Drag the last example onto the first.
    await example(start[0]!).dragTo(example(start[1]!));
    await expect.poll(doOrder).toEqual([start[0], start[1], start[2]]);

    await page.reload();
    await expect.poll(doOrder).toEqual([start[0], start[1], start[2]]);
  });

  it('keeps the guide text of a theme', async () => {
    const text = page.getByRole('region', { name: TONE }).getByRole('textbox', { name: 'Guide text' });
    await text.fill('Write as you would speak to a resident at the door.');
    await page.getByText('Saved', { exact: true }).waitFor();
    await page.waitForTimeout(700);
    await page.reload();
    await expect.poll(() => page.getByRole('region', { name: TONE }).getByRole('textbox', { name: 'Guide text' }).inputValue()).toBe('Write as you would speak to a resident at the door.');
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`has no axe-core violations (${scheme})`, async () => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(url('guide'));
      await expect.poll(doOrder).toHaveLength(3);
      expect(await axeViolations(page)).toEqual([]);
    });
  }

  it('drives the Word draft of an export of the clippings picked for the guide: its order, its text and a contents list', async () => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(url('guide'));
    await expect.poll(doOrder).toHaveLength(3);
    const order = await doOrder();
    await page.goto(url('library'));
    await page.getByRole('button', { name: 'Export bundle' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export bundle' });
    await dialog.getByRole('radio', { name: 'Only clippings picked for the guide (3)' }).check();
    await dialog.getByRole('button', { name: 'Download bundle' }).click();
    await dialog.getByText('Enter your name').waitFor();
    await dialog.getByRole('textbox', { name: 'Your name' }).fill('Edith Editor');
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Download bundle' }).click()]);
    const path = join(mkdtempSync(join(tmpdir(), 'lga-guide-')), download.suggestedFilename());
    await download.saveAs(path);
    const files = unzipSync(new Uint8Array(readFileSync(path)));
    const bundle = JSON.parse(strFromU8(files['bundle.json']!));
    expect(bundle.clippings.map((c: { postId: string }) => c.postId).sort()).toEqual([...order].sort());
    expect(bundle.clippings.every((c: { annotations: Array<{ forGuide?: boolean }> }) => c.annotations[0]!.forGuide === true)).toBe(true);
    const docx = unzipSync(files['guide-draft.docx']!);
    const xml = strFromU8(docx['word/document.xml']!);
    // The contents, then the theme with its guide text, then its examples in the Guide page's order.
    const at = (text: string, from = 0) => xml.indexOf(text, from);
    expect(at('>Contents<')).toBeGreaterThan(0);
    expect(xml).toContain('w:anchor=');
    const theme = at('Write as you would speak to a resident at the door.');
    expect(theme).toBeGreaterThan(at('>Contents<'));
    const positions = order.map((id) => at(`status/${id}`, theme));
    expect(positions.every((p) => p > theme)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    await page.keyboard.press('Escape');
  });

  it('is linked from the popup', async () => {
    await page.goto(url('popup'));
    expect(await page.getByRole('link', { name: 'Open the guide' }).getAttribute('href')).toBe(url('guide'));
    expect(session.errors).toEqual([]);
  });
});

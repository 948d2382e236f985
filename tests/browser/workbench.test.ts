import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { makeSnapshot } from '../unit/snapshots';
import { contributorBundle } from '../unit/team-bundle';
import { axeViolations, launch, requireBrowser, type Session } from './harness';

/**
 * The editors' workbench in Chromium, over bundles from three contributors merged into one library:
 * the List view at 1366x768, triage by keyboard alone, the detail panel, acting on 50 selected
 * clippings at once, the keyboard shortcuts dialog, and axe-core on all of it in light and dark.
 */
const run = requireBrowser();
const work = mkdtempSync(join(tmpdir(), 'lga-workbench-'));
const postId = (i: number) => String(1846300000000000000n + BigInt(i));
const COUNT = 60;
/** Posts 1 to 50 are about gritting; the rest about bins. */
const topic = (i: number) => (i <= 50 ? 'gritting' : 'bins');

function bundleOf(name: string, organisation: string, verdict: (i: number) => 'do' | 'dont' | 'undecided'): string {
  const snapshot = (i: number) =>
    makeSnapshot({
      postId: postId(i),
      permalink: `https://x.com/Council${i}/status/${postId(i)}`,
      author: { name: `Council ${i}`, handle: `Council${i}`, verified: false },
      text: `Post ${i} on ${topic(i)}: a longer text so that the row has to cut it short, as the list does for every clipping that runs past two lines on a laptop screen #lgadigital`,
    });
  return JSON.stringify(contributorBundle({ name, organisation }, COUNT, snapshot, verdict));
}

async function importBundle(page: Page, file: string, json: string) {
  const path = join(work, file);
  writeFileSync(path, json);
  await page.locator('input#import-bundle').setInputFiles(path);
  const dialog = page.getByRole('dialog', { name: 'Import bundle' });
  await dialog.getByRole('button', { name: /^Import \d+ clippings?$/ }).click();
  await page.locator('.import-done[role=status]').waitFor();
  await page.keyboard.press('Escape');
}

/** The owner's verdict of each post, from the extension's own database. */
async function ownerVerdicts(page: Page): Promise<Record<string, string>> {
  return page.evaluate(
    () =>
      new Promise<Record<string, string>>((resolve, reject) => {
        const open = indexedDB.open('lga-guide-clipper');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const all = open.result.transaction('annotations').objectStore('annotations').getAll();
          all.onsuccess = () => resolve(Object.fromEntries((all.result as Array<{ postId: string; contributorId: string; verdict: string }>).filter((a) => a.contributorId === 'me').map((a) => [a.postId, a.verdict])));
          all.onerror = () => reject(all.error);
        };
      }),
  );
}

describe.runIf(run)('the editors\u2019 workbench in Chromium', () => {
  let session: Session;
  let page: Page;
  const library = () => `chrome-extension://${session.extensionId}/library.html`;

  beforeAll(async () => {
    session = await launch({ libraryView: 'list' });
    page = await session.context.newPage();
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(library());
    await importBundle(page, 'ann.json', bundleOf('Ann Example', 'Example Borough Council', (i) => (i % 3 === 0 ? 'dont' : 'do')));
    await importBundle(page, 'bea.json', bundleOf('Bea Officer', 'Sample County Council', (i) => (i % 2 === 0 ? 'dont' : 'do')));
    await importBundle(page, 'cal.json', bundleOf('Cal Writer', 'Comms Ltd', (i) => (i % 5 === 0 ? 'undecided' : 'do')));
  });
  afterAll(async () => {
    await session?.close();
  });

  it('shows at least 15 rows at 1366x768 in List, the default view, each in at most three lines', async () => {
    await page.goto(library());
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe(`Showing ${COUNT} of ${COUNT} clippings`);
    expect(await page.getByRole('radio', { name: 'List' }).isChecked()).toBe(true);
    await page.locator('article.list-row').nth(14).waitFor();
    const rows = await page.locator('article.list-row').evaluateAll((articles) =>
      articles.map((a) => {
        const r = a.getBoundingClientRect();
        return { top: r.top, bottom: r.bottom, height: r.height };
      }),
    );
    const visible = rows.filter((r) => r.top >= 0 && r.bottom <= 768);
    expect(visible.length).toBeGreaterThanOrEqual(15);
    // Three lines of text at most (0.875rem on 1.25 line height, with the row's padding).
    for (const r of visible) expect(r.height).toBeLessThanOrEqual(3 * 17.5 + 8);
    // The team's agreement beside each row: Ann and Bea said don't of post 60, Cal is undecided.
    expect(await page.locator('article.list-row').first().locator('.list-row-agreement').textContent()).toBe("2 don't");
    expect(await page.locator(`article.list-row[data-post-id="${postId(58)}"] .list-row-agreement`).textContent()).toBe("2 do, 1 don't");
  });

  it('counts by:, agree: and votes: right over the three contributors\u2019 bundles, and the Contributors summary filters by one', async () => {
    await page.goto(library());
    const search = page.getByRole('searchbox', { name: 'Search clippings' });
    const showing = () => page.getByRole('status').first().textContent();
    const expectations: Array<[string, number]> = [
      ['by:ann', 60], // Ann judged every post
      ['by:"Cal Writer"', 48], // Cal left every fifth undecided
      ['agree:do', 20], // odd and not a multiple of 3
      ['agree:dont', 2], // 30 and 60: Ann and Bea say don't, Cal undecided
      ['votes:>=3', 48],
      ['votes:2', 12],
      ['by:bea agree:do votes:>=3', 16],
    ];
    for (const [query, n] of expectations) {
      await search.fill(query);
      await expect.poll(showing, { message: query }).toBe(`Showing ${n} of ${COUNT} clippings`);
    }
    await search.fill('');
    await page.getByText('Contributors', { exact: true }).click();
    const table = page.locator('table.contributors-table');
    await table.waitFor();
    expect(await table.locator('tbody tr').count()).toBe(4); // you, and the three contributors
    await table.getByRole('button', { name: /Show the clippings Cal Writer/ }).click();
    await expect.poll(showing).toBe(`Showing 48 of ${COUNT} clippings`);
    await page.getByText('Filters', { exact: true }).click();
    expect(await page.getByRole('combobox', { name: 'Judged by' }).inputValue()).toBe('Cal Writer');
    await page.getByRole('combobox', { name: 'Judged by' }).selectOption({ label: 'Any' });
    await expect.poll(showing).toBe(`Showing ${COUNT} of ${COUNT} clippings`);
  });

  it('triages ten clippings by keyboard alone (j, d, n, u), and the verdicts persist', async () => {
    await page.goto(library());
    const first = page.locator('article.list-row').first();
    await first.focus();
    const keys = ['d', 'n', 'u', 'd', 'd', 'n', 'n', 'u', 'd', 'n'];
    const ids: string[] = [];
    const focused = () => page.evaluate(() => (document.activeElement?.classList.contains('list-row') ? document.activeElement.getAttribute('data-post-id') : null));
    for (const [i, key] of keys.entries()) {
      if (i > 0) {
        await page.keyboard.press('j');
        // Focus moves to the next row once it is drawn.
        await expect.poll(focused).not.toBe(ids[i - 1]);
      }
      const id = await focused();
      expect(id).toBeTruthy();
      ids.push(id!);
      await page.keyboard.press(key);
    }
    expect(new Set(ids).size).toBe(10);
    const want = Object.fromEntries(ids.map((id, i) => [id, { d: 'do', n: 'dont', u: 'undecided' }[keys[i] as 'd' | 'n' | 'u']]));
    await expect.poll(async () => Object.fromEntries(Object.entries(await ownerVerdicts(page)).filter(([id]) => ids.includes(id)))).toEqual(want);
    await page.reload();
    const row = page.locator(`article.list-row[data-post-id="${ids[1]}"]`);
    await expect.poll(() => row.locator('.list-row-verdict').textContent()).toContain("Don't");
  });

  it('opens a clipping in the detail panel with every control, and Escape closes it and returns to the row', async () => {
    await page.goto(library());
    const row = page.locator('article.list-row').nth(2);
    const id = await row.getAttribute('data-post-id');
    await row.focus();
    await page.keyboard.press('Enter');
    const panel = page.getByRole('region', { name: 'Clipping details' });
    await panel.waitFor();
    const card = panel.getByRole('article');
    await card.getByRole('radiogroup', { name: 'Verdict' }).getByRole('radio', { name: "Don't" }).check();
    await card.getByRole('textbox', { name: 'Lesson' }).fill('Answer the question asked');
    await card.getByRole('group', { name: 'Themes' }).getByRole('checkbox', { name: /Tone of voice/ }).check();
    await card.getByRole('combobox', { name: 'Author type' }).selectOption({ label: 'Council' });
    expect(await card.getByRole('checkbox', { name: 'For the guide' }).count()).toBe(1);
    // Other contributors' verdicts are there too.
    expect(await panel.getByText('Ann Example on post', { exact: false }).count()).toBeGreaterThan(0);
    // Escape from the panel itself (not from a field) closes it.
    await panel.focus();
    await page.keyboard.press('Escape');
    await expect.poll(() => panel.count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-post-id'))).toBe(id);
    await expect.poll(() => row.locator('.list-row-verdict').textContent()).toContain("Don't");
  });

  it('adds a theme to 50 selected clippings in one go, and says so', async () => {
    await page.goto(library());
    await page.getByRole('searchbox', { name: 'Search clippings' }).fill('gritting');
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe(`Showing 50 of ${COUNT} clippings`);
    await page.getByRole('button', { name: 'Select all shown' }).click();
    await page.getByText('50 selected').waitFor();
    const actions = page.getByRole('group', { name: 'Change the selected clippings' });
    await actions.getByRole('combobox', { name: 'Theme' }).selectOption({ label: 'Emergencies, weather and service disruption' });
    await actions.getByRole('button', { name: 'Add theme' }).click();
    await expect.poll(() => page.locator('.bulk-status[role=status]').textContent()).toContain('added to 50 clippings');
    await page.getByRole('searchbox', { name: 'Search clippings' }).fill('theme:emergencies');
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe(`Showing 50 of ${COUNT} clippings`);
  });

  it('shows the keys in a dialog opened by "?", and by its button', async () => {
    await page.goto(library());
    await page.locator('article.list-row').first().focus();
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain("Verdict: Don't");
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
  });

  it('keeps the Cards view when chosen, with today\u2019s cards', async () => {
    await page.goto(library());
    await page.getByRole('radio', { name: 'Cards' }).check();
    await page.locator('article.clipping').first().waitFor();
    await page.reload();
    expect(await page.getByRole('radio', { name: 'Cards' }).isChecked()).toBe(true);
    await page.locator('article.clipping').first().getByRole('radiogroup', { name: 'Verdict' }).waitFor();
    await page.getByRole('radio', { name: 'List' }).check();
    await page.locator('article.list-row').first().waitFor();
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`has no axe-core violations in List, with the panel open, in the shortcuts dialog, and in Cards (${scheme})`, async () => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(library());
      await page.locator('article.list-row').first().waitFor();
      await page.locator('article.list-row').first().locator('input[type=checkbox]').check();
      await page.getByText('Contributors', { exact: true }).click();
      await page.locator('table.contributors-table').waitFor();
      expect(await axeViolations(page), 'list').toEqual([]);
      await page.locator('article.list-row').nth(1).click({ position: { x: 300, y: 10 } });
      await page.getByRole('region', { name: 'Clipping details' }).waitFor();
      await page.waitForTimeout(300);
      expect(await axeViolations(page), 'panel').toEqual([]);
      await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
      await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
      expect(await axeViolations(page), 'dialog').toEqual([]);
      await page.keyboard.press('Escape');
      await page.getByRole('radio', { name: 'Cards' }).check();
      await page.locator('article.clipping').first().waitFor();
      await page.waitForTimeout(300);
      expect(await axeViolations(page), 'cards').toEqual([]);
      await page.getByRole('radio', { name: 'List' }).check();
    });
  }

  it('raised no page error', () => {
    expect(session.errors).toEqual([]);
  });
});

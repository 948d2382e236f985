import { browser } from 'wxt/browser';
import type { XDataHealth } from '@/utils/x/data/health';

/**
 * What each X tab's content script last said about posts it could not read, so the popup can tell
 * the user when X's markup has changed under the extension. Kept in storage.session (per browser
 * session, never written to disk) where the browser has it, so no state lives only in the worker.
 */
export interface PageHealth {
  unreadable: number;
  readable: number;
  /** Of the unreadable posts, how many lacked their own link, and how many the row of buttons under them. */
  missing?: { link: number; actionBar: number };
  /** Tagged posts X's own data holds that the page shows without a button, and which parts they lacked. */
  xData?: XDataHealth;
  url: string;
  at: number;
}

const key = (tabId: number) => `pageHealth:${tabId}`;

function area() {
  return browser.storage.session ?? browser.storage.local;
}

export async function recordPageHealth(tabId: number, health: Omit<PageHealth, 'at'>): Promise<void> {
  await area().set({ [key(tabId)]: { ...health, at: Date.now() } satisfies PageHealth });
}

export async function readPageHealth(tabId: number): Promise<PageHealth | undefined> {
  const stored = await area().get(key(tabId));
  return stored[key(tabId)] as PageHealth | undefined;
}

export async function forgetPageHealth(tabId: number): Promise<void> {
  await area().remove(key(tabId));
}

import { browser } from 'wxt/browser';
import { MEDIA_ORIGINS } from '@/utils/images/plan';

/**
 * Images in a bundle come from X's media CDN. The extension may reach it only when the user asks for
 * images, so the host is an optional permission, asked for at the press of "Download bundle".
 */
/**
 * Asks for the media permission. Call it synchronously in the click handler: browsers grant optional
 * permissions only in answer to a user's gesture. Resolves false when refused or not available.
 */
export function askForImages(): Promise<boolean> {
  try {
    return browser.permissions.request({ origins: MEDIA_ORIGINS }).catch(() => false);
  } catch {
    return Promise.resolve(false);
  }
}

/** One image's bytes from the media CDN, without cookies. */
export async function fetchImage(url: string): Promise<Uint8Array> {
  const response = await fetch(url, { credentials: 'omit' });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

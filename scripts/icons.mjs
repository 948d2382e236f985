// @ts-check
/**
 * Renders the one icon source, public/icon.svg, to every size the stores and browsers ask for:
 * public/icon/<size>.png, which WXT puts in the manifest's icons by itself (and wxt.config.ts in the
 * toolbar button's). Run `npm run icons` after changing the SVG and commit the PNGs;
 * tests/unit/icons.test.ts fails while they are stale.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Resvg } from '@resvg/resvg-js';

export const ROOT = resolve(import.meta.dirname, '..');
/** Chrome Web Store and Edge Add-ons: 128 (16, 32 and 48 in the browser); Firefox: 48 and 96. */
export const SIZES = [16, 32, 48, 96, 128];

/** @param {number} size @returns {Buffer} the PNG of public/icon.svg at size × size */
export function renderIcon(size) {
  const svg = readFileSync(join(ROOT, 'public/icon.svg'), 'utf8');
  // No fonts: the SVG draws its letters as strokes, so the PNGs are the same on every machine.
  return new Resvg(svg, { fitTo: { mode: 'width', value: size }, font: { loadSystemFonts: false } }).render().asPng();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  mkdirSync(join(ROOT, 'public/icon'), { recursive: true });
  for (const size of SIZES) {
    const png = renderIcon(size);
    writeFileSync(join(ROOT, `public/icon/${size}.png`), png);
    console.log(`public/icon/${size}.png (${png.length} bytes)`);
  }
}

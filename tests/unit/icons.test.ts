// @vitest-environment node
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, SIZES, renderIcon } from '../../scripts/icons.mjs';

/** The PNG's width and height, from its IHDR chunk. */
function pngSize(png: Buffer) {
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('icons', () => {
  it.each(SIZES)('public/icon/%ipx.png is the SVG rendered at that size, so the stores get the current design', (size) => {
    const committed = readFileSync(join(ROOT, `public/icon/${size}.png`));
    expect(pngSize(committed)).toEqual({ width: size, height: size });
    expect(committed.equals(renderIcon(size)), `public/icon/${size}.png is stale: run npm run icons`).toBe(true);
  });
});

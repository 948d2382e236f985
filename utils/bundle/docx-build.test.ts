import { describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { buildGuideDocx, imageInfo, type GuideEntry } from './docx-build';

const labels = { noTheme: 'No theme', sections: { do: 'Do', dont: "Don't", undecided: 'Not yet decided' }, viewPost: 'View post on X', imageNoAlt: 'Image with no alt text' };

function entry(overrides: Partial<GuideEntry> = {}): GuideEntry {
  return { author: 'Example Borough Council (@ExampleBoroughCncl)', text: 'Line one\nLine two', posted: 'Posted 9 October 2014', permalink: 'https://x.com/i/status/1', media: [], section: 'do', themes: ['tone'], agreement: '1 do', judgements: [{ heading: 'Ann: Do', lines: ['Lesson from Ann: Be human'] }], ...overrides };
}

describe('imageInfo', () => {
  it('reads the type and size of PNG, GIF and JPEG, and nothing else', () => {
    expect(imageInfo(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 1, 0, 0, 0, 0, 200]))).toEqual({ type: 'png', width: 256, height: 200 });
    expect(imageInfo(new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 10, 0, 20, 0]))).toEqual({ type: 'gif', width: 10, height: 20 });
    // SOI, an APP0 segment of 16 bytes, then SOF0 with height 480 and width 640.
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, ...new Array(14).fill(0), 0xff, 0xc0, 0, 17, 8, 0x01, 0xe0, 0x02, 0x80, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(imageInfo(jpeg)).toEqual({ type: 'jpg', width: 640, height: 480 });
    expect(imageInfo(new TextEncoder().encode('RIFF0000WEBPVP8 '))).toBeNull();
    expect(imageInfo(new Uint8Array([1, 2, 3]))).toBeNull();
  });
});

describe('buildGuideDocx', () => {
  it('puts each entry under each of its themes, in the themes\u2019 order, Do before Don\u2019t before Not yet decided', async () => {
    const bytes = await buildGuideDocx(
      [entry({ text: 'Second theme only', themes: ['b'], section: 'dont' }), entry({ text: 'Both themes', themes: ['a', 'b'] }), entry({ text: 'Undecided one', themes: [], section: 'undecided' })],
      { title: 'Draft', subtitle: 'Sub', themes: [{ id: 'a', name: 'Alpha theme' }, { id: 'b', name: 'Beta theme' }], labels },
    );
    const xml = strFromU8(unzipSync(bytes)['word/document.xml']!);
    const at = (text: string, from = 0) => xml.indexOf(text, from);
    expect(at('Alpha theme')).toBeLessThan(at('Beta theme'));
    expect(xml.split('Both themes').length - 1).toBe(2);
    const beta = at('Beta theme');
    expect(at('Both themes', beta)).toBeLessThan(at('Second theme only', beta));
    expect(at('No theme')).toBeGreaterThan(beta);
    expect(at('Undecided one')).toBeGreaterThan(at('No theme'));
    expect(xml).toContain('<w:br/>');
    expect(xml).toContain('Lesson from Ann: Be human');
  });
});

import { describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { buildGuideDocx, imageInfo, type GuideEntry } from './docx-build';

const labels = { noTheme: 'No theme', contents: 'Contents', sections: { do: 'Do', dont: "Don't", undecided: 'Not yet decided' }, viewPost: 'View post on X', imageNoAlt: 'Image with no alt text' };

function entry(overrides: Partial<GuideEntry> = {}): GuideEntry {
  return { postId: '1', author: 'Example Borough Council (@ExampleBoroughCncl)', text: 'Line one\nLine two', posted: 'Posted 9 October 2014', permalink: 'https://x.com/i/status/1', media: [], section: 'do', themes: ['tone'], agreement: '1 do', judgements: [{ heading: 'Ann: Do', lines: ['Lesson from Ann: Be human'] }], ...overrides };
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

function partsOf(bytes: Uint8Array): Record<string, string> {
  return Object.fromEntries(Object.entries(unzipSync(bytes)).map(([name, data]) => [name, strFromU8(data)]));
}

/** Parses XML, failing on anything a strict parser would refuse (happy-dom's DOMParser forgives bare `&` and control characters). */
function parseXml(xml: string): Document {
  // Only characters of XML 1.0's Char production (astral characters as surrogate pairs).
  expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDFFF]/u);
  // Every & starts an entity.
  expect(xml).not.toMatch(/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/);
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  expect(doc.getElementsByTagName('parsererror').length).toBe(0);
  return doc;
}

/** Each paragraph of the body: its style (or bullet) and its text, line breaks as \n and tabs as \t. */
function paragraphs(doc: Document): Array<{ style: string; text: string }> {
  const body = doc.getElementsByTagName('w:body')[0]!;
  return [...body.children]
    .filter((p) => p.nodeName === 'w:p')
    .map((p) => {
      const style = p.getElementsByTagName('w:pStyle')[0]?.getAttribute('w:val') ?? '';
      let text = '';
      for (const node of p.getElementsByTagName('*')) {
        if (node.nodeName === 'w:t') text += node.textContent;
        else if (node.nodeName === 'w:br') text += '\n';
        else if (node.nodeName === 'w:tab') text += '\t';
      }
      return { style: p.getElementsByTagName('w:numPr').length > 0 ? 'bullet' : style, text };
    });
}

describe('buildGuideDocx writes well-formed WordprocessingML', () => {
  const hostile = 'Bins <b>today</b> & "tomorrow" \u{1F5D1}\uFE0F\u{1F1EC}\u{1F1E7}\tend\u0001\u0008\u000B\u001F\uFFFE lone\uD800 \uDC00done ]]> &amp;';
  const clean = 'Bins <b>today</b> & "tomorrow" \u{1F5D1}\uFE0F\u{1F1EC}\u{1F1E7}\tend lone done ]]> &amp;';

  it('escapes markup, keeps emoji, drops characters XML 1.0 forbids, everywhere text goes', async () => {
    const bytes = await buildGuideDocx(
      [
        entry({
          author: `Author ${hostile}`,
          text: `${hostile}\nSecond line`,
          quoted: `Quoting ${hostile}`,
          posted: 'Posted 9 October 2014',
          permalink: 'https://x.com/i/status/1?a=1&b="2"',
          media: [{ alt: '', fallback: `Image: ${hostile}` }],
          agreement: `1 do ${hostile}`,
          judgements: [{ heading: `Ann ${hostile}: Do`, lines: [`Lesson from Ann: ${hostile}`, 'Note from Ann: two\nlines'] }],
          themes: ['t'],
        }),
      ],
      { title: `Draft ${hostile}`, subtitle: `Sub ${hostile}`, themes: [{ id: 't', name: `Theme ${hostile}` }], labels: { ...labels, sections: { ...labels.sections, do: `Do ${hostile}` }, viewPost: `View ${hostile}` } },
    );
    const parts = partsOf(bytes);
    for (const name of ['word/document.xml', 'word/_rels/document.xml.rels', 'docProps/core.xml']) parseXml(parts[name]!);
    const body = paragraphs(parseXml(parts['word/document.xml']!));
    expect(body).toEqual([
      { style: 'Title', text: `Draft ${clean}` },
      { style: '', text: `Sub ${clean}` },
      { style: 'Heading1', text: 'Contents' },
      { style: 'bullet', text: `Theme ${clean}` },
      { style: 'Heading1', text: `Theme ${clean}` },
      { style: 'Heading2', text: `Do ${clean}` },
      { style: 'Heading3', text: `Author ${clean}` },
      { style: '', text: `${clean}\nSecond line` },
      { style: '', text: `Quoting ${clean}` },
      { style: '', text: `Image: ${clean}` },
      { style: '', text: `Posted 9 October 2014. View ${clean} (https://x.com/i/status/1?a=1&b="2")\n1 do ${clean}` },
      { style: 'bullet', text: `Ann ${clean}: Do\nLesson from Ann: ${clean}\nNote from Ann: two\nlines` },
    ]);
    // Spaces at either end or repeated (between runs, in "Posted … . ") are kept.
    const spaced = [...parseXml(parts['word/document.xml']!).getElementsByTagName('w:t')].filter((t) => /^\s|\s$|\s\s/.test(t.textContent ?? ''));
    expect(spaced.length).toBeGreaterThanOrEqual(2);
    for (const t of spaced) expect(t.getAttribute('xml:space'), t.textContent!).toBe('preserve');
    // The link's relationship points at the post, exactly.
    const rels = parseXml(parts['word/_rels/document.xml.rels']!);
    const link = [...rels.getElementsByTagName('Relationship')].find((r) => r.getAttribute('Type')!.endsWith('/hyperlink'))!;
    expect(link.getAttribute('Target')).toBe('https://x.com/i/status/1?a=1&b="2"');
    expect(link.getAttribute('TargetMode')).toBe('External');
    expect(parts['word/document.xml']).toContain(`r:id="${link.getAttribute('Id')}"`);
  });

  it('has the heading, hyperlink and bullet definitions its paragraphs use', async () => {
    const parts = partsOf(await buildGuideDocx([entry()], { title: 'Draft', subtitle: 'Sub', themes: [{ id: 'tone', name: 'Tone' }], labels }));
    const styles = parseXml(parts['word/styles.xml']!);
    const ids = new Set([...styles.getElementsByTagName('w:style')].map((s) => s.getAttribute('w:styleId')));
    for (const id of ['Title', 'Heading1', 'Heading2', 'Heading3', 'Hyperlink', 'ListParagraph']) expect(ids, id).toContain(id);
    const doc = parseXml(parts['word/document.xml']!);
    const numIds = new Set([...doc.getElementsByTagName('w:numId')].map((n) => n.getAttribute('w:val')));
    expect(numIds.size).toBe(1);
    const numbering = parseXml(parts['word/numbering.xml']!);
    const num = [...numbering.getElementsByTagName('w:num')].find((n) => numIds.has(n.getAttribute('w:numId')));
    expect(num).toBeDefined();
    expect(parts['word/numbering.xml']).toContain('w:numFmt w:val="bullet"');
    // Nothing of the template is left behind.
    expect(parts['word/document.xml']).not.toContain('placeholder');
  });

  it('places each image, with its alt text, in its example, once for every theme', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 2, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
    const parts = partsOf(
      await buildGuideDocx(
        [
          entry({ text: 'With a gritter', themes: ['a', 'b'], media: [{ alt: 'A gritter & <salt>', image: { data: png, type: 'png', width: 900, height: 450 }, fallback: 'Image: A gritter' }, { alt: '', fallback: 'Video with no alt text' }] }),
          entry({ text: 'Without alt', themes: ['b'], media: [{ alt: '', image: { data: png, type: 'png', width: 2, height: 1 }, fallback: 'Image with no alt text' }] }),
        ],
        { title: 'Draft', subtitle: 'Sub', themes: [{ id: 'a', name: 'Alpha' }, { id: 'b', name: 'Beta' }], labels },
      ),
    );
    const xml = parts['word/document.xml']!;
    const doc = parseXml(xml);
    const drawings = [...doc.getElementsByTagName('wp:docPr')];
    expect(drawings.map((d) => d.getAttribute('descr'))).toEqual(['A gritter & <salt>', 'A gritter & <salt>', 'Image with no alt text']);
    expect(new Set(drawings.map((d) => d.getAttribute('id'))).size).toBe(3);
    // Scaled to the page: 450 px wide at 9,525 EMU a pixel.
    expect(xml).toContain('<wp:extent cx="4286250" cy="2143125"/>');
    // Each picture sits after its example's text and before its link.
    const order = paragraphs(doc).map((p) => p.text);
    const first = order.indexOf('With a gritter');
    expect(order[first + 1]).toBe('');
    expect(order[first + 2]).toBe('Video with no alt text');
    expect(order[first + 3]).toMatch(/^Posted 9 October 2014\. View post on X/);
    // The picture's relationship names a stored image.
    const rels = parseXml(parts['word/_rels/document.xml.rels']!);
    const embed = doc.getElementsByTagName('a:blip')[0]!.getAttribute('r:embed');
    const target = [...rels.getElementsByTagName('Relationship')].find((r) => r.getAttribute('Id') === embed)!.getAttribute('Target')!;
    expect([...unzipSync(await buildGuideDocx([entry({ media: [{ alt: 'x', image: { data: png, type: 'png', width: 2, height: 1 }, fallback: '' }] })], { title: 'D', subtitle: 'S', themes: [{ id: 'tone', name: 'T' }], labels }))[`word/${target}`]!]).toEqual([...png]);
  });
});

describe('buildGuideDocx for the guide as arranged', () => {
  it('follows the Guide page: its themes, their text, do then don\u2019t in the editor\u2019s order, with a contents list linked to each theme', async () => {
    const e = (postId: string, text: string) => entry({ postId, text, themes: ['a'] });
    const bytes = await buildGuideDocx([e('1', 'First example'), e('2', 'Second example'), e('3', 'Third example'), e('4', 'Not placed')], {
      title: 'Draft',
      subtitle: 'Sub',
      themes: [{ id: 'a', name: 'Alpha theme' }],
      labels,
      arrangement: [
        { name: 'Alpha theme', text: 'Write as you speak.\n\nKeep it short.', do: ['3', '1'], dont: ['2', 'missing'] },
        { name: 'Empty theme', text: '', do: [], dont: [] },
        { name: 'Text only', text: 'Nothing picked yet.', do: [], dont: [] },
      ],
    });
    const parts = partsOf(bytes);
    const body = paragraphs(parseXml(parts['word/document.xml']!));
    const texts = body.map((p) => `${p.style}|${p.text.split('\n')[0]}`);
    expect(texts.slice(0, 5)).toEqual(['Title|Draft', '|Sub', 'Heading1|Contents', 'bullet|Alpha theme', 'bullet|Text only']);
    const from = texts.indexOf('Heading1|Alpha theme');
    expect(texts.slice(from, from + 10)).toEqual(['Heading1|Alpha theme', '|Write as you speak.', '|Keep it short.', 'Heading2|Do', 'Heading3|Example Borough Council (@ExampleBoroughCncl)', '|Third example', '|Posted 9 October 2014. View post on X (https://x.com/i/status/1)', 'bullet|Ann: Do', 'Heading3|Example Borough Council (@ExampleBoroughCncl)', '|First example']);
    expect(texts).toContain('Heading2|Don\u2019t'.replace('\u2019', "'"));
    expect(texts.indexOf('|Second example')).toBeGreaterThan(texts.indexOf("Heading2|Don't"));
    expect(texts).not.toContain('|Not placed');
    expect(texts).not.toContain('Heading1|Empty theme');
    expect(texts).toContain('|Nothing picked yet.');
    // Each contents line links to a bookmark on its theme's heading.
    const xml = parts['word/document.xml']!;
    const anchors = [...xml.matchAll(/w:anchor="([^"]+)"/g)].map((m) => m[1]);
    expect(anchors).toHaveLength(2);
    for (const a of anchors) expect(xml).toContain(`w:name="${a}"`);
  });
});

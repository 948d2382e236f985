import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import Papa from 'papaparse';
import { strFromU8, unzipSync } from 'fflate';
import { newAnnotation, OWNER, type ClipperDB } from '@/utils/store/db';
import { newClippingRecord, removeClipping } from '@/utils/store/clippings';
import { updateAnnotation } from '@/utils/store/annotations';
import { ANN, allTexts, bulkClip, clip, councilPost, freshDb, postId, residentPost, unzipText } from '@/tests/unit/bundles';
import { bundleFilename, exportBundle, heldBytes, type ExportOptions } from '@/utils/bundle/export';
import { exportLibrary, libraryExportSource, uiMessages } from './export-source';
import { readBundleBytes } from '@/utils/bundle/import';
import { CSV_BOM } from '@/utils/bundle/csv';
import { zipHere } from '@/utils/bundle/zip';

let db: ClipperDB;
beforeEach(() => {
  db = freshDb();
});
afterEach(async () => {
  await db.delete();
});

const defaults: Omit<ExportOptions, 'translate'> = { scope: { kind: 'all' }, anonymise: true, includeImages: false, contributor: ANN, now: new Date('2026-11-21T09:00:00Z') };

function csvOf(bytes: Uint8Array) {
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(unzipSync(bytes)['clippings.csv']);
  return { text, rows: Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true }).data };
}

describe('bundleFilename', () => {
  it('names the contributor and the UK date', () => {
    expect(bundleFilename('Ann Exämple (Comms)', new Date('2026-11-21T09:00:00Z'))).toBe('lga-guide-clippings-ann-example-comms-2026-11-21.zip');
    // 23:30 UTC on 30 June is already 1 July in the UK.
    expect(bundleFilename('', new Date('2026-06-30T23:30:00Z'))).toBe('lga-guide-clippings-contributor-2026-07-01.zip');
  });
});

describe('exportBundle', () => {
  it('writes every file, and a bundle.json that imports as it was exported', async () => {
    await clip(db, councilPost(1), { verdict: 'do', lesson: 'Say what changes first', authorType: 'council', themes: ['tone'] });
    await clip(db, councilPost(2));
    await removeClipping(db, postId(2));
    const result = await exportLibrary(db, defaults);
    expect(result.filename).toBe('lga-guide-clippings-ann-example-2026-11-21.zip');
    expect(result.count).toBe(1);
    const files = unzipText(result.bytes);
    expect(Object.keys(files).sort()).toEqual(['README.txt', 'bundle.json', 'bundle.schema.json', 'clippings.csv', 'clippings.html', 'guide-draft.docx']);
    const read = readBundleBytes(result.bytes);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    // Removed clippings never go out.
    expect(read.bundle.clippings.map((c) => c.postId)).toEqual([postId(1)]);
    expect(read.bundle.contributor).toEqual(ANN);
    expect(read.bundle.clippings[0]!.annotations[0]).toMatchObject({ contributor: ANN, verdict: 'do', lesson: 'Say what changes first', themes: ['tone'] });
    expect(JSON.parse(files['bundle.schema.json']!).title).toMatch(/bundle/i);
    expect(files['README.txt']).toContain('Import bundle');
  });

  it('exports only the clippings asked for, and names others under their own names', async () => {
    for (const i of [1, 2, 3]) await clip(db, councilPost(i), { verdict: 'do' });
    await db.contributors.put({ id: 'c:bea', name: 'Bea Editor', organisation: 'LGA' });
    await updateAnnotation(db, postId(2), { verdict: 'dont', lesson: 'Too long' }, 'c:bea', 5);
    const result = await exportLibrary(db, { ...defaults, scope: { kind: 'ids', postIds: [postId(2), postId(3), '999'] } });
    const read = readBundleBytes(result.bytes);
    if (!read.ok) throw new Error(read.problem.code);
    expect(read.bundle.clippings.map((c) => c.postId).sort()).toEqual([postId(2), postId(3)]);
    const two = read.bundle.clippings.find((c) => c.postId === postId(2))!;
    expect(two.annotations.map((a) => [a.contributor.name, a.verdict])).toEqual([
      ['Ann Example', 'do'],
      ['Bea Editor', 'dont'],
    ]);
  });

  it('needs the contributor\u2019s name', async () => {
    await expect(exportLibrary(db, { ...defaults, contributor: { name: ' ', organisation: '' } })).rejects.toThrow(/name/);
  });

  it('writes a CSV with a BOM, CRLF and one row per clipping and contributor, formulas neutralised', async () => {
    await clip(db, councilPost(1, { text: '=HYPERLINK("https://evil.example","click")' }), { lesson: '+1', note: '-2', verdict: 'do', authorType: 'council' });
    await clip(db, councilPost(2, { text: '@x at the start' }), { lesson: '\tx', note: '\rx' });
    await updateAnnotation(db, postId(2), { verdict: 'dont', lesson: 'A, "quoted"\nlesson' }, 'c:bea', 5);
    const { text, rows } = csvOf((await exportLibrary(db, defaults)).bytes);
    expect(text.startsWith(CSV_BOM)).toBe(true);
    expect(text).toContain('\r\n');
    expect(text.replace(/\r\n/g, '').includes('\n')).toBe(true); // the newline inside the quoted lesson only
    const [header, ...body] = rows;
    expect(header).toContain('Lesson');
    expect(body).toHaveLength(3);
    const col = (name: string) => header!.indexOf(name);
    const first = body.find((r) => r[col('Post id')] === postId(1))!;
    expect(first[col('Text')]).toBe('\'=HYPERLINK("https://evil.example","click")');
    expect(first[col('Lesson')]).toBe("'+1");
    expect(first[col('Note')]).toBe("'-2");
    expect(first[col('Verdict')]).toBe('Do');
    expect(first[col('Posted')]).toBe('9 October 2026');
    const second = body.filter((r) => r[col('Post id')] === postId(2));
    expect(second.map((r) => r[col('Text')])).toEqual(["'@x at the start", "'@x at the start"]);
    expect(second[0]![col('Lesson')]).toBe("'\tx");
    expect(second[0]![col('Note')]).toBe("'\rx");
    expect(second[1]![col('Lesson')]).toBe('A, "quoted"\nlesson');
    expect(second[1]![col('Contributor')]).toBe('c:bea');
    // No cell of the file starts a formula.
    for (const row of body) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('writes a Word document with real headings, grouped by theme and verdict, with lessons by contributor', async () => {
    await clip(db, councilPost(1), { verdict: 'do', lesson: 'Lead with what residents need', themes: ['tone'], authorType: 'council' });
    await clip(db, councilPost(2), { verdict: 'dont', lesson: 'Never argue in replies', themes: ['moderation'], authorType: 'council' });
    await clip(db, councilPost(3), { verdict: 'undecided', note: 'Ask the team' });
    const texts = allTexts((await exportLibrary(db, defaults)).bytes);
    const xml = texts['guide-draft.docx/word/document.xml']!;
    expect(xml).toContain('w:val="Title"');
    expect(xml).toMatch(/<w:pStyle w:val="Heading1"\/>.*?Tone of voice and being human/);
    expect(xml).toMatch(/<w:pStyle w:val="Heading2"\/>.*?Don't|Don&apos;t/);
    expect(xml).toContain('Lead with what residents need');
    expect(xml).toContain('Lesson from Ann Example, Example Borough Council');
    expect(xml).toContain('9 October 2026');
    expect(xml).toContain('No theme');
    // Themes in the library's order: tone before moderation before No theme.
    expect(xml.indexOf('Tone of voice')).toBeLessThan(xml.indexOf('Moderation, negativity'));
    expect(xml.indexOf('Moderation, negativity')).toBeLessThan(xml.indexOf('No theme'));
    // Do comes before Not yet decided within a theme; an undecided clipping is under Not yet decided.
    const noTheme = xml.slice(xml.indexOf('No theme'));
    expect(noTheme).toContain('Not yet decided');
    expect(noTheme).toContain('Ask the team');
  });

  it('writes an HTML page where markup in any text stays text', async () => {
    const evil = '<img src=x onerror=alert(1)>';
    await db.contributors.put({ id: 'c:evil', name: `Eve ${evil}`, organisation: evil });
    await clip(db, councilPost(1, { text: `Hello ${evil}`, author: { name: `Cncl ${evil}`, handle: 'ExampleBoroughCncl', verified: true } }), { lesson: `L ${evil}`, note: `N ${evil}`, verdict: 'do', authorType: 'council' });
    await updateAnnotation(db, postId(1), { verdict: 'dont', lesson: `Other ${evil}` }, 'c:evil', 5);
    const html = unzipText((await exportLibrary(db, { ...defaults, contributor: { name: `Ann ${evil}`, organisation: '' } })).bytes)['clippings.html']!;
    expect(html).toContain('<html lang="en-GB">');
    expect(html).not.toContain('<script');
    expect(html).not.toMatch(/<img[^>]*onerror/i);
    expect(html).toContain('Hello &lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('L &lt;img');
    expect(html).toContain('N &lt;img');
    expect(html).toContain('Eve &lt;img');
    const doc = new DOMParser().parseFromString(html, 'text/html');
    expect(doc.querySelectorAll('img')).toHaveLength(0);
    expect(doc.querySelector('h1')?.textContent).toBe('Draft for the LGA guide');
    expect(doc.body.textContent).toContain(`Hello ${evil}`);
  });

  it('with anonymising, no file names a member of the public by handle, name or avatar', async () => {
    // Jane is a member of the public; Sam's author type is not set; the council is official.
    await clip(db, residentPost(1), { verdict: 'dont', lesson: 'Answer @JaneResident23 within the hour', note: 'Jane Resident complained twice' });
    await updateAnnotation(db, postId(1), { authorType: 'public' }, OWNER, 10);
    await clip(db, councilPost(2, { text: 'Thanks @JaneResident23 and @SamNotSet, fixed now', entities: { links: [{ text: 'x.com/JaneResident23/status/1', url: 'https://x.com/JaneResident23/status/1846200000000000001' }], mentions: ['JaneResident23', 'SamNotSet'], hashtags: [] }, replyTo: { handles: ['JaneResident23'], postId: postId(1) } }), { verdict: 'do', authorType: 'council' });
    await clip(db, councilPost(3, {
      author: { name: 'Sam Notset', handle: 'SamNotSet', verified: false, avatarUrl: 'https://pbs.twimg.com/profile_images/77/sam_normal.jpg' },
      permalink: `https://x.com/SamNotSet/status/${postId(3)}`,
      pageUrl: 'https://x.com/search?q=from%3ASamNotSet',
      repostedBy: { name: 'Rita Reposter', handle: 'RitaReposts' },
      quoted: { postId: postId(9), permalink: `https://x.com/QuincyQuoted/status/${postId(9)}`, author: { name: 'Quincy Quoted', handle: 'QuincyQuoted', verified: false, avatarUrl: 'https://pbs.twimg.com/profile_images/55/q_normal.jpg' }, text: 'my bins @JaneResident23', entities: { links: [], mentions: ['JaneResident23'], hashtags: [] }, media: [], truncated: false },
    }), { lesson: 'Quincy Quoted has a point' });
    // A quoted official account stays named.
    await clip(db, councilPost(4, { quoted: { postId: postId(2), author: { name: 'Example Borough Council', handle: 'ExampleBoroughCncl', verified: true }, text: 'Bins', entities: { links: [], mentions: [], hashtags: [] }, media: [], truncated: false } }), { authorType: 'council' });
    const result = await exportLibrary(db, defaults);
    const texts = allTexts(result.bytes);
    expect(Object.keys(texts)).toContain('guide-draft.docx/word/document.xml');
    for (const [name, text] of Object.entries(texts)) {
      for (const secret of ['JaneResident23', 'Jane Resident', 'jane_normal', 'SamNotSet', 'Sam Notset', 'sam_normal', 'QuincyQuoted', 'Quincy Quoted', 'q_normal', 'RitaReposts', 'Rita Reposter']) {
        expect(text.toLowerCase().includes(secret.toLowerCase()), `${secret} in ${name}`).toBe(false);
      }
    }
    const read = readBundleBytes(result.bytes);
    if (!read.ok) throw new Error(read.problem.code);
    const byId = new Map(read.bundle.clippings.map((c) => [c.postId, c]));
    expect(byId.get(postId(1))!.snapshot.permalink).toBe(`https://x.com/i/status/${postId(1)}`);
    expect(byId.get(postId(1))!.anonymised).toBe(true);
    expect(byId.get(postId(2))!.anonymised).toBe(false);
    expect(byId.get(postId(2))!.snapshot.text).toBe('Thanks @[member of the public] and @[member of the public], fixed now');
    expect(byId.get(postId(2))!.snapshot.author.handle).toBe('ExampleBoroughCncl');
    expect(byId.get(postId(1))!.annotations[0]!.lesson).toBe('Answer @[member of the public] within the hour');
    expect(byId.get(postId(4))!.snapshot.quoted!.author!.handle).toBe('ExampleBoroughCncl');
    expect(texts['guide-draft.docx/word/document.xml']).toContain('A member of the public');
    expect(texts['clippings.html']).toContain('ExampleBoroughCncl');
  });

  it('without anonymising, names everyone', async () => {
    await clip(db, residentPost(1), { verdict: 'dont' });
    const files = unzipText((await exportLibrary(db, { ...defaults, anonymise: false })).bytes);
    expect(files['bundle.json']).toContain('JaneResident23');
    expect(files['clippings.csv']).toContain('Jane Resident');
    expect(files['README.txt']).toContain('not anonymised');
  });

  it('includes images from X\u2019s media CDN, with alt text in the document, and lists the missing ones', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 2, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
    const good = 'https://pbs.twimg.com/media/good?format=png&name=orig';
    const broken = 'https://pbs.twimg.com/media/gone?format=jpg&name=orig';
    const elsewhere = 'https://tracker.example/pixel.png';
    await clip(db, councilPost(1, { media: [{ type: 'photo', url: good, altText: 'A gritter at dawn' }, { type: 'photo', url: broken }, { type: 'photo', url: elsewhere }] }), { authorType: 'council' });
    const asked: string[] = [];
    const result = await exportLibrary(db, {
      ...defaults,
      includeImages: true,
      fetchImage: async (url) => {
        asked.push(url);
        if (url === good) return png;
        throw new Error('404');
      },
    });
    expect(asked).not.toContain(elsewhere);
    expect(result.missingImages.sort()).toEqual([broken, elsewhere].sort());
    const raw = unzipSync(result.bytes);
    expect([...raw['media/' + postId(1) + '-1.png']!]).toEqual([...png]);
    const texts = allTexts(result.bytes);
    expect(texts['README.txt']).toContain(broken);
    expect(texts['guide-draft.docx/word/document.xml']).toContain('descr="A gritter at dawn"');
    expect(texts['clippings.html']).toContain(`<img src="media/${postId(1)}-1.png" alt="A gritter at dawn">`);
    const read = readBundleBytes(result.bytes);
    if (!read.ok) throw new Error(read.problem.code);
    expect(read.bundle.missingImages?.sort()).toEqual([broken, elsewhere].sort());
    expect(read.bundle.clippings[0]!.mediaFiles).toEqual([{ url: good, path: `media/${postId(1)}-1.png` }]);
  });

  it('reports progress as it goes and can be stopped', async () => {
    await bulkClip(db, 1_001);
    const seen: Array<[number, number]> = [];
    let finishingAfter = -1;
    const result = await exportLibrary(db, {
      ...defaults,
      onProgress: (done, total) => seen.push([done, total]),
      onFinishing: () => {
        finishingAfter = seen.length;
      },
    });
    expect(result.count).toBe(1_001);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen.every(([, total]) => total === 1_001)).toBe(true);
    expect(seen.at(-1)).toEqual([1_001, 1_001]);
    // "Finishing" is told once every clipping is written, before the Word document and the zip's end.
    expect(seen[finishingAfter - 1]).toEqual([1_001, 1_001]);
    expect(seen.slice(0, finishingAfter - 1).every(([d]) => d < 1_001)).toBe(true);
    expect(seen.map(([d]) => d)).toEqual([...seen.map(([d]) => d)].sort((a, b) => a - b));
    const controller = new AbortController();
    const stopped = exportLibrary(db, { ...defaults, signal: controller.signal, onProgress: () => controller.abort() });
    await expect(stopped).rejects.toThrow();
  }, 60_000);

  it('goes on between its pages where timers are held, as in a tab the user has left', async () => {
    // Paced by setTimeout, an export of 50,000 waited a second for each of its 200 pauses in a background tab.
    await bulkClip(db, 1_001);
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval'] });
    try {
      const result = await exportLibrary(db, { ...defaults, anonymise: true });
      expect(result.count).toBe(1_001);
    } finally {
      vi.useRealTimers();
    }
  }, 60_000);
});

describe('an anonymised export, read once', () => {
  it('keeps the first pass\u2019s pages for the second while they fit, and writes the same bundle whatever it kept', async () => {
    await bulkClip(db, 1_001);
    await clip(db, residentPost(5_000), { verdict: 'dont', lesson: 'Thank @JaneResident23 by name? No.' });
    const bundles: Uint8Array[] = [];
    const reads: number[] = [];
    // Everything kept (the default), about one page's worth (the first page kept, the other two read again), nothing kept.
    for (const heldLimit of [undefined, 501 * 5_000, 1]) {
      const source = libraryExportSource(db);
      let read = 0;
      const counted = { ...source, page: (ids: string[], contiguous: boolean) => (read++, source.page(ids, contiguous)) };
      const result = await exportBundle(counted, { ...defaults, translate: uiMessages, ...(heldLimit !== undefined ? { heldLimit } : {}) });
      reads.push(read);
      bundles.push(result.bytes);
    }
    // Three pages of 500: read once, then once and two again, then twice.
    expect(reads).toEqual([3, 5, 6]);
    // Every file alike (the Word document's own package dates itself: its body is compared).
    const contents = (bytes: Uint8Array) => {
      const { 'guide-draft.docx': docx, ...files } = unzipText(bytes);
      return { ...files, body: strFromU8(unzipSync(unzipSync(bytes)['guide-draft.docx']!)['word/document.xml']!), docx: docx !== undefined };
    };
    expect(contents(bundles[1]!)).toEqual(contents(bundles[0]!));
    expect(contents(bundles[2]!)).toEqual(contents(bundles[0]!));
    const files = unzipText(bundles[0]!);
    expect(files['bundle.json']).toContain('[member of the public]');
    expect(Object.values(allTexts(bundles[0]!)).join()).not.toMatch(/JaneResident23/);
  }, 60_000);
});

describe('the zip an export writes into', () => {
  it('is the one openZip gives, finished once; a stopped export drops it unfinished', async () => {
    await bulkClip(db, 1_001);
    const calls: string[] = [];
    const openZip = async (mtime: Date) => {
      const zip = await zipHere(mtime);
      return { ...zip, finish: () => (calls.push('finish'), zip.finish()), discard: () => calls.push('discard') };
    };
    const result = await exportLibrary(db, { ...defaults, openZip });
    expect(calls).toEqual(['finish']);
    expect(readBundleBytes(result.bytes).ok).toBe(true);
    calls.length = 0;
    const controller = new AbortController();
    // Stopped after the anonymiser's pass, while the zip is being written.
    const stopped = exportLibrary(db, { ...defaults, openZip, signal: controller.signal, onProgress: (done, total) => done > total / 2 && controller.abort() });
    await expect(stopped).rejects.toThrow();
    expect(calls).toEqual(['discard']);
  }, 60_000);
});

describe('exportBundle of an empty library', () => {
  it('writes a valid bundle with no clippings', async () => {
    const empty = freshDb();
    const result = await exportLibrary(empty, defaults);
    expect(result.count).toBe(0);
    const read = readBundleBytes(result.bytes);
    expect(read.ok && read.bundle.clippings).toEqual([]);
    expect(Object.keys(unzipText(result.bytes))).toContain('guide-draft.docx');
    await empty.delete();
  });

  it('keeps masked text within the snapshot\u2019s limits', async () => {
    const empty = freshDb();
    await clip(empty, residentPost(1), { authorType: 'public' });
    await clip(empty, councilPost(2, { text: '@JaneResident23 '.repeat(2_600).slice(0, 40_000) }), { authorType: 'council' });
    const read = readBundleBytes((await exportLibrary(empty, defaults)).bytes);
    expect(read.ok).toBe(true);
    if (read.ok) expect(read.bundle.clippings[1]!.snapshot.text.length).toBe(40_000);
    await empty.delete();
  });
});

describe('heldBytes', () => {
  it('counts a clipping\u2019s texts, alt texts, versions, lessons, notes and captures, so a heavy one fills the budget sooner', () => {
    const light = { record: newClippingRecord(councilPost(1), [], 1_000), annotations: [] };
    const heavy = {
      record: {
        ...newClippingRecord(councilPost(2, { text: 'x'.repeat(10_000), media: [{ type: 'photo' as const, url: 'https://pbs.twimg.com/media/a.jpg', altText: 'y'.repeat(1_000) }] }), [], 1_000),
        versions: [{ text: 'z'.repeat(5_000), capturedAt: '2026-11-21T09:00:00.000Z' }],
      },
      annotations: [{ ...newAnnotation(postId(2), OWNER, 1_000), lesson: 'l'.repeat(500), note: 'n'.repeat(500) }],
    };
    expect(heldBytes(light)).toBeGreaterThanOrEqual(4096);
    expect(heldBytes(light)).toBeLessThan(6_000);
    expect(heldBytes(heavy) - heldBytes(light)).toBeGreaterThanOrEqual(2 * (10_000 + 1_000 + 5_000 + 1_000) - 2 * councilPost(1).text.length);
  });
});

import { describe, expect, it } from 'vitest';
import { MAX_VERSIONS, mergeVersions, reconcileText, sameText } from './text-versions';

const at = (day: number) => `2026-03-${String(day).padStart(2, '0')}T10:00:00.000Z`;

describe('sameText', () => {
  it('takes spacing and composed letters as the same text', () => {
    expect(sameText({ text: 'Bins  go out\non Tuesday', capturedAt: at(1) }, { text: ' Bins go out on Tuesday ', capturedAt: at(2) })).toBe(true);
    expect(sameText({ text: 'Caf\u0065\u0301 open', capturedAt: at(1) }, { text: 'Caf\u00e9 open', capturedAt: at(2) })).toBe(true);
  });

  it('takes a capture cut at "Show more" as the same post when it is the start of the other', () => {
    const whole = { text: 'Our budget consultation is open until Friday. Tell us what matters to you.', capturedAt: at(1) };
    expect(sameText({ text: 'Our budget consultation is open\u2026', capturedAt: at(2), truncated: true }, whole)).toBe(true);
    expect(sameText(whole, { text: 'Our budget consultation', capturedAt: at(2), truncated: true })).toBe(true);
  });

  it('takes a longer text as an edit when neither capture was cut short', () => {
    expect(sameText({ text: 'Event at 5pm', capturedAt: at(1) }, { text: 'Event at 5pm. Update: cancelled', capturedAt: at(2) })).toBe(false);
  });
});

describe('reconcileText', () => {
  it('keeps the newer capture and the older text as a version when the post was edited', () => {
    const result = reconcileText({ text: 'Road closed on Monday', capturedAt: at(1) }, { text: 'Road closed on Tuesday', capturedAt: at(3) });
    expect(result).toEqual({ keep: 'incoming', versions: [{ text: 'Road closed on Monday', capturedAt: at(1) }] });
  });

  it('keeps the stored text when the incoming capture is older, and still remembers the incoming one', () => {
    const result = reconcileText({ text: 'Road closed on Tuesday', capturedAt: at(3) }, { text: 'Road closed on Monday', capturedAt: at(1) });
    expect(result).toEqual({ keep: 'stored', versions: [{ text: 'Road closed on Monday', capturedAt: at(1) }] });
  });

  it('adds no version when the text is the same', () => {
    expect(reconcileText({ text: 'Same', capturedAt: at(1) }, { text: 'Same', capturedAt: at(2) })).toEqual({ keep: 'incoming', versions: [] });
  });

  it('keeps a fuller text over a cut-short capture of it, with no version', () => {
    const whole = { text: 'Our budget consultation is open until Friday.', capturedAt: at(1) };
    const cut = { text: 'Our budget consultation', capturedAt: at(2), truncated: true };
    expect(reconcileText(whole, cut)).toEqual({ keep: 'stored', versions: [] });
    expect(reconcileText(cut, whole)).toEqual({ keep: 'incoming', versions: [] });
  });

  it('unites both sides\u2019 earlier versions, one per text, oldest first', () => {
    const result = reconcileText(
      { text: 'Third', capturedAt: at(5) },
      { text: 'Fourth', capturedAt: at(7) },
      [
        { text: 'Second', capturedAt: at(3) },
        { text: 'First', capturedAt: at(1) },
        { text: 'Second', capturedAt: at(4) },
        { text: 'Fourth', capturedAt: at(6) },
      ],
    );
    expect(result.keep).toBe('incoming');
    expect(result.versions.map((v) => [v.text, v.capturedAt])).toEqual([
      ['First', at(1)],
      ['Second', at(4)],
      ['Third', at(5)],
    ]);
  });

  it('keeps one version of a text captured cut short and whole: the whole text, last seen', () => {
    const versions = mergeVersions({ text: 'Now', capturedAt: at(9) }, [
      { text: 'Consultation open', capturedAt: at(1), truncated: true },
      { text: 'Consultation open until Friday', capturedAt: at(2) },
    ]);
    expect(versions).toEqual([{ text: 'Consultation open until Friday', capturedAt: at(2) }]);
  });

  it('keeps the newest versions when there are too many, and skips malformed ones', () => {
    const many = Array.from({ length: MAX_VERSIONS + 5 }, (_, i) => ({ text: `Text ${i}`, capturedAt: new Date(Date.UTC(2026, 0, 1 + i)).toISOString() }));
    const versions = mergeVersions({ text: 'Now', capturedAt: at(1) }, [...many, { text: '   ', capturedAt: at(2) }, { text: 5 as unknown as string, capturedAt: at(2) }]);
    expect(versions).toHaveLength(MAX_VERSIONS);
    expect(versions[0]!.text).toBe('Text 5');
    expect(versions.at(-1)!.text).toBe(`Text ${MAX_VERSIONS + 4}`);
  });
});

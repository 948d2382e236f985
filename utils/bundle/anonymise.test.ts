import { describe, expect, it } from 'vitest';
import { councilPost, residentPost } from '@/tests/unit/bundles';
import { ANON_HANDLE, Anonymiser, decidingAuthorType } from './anonymise';

const labels = { name: 'A member of the public', mask: 'member of the public' };

describe('decidingAuthorType', () => {
  it('takes the owner\u2019s type, else a member of the public from anyone, else any set type, else not set', () => {
    expect(decidingAuthorType([{ contributorId: 'me', authorType: 'council' }, { contributorId: 'c:x', authorType: 'public' }], 'me')).toBe('council');
    expect(decidingAuthorType([{ contributorId: 'me', authorType: 'notSet' }, { contributorId: 'c:x', authorType: 'media' }, { contributorId: 'c:y', authorType: 'public' }], 'me')).toBe('public');
    expect(decidingAuthorType([{ contributorId: 'c:x', authorType: 'officer' }], 'me')).toBe('officer');
    expect(decidingAuthorType([], 'me')).toBe('notSet');
  });
});

describe('Anonymiser', () => {
  it('masks residents\u2019 handles and names in text, whole words only, and keeps official accounts', () => {
    const a = new Anonymiser(labels);
    a.note(residentPost(1), 'public');
    a.note(councilPost(2), 'council');
    expect(a.text('Thanks @janeresident23, and @ExampleBoroughCncl!')).toBe('Thanks @[member of the public], and @ExampleBoroughCncl!');
    expect(a.text('@JaneResident234 is someone else; JaneResident23 bare')).toBe('@JaneResident234 is someone else; [member of the public] bare');
    expect(a.text('Jane Resident wrote, Jane Residents did not')).toBe('[member of the public] wrote, Jane Residents did not');
  });

  it('anonymises a not-set author, and a quoted author unless they are a clipped official account', () => {
    const a = new Anonymiser(labels);
    const quotedResident = { postId: '1846200000000000099', permalink: 'https://x.com/Quincy/status/1846200000000000099', author: { name: 'Quincy', handle: 'Quincy', verified: false }, text: 'hi', entities: { links: [], mentions: [], hashtags: [] }, media: [], truncated: false };
    const post = councilPost(3, { quoted: quotedResident });
    a.note(post, 'council');
    a.note(residentPost(4), 'notSet');
    const out = a.snapshot(post).snapshot;
    expect(out.author.handle).toBe('ExampleBoroughCncl');
    expect(out.quoted?.author).toEqual({ name: 'A member of the public', handle: ANON_HANDLE, verified: false });
    expect(out.quoted?.permalink).toBe('https://x.com/i/status/1846200000000000099');
    const resident = a.snapshot(residentPost(4));
    expect(resident.anonymised).toBe(true);
    expect(resident.snapshot.author.avatarUrl).toBeUndefined();
    expect(resident.snapshot.pageUrl).toBe('');
    expect(JSON.stringify(resident.snapshot)).not.toMatch(/JaneResident23|Jane Resident|jane_normal/i);
  });

  it('a handle marked public anywhere is anonymised even where another clip calls it a council', () => {
    const a = new Anonymiser(labels);
    a.note(councilPost(1), 'council');
    a.note(councilPost(2), 'public');
    expect(a.isHidden('exampleboroughcncl')).toBe(true);
  });
});

describe('Anonymiser.text, its quick test', () => {
  /** Residents with names and handles of every kind the quick test reads apart: ASCII, accents, Welsh, astral letters, the Kelvin sign. */
  const residents = [
    { name: 'Jane Resident', handle: 'JaneResident23' },
    { name: 'Siân Ŵyn Jones', handle: 'sian_wyn' },
    { name: 'Ötzi Bauer', handle: 'Otzi_B' },
    { name: '𝐀lex Moon', handle: 'alexmoon' },
    { name: '\u212Aatie Bell', handle: 'K_bell' },
    { name: 'İlkay Demir', handle: 'ilkay' },
    { name: 'Bob', handle: 'b' },
    { name: 'Longest Handle', handle: 'L'.repeat(50) },
  ];
  const others = ['thanks', 'bins', 'Council', 'jane', 'Jane_', 'janeresident', 'resident23', 'Wyn', 'ŵyn', 'sian', 'katie', 'kelvin', 'otzi', 'ötzi', 'moon', 'alex', 'İlkay', 'ilkay', 'BOB', 'bobby', 'x'.repeat(51), 'a'.repeat(50)];
  const glue = [' ', '  ', '@', '@@', '_', '.', ', ', '#', '—', 'é', '👍', '\u{1F600}', '\uD800', '\uDC00', 'mail@', '://', '\n', 'ŵ', '𝐀', '\u212A', '', '-', "'", '’'];

  function makeAnonymisers() {
    const quick = new Anonymiser(labels);
    const exact = new Anonymiser(labels);
    for (const [i, r] of residents.entries()) {
      for (const a of [quick, exact]) a.note(residentPost(i, { author: { name: r.name, handle: r.handle, verified: false } }), 'public');
    }
    for (const a of [quick, exact]) a.note(councilPost(99), 'council');
    // The exact path alone: what text() did before its quick test.
    (exact as unknown as { mayMask: () => boolean }).mayMask = () => true;
    return { quick, exact };
  }

  it('masks exactly what the full reading masks, in texts of every kind', () => {
    const { quick, exact } = makeAnonymisers();
    let seed = 12345;
    const next = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    const words = [...residents.flatMap((r) => [r.handle, `@${r.handle}`, r.handle.toUpperCase(), ...r.name.split(' '), r.name]), ...others];
    let masked = 0;
    for (let n = 0; n < 4000; n++) {
      let text = '';
      const parts = 1 + next(8);
      for (let p = 0; p < parts; p++) text += glue[next(glue.length)]! + words[next(words.length)]! + glue[next(glue.length)]!;
      const want = exact.text(text);
      expect(quick.text(text), JSON.stringify(text)).toBe(want);
      if (want !== text) masked++;
    }
    // Both kinds of text were tried: many masked, many not.
    expect(masked).toBeGreaterThan(1000);
    expect(masked).toBeLessThan(3900);
  });

  it('leaves a text with nothing to mask as it is, and still masks a hidden handle or name anywhere in a long text', () => {
    const { quick } = makeAnonymisers();
    const plain = 'Gritters are out tonight on all priority routes. Check your route: example.gov.uk/gritting 👍 #lgadigital';
    expect(quick.text(plain)).toBe(plain);
    expect(quick.text(`${plain} cc @sian_wyn`)).toBe(`${plain} cc @[member of the public]`);
    expect(quick.text(`${plain} thanks to Siân Ŵyn Jones`)).toBe(`${plain} thanks to [member of the public]`);
    expect(quick.text(`éJaneResident23 ${plain}`)).toBe(`é[member of the public] ${plain}`);
  });
});

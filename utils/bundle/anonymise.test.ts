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

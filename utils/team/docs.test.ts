import { describe, expect, it } from 'vitest';
import { annotationId, clippingId, validateDocUpdateSource } from './docs';

type Validate = (n: object, o: object | null, u: object, s: object) => void;
// eslint-disable-next-line @typescript-eslint/no-implied-eval
const validate = new Function(`return (${validateDocUpdateSource})`)() as Validate;
const sec = { members: { names: ['ann', 'bob'], roles: [] } };
const ann = { name: 'ann', roles: [] };
const thrown = (f: () => void): unknown => {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
};

describe('validate_doc_update', () => {
  const own = { _id: annotationId('ann', '1'), type: 'annotation', owner: 'ann', postId: '1' };
  it('accepts a member writing their own annotation and a clipping', () => {
    expect(thrown(() => validate(own, null, ann, sec))).toBeUndefined();
    expect(thrown(() => validate({ _id: clippingId('1'), type: 'clipping', postId: '1', contributor: 'ann' }, null, ann, sec))).toBeUndefined();
    expect(thrown(() => validate({ ...own, _deleted: true }, own, ann, sec))).toBeUndefined();
  });
  it("refuses another member's annotation, forged owners and unknown shapes", () => {
    const bobs = { _id: annotationId('bob', '1'), type: 'annotation', owner: 'bob', postId: '1' };
    expect(thrown(() => validate(bobs, null, ann, sec))).toHaveProperty('forbidden');
    expect(thrown(() => validate({ ...own, owner: 'bob' }, null, ann, sec))).toHaveProperty('forbidden');
    expect(thrown(() => validate({ ...own, postId: '2' }, null, ann, sec))).toHaveProperty('forbidden');
    expect(thrown(() => validate({ _id: 'other', type: 'x' }, null, ann, sec))).toHaveProperty('forbidden');
    expect(thrown(() => validate({ _id: '_design/x' }, null, ann, sec))).toHaveProperty('forbidden');
    expect(thrown(() => validate({ _id: clippingId('1'), type: 'clipping', postId: '2', contributor: 'ann' }, null, ann, sec))).toHaveProperty('forbidden');
  });
  it('refuses non-members and anonymous writers; admins pass', () => {
    expect(thrown(() => validate(own, null, { name: 'eve', roles: [] }, sec))).toHaveProperty('unauthorized');
    expect(thrown(() => validate(own, null, { name: null, roles: [] }, sec))).toHaveProperty('unauthorized');
    expect(thrown(() => validate({ _id: 'x' }, null, { name: 'root', roles: ['_admin'] }, sec))).toBeUndefined();
  });
});

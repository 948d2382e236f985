import { describe, expect, it } from 'vitest';
import { TypicalSize } from './typical-size';

describe('TypicalSize', () => {
  it('starts at the estimate it is given, until a row is measured', () => {
    const t = new TypicalSize(44);
    expect(t.value).toBe(44);
    t.note(41.8);
    expect(t.value).toBe(41.8);
  });

  it('is the size most rows measured, not the last one', () => {
    const t = new TypicalSize(44);
    for (const size of [41.8, 41.8, 58.6, 41.8, 58.6]) t.note(size);
    expect(t.value).toBe(41.8);
  });

  it('goes to the latest of two sizes seen as often as each other', () => {
    const t = new TypicalSize(44);
    for (const size of [30, 50, 50, 30]) t.note(size);
    expect(t.value).toBe(30);
    t.note(50);
    expect(t.value).toBe(50);
  });

  it('follows a change of text size once the new rows are most of its window', () => {
    const t = new TypicalSize(44, 8);
    for (let i = 0; i < 8; i++) t.note(41.8);
    for (let i = 0; i < 4; i++) t.note(83.6);
    expect(t.value).toBe(83.6); // four of eight, and the latest
    for (let i = 0; i < 3; i++) t.note(41.8);
    expect(t.value).toBe(41.8); // four of eight each again, and the latest
  });

  it('forgets sizes older than its window', () => {
    const t = new TypicalSize(44, 4);
    for (let i = 0; i < 20; i++) t.note(20);
    for (let i = 0; i < 3; i++) t.note(60);
    expect(t.value).toBe(60);
  });

  it('ignores a size that is not a positive number (a row not laid out, a detached node)', () => {
    const t = new TypicalSize(44);
    t.note(40);
    for (const size of [0, -3, Number.NaN, Number.POSITIVE_INFINITY]) t.note(size);
    expect(t.value).toBe(40);
  });
});

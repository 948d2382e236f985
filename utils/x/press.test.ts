import { describe, expect, it, vi } from 'vitest';
import type { ButtonView } from './button';
import { createPressFlow, REPLY_PATIENCE_MS, type PressDeps } from './press';
import { makeSnapshot } from '@/tests/unit/snapshots';
import type { Envelope } from '@/utils/messaging/protocol';

const ID = '1846200000000000001';
const lost = (code: 'unreachable' | 'no-answer' = 'unreachable') => ({ ok: false as const, error: { code, message: 'gone' } });

function setUp(overrides: Partial<PressDeps> = {}) {
  const views = new Map<string, ButtonView>();
  const shown: ButtonView[] = [];
  const notices: string[] = [];
  const timers: Array<{ callback: () => void; ms: number; cleared: boolean }> = [];
  const deps: PressDeps = {
    view: {
      viewOf: (id) => views.get(id),
      setView: (id, view) => {
        views.set(id, view);
        shown.push(view);
      },
      setError: (id, error, state) => {
        views.set(id, { state, error });
        shown.push({ state, error });
      },
    },
    extract: () => ({ ok: true, snapshot: makeSnapshot({ postId: ID }) }),
    clip: async () => ({ ok: true, value: { postId: ID, saved: true, addedToLibrary: true } }),
    unclip: async () => ({ ok: true, value: { postId: ID, saved: false } }),
    restore: async () => ({ ok: true, value: { postId: ID, saved: true } }),
    savedState: async () => ({ ok: true, value: { saved: [] } }),
    notify: (what) => notices.push(what),
    setTimeout: (callback, ms) => timers.push({ callback, ms, cleared: false }) - 1,
    clearTimeout: (handle) => {
      if (typeof handle === 'number' && timers[handle]) timers[handle].cleared = true;
    },
    sleep: async () => undefined,
    ...overrides,
  };
  const flow = createPressFlow(deps);
  const article = document.createElement('article');
  return { flow, views, shown, notices, timers, article, deps };
}

describe('PressFlow', () => {
  it('shows saving, then saved, and says so', async () => {
    const { flow, views, shown, notices, article } = setUp();
    await flow.press('clip', ID, article);
    expect(shown[0]).toEqual({ state: 'saving' });
    expect(views.get(ID)).toEqual({ state: 'saved' });
    expect(notices).toEqual(['saved']);
  });

  it('shows an unreadable post as not saved, and never asks the background', async () => {
    const clip = vi.fn();
    const { flow, views, article } = setUp({ extract: () => ({ ok: false, reason: 'no post id' }), clip });
    await flow.press('clip', ID, article);
    expect(views.get(ID)).toEqual({ state: 'unsaved', error: 'unreadable' });
    expect(clip).not.toHaveBeenCalled();
  });

  it('says storage is full when it is', async () => {
    const { flow, views, article } = setUp({ clip: async () => ({ ok: false, error: { code: 'storage-full', message: '' } }) });
    await flow.press('clip', ID, article);
    expect(views.get(ID)).toEqual({ state: 'unsaved', error: 'storageFull' });
  });

  it.each(['unreachable', 'no-answer'] as const)('a lost reply (%s) to a clip that was written shows saved, after asking again', async (code) => {
    const savedState = vi.fn(async () => ({ ok: true as const, value: { saved: [ID] } }));
    const { flow, views, notices, article } = setUp({ clip: async () => lost(code), savedState });
    await flow.press('clip', ID, article);
    expect(savedState).toHaveBeenCalledWith([ID]);
    expect(views.get(ID)).toEqual({ state: 'saved' });
    expect(notices).toEqual(['saved']);
  });

  it('a lost reply to a clip that was not written shows the error over not saved', async () => {
    const { flow, views, article } = setUp({ clip: async () => lost() });
    await flow.press('clip', ID, article);
    expect(views.get(ID)).toEqual({ state: 'unsaved', error: 'unreachable' });
  });

  it('asks again a few times while the background cannot answer, then shows the error', async () => {
    const savedState = vi.fn(async (): Promise<Envelope<{ saved: string[] }>> => lost());
    const { flow, views, article } = setUp({ clip: async () => lost(), savedState });
    await flow.press('clip', ID, article);
    expect(savedState).toHaveBeenCalledTimes(3);
    expect(views.get(ID)).toEqual({ state: 'unsaved', error: 'unreachable' });
  });

  it('keeps change-feed news that arrives while the press is on its way, and lets it decide a lost reply', async () => {
    let answer!: (reply: ReturnType<typeof lost>) => void;
    const savedState = vi.fn();
    const { flow, views, article } = setUp({ clip: () => new Promise((resolve) => (answer = resolve)), savedState });
    const pressing = flow.press('clip', ID, article);
    expect(flow.isPressing(ID)).toBe(true);
    flow.noteNews(ID, true); // another tab or the restarted worker announced the save
    answer(lost());
    await pressing;
    expect(savedState).not.toHaveBeenCalled();
    expect(views.get(ID)).toEqual({ state: 'saved' });
    expect(flow.isPressing(ID)).toBe(false);
  });

  it('forgets news of posts with no press on its way', async () => {
    const { flow, views, article } = setUp({ clip: async () => lost() });
    flow.noteNews(ID, true);
    await flow.press('clip', ID, article);
    expect(views.get(ID)).toEqual({ state: 'unsaved', error: 'unreachable' });
  });

  it('removes with Undo, which goes after its time', async () => {
    const { flow, views, notices, timers, article } = setUp();
    await flow.press('unclip', ID, article);
    expect(views.get(ID)).toEqual({ state: 'unsaved', undo: true });
    expect(notices).toEqual(['removed']);
    timers.find((t) => t.ms === 12_000 && !t.cleared)!.callback();
    expect(views.get(ID)).toEqual({ state: 'unsaved', undo: false });
  });

  it('waits for a reply only so long, then asks the library, and shows what it holds', async () => {
    const savedState = vi.fn(async () => ({ ok: true as const, value: { saved: [ID] } }));
    // The worker was stopped under the message: no reply, and no error either, ever.
    const { flow, views, notices, timers, article } = setUp({ clip: () => new Promise(() => undefined), savedState });
    const pressing = flow.press('clip', ID, article);
    await Promise.resolve();
    expect(views.get(ID)).toEqual({ state: 'saving' });
    expect(savedState).not.toHaveBeenCalled();
    const patience = timers.find((t) => t.ms === REPLY_PATIENCE_MS && !t.cleared)!;
    patience.callback();
    await pressing;
    expect(savedState).toHaveBeenCalledWith([ID]);
    expect(views.get(ID)).toEqual({ state: 'saved' });
    expect(notices).toEqual(['saved']);
    expect(flow.isPressing(ID)).toBe(false);
  });

  it('ends even when the library’s checks after a lost reply get no answer either, showing the error', async () => {
    const savedState = vi.fn(() => new Promise<never>(() => undefined));
    const { flow, views, timers, article } = setUp({ clip: async () => lost(), savedState });
    const pressing = flow.press('clip', ID, article);
    for (let check = 1; check <= 3; check++) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(savedState).toHaveBeenCalledTimes(check);
      timers.filter((t) => t.ms === REPLY_PATIENCE_MS).at(-1)!.callback(); // this check's patience
    }
    await pressing;
    expect(views.get(ID)).toEqual({ state: 'unsaved', error: 'unreachable' });
    expect(flow.isPressing(ID)).toBe(false);
  });

  it('leaves a reply that rejects to its patience, then asks the library', async () => {
    const savedState = vi.fn(async () => ({ ok: true as const, value: { saved: [] } }));
    const { flow, views, timers, article } = setUp({ clip: () => Promise.reject(new Error('gone')), savedState });
    const pressing = flow.press('clip', ID, article);
    await new Promise((resolve) => setTimeout(resolve, 0));
    timers.find((t) => t.ms === REPLY_PATIENCE_MS && !t.cleared)!.callback();
    await pressing;
    expect(views.get(ID)).toEqual({ state: 'unsaved', error: 'unreachable' });
  });

  it('lets a reply that comes in time decide, and leaves no patience timer behind', async () => {
    const savedState = vi.fn();
    const { flow, views, timers, article } = setUp({ unclip: async () => ({ ok: true, value: { postId: ID, saved: false } }), savedState });
    await flow.press('unclip', ID, article);
    expect(views.get(ID)).toEqual({ state: 'unsaved', undo: true });
    expect(timers.filter((t) => t.ms === REPLY_PATIENCE_MS).every((t) => t.cleared)).toBe(true);
    expect(savedState).not.toHaveBeenCalled();
  });

  it('a lost reply to a removal that was written shows it removed; one that was not, saved, never "Not saved"', async () => {
    const removed = setUp({ unclip: async () => lost(), savedState: async () => ({ ok: true, value: { saved: [] } }) });
    await removed.flow.press('unclip', ID, removed.article);
    expect(removed.views.get(ID)).toEqual({ state: 'unsaved', undo: true });
    const kept = setUp({ unclip: async () => lost(), savedState: async () => ({ ok: true, value: { saved: [ID] } }) });
    await kept.flow.press('unclip', ID, kept.article);
    expect(kept.views.get(ID)).toEqual({ state: 'saved' });
  });

  it('Undo restores, and a lost reply to a restore that was written shows saved', async () => {
    const { flow, views, article } = setUp({ restore: async () => lost('no-answer'), savedState: async () => ({ ok: true, value: { saved: [ID] } }) });
    await flow.press('undo', ID, article);
    expect(views.get(ID)).toEqual({ state: 'saved' });
  });
});

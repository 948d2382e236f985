import { describe, expect, it } from 'vitest';
import { PORT_PATIENCE_MS, portLookups, type PortClock, type PortLike } from './port';

/** A fake runtime.Port: it records what was posted, and the test answers or cuts it. */
function fakePort() {
  const onMessage: Array<(m: unknown) => void> = [];
  const onDisconnect: Array<() => void> = [];
  const posted: Array<{ id: number; request: unknown }> = [];
  let cut = false;
  const port: PortLike = {
    postMessage(m) {
      if (cut) throw new Error('Attempting to use a disconnected port object');
      posted.push(m as { id: number; request: unknown });
    },
    disconnect() {
      cut = true;
    },
    onMessage: { addListener: (l) => void onMessage.push(l) },
    onDisconnect: { addListener: (l) => void onDisconnect.push(l) },
  };
  return {
    port,
    posted,
    answer(id: number, reply: unknown) {
      for (const l of onMessage) l({ id, reply });
    },
    cut() {
      cut = true;
      for (const l of onDisconnect) l();
    },
  };
}

const ask = (postIds: string[]) => ({ type: 'savedState' as const, postIds });

/** Lookups over fake ports, each port kept as it is opened. */
function recordedPorts(clock?: PortClock) {
  const ports: ReturnType<typeof fakePort>[] = [];
  const lookUp = portLookups(() => {
    const p = fakePort();
    ports.push(p);
    return p.port;
  }, clock);
  return { ports, lookUp };
}

/** A clock the test moves by hand: which timers are set, and for how long. */
function handClock() {
  let now = 0;
  const timers = new Map<number, { at: number; callback: () => void }>();
  let last = 0;
  const clock: PortClock = {
    setTimeout(callback, ms) {
      timers.set(++last, { at: now + ms, callback });
      return last;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
  };
  return {
    clock,
    pending: () => timers.size,
    advance(ms: number) {
      now += ms;
      for (const [handle, timer] of [...timers].sort((a, b) => a[1].at - b[1].at)) {
        if (timer.at > now || !timers.has(handle)) continue;
        timers.delete(handle);
        timer.callback();
      }
    },
  };
}

describe('saved-state lookups over a port', () => {
  it('opens one port on demand and matches each reply to its lookup', async () => {
    const { ports, lookUp } = recordedPorts();
    const a = lookUp(ask(['1']));
    const b = lookUp(ask(['2']));
    expect(ports).toHaveLength(1);
    expect(ports[0]!.posted.map((m) => m.request)).toEqual([ask(['1']), ask(['2'])]);
    ports[0]!.answer(ports[0]!.posted[1]!.id, { ok: true, value: { saved: ['2'] } });
    ports[0]!.answer(ports[0]!.posted[0]!.id, { ok: true, value: { saved: [] } });
    expect(await a).toEqual({ ok: true, value: { saved: [] } });
    expect(await b).toEqual({ ok: true, value: { saved: ['2'] } });
    // An answer nobody waits for (a second copy, a stranger's number) changes nothing.
    ports[0]!.answer(99, { ok: true, value: { saved: ['9'] } });
    expect(ports).toHaveLength(1);
  });

  it('asks again on a new port every lookup a cut port left unanswered, and loses none', async () => {
    const { ports, lookUp } = recordedPorts();
    const a = lookUp(ask(['1']));
    const b = lookUp(ask(['2']));
    ports[0]!.answer(ports[0]!.posted[0]!.id, { ok: true, value: { saved: ['1'] } });
    ports[0]!.cut(); // the browser stopped the worker with the second lookup on its way
    expect(ports).toHaveLength(2);
    expect(ports[1]!.posted.map((m) => m.request)).toEqual([ask(['2'])]);
    ports[1]!.answer(ports[1]!.posted[0]!.id, { ok: true, value: { saved: ['2'] } });
    expect(await a).toEqual({ ok: true, value: { saved: ['1'] } });
    expect(await b).toEqual({ ok: true, value: { saved: ['2'] } });
    // The next lookup goes on the port that is open, not a new one.
    void lookUp(ask(['3']));
    expect(ports).toHaveLength(2);
    expect(ports[1]!.posted).toHaveLength(2);
  });

  it('opens a new port when the old one was cut without telling (posting throws)', async () => {
    const { ports, lookUp } = recordedPorts();
    void lookUp(ask(['1']));
    ports[0]!.port.disconnect();
    const b = lookUp(ask(['2']));
    expect(ports).toHaveLength(2);
    ports[1]!.answer(ports[1]!.posted.at(-1)!.id, { ok: true, value: { saved: [] } });
    expect(await b).toEqual({ ok: true, value: { saved: [] } });
  });

  it('answers unreachable when no port can be opened (the extension was reloaded), and no-answer for a reply that is no envelope', async () => {
    const dead = portLookups(() => {
      throw new Error('Extension context invalidated.');
    });
    expect(await dead(ask(['1']))).toMatchObject({ ok: false, error: { code: 'unreachable' } });

    const p = fakePort();
    const lookUp = portLookups(() => p.port);
    const a = lookUp(ask(['1']));
    p.answer(p.posted[0]!.id, 'nonsense');
    expect(await a).toMatchObject({ ok: false, error: { code: 'no-answer' } });
  });

  it('asks again through a burst of cut ports (four stops of the worker in a row), and answers right', async () => {
    let opened = 0;
    const ports: ReturnType<typeof fakePort>[] = [];
    const lookUp = portLookups(() => {
      opened++;
      const p = fakePort();
      ports.push(p);
      if (opened <= 4) queueMicrotask(() => p.cut());
      return p.port;
    });
    const a = lookUp(ask(['1']));
    await new Promise((r) => setTimeout(r, 0));
    const last = ports.at(-1)!;
    last.answer(last.posted.at(-1)!.id, { ok: true, value: { saved: ['1'] } });
    expect(await a).toEqual({ ok: true, value: { saved: ['1'] } });
    expect(opened).toBe(5);
  });

  it('gives a lookup up as unreachable after its ports keep being cut, instead of asking for ever', async () => {
    let opened = 0;
    const lookUp = portLookups(() => {
      opened++;
      const p = fakePort();
      queueMicrotask(() => p.cut());
      return p.port;
    });
    expect(await lookUp(ask(['1']))).toMatchObject({ ok: false, error: { code: 'unreachable' } });
    expect(opened).toBe(8);
  });

  it('takes a port that stays silent while a lookup waits for cut, and asks again on a new one', async () => {
    const time = handClock();
    const { ports, lookUp } = recordedPorts(time.clock);
    const a = lookUp(ask(['1']));
    time.advance(PORT_PATIENCE_MS - 1);
    expect(ports).toHaveLength(1); // patient until then
    time.advance(1); // the worker went without a word: the message was lost with it
    expect(ports).toHaveLength(2);
    expect(() => ports[0]!.port.postMessage('x')).toThrow(); // the silent port was closed
    expect(ports[1]!.posted.map((m) => m.request)).toEqual([ask(['1'])]);
    ports[1]!.answer(ports[1]!.posted[0]!.id, { ok: true, value: { saved: ['1'] } });
    expect(await a).toEqual({ ok: true, value: { saved: ['1'] } });
    // Nothing waits: no timer runs, and the open port is kept.
    expect(time.pending()).toBe(0);
    time.advance(10 * PORT_PATIENCE_MS);
    expect(ports).toHaveLength(2);
  });

  it('is patient with a port that keeps answering, however long its lookups take together', async () => {
    const time = handClock();
    const { ports, lookUp } = recordedPorts(time.clock);
    const asked = [lookUp(ask(['1'])), lookUp(ask(['2'])), lookUp(ask(['3']))];
    for (const m of ports[0]!.posted) {
      time.advance(PORT_PATIENCE_MS - 1);
      ports[0]!.answer(m.id, { ok: true, value: { saved: [] } });
    }
    expect(await Promise.all(asked)).toEqual(asked.map(() => ({ ok: true, value: { saved: [] } })));
    expect(ports).toHaveLength(1);
  });

  it('gives a lookup up as unreachable when every port stays silent, instead of waiting for ever', async () => {
    const time = handClock();
    let opened = 0;
    const lookUp = portLookups(() => {
      opened++;
      return fakePort().port;
    }, time.clock);
    let answer: unknown;
    void lookUp(ask(['1'])).then((reply) => (answer = reply));
    for (let i = 0; i < 8; i++) time.advance(PORT_PATIENCE_MS);
    await Promise.resolve();
    expect(answer).toMatchObject({ ok: false, error: { code: 'unreachable' } });
    expect(opened).toBe(8);
    expect(time.pending()).toBe(0);
  });
});

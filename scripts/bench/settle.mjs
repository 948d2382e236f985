// Waiting for the browser to be idle before a bulk figure is measured. After a large write or a deleted
// database, Chromium's IndexedDB goes on working in the browser process for a second or two (writing
// its log out, compacting, removing the deleted files): an export measured then measured that work too
// (2.7 s instead of 1.3 s at 10,000, docs/performance.md "The bench's steps measured apart").
import { setTimeout as sleep } from 'node:timers/promises';
import { chromiumCpu } from './chromium-cpu.mjs';

/** A second in which the bench's Chromium processes used less than this share of one core is idle. */
const QUIET_SHARE = 0.05;
const WINDOW_MS = 1000;
/** Waits no longer than this by default; where /proc cannot be read (not Linux), a fixed time instead. */
const MAX_MS = 30_000;
const BLIND_MS = 3000;

/**
 * Resolves once the Chromium processes this bench started have been idle for a second (or after
 * `maxMs`): the ms waited and whether they were idle at the end (null where their CPU cannot be read).
 */
export async function browserIdle(maxMs = MAX_MS) {
  const started = performance.now();
  let before = chromiumCpu();
  if (!before) {
    await sleep(Math.min(BLIND_MS, maxMs));
    return { ms: Math.min(BLIND_MS, maxMs), idle: null };
  }
  for (;;) {
    await sleep(WINDOW_MS);
    const now = chromiumCpu();
    const used = now.total - before.total;
    before = now;
    const ms = Math.round(performance.now() - started);
    if (used <= QUIET_SHARE * (WINDOW_MS / 1000)) return { ms, idle: true };
    if (ms >= maxMs) return { ms, idle: false };
  }
}

/** A line for the bench's log: how long the browser took to settle. */
export function settledLine({ ms, idle }) {
  if (idle === null) return `waited ${(ms / 1000).toFixed(0)} s for the browser to settle (its CPU cannot be read here)`;
  return idle ? `browser idle after ${(ms / 1000).toFixed(0)} s` : `browser still busy after ${(ms / 1000).toFixed(0)} s; measuring anyway`;
}

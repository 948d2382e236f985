/**
 * Resolves in a task of its own, so that long work done a piece at a time lets the browser draw and hear
 * input between pieces: `scheduler.yield()` where the browser has it, else a message posted to itself.
 *
 * Never a timer. In a tab the user has left, Firefox runs a page's timers at most about once a second: in
 * firefox-esr 153, eight pauses of the export's kind (a database read, then `setTimeout(…, 0)`) took 8.1 s in a
 * hidden library tab, and 7 ms paced by messages; an export of 50,000 clippings pauses 200 times. And a chain of
 * timers is held to at least 4 ms a link after the fifth (200 links: 934 ms in Chromium 156, against 6 ms by
 * message and 2 ms by `scheduler.yield()`).
 */
export function nextTask(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/**
 * The size most rows of a virtual list turn out to have, learnt from the rows measured, for the rows
 * not yet drawn. TanStack Virtual places every row after one whose measured size differs from what it
 * assumed, so an estimate that is right for most rows saves that work for most rows: at 50,000 rows, a
 * wrong fixed estimate had every frame of a fast scroll place tens of thousands of rows again. Learnt
 * rather than fixed because the size follows the reader's text size and zoom (WCAG's resize text).
 *
 * The estimate is the most common size among the last `window` measured (ties to the latest), so a
 * change of text size takes over as soon as the rows drawn after it are most of the window.
 */
export class TypicalSize {
  private readonly recent: number[] = [];
  private next = 0;
  private current: number;

  constructor(
    initial: number,
    private readonly window = 32,
  ) {
    this.current = initial;
  }

  /** The estimate for a row not yet measured. */
  get value(): number {
    return this.current;
  }

  /** A row was measured at `size` CSS pixels; sizes that are not a positive, finite number are ignored. */
  note(size: number): void {
    if (!Number.isFinite(size) || size <= 0) return;
    const latest = this.next;
    this.recent[latest] = size;
    this.next = (latest + 1) % this.window;
    const counts = new Map<number, number>();
    let most = 0;
    for (const s of this.recent) {
      const n = (counts.get(s) ?? 0) + 1;
      counts.set(s, n);
      most = Math.max(most, n);
    }
    // Of the sizes seen most often, the one seen last.
    for (let k = 0; k < this.recent.length; k++) {
      const s = this.recent[(latest - k + this.recent.length) % this.recent.length]!;
      if (counts.get(s) === most) {
        this.current = s;
        return;
      }
    }
  }
}

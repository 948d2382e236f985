// One measured figure: what results.json holds and the terminal table prints.

/**
 * @typedef {{ name: string, unit: string, value: number | null, goal: string | null, met: boolean | null, note?: string }} Figure
 * `goal` is written as the comparison the value must pass ("< 300"), null when there is none;
 * `met` is null when there is no goal or nothing was measured (then `note` says why).
 */

/**
 * @param {string} name @param {string} unit @param {number} value
 * @param {{ max?: number, maxOrEqual?: number } | null} [goal]
 * @returns {Figure}
 */
export function figure(name, unit, value, goal = null) {
  if (!Number.isFinite(value)) throw new Error(`${name}: not a number (${value})`);
  if (goal?.max !== undefined) return { name, unit, value: round(value), goal: `< ${goal.max}`, met: value < goal.max };
  if (goal?.maxOrEqual !== undefined) return { name, unit, value: round(value), goal: `<= ${goal.maxOrEqual}`, met: value <= goal.maxOrEqual };
  return { name, unit, value: round(value), goal: null, met: null };
}

/** A figure that could not be measured on this checkout (not a failure). @returns {Figure} */
export function notMeasured(name, unit, goal, note) {
  return { name, unit, value: null, goal, met: null, note };
}

function round(v) {
  const a = Math.abs(v);
  return a >= 100 ? Math.round(v * 10) / 10 : a >= 1 ? Math.round(v * 100) / 100 : Math.round(v * 1000) / 1000;
}

/** @param {number[]} xs @param {number} q 0..1 (nearest rank) */
export function quantile(xs, q) {
  if (xs.length === 0) throw new Error('no samples');
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}
export const median = (xs) => {
  if (xs.length === 0) throw new Error('no samples');
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// @vitest-environment node
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The linter's rules (.dependency-cruiser.cjs, .dependency-cruiser.content.cjs) catch what they
 * are for: each tree in tests/architecture/ breaks one rule, and dependency-cruiser, run with the
 * project's own configs as `npm run lint` runs it, must report that rule and fail.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const DEPCRUISE = join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

interface Report {
  status: number | null;
  rules: string[];
}

function cruise(tree: string, config: '.dependency-cruiser.cjs' | '.dependency-cruiser.content.cjs', folders: string[]): Report {
  // The default (err) output and exit code, as `npm run lint` sees them.
  const run = spawnSync(process.execPath, [DEPCRUISE, '--config', join(ROOT, config), ...folders], { cwd: join(ROOT, 'tests/architecture', tree), encoding: 'utf8' });
  const cruised = /(\d+) modules, \d+ dependencies cruised/.exec(run.stdout);
  if (!cruised) throw new Error(`dependency-cruiser did not finish: ${run.stdout}${run.stderr}`);
  expect(Number(cruised[1])).toBeGreaterThan(1);
  return { status: run.status, rules: [...new Set([...run.stdout.matchAll(/^\s*error ([\w-]+):/gm)].map((m) => m[1]!))].sort() };
}

/** Both runs of `npm run lint`. */
function lint(tree: string, folders: string[]): Report {
  const main = cruise(tree, '.dependency-cruiser.cjs', folders);
  // The content scripts on X, the isolated one and the main-world one, as `npm run lint` names them.
  const scripts = ['entrypoints/x.content', 'entrypoints/x-data.content.ts'].filter((f) => existsSync(join(ROOT, 'tests/architecture', tree, f)));
  const content = folders.includes('entrypoints') ? cruise(tree, '.dependency-cruiser.content.cjs', scripts) : { status: 0, rules: [] };
  return { status: main.status || content.status, rules: [...main.rules, ...content.rules].sort() };
}

describe('the architecture linter', () => {
  it('passes a tree that keeps the rules, a type-only import of valibot in the content script included', () => {
    expect(lint('clean', ['utils', 'entrypoints'])).toEqual({ status: 0, rules: [] });
  });

  it('fails on an import cycle', () => {
    const report = lint('cycle', ['utils']);
    expect(report.rules).toEqual(['no-cycles']);
    expect(report.status).not.toBe(0);
  });

  it('fails on Dexie imported by utils/x', () => {
    const report = lint('dexie-in-x', ['utils']);
    expect(report.rules).toEqual(['pure-modules-stay-pure']);
    expect(report.status).not.toBe(0);
  });

  it('fails on valibot reachable from the main-world content script', () => {
    const report = lint('valibot-in-main-world', ['utils', 'entrypoints']);
    expect(report.rules).toEqual(['content-script-stays-light']);
    expect(report.status).not.toBe(0);
  });

  it('fails on valibot reachable from the content script', () => {
    const report = lint('valibot-in-content', ['utils', 'entrypoints']);
    expect(report.rules).toEqual(['content-script-stays-light']);
    expect(report.status).not.toBe(0);
  });
});

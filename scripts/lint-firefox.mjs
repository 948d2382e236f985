// @ts-check
/**
 * `web-ext lint` on the Firefox build (.output/firefox-mv2; `npm run lint:firefox` builds it first).
 * Fails on any error, and on any warning or notice that docs/browsers.md does not explain. The one
 * explained warning (Preact's innerHTML) stays true only while no source of ours sets HTML from
 * a string, so that is checked here too.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const sourceDir = join(root, '.output/firefox-mv2');

/** Warnings explained in docs/browsers.md ("web-ext lint"): code → where it may appear and why. */
const EXPLAINED = {
  UNSAFE_VAR_ASSIGNMENT: {
    // Preact's renderer supports dangerouslySetInnerHTML; the extension pages never use it.
    file: /^chunks\/mount-page-[\w-]+\.js$/,
    message: /innerHTML/,
  },
  DANGEROUS_EVAL: {
    // PouchDB (the team library's replication client) can evaluate a map, reduce or filter function
    // given as a string (`scopeEval`); the extension never passes one, so the code path is never taken.
    file: /^(background\.js|chunks\/runner-[\w-]+\.js)$/,
    message: /Function constructor is eval/,
  },
};

const run = spawnSync(join(root, 'node_modules/.bin/web-ext'), ['lint', '--source-dir', sourceDir, '--output', 'json', '--no-config-discovery'], {
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
});
const out = run.stdout.slice(run.stdout.indexOf('{'));
/** @type {{ summary: { errors: number, warnings: number, notices: number }, errors: any[], warnings: any[], notices: any[] }} */
let report;
try {
  report = JSON.parse(out);
} catch {
  console.error(`web-ext lint gave no report (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  process.exit(1);
}

const problems = [];
for (const e of report.errors) problems.push(`error ${e.code} in ${e.file ?? 'the package'}: ${e.message}`);
for (const w of [...report.warnings, ...report.notices]) {
  const known = EXPLAINED[/** @type {keyof typeof EXPLAINED} */ (w.code)];
  if (known && known.file.test(w.file ?? '') && known.message.test(w.message)) continue;
  problems.push(`unexplained ${w._type ?? 'warning'} ${w.code} in ${w.file ?? 'the package'}: ${w.message} (${w.description ?? ''})`);
}

// Keep the explanation true: none of our sources sets HTML from a string.
/** @param {string} dir @returns {string[]} */
const files = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
for (const dir of ['components', 'entrypoints', 'utils']) {
  for (const file of files(join(root, dir))) {
    if (!/\.(ts|tsx)$/.test(file) || /\.test\.tsx?$/.test(file)) continue;
    const text = readFileSync(file, 'utf8');
    if (/dangerouslySetInnerHTML|\.innerHTML\s*=|\.outerHTML\s*=|insertAdjacentHTML/.test(text)) {
      problems.push(`${file.slice(root.length + 1)} sets HTML from a string: the innerHTML warning in docs/browsers.md would no longer be harmless`);
    }
  }
}

const { errors, warnings, notices } = report.summary;
console.log(`web-ext lint: ${errors} errors, ${warnings} warnings, ${notices} notices`);
if (problems.length) {
  for (const p of problems) console.error(`  ${p}`);
  process.exit(1);
}
console.log('Every warning is explained in docs/browsers.md.');

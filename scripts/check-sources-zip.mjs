// @ts-check
/**
 * Checks that the sources zip Firefox's review gets rebuilds the very extension we upload:
 * unzips .output/<name>-<version>-sources.zip into a temporary directory, runs `npm ci` and
 * `npm run build:firefox` there, as a reviewer would (docs/browsers.md), and compares every file
 * of that build with the files in .output/<name>-<version>-firefox.zip.
 *
 * Run `npm run zip` first. `npm run check:sources-zip` exits 1 on any difference and lists it.
 * --keep leaves the temporary directory in place for a look.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { unzipSync } from 'fflate';

const root = resolve(import.meta.dirname, '..');
const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const sourcesZip = join(root, '.output', `${name}-${version}-sources.zip`);
const firefoxZip = join(root, '.output', `${name}-${version}-firefox.zip`);
for (const zip of [sourcesZip, firefoxZip]) {
  if (!existsSync(zip)) {
    console.error(`No ${zip.slice(root.length + 1)}: run \`npm run zip\` first.`);
    process.exit(1);
  }
}

/** @param {string} zip @returns {Map<string, Uint8Array>} file path → contents (folders left out) */
function readZip(zip) {
  const entries = unzipSync(readFileSync(zip));
  return new Map(Object.entries(entries).filter(([path]) => !path.endsWith('/')));
}

/** @param {string} dir @param {string} [prefix] @returns {Map<string, Uint8Array>} */
function readTree(dir, prefix = '') {
  const files = new Map();
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    const rel = prefix ? `${prefix}/${entry}` : entry;
    if (statSync(path).isDirectory()) for (const [k, v] of readTree(path, rel)) files.set(k, v);
    else files.set(rel, readFileSync(path));
  }
  return files;
}

const hash = (/** @type {Uint8Array} */ data) => createHash('sha256').update(data).digest('hex').slice(0, 12);

const work = mkdtempSync(join(tmpdir(), 'lga-sources-'));
const keep = process.argv.includes('--keep');
let failed = false;
try {
  const sources = readZip(sourcesZip);
  for (const [path, data] of sources) {
    mkdirSync(dirname(join(work, path)), { recursive: true });
    writeFileSync(join(work, path), data);
  }
  console.log(`Unzipped ${sources.size} source files into ${work}`);
  for (const needed of ['package.json', 'package-lock.json', 'wxt.config.ts']) {
    if (!sources.has(needed)) throw new Error(`The sources zip has no ${needed}: a reviewer could not build from it.`);
  }

  const run = (/** @type {string} */ cmd, /** @type {string[]} */ args) => {
    console.log(`$ ${cmd} ${args.join(' ')}`);
    execFileSync(cmd, args, { cwd: work, stdio: 'inherit', env: { ...process.env, CI: 'true' } });
  };
  run('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline']);
  run('npm', ['run', 'build:firefox']);

  const rebuilt = readTree(join(work, '.output/firefox-mv2'));
  const shipped = readZip(firefoxZip);
  const differences = [];
  for (const [path, data] of shipped) {
    const again = rebuilt.get(path);
    if (!again) differences.push(`missing from the rebuild: ${path}`);
    else if (hash(again) !== hash(data)) differences.push(`differs: ${path} (shipped ${hash(data)}, rebuilt ${hash(again)})`);
  }
  for (const path of rebuilt.keys()) if (!shipped.has(path)) differences.push(`only in the rebuild: ${path}`);

  if (differences.length) {
    failed = true;
    console.error(`The sources zip does not rebuild the Firefox zip (${differences.length} differences):`);
    for (const d of differences) console.error(`  ${d}`);
  } else {
    console.log(`The sources zip rebuilds the Firefox zip exactly: ${shipped.size} files, byte for byte.`);
  }
} catch (error) {
  failed = true;
  console.error(error instanceof Error ? error.message : error);
} finally {
  if (keep) console.log(`Left ${work} in place.`);
  else rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);

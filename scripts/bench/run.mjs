// npm run bench [-- --quick] [-- --only=machine,timeline,xdata,sizes,library,team] [-- --profile]
// Measures the built extension (.output/chrome-mv3; `npm run bench` builds first) in Debian's
// Chromium: its cost on an X-like timeline, its bundle sizes, the library, store and bundles at
// scale, and the team library against the embedded team server. Prints progress and a table; writes bench/results.json (a full run) or
// bench/results-quick.json (--quick), and the table into docs/performance.md (a full run).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { CHROMIUM, EXTENSION_DIR, browserVersion, launchChromium } from './browser.mjs';
import { runBench, table } from './bench.mjs';

const root = resolve(import.meta.dirname, '../..');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.find((a) => a.startsWith('--only='))?.slice(7).split(',');
const profile = args.includes('--profile');

if (!existsSync(CHROMIUM)) {
  console.error(`No Chromium at ${CHROMIUM}: install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH.`);
  process.exit(1);
}
if (!existsSync(join(EXTENSION_DIR, 'manifest.json'))) {
  console.error(`No build at ${EXTENSION_DIR}: run npm run build first (npm run bench does).`);
  process.exit(1);
}

const started = Date.now();
const log = (line) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${line}`);
const probe = await launchChromium({ extension: false });
const chromium = await browserVersion(probe.context);
await probe.close();
const machine = { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version, chromium };
log(`${quick ? 'Quick bench' : 'Bench'} on ${machine.cpu} (${machine.cores} cores), Node ${machine.node}, ${chromium}`);

mkdirSync(join(root, 'bench'), { recursive: true });
const result = await runBench({ quick, only, log, profileDir: profile ? join(root, 'bench') : undefined });
const output = {
  ran: new Date().toISOString(),
  mode: quick ? 'quick' : 'full',
  seconds: Math.round((Date.now() - started) / 1000),
  machine,
  figures: result.figures,
  notes: result.notes,
};
// A run of some parts (--only) keeps the last full run's results.json as it was.
const file = join(root, 'bench', quick ? 'results-quick.json' : only ? 'results-only.json' : 'results.json');
writeFileSync(file, `${JSON.stringify(output, null, 2)}\n`);
console.log(`\n${table(result.figures)}\n`);
const missed = result.figures.filter((f) => f.met === false);
log(`done in ${output.seconds} s; ${missed.length === 0 ? 'every goal met' : `${missed.length} goal${missed.length === 1 ? '' : 's'} missed`}; results in ${file.slice(root.length + 1)}`);

if (!quick && !only) {
  // The latest full run's table goes into docs/performance.md, between its markers.
  const doc = join(root, 'docs/performance.md');
  const text = readFileSync(doc, 'utf8');
  const begin = '<!-- bench:table -->';
  const end = '<!-- /bench:table -->';
  const a = text.indexOf(begin);
  const b = text.indexOf(end);
  if (a >= 0 && b > a) {
    const stamp = `Latest full run: ${output.ran.slice(0, 16).replace('T', ' ')} UTC, ${output.seconds} s, on ${machine.cpu} (${machine.cores} cores), Node ${machine.node}, ${chromium}.`;
    writeFileSync(doc, `${text.slice(0, a + begin.length)}\n${stamp}\n\n${table(result.figures, 'markdown')}\n${text.slice(b)}`);
    log('docs/performance.md: table updated');
  }
}

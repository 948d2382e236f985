// Part 2: every entrypoint's bundle in .output/chrome-mv3, raw and gzip: the files a context loads
// (an HTML page with its scripts, their static imports and styles; the content script's JS and CSS;
// the service worker), each counted once per entrypoint.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { figure } from './figures.mjs';

/** @typedef {import('./figures.mjs').Figure} Figure */

/** Files a JS file imports statically (`import … from "./x.js"`, `import "./x.js"`), relative to dir. */
function importsOf(dir, file) {
  const code = readFileSync(join(dir, file), 'utf8');
  const base = file.includes('/') ? file.slice(0, file.lastIndexOf('/') + 1) : '';
  const found = [];
  for (const m of code.matchAll(/(?:\bimport\s*(?:[\w{}*,\s$]+\s*from\s*)?|\bexport\s*[\w{}*,\s$]*\s*from\s*)["'](\.{1,2}\/[^"']+)["']/g)) {
    found.push(new URL(m[1], `file:///${base}`).pathname.slice(1));
  }
  return found;
}

function closure(dir, roots) {
  const seen = new Set();
  const walk = (file) => {
    if (seen.has(file) || !existsSync(join(dir, file))) return;
    seen.add(file);
    if (file.endsWith('.js')) for (const f of importsOf(dir, file)) walk(f);
  };
  roots.forEach(walk);
  return [...seen];
}

function measure(dir, files) {
  let raw = 0;
  let gzip = 0;
  for (const f of files) {
    const bytes = readFileSync(join(dir, f));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { raw, gzip };
}

/**
 * @param {string} dir the built extension
 * @returns {Array<{ entrypoint: string, files: string[], raw: number, gzip: number }>}
 */
export function entrypointSizes(dir) {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  const out = [];
  const sw = manifest.background?.service_worker;
  if (sw) out.push({ entrypoint: 'background', roots: [sw] });
  for (const [i, cs] of (manifest.content_scripts ?? []).entries()) {
    const name = (cs.js?.[0] ?? `content-${i}`).replace(/^content-scripts\//, '').replace(/\.js$/, '');
    out.push({ entrypoint: `content script (${name})`, roots: [...(cs.js ?? []), ...(cs.css ?? [])] });
  }
  for (const html of readdirSync(dir).filter((f) => f.endsWith('.html')).sort()) {
    const text = readFileSync(join(dir, html), 'utf8');
    const refs = [...text.matchAll(/\s(?:src|href)="\/?([^"]+\.(?:js|css))"/g)].map((m) => m[1]);
    out.push({ entrypoint: html.replace(/\.html$/, ''), roots: [html, ...refs] });
  }
  return out.map(({ entrypoint, roots }) => {
    const files = closure(dir, roots);
    return { entrypoint, files, ...measure(dir, files) };
  });
}

/** Goals in kB of gzip: a content script of a few kB plus the polyfill, and a popup that opens at once. */
const GZIP_GOALS = { 'content script (x)': 15, popup: 60 };

/** @param {string} dir @returns {Figure[]} */
export function sizeFigures(dir) {
  return entrypointSizes(dir).flatMap((e) => {
    const goal = GZIP_GOALS[e.entrypoint];
    return [
      figure(`bundle: ${e.entrypoint}, raw`, 'kB', e.raw / 1000),
      figure(`bundle: ${e.entrypoint}, gzip`, 'kB', e.gzip / 1000, goal === undefined ? null : { max: goal }),
    ];
  });
}

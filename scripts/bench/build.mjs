// Bundles a bench entry (TypeScript or JS, importing the extension's own modules through '@/…')
// into one IIFE string, to be evaluated in an extension page through CDP (which the page's CSP
// does not block). Vite is already the extension's build tool (through WXT).
import { resolve } from 'node:path';
import { build } from 'vite';

const root = resolve(import.meta.dirname, '../..');

/** @param {string} entry path from the project root @returns {Promise<string>} */
export async function bundleEntry(entry) {
  const out = await build({
    configFile: false,
    root,
    logLevel: 'silent',
    resolve: { alias: { '@': root, '~': root } },
    define: { 'process.env.NODE_ENV': '"production"', 'import.meta.env.DEV': 'false' },
    build: {
      write: false,
      minify: false,
      lib: { entry: resolve(root, entry), formats: ['iife'], name: '__benchEntry', fileName: 'bench-entry' },
    },
  });
  const outputs = Array.isArray(out) ? out : [out];
  for (const o of outputs) {
    if (!('output' in o)) continue;
    for (const chunk of o.output) if (chunk.type === 'chunk') return chunk.code;
  }
  throw new Error(`vite produced no code for ${entry}`);
}

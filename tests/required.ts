import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Browser tests run when their browser and build are there. Under CI=true they are required: a missing
 * browser or build fails the run instead of skipping it. Elsewhere they are skipped, with the reason.
 */
export function requireBrowserAndBuild(what: { tests: string; executable: string; install: string; extensionDir: string; build: string }): boolean {
  const reason = !existsSync(what.executable)
    ? `no browser at ${what.executable} (${what.install})`
    : !existsSync(join(what.extensionDir, 'manifest.json'))
      ? `no build at ${what.extensionDir} (${what.build})`
      : null;
  if (reason === null) return true;
  if (process.env.CI === 'true') throw new Error(`${what.tests} are required under CI=true: ${reason}`);
  console.warn(`Skipping ${what.tests.toLowerCase()}: ${reason}`);
  return false;
}

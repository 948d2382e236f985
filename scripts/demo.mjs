// npm run demo: opens Chromium with the built extension on a sample X timeline made from our own
// fixtures, so anyone can try it without an X account. With --headless (or no display) it clips a
// sample post itself, prints the stored record and saves a screenshot in demo-output/.
//
// npm run demo -- --team: the team library. Starts the embedded team server (a temporary data folder),
// makes a demo team with two members, and opens two Chromium profiles, one per member, each connected
// through Options' "Team library" form as a user would: an X timeline in the first, the library in the
// second. A clip in the first appears in the second. Ctrl+C stops both browsers and the server. With
// --headless (or no display) it clips a post itself and waits until it shows in the other library.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { renderTimelinePage, samplePosts } from '../tests/fixtures/x/posts.mjs';
import { addMember, createTeam, startTeamServer } from './team/testkit.mjs';

const root = resolve(import.meta.dirname, '..');
const extension = join(root, '.output/chrome-mv3');
const headless = process.argv.includes('--headless') || (!process.env.DISPLAY && process.platform === 'linux');
const team = process.argv.includes('--team');
const candidates = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
].filter(Boolean);
const executablePath = candidates.find((p) => existsSync(p));
if (!executablePath) {
  console.error('No Chromium found. Install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH.');
  process.exit(1);
}
if (!existsSync(join(extension, 'manifest.json'))) {
  console.error('No build found: run `npm run build` first (npm run demo does).');
  process.exit(1);
}

const page = renderTimelinePage(Object.values(samplePosts), { title: 'Home / X', path: '/home' });

/** A Chromium profile of its own with the extension in `extensionDir`, serving the sample timeline for X. */
async function openChromium(extensionDir, profileDir) {
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath,
    headless: false,
    args: [
      ...(headless ? ['--headless=new'] : []),
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      ...(headless ? ['--disable-gpu'] : []),
    ],
    viewport: headless ? { width: 1280, height: 1000 } : null,
  });
  // Serve the sample timeline for any x.com address, and a blank image for X's media CDN.
  await context.route('https://x.com/**', (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: page }));
  await context.route('https://pbs.twimg.com/**', (route) =>
    route.fulfill({ status: 200, contentType: 'image/gif', body: Buffer.from('R0lGODlhAQABAAAAACw=', 'base64') }),
  );
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  return { context, extensionId: new URL(worker.url()).host };
}

if (team) await teamDemo();

const { context, extensionId } = await openChromium(extension, mkdtempSync(join(tmpdir(), 'lga-demo-')));
const tab = context.pages()[0] ?? (await context.newPage());
await tab.goto('https://x.com/home');

if (!headless) {
  console.log('Chromium is open on a sample X timeline with LGA Guide Clipper loaded.');
  console.log('Press "Send to LGA guide" on a post, then open the extension\'s popup. Close the window to finish.');
  await new Promise((done) => context.on('close', done));
  process.exit(0);
}

const button = tab.getByRole('button', { name: /Send to LGA guide/ }).first();
await button.waitFor();
await button.click();
await tab.waitForSelector('[data-lga-host][data-state="saved"]');
const popup = await context.newPage();
await popup.goto(`chrome-extension://${extensionId}/popup.html`);
const records = await popup.evaluate(
  () =>
    new Promise((done, fail) => {
      const open = indexedDB.open('lga-guide-clipper');
      open.onerror = () => fail(open.error);
      open.onsuccess = () => {
        const all = open.result.transaction('clippings').objectStore('clippings').getAll();
        all.onsuccess = () => done(all.result);
      };
    }),
);
const out = join(root, 'demo-output');
mkdirSync(out, { recursive: true });
await tab.screenshot({ path: join(out, 'timeline.png') });
await popup.setViewportSize({ width: 380, height: 600 });
await popup.screenshot({ path: join(out, 'popup.png') });
writeFileSync(join(out, 'clipping.json'), JSON.stringify(records, null, 2));
console.log(JSON.stringify(records[0], null, 2));
console.log(`\nClipped ${records.length} post. Screenshots and the record are in ${out}/`);
await context.close();

/**
 * The team library demo: the embedded server, a team of two, two profiles connected through Options.
 * Ends the process (exit 0 on Ctrl+C or when done headless, 1 with a message on a failure).
 */
async function teamDemo() {
  const TEAM = 'lga-demo';
  const admin = { user: 'admin', password: `demo-${process.pid}` };
  const members = [
    { user: 'ann', password: 'ann-demo-password', name: 'Ann Example', organisation: 'Example Borough Council' },
    { user: 'ben', password: 'ben-demo-password', name: 'Ben Officer', organisation: 'Sample County Council' },
  ];
  const temp = mkdtempSync(join(tmpdir(), 'lga-demo-team-'));
  /** @type {Awaited<ReturnType<typeof startTeamServer>> | null} */
  let server = null;
  /** @type {import('playwright-core').BrowserContext[]} */
  const contexts = [];
  let stopping = false;
  const stop = async (code) => {
    if (stopping) return;
    stopping = true;
    await Promise.allSettled(contexts.map((c) => c.close()));
    await server?.stop().catch(() => undefined);
    rmSync(temp, { recursive: true, force: true });
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  try {
    const dataDir = join(temp, 'server-data');
    mkdirSync(dataDir);
    server = await startTeamServer({ admin, dataDir });
    await createTeam(server.url, admin, TEAM);
    for (const m of members) await addMember(server.url, admin, TEAM, m.user, m.password);
    console.log(`Team server: ${server.url} (team "${TEAM}", members ann and ben; data in ${dataDir})`);

    // A copy of the build that grants the server's origin (127.0.0.1, any port) in its manifest, so that
    // Connect is not held up by Chromium's permission prompt; the extension still asks for it at Connect.
    const build = join(temp, 'extension');
    cpSync(extension, build, { recursive: true });
    const manifestPath = join(build, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    manifest.host_permissions = [...(manifest.host_permissions ?? []), 'http://127.0.0.1/*'];
    writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));

    const profiles = [];
    for (const m of members) {
      const profile = await openChromium(build, join(temp, `profile-${m.user}`));
      contexts.push(profile.context);
      profile.context.on('close', () => void stop(0));
      await connect(profile, m, server.url, TEAM);
      profiles.push(profile);
    }
    const [ann, ben] = profiles;
    const x = ann.context.pages()[0] ?? (await ann.context.newPage());
    await x.goto('https://x.com/home');
    await x.bringToFront();
    const library = await ben.context.newPage();
    await library.goto(`chrome-extension://${ben.extensionId}/library.html`);
    await library.bringToFront();

    if (!headless) {
      console.log(`
Two Chromium windows are open, two members of the team "${TEAM}", both connected in Options:
  - Ann Example: a sample X timeline. Press "Send to LGA guide" on a post.
  - Ben Officer: the library. Ann's clipping appears in it within a few seconds ("Team library:"
    at the top says when it last synced). Click its row, choose "Do" or "Don't" and write a lesson;
    then, in Ann's window, open the extension's popup and "Open library": Ben's verdict and lesson
    are there under his name.
Press Ctrl+C here to close both windows and stop the team server.`);
      await new Promise(() => undefined);
    }

    const button = x.locator('[data-lga-host] button.lga-btn').first();
    await button.waitFor();
    const postId = await x.locator('[data-lga-host][data-lga-post]').first().getAttribute('data-lga-post');
    await button.click();
    await x.waitForSelector(`[data-lga-post="${postId}"][data-state="saved"]`);
    const clippedAt = Date.now();
    await library.locator(`article[data-post-id="${postId}"]`).waitFor({ timeout: 30_000 });
    console.log(`Ann clipped post ${postId}; it showed in Ben's library ${((Date.now() - clippedAt) / 1000).toFixed(1)} s later.`);
    const out = join(root, 'demo-output');
    mkdirSync(out, { recursive: true });
    await library.screenshot({ path: join(out, 'team-library.png') });
    console.log(`A screenshot of Ben's library is in ${out}/team-library.png`);
    await stop(0);
  } catch (error) {
    if (stopping) return; // Ctrl+C during set-up: what failed was stopped on purpose.
    console.error(`The team demo failed: ${error instanceof Error ? error.message : String(error)}`);
    await stop(1);
  }
}

/** Sets the member's name and organisation in Options, then connects through "Team library" as a user does. */
async function connect({ context, extensionId }, member, serverUrl, teamName) {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.getByRole('textbox', { name: 'Your name' }).fill(member.name);
  await options.getByRole('textbox', { name: 'Organisation' }).fill(member.organisation);
  // Both are saved as typed, a moment later: wait until they are.
  await options.waitForFunction(
    async ({ name, organisation }) => {
      const { settings } = await chrome.storage.local.get('settings');
      return settings?.contributorName === name && settings?.organisation === organisation;
    },
    { name: member.name, organisation: member.organisation },
    { timeout: 10_000 },
  );
  const section = options.getByRole('region', { name: 'Team library' });
  await section.getByRole('textbox', { name: 'Server address' }).fill(serverUrl);
  await section.getByRole('textbox', { name: 'Team name' }).fill(teamName);
  await section.getByRole('textbox', { name: 'User name' }).fill(member.user);
  await section.getByLabel('Password').fill(member.password);
  await section.getByRole('button', { name: 'Connect' }).click();
  const connected = section.getByRole('status').filter({ hasText: 'Connected to team' });
  const alert = section.getByRole('alert');
  await Promise.race([connected.waitFor({ timeout: 30_000 }), alert.waitFor({ timeout: 30_000 }).then(async () => Promise.reject(new Error(`${member.user} could not connect: ${await alert.textContent()}`)))]);
  console.log(`${member.name} (${member.user}): ${(await connected.textContent())?.trim()}`);
  await options.close();
}

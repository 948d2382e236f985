// Deterministic synthetic clippings for the library benchmark: believable council posts, made up
// accounts, a topic and a season word in each post so that search keystrokes have known effects.
// Plain ESM: the in-page store entry (bundled by vite) and the Node side both import it.

/**
 * Each post names exactly one topic and one season. No other word in any post, author or lesson
 * starts with a topic's or a season's first two letters (checked below), so typing those two
 * letters always narrows the list, at every library size, which the bench needs to see a keystroke land.
 */
export const TOPICS = ['gritting', 'potholes', 'libraries', 'flooding', 'elections', 'budget', 'housing', 'vaccination'];
export const SEASONS = ['winter', 'summer', 'autumn', 'spring'];

const FILLER = (
  'the our your this today tonight week weekend council team service residents local update news thanks help find check ' +
  'open closed changes times routes crews staff new more about visit online near street town city ward district county ' +
  'centre centres meeting consultation questionnaire share tell know need want making made keep safe care children families ' +
  'older young people community clubs events event free advice assistance information details map app form apply ' +
  'deadline monday tuesday thursday friday saturday morning afternoon evening night timetable minutes day days month ' +
  'year years plan plans money costs waste bins bin collection collections roads road traffic transport trains ' +
  'cycling walking parks trees water energy climate schools school nursery adult social jobs careers apprentices ' +
  'digital website email phone call contact ask answer questions chat streamed video photo story stories thread tips ' +
  'guide guidance rules law legal notice public health doctors'
).split(' ');
const OPENERS = ['Update:', 'Reminder:', 'Good news!', 'Please note', 'Thank you', 'Tonight', 'This week', 'Did you know?'];
const COUNCILS = [
  ['ExampleBoroCncl', 'Example Borough Council'],
  ['NorthShireCncl', 'North Shire Council'],
  ['WestvaleDC', 'Westvale District Council'],
  ['SouthfordCouncil', 'Southford Council'],
  ['CyngorEnghraifft', 'Cyngor Enghraifft'],
  ['CllrAPatel', 'Cllr Asha Patel'],
  ['CommsTeamLead', 'Jo Comms'],
  ['MetroCityCouncil', 'Metro City Council'],
];

const reserved = [...TOPICS, ...SEASONS].map((w) => w.slice(0, 2));
const clash = [...FILLER, ...OPENERS.flatMap((o) => o.toLowerCase().split(/[^a-z]+/)), ...COUNCILS.flatMap(([h, n]) => [h.toLowerCase(), ...n.toLowerCase().split(' ')]), 'lgadigital', 'example', 'lesson']
  .filter(Boolean)
  .filter((w) => reserved.includes(w.slice(0, 2)));
if (clash.length > 0) throw new Error(`corpus words clash with topic prefixes: ${clash.join(', ')}`);
if (new Set(reserved).size !== reserved.length) throw new Error('two topics or seasons share their first two letters');

/** A small seeded PRNG (mulberry32), so every run stores the same library. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
/** Filler words skewed towards the common ones, as real text is. */
const pick = (rnd, list) => list[Math.floor(rnd() ** 2 * list.length)];

export const BASE_ID = 1700000000000000000n;
export const postIdOf = (i) => String(BASE_ID + BigInt(i) * 4194304n);
const DAY = 86_400_000;
const START = Date.UTC(2024, 0, 1);

/** The i-th synthetic snapshot (a valid PostSnapshot: utils/snapshot.ts). */
export function benchSnapshot(i) {
  const rnd = random(i * 7919 + 13);
  const [handle, name] = COUNCILS[i % COUNCILS.length];
  const postId = postIdOf(i);
  const topic = TOPICS[i % TOPICS.length];
  const season = SEASONS[Math.floor(i / TOPICS.length) % SEASONS.length];
  const words = Array.from({ length: 12 + Math.floor(rnd() * 24) }, () => pick(rnd, FILLER));
  words.splice(Math.floor(rnd() * words.length), 0, topic);
  words.splice(Math.floor(rnd() * words.length), 0, season);
  const text = `${OPENERS[i % OPENERS.length]} ${words.join(' ')} #lgadigital`;
  const postedAt = new Date(START + Math.floor(rnd() * 700) * DAY + Math.floor(rnd() * DAY)).toISOString();
  const media = i % 5 === 0 ? [{ type: 'photo', url: `https://pbs.twimg.com/media/Bench${i}?format=jpg&name=orig`, altText: `${topic} photo` }] : [];
  return {
    schema: 1,
    postId,
    permalink: `https://x.com/${handle}/status/${postId}`,
    author: { name, handle, verified: i % 3 === 0, avatarUrl: `https://pbs.twimg.com/profile_images/1/${handle}_normal.jpg` },
    text,
    entities: { links: [], mentions: [], hashtags: ['lgadigital'] },
    lang: 'en',
    postedAt,
    media,
    counts: { replies: i % 17, reposts: i % 41, likes: (i * 7) % 300, views: (i * 131) % 20000 },
    truncated: false,
    capturedAt: new Date(START + 720 * DAY + i * 1000).toISOString(),
    pageUrl: 'https://x.com/hashtag/lgadigital',
    extensionVersion: '0.1.0',
  };
}

/**
 * The owner's annotation of the i-th clipping, or null (most clippings are still undecided):
 * verdicts on 40%, themes on 20%, a lesson on 15%.
 */
export function benchAnnotation(i, themeIds) {
  const rnd = random(i * 104729 + 7);
  const patch = {};
  if (i % 5 < 2) patch.verdict = i % 2 === 0 ? 'do' : 'dont';
  if (i % 5 === 2) patch.themes = [themeIds[i % themeIds.length]];
  if (i % 20 < 3) patch.lesson = `Say what changes for ${pick(rnd, FILLER)} ${pick(rnd, FILLER)} first`;
  return Object.keys(patch).length > 0 ? patch : null;
}

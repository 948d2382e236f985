import { browser } from 'wxt/browser';
import type { Refusal } from './engine';

/**
 * Which team this browser belongs to, and how its sync stands, in storage.local: every context (the
 * background, each open page) reads them and hears changes. No password is ever kept here; the
 * server's session cookie is the browser's.
 */

export const TEAM_KEY = 'team';
export const TEAM_STATUS_KEY = 'teamStatus';

export interface TeamConfig {
  /** The server's base address (https, or http on this computer only). */
  server: string;
  /** The team's database name. */
  team: string;
  /** The member's user name on the server. */
  user: string;
  joinedAt: number;
  /** When the member last signed in here (a new session restarts the sync). */
  signedInAt: number;
}

/**
 * Where the sync stands. `storageFull`: the browser's storage for the extension is full, so what arrives
 * cannot be kept yet (it stays on the server, and the owner's changes stay marked: nothing is lost); the sync
 * tries again by itself. `error`: the library could not take what arrived for another reason.
 */
export type SyncState = 'syncing' | 'synced' | 'offline' | 'signedOut' | 'storageFull' | 'error';
export const SYNC_STATES: readonly SyncState[] = ['syncing', 'synced', 'offline', 'signedOut', 'storageFull', 'error'];

export interface TeamStatus {
  state: SyncState;
  /** When the library last matched the server's (epoch ms). */
  lastSyncAt?: number;
  /** The owner's changes not yet on the server. */
  waiting: number;
  /** A first sync's progress: documents received of those on the server when it began. */
  progress?: { done: number; total: number };
  /** Documents from the team that were refused (the newest last, at most 20). */
  refused: Refusal[];
  updatedAt: number;
}

const MAX_REFUSALS = 20;

const text = (x: unknown, max: number): string | null => (typeof x === 'string' && x.length > 0 && x.length <= max ? x : null);
const count = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) && x >= 0 ? Math.floor(x) : null);

export function parseTeamConfig(raw: unknown): TeamConfig | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Record<string, unknown>;
  const server = text(r.server, 2_000);
  const team = text(r.team, 238);
  const user = text(r.user, 64);
  if (!server || !team || !user) return null;
  return { server, team, user, joinedAt: count(r.joinedAt) ?? 0, signedInAt: count(r.signedInAt) ?? 0 };
}

export function parseTeamStatus(raw: unknown): TeamStatus | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Record<string, unknown>;
  if (!SYNC_STATES.includes(r.state as SyncState)) return null;
  const p = r.progress as { done?: unknown; total?: unknown } | undefined;
  const done = count(p?.done);
  const total = count(p?.total);
  const refused = Array.isArray(r.refused)
    ? r.refused
        .filter((x): x is Refusal => !!x && typeof (x as Refusal).id === 'string' && typeof (x as Refusal).reason === 'string')
        .slice(-MAX_REFUSALS)
        .map((x) => ({ id: x.id.slice(0, 200), reason: x.reason.slice(0, 200) }))
    : [];
  return {
    state: r.state as SyncState,
    ...(count(r.lastSyncAt) !== null ? { lastSyncAt: count(r.lastSyncAt)! } : {}),
    waiting: count(r.waiting) ?? 0,
    ...(done !== null && total !== null ? { progress: { done, total } } : {}),
    refused,
    updatedAt: count(r.updatedAt) ?? 0,
  };
}

export async function loadTeamConfig(): Promise<TeamConfig | null> {
  return parseTeamConfig((await browser.storage.local.get(TEAM_KEY))[TEAM_KEY]);
}

export async function saveTeamConfig(config: TeamConfig | null): Promise<void> {
  if (config) await browser.storage.local.set({ [TEAM_KEY]: config });
  else await browser.storage.local.remove([TEAM_KEY, TEAM_STATUS_KEY]);
}

export async function loadTeamStatus(): Promise<TeamStatus | null> {
  return parseTeamStatus((await browser.storage.local.get(TEAM_STATUS_KEY))[TEAM_STATUS_KEY]);
}

/** Changes the status; `refused` given is added to those kept. */
export async function updateTeamStatus(patch: Partial<TeamStatus>, now = Date.now()): Promise<TeamStatus> {
  const before = (await loadTeamStatus()) ?? { state: 'syncing' as const, waiting: 0, refused: [], updatedAt: 0 };
  const next: TeamStatus = { ...before, ...patch, refused: [...before.refused, ...(patch.refused ?? [])].slice(-MAX_REFUSALS), updatedAt: now };
  if (patch.progress === undefined && 'progress' in patch) delete next.progress;
  if (!(await loadTeamConfig())) return next; // left the team meanwhile: nothing to report
  await browser.storage.local.set({ [TEAM_STATUS_KEY]: next });
  return next;
}

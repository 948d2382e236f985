import { browser } from 'wxt/browser';
import type { ClipperDB } from '@/utils/store/db';
import { loadSettings } from '@/utils/settings';
import { TEAM_KEY, loadTeamConfig, parseTeamConfig } from './config';
import { serial, syncOnce } from './runner';

/**
 * The background's part of the team library. MV3 stops its worker at will, so it holds no live
 * replication: it syncs once shortly after each clip or edit it handles, and on an alarm every
 * minute while the browser belongs to a team (pages hold the live sync while open).
 */
const ALARM = 'team-sync';
const AFTER_CHANGE_MS = 500;

export function setUpTeamSync(db: ClipperDB): { afterChange(): void } {
  const run = serial(async () => {
    const config = await loadTeamConfig();
    if (!config) return;
    const settings = await loadSettings();
    await syncOnce(db, config, { user: config.user, name: settings.contributorName, organisation: settings.organisation });
  });
  const schedule = (config: unknown) => {
    if (parseTeamConfig(config)) void browser.alarms.create(ALARM, { periodInMinutes: 1 });
    else void browser.alarms.clear(ALARM);
  };
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === ALARM) void run();
  });
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && changes[TEAM_KEY]) schedule(changes[TEAM_KEY].newValue);
  });
  void loadTeamConfig().then(schedule);
  let timer: ReturnType<typeof setTimeout> | null = null;
  return {
    afterChange() {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        void run();
      }, AFTER_CHANGE_MS);
    },
  };
}

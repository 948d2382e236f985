import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { TEAM_KEY, TEAM_STATUS_KEY, loadTeamConfig, loadTeamStatus, parseTeamConfig, parseTeamStatus, type TeamConfig, type TeamStatus } from '@/utils/team/config';

/** The team this browser belongs to and how its sync stands, kept current from storage. `undefined` while loading. */
export function useTeam(): { config: TeamConfig | null; status: TeamStatus | null } | undefined {
  const [state, setState] = useState<{ config: TeamConfig | null; status: TeamStatus | null } | undefined>(undefined);
  useEffect(() => {
    let alive = true;
    void Promise.all([loadTeamConfig(), loadTeamStatus()]).then(([config, status]) => alive && setState({ config, status }));
    const onChange = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      if (area !== 'local' || (!changes[TEAM_KEY] && !changes[TEAM_STATUS_KEY])) return;
      setState((before) => ({
        config: changes[TEAM_KEY] ? parseTeamConfig(changes[TEAM_KEY].newValue) : (before?.config ?? null),
        status: changes[TEAM_STATUS_KEY] ? parseTeamStatus(changes[TEAM_STATUS_KEY].newValue) : (before?.status ?? null),
      }));
    };
    browser.storage.onChanged.addListener(onChange);
    return () => {
      alive = false;
      browser.storage.onChanged.removeListener(onChange);
    };
  }, []);
  return state;
}

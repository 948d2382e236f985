import { useEffect } from 'preact/hooks';
import { getDb } from '@/utils/store/db';
import type { TeamConfig } from '@/utils/team/config';
import type { Settings } from '@/utils/settings';

/**
 * Keeps the team library in live sync while this page is open (the background's worker cannot hold
 * a connection). The sync code, with PouchDB, is loaded only once the browser belongs to a team.
 */
export function useTeamSync(config: TeamConfig | null | undefined, settings: Pick<Settings, 'contributorName' | 'organisation'> | null): void {
  const key = config ? `${config.server}\u0000${config.team}\u0000${config.user}\u0000${config.signedInAt}` : '';
  const name = settings?.contributorName ?? '';
  const organisation = settings?.organisation ?? '';
  const ready = !!settings;
  useEffect(() => {
    if (!key || !config || !ready) return;
    let stop: (() => void) | null = null;
    let cancelled = false;
    void import('@/utils/team/runner').then(({ startLiveSync }) => {
      if (cancelled) return;
      stop = startLiveSync(getDb(), config, { user: config.user, name, organisation }).stop;
    });
    return () => {
      cancelled = true;
      stop?.();
    };
  }, [key, name, organisation, ready]);
}

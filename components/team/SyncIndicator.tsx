import { i18n } from '#i18n';
import { formatDateTime, formatNumber } from '@/utils/format';
import type { TeamStatus } from '@/utils/team/config';
import { useTeam } from './use-team';

/** The sync's state in a line: synced (when), syncing (with progress on a first sync), offline, changes waiting, signed out, storage full. */
export function SyncIndicator({ status }: { status: TeamStatus | null }) {
  if (!status) return null;
  const waiting = status.waiting === 0 ? '' : i18n.t('team.sync.waiting', status.waiting, [formatNumber(status.waiting)]);
  let text: string;
  switch (status.state) {
    case 'synced':
      text = status.lastSyncAt ? i18n.t('team.sync.synced', [formatDateTime(status.lastSyncAt)]) : i18n.t('team.sync.syncedNever');
      break;
    case 'syncing':
      text = status.progress ? i18n.t('team.sync.syncingProgress', [formatNumber(status.progress.done), formatNumber(status.progress.total)]) : i18n.t('team.sync.syncing');
      break;
    case 'offline':
      text = i18n.t('team.sync.offline');
      break;
    case 'signedOut':
      text = i18n.t('team.sync.signedOut');
      break;
    case 'storageFull':
      text = i18n.t('team.sync.storageFull');
      break;
    default:
      text = i18n.t('team.sync.error');
  }
  return (
    <p class={`sync-indicator sync-${status.state}`} data-sync-state={status.state}>
      {text}
      {waiting && <>{' · '}{waiting}</>}
    </p>
  );
}

/** The team library's sync indicator, shown only when this browser belongs to a team (library and popup). */
export function TeamIndicator() {
  const team = useTeam();
  if (!team?.config) return null;
  return <SyncIndicator status={team.status ?? { state: 'syncing', waiting: 0, refused: [], updatedAt: 0 }} />;
}

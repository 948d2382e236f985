import { useState } from 'preact/hooks';
import { i18n } from '#i18n';
import { getDb } from '@/utils/store/db';
import { changeMany, setRemoved, type BulkChange } from '@/utils/store/bulk';
import { publishCommitted } from '@/utils/store/outbox';
import { writeChangeFeed } from '@/utils/messaging/change-feed';
import type { Theme } from '@/utils/store/themes';
import type { AuthorType, Permission, Verdict } from '@/utils/domain/vocabulary';
import { formatNumber } from '@/utils/format';
import { SelectField } from '../ui/fields';
import { trackSave } from '../save-status';
import { authorTypeLabel, authorTypeOptions, permissionLabel, permissionOptions, verdictLabel, verdictOptions } from '../clipping/labels';

interface BulkBarProps {
  /** The clippings shown now, in order. */
  shownIds: readonly string[];
  selected: ReadonlySet<string>;
  onSelectMany(ids: readonly string[], on: boolean): void;
  themes: readonly Theme[];
}

/**
 * Acting on many clippings at once: "Select all shown", then set a verdict, add or remove a theme, set
 * the author type or permission, or remove them (with Undo). Each action is one transaction; a status
 * line says what changed.
 */
export function BulkBar({ shownIds, selected, onSelectMany, themes }: BulkBarProps) {
  const db = getDb();
  const [verdict, setVerdict] = useState<Verdict>('do');
  const [themeId, setThemeId] = useState<string>('');
  const [authorType, setAuthorType] = useState<AuthorType>('council');
  const [permission, setPermission] = useState<Permission>('granted');
  const [message, setMessage] = useState('');
  const [removed, setRemovedIds] = useState<string[]>([]);
  const ids = [...selected];
  const count = ids.length;
  const theme = themes.find((t) => t.id === (themeId || themes[0]?.id));

  /** Runs one bulk write; a failure changes nothing (one transaction) and says so. */
  const attempt = async (work: () => Promise<void>) => {
    try {
      await work();
    } catch {
      setMessage(i18n.t('workbench.failed'));
    }
  };
  const announce = () => publishCommitted(db, writeChangeFeed).catch((error: unknown) => console.error('[LGA Guide Clipper] change feed not written', error));
  const run = (change: BulkChange, say: (n: string) => string) =>
    attempt(async () => {
      const changed = await trackSave(changeMany(db, ids, change));
      setRemovedIds([]);
      setMessage(say(formatNumber(changed)));
    });
  const remove = () =>
    attempt(async () => {
      const gone = await trackSave(setRemoved(db, ids, true));
      await announce();
      onSelectMany(gone, false);
      setRemovedIds(gone);
      setMessage(i18n.t('workbench.removedMany', gone.length, [formatNumber(gone.length)]));
    });
  const undo = () =>
    attempt(async () => {
      const back = await trackSave(setRemoved(db, removed, false));
      await announce();
      setRemovedIds([]);
      setMessage(i18n.t('workbench.restoredMany', back.length, [formatNumber(back.length)]));
    });

  return (
    <div class="bulk-bar">
      <div class="bulk-select">
        <button type="button" class="button button-secondary" disabled={shownIds.length === 0} onClick={() => onSelectMany(shownIds, true)}>
          {i18n.t('workbench.selectAllShown')}
        </button>
        {count > 0 && (
          <>
            <span class="bulk-count">{i18n.t('workbench.selectedCount', count, [formatNumber(count)])}</span>{' '}
            <button type="button" class="button button-secondary" onClick={() => onSelectMany(ids, false)}>
              {i18n.t('workbench.clearSelection')}
            </button>
          </>
        )}
      </div>
      {count > 0 && (
        <div class="bulk-actions" role="group" aria-label={i18n.t('workbench.bulkActions')}>
          <div class="bulk-action">
            <SelectField label={i18n.t('workbench.setVerdict')} options={verdictOptions()} value={verdict} onChange={(v) => setVerdict(v)} />
            <button type="button" class="button" onClick={() => void run({ kind: 'verdict', verdict }, (n) => i18n.t('workbench.verdictSet', [verdictLabel(verdict), n]))}>
              {i18n.t('workbench.applyVerdict')}
            </button>
          </div>
          {theme && (
            <div class="bulk-action">
              <SelectField label={i18n.t('workbench.theme')} options={themes.map((t) => ({ value: t.id, label: t.name }))} value={theme.id} onChange={setThemeId} />
              <button type="button" class="button" onClick={() => void run({ kind: 'addTheme', themeId: theme.id }, (n) => i18n.t('workbench.themeAdded', [theme.name, n]))}>
                {i18n.t('workbench.addTheme')}
              </button>
              <button type="button" class="button button-secondary" onClick={() => void run({ kind: 'removeTheme', themeId: theme.id }, (n) => i18n.t('workbench.themeRemoved', [theme.name, n]))}>
                {i18n.t('workbench.removeTheme')}
              </button>
            </div>
          )}
          <div class="bulk-action">
            <SelectField label={i18n.t('workbench.setAuthorType')} options={authorTypeOptions()} value={authorType} onChange={(v) => setAuthorType(v)} />
            <button type="button" class="button" onClick={() => void run({ kind: 'authorType', authorType }, (n) => i18n.t('workbench.authorTypeSet', [authorTypeLabel(authorType), n]))}>
              {i18n.t('workbench.applyAuthorType')}
            </button>
          </div>
          <div class="bulk-action">
            <SelectField label={i18n.t('workbench.setPermission')} options={permissionOptions()} value={permission} onChange={(v) => setPermission(v)} />
            <button type="button" class="button" onClick={() => void run({ kind: 'permission', permission }, (n) => i18n.t('workbench.permissionSet', [permissionLabel(permission), n]))}>
              {i18n.t('workbench.applyPermission')}
            </button>
          </div>
          <div class="bulk-action">
            <button type="button" class="button button-warning" onClick={() => void remove()}>
              {i18n.t('workbench.removeSelected')}
            </button>
          </div>
        </div>
      )}
      {message && (
        <p class="bulk-status" role="status">
          {message}{' '}
          {removed.length > 0 && (
            <button type="button" class="button button-secondary" onClick={() => void undo()}>
              {i18n.t('library.undo')}
            </button>
          )}
        </p>
      )}
    </div>
  );
}

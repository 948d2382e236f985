import { i18n } from '#i18n';
import { useSaveStatus } from './save-status';

/** The quiet "Saved" line: a polite live region (not role=status, which the page keeps for its count). */
export function SaveState() {
  const status = useSaveStatus();
  const text = status === 'saving' ? i18n.t('save.saving') : status === 'saved' ? i18n.t('save.saved') : status === 'failed' ? i18n.t('save.failed') : '';
  return (
    <p class={`save-state save-${status}`} aria-live="polite">
      {text}
    </p>
  );
}

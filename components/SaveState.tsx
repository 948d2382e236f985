import { i18n } from '#i18n';
import { useSaveStatus } from './save-status';

/** The quiet "Saved" line: a polite live region (not role=status, which the page keeps for its count). */
export function SaveState() {
  const status = useSaveStatus();
  const text = { idle: '', saving: i18n.t('save.saving'), saved: i18n.t('save.saved'), failed: i18n.t('save.failed'), full: i18n.t('save.full') }[status];
  return (
    <p class={`save-state save-${status}`} aria-live="polite">
      {text}
    </p>
  );
}

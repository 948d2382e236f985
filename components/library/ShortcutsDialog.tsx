import { i18n } from '#i18n';
import { Dialog } from '../bundle/Dialog';

/** The List view's keys, shown by "?" or the "Keyboard shortcuts" button; a modal dialog that Escape closes. */
export function ShortcutsDialog({ onClose }: { onClose(): void }) {
  const keys: Array<[string, string]> = [
    ['j', i18n.t('workbench.keyNext')],
    ['k', i18n.t('workbench.keyPrevious')],
    ['Enter', i18n.t('workbench.keyOpen')],
    ['d', i18n.t('workbench.keyDo')],
    ['n', i18n.t('workbench.keyDont')],
    ['u', i18n.t('workbench.keyUndecided')],
    ['x', i18n.t('workbench.keySelect')],
    ['/', i18n.t('workbench.keySearch')],
    ['?', i18n.t('workbench.keyHelp')],
    ['Escape', i18n.t('workbench.keyClose')],
  ];
  return (
    <Dialog titleId="shortcuts-title" title={i18n.t('library.shortcuts')} onClose={onClose} class="shortcuts-dialog">
      <p class="hint">{i18n.t('workbench.keysHint')}</p>
      <dl class="shortcut-list">
        {keys.map(([key, what]) => (
          <div key={key}>
            <dt>
              <kbd>{key}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
      <button type="button" class="button" onClick={onClose}>
        {i18n.t('workbench.close')}
      </button>
    </Dialog>
  );
}

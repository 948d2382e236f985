import { i18n } from '#i18n';

/** Said when someone asks for a bundle before this version can make one. */
export function ExportNotice() {
  return (
    <div class="notice" role="alert">
      {i18n.t('library.notYet')}
    </div>
  );
}

import { useState } from 'preact/hooks';
import { i18n } from '#i18n';
import { saveSettings } from '@/utils/settings';
import { TextField } from '../ui/fields';
import { useSettings } from '../use-settings';
import { ExportStatus } from './ExportStatus';
import { askForImages } from './images';
import { useExport } from './use-export';

/**
 * The popup's "Export bundle": every clipping, with the choices last made in the library's export
 * dialog (anonymised and without images unless changed there). With no name in Options, it asks for one.
 */
export function PopupExport() {
  const settings = useSettings();
  const { phase, run } = useExport();
  const [asking, setAsking] = useState(false);
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState(false);

  function start(contributorName: string) {
    if (!settings) return;
    const imagesAllowed = settings.exportIncludeImages ? askForImages() : undefined;
    void (async () => {
      if (contributorName !== settings.contributorName) await saveSettings({ contributorName });
      const ok = await run({ scope: { kind: 'all' }, anonymise: settings.exportAnonymise, contributor: { name: contributorName, organisation: settings.organisation }, imagesAllowed });
      if (ok) setAsking(false);
    })();
  }

  const working = phase.state === 'working';
  return (
    <div class="popup-export">
      <button
        type="button"
        class="button"
        disabled={working}
        onClick={() => {
          if (!settings) return; // read from storage in a moment, before anyone can press
          if (settings.contributorName.trim()) start(settings.contributorName);
          else setAsking(true);
        }}
      >
        {i18n.t('popup.exportBundle')}
      </button>
      {asking && (
        <form
          class="popup-export-name"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const trimmed = name.trim();
            setNameError(trimmed === '');
            if (trimmed) start(trimmed);
          }}
        >
          <TextField
            label={i18n.t('exportDialog.yourName')}
            hint={i18n.t('exportDialog.yourNameHint')}
            value={name}
            autocomplete="name"
            error={nameError ? i18n.t('exportDialog.yourNameError') : undefined}
            onInput={(value) => {
              setName(value);
              if (value.trim()) setNameError(false);
            }}
          />
          <button type="submit" class="button" disabled={working}>
            {i18n.t('exportDialog.download')}
          </button>
        </form>
      )}
      <ExportStatus phase={phase} />
    </div>
  );
}

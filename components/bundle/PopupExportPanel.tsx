import { useEffect, useState, type MutableRef } from 'preact/hooks';
import { i18n } from '#i18n';
import { saveSettings } from '@/utils/settings';
import { useSettings } from '../use-settings';
import { ContributorNameField } from './ContributorNameField';
import { ExportStatus } from './ExportStatus';
import { askForImages } from './images';
import { useExport } from './use-export';

/** What the popup's "Export bundle" button (PopupExport.tsx) asks of this panel. */
export interface PopupExportControls {
  /** The button was pressed: export, or ask for the contributor's name first. */
  press(): void;
}

/**
 * What the popup's "Export bundle" does: every clipping, with the choices last made in the library's
 * export dialog (anonymised and without images unless changed there). With no name in Options, it asks
 * for one. Loaded just after the popup's first render (PopupExport.tsx draws the button at once).
 */
export function PopupExportPanel({ controls, pressedEarly, onWorking }: { controls: MutableRef<PopupExportControls | null>; pressedEarly: MutableRef<boolean>; onWorking(working: boolean): void }) {
  const settings = useSettings();
  const { phase, run } = useExport();
  const [asking, setAsking] = useState(false);
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState(false);

  function start(contributorName: string) {
    if (!settings) return;
    // Asked while the press's gesture lasts: browsers grant an optional permission only then.
    const imagesAllowed = settings.exportIncludeImages ? askForImages() : undefined;
    void (async () => {
      if (contributorName !== settings.contributorName) await saveSettings({ contributorName });
      const ok = await run({ scope: { kind: 'all' }, anonymise: settings.exportAnonymise, contributor: { name: contributorName, organisation: settings.organisation }, imagesAllowed });
      if (ok) setAsking(false);
    })();
  }

  const press = () => {
    if (!settings) {
      pressedEarly.current = true; // settings are read from storage in a moment: the press waits for them
      return;
    }
    if (settings.contributorName.trim()) start(settings.contributorName);
    else setAsking(true);
  };
  controls.current = { press };

  const working = phase.state === 'working';
  useEffect(() => onWorking(working), [working]);
  // A press made before this panel (or the settings) had loaded is carried out now.
  useEffect(() => {
    if (settings && pressedEarly.current) {
      pressedEarly.current = false;
      press();
    }
  }, [settings]);

  return (
    <>
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
          <ContributorNameField value={name} error={nameError} onInput={setName} onFixed={() => setNameError(false)} />
          <button type="submit" class="button" disabled={working}>
            {i18n.t('exportDialog.download')}
          </button>
        </form>
      )}
      <ExportStatus phase={phase} />
    </>
  );
}

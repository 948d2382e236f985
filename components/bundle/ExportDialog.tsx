import { useState } from 'preact/hooks';
import { i18n } from '#i18n';
import { formatNumber } from '@/utils/format';
import { saveSettings, type Settings } from '@/utils/settings';
import { RadioGroup, TextField } from '../ui/fields';
import { Dialog } from './Dialog';
import { ExportStatus } from './ExportStatus';
import { askForImages } from './images';
import { useExport } from './use-export';

type Which = 'all' | 'shown' | 'selected';

export interface ExportDialogProps {
  settings: Settings;
  /** Every clipping in the library (not removed). */
  total: number;
  /** The ids the current search and filters show, in order. */
  shownIds: readonly string[];
  /** The ids the user selected. */
  selectedIds: readonly string[];
  onClose(): void;
}

/** "Export bundle": which clippings, anonymise, images, the contributor's name, then download. */
export function ExportDialog({ settings, total, shownIds, selectedIds, onClose }: ExportDialogProps) {
  const [which, setWhich] = useState<Which>(selectedIds.length > 0 ? 'selected' : 'all');
  const [anonymise, setAnonymise] = useState(settings.exportAnonymise);
  const [includeImages, setIncludeImages] = useState(settings.exportIncludeImages);
  const needsName = settings.contributorName.trim() === '';
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState(false);
  const [whichError, setWhichError] = useState(false);
  const { phase, run, cancel } = useExport();
  const working = phase.state === 'working';

  const count = which === 'all' ? total : which === 'shown' ? shownIds.length : selectedIds.length;

  function download(e: Event) {
    e.preventDefault();
    if (working) return;
    // Asked first, in the press itself: browsers grant a permission only in answer to a gesture.
    const imagesAllowed = includeImages ? askForImages() : undefined;
    const contributorName = needsName ? name.trim() : settings.contributorName;
    setNameError(needsName && contributorName === '');
    setWhichError(count === 0);
    if ((needsName && contributorName === '') || count === 0) return;
    void (async () => {
      await saveSettings({ exportAnonymise: anonymise, exportIncludeImages: includeImages, ...(needsName ? { contributorName } : {}) });
      await run({
        scope: which === 'all' ? { kind: 'all' } : { kind: 'ids', postIds: [...(which === 'shown' ? shownIds : selectedIds)] },
        anonymise,
        contributor: { name: contributorName, organisation: settings.organisation },
        imagesAllowed,
      });
    })();
  }

  return (
    <Dialog titleId="export-title" title={i18n.t('exportDialog.title')} onClose={() => (cancel(), onClose())}>
      <p>{i18n.t('exportDialog.intro')}</p>
      <form onSubmit={download} noValidate>
        <RadioGroup<Which>
          legend={i18n.t('exportDialog.which')}
          name="export-which"
          value={which}
          onChange={(value) => {
            setWhich(value);
            setWhichError(false);
          }}
          options={[
            { value: 'all', label: i18n.t('exportDialog.all', total, [formatNumber(total)]) },
            { value: 'shown', label: i18n.t('exportDialog.shown', shownIds.length, [formatNumber(shownIds.length)]) },
            { value: 'selected', label: i18n.t('exportDialog.selected', selectedIds.length, [formatNumber(selectedIds.length)]) },
          ]}
        />
        {whichError && (
          <p class="error-message" role="alert">
            {which === 'selected' ? i18n.t('exportDialog.noneSelected') : i18n.t('exportDialog.nothing')}
          </p>
        )}
        <div class="checkbox single">
          <input id="export-anonymise" type="checkbox" checked={anonymise} aria-describedby="export-anonymise-hint" onChange={(e) => setAnonymise(e.currentTarget.checked)} />
          <label for="export-anonymise">{i18n.t('exportDialog.anonymise')}</label>
          <div id="export-anonymise-hint" class="hint">
            {i18n.t('exportDialog.anonymiseHint')}
          </div>
        </div>
        <div class="checkbox single">
          <input id="export-images" type="checkbox" checked={includeImages} aria-describedby="export-images-hint" onChange={(e) => setIncludeImages(e.currentTarget.checked)} />
          <label for="export-images">{i18n.t('exportDialog.includeImages')}</label>
          <div id="export-images-hint" class="hint">
            {i18n.t('exportDialog.includeImagesHint')}
          </div>
        </div>
        {needsName && (
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
        )}
        <ExportStatus phase={phase} />
        <div class="button-group">
          <button type="submit" class="button" disabled={working}>
            {i18n.t('exportDialog.download')}
          </button>
          <button type="button" class="button button-secondary" onClick={() => (cancel(), onClose())}>
            {i18n.t('exportDialog.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

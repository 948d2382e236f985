import { useState } from 'preact/hooks';
import { i18n } from '#i18n';
import { formatNumber } from '@/utils/format';
import { saveSettings, type Settings } from '@/utils/settings';
import { RadioGroup } from '../ui/fields';
import { Dialog } from './Dialog';
import { ContributorNameField } from './ContributorNameField';
import { ExportStatus } from './ExportStatus';
import { askForImages } from './images';
import { useExport } from './use-export';
import { getDb } from '@/utils/store/db';
import { listThemes } from '@/utils/store/themes';
import { guideExport } from '@/utils/store/guide';
import { useLiveQuery } from '../use-live-query';
import { builtInThemeName } from '../clipping/labels';

type Which = 'all' | 'shown' | 'selected' | 'guide';

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
  const { value: guide } = useLiveQuery(async () => guideExport(getDb(), await listThemes(getDb(), builtInThemeName), i18n.t('guide.noTheme')), []);
  const picked = guide?.postIds.length ?? 0;

  const count = which === 'all' ? total : which === 'shown' ? shownIds.length : which === 'guide' ? picked : selectedIds.length;

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
        scope: which === 'all' ? { kind: 'all' } : { kind: 'ids', postIds: [...(which === 'shown' ? shownIds : which === 'guide' ? (guide?.postIds ?? []) : selectedIds)] },
        ...(which === 'guide' && guide ? { guide: guide.arrangement } : {}),
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
            { value: 'guide', label: i18n.t('exportDialog.guide', picked, [formatNumber(picked)]) },
          ]}
        />
        {whichError && (
          <p class="error-message" role="alert">
            {which === 'selected' ? i18n.t('exportDialog.noneSelected') : which === 'guide' ? i18n.t('exportDialog.nonePicked') : i18n.t('exportDialog.nothing')}
          </p>
        )}
        <Choice id="export-anonymise" checked={anonymise} onChange={setAnonymise} label={i18n.t('exportDialog.anonymise')} hint={i18n.t('exportDialog.anonymiseHint')} />
        <Choice id="export-images" checked={includeImages} onChange={setIncludeImages} label={i18n.t('exportDialog.includeImages')} hint={i18n.t('exportDialog.includeImagesHint')} />
        {needsName && (
          <ContributorNameField value={name} error={nameError} onInput={setName} onFixed={() => setNameError(false)} />
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

/** One checkbox with its hint below the label. */
function Choice(props: { id: string; checked: boolean; onChange(checked: boolean): void; label: string; hint: string }) {
  return (
    <div class="checkbox single">
      <input id={props.id} type="checkbox" checked={props.checked} aria-describedby={`${props.id}-hint`} onChange={(e) => props.onChange(e.currentTarget.checked)} />
      <label for={props.id}>{props.label}</label>
      <div id={`${props.id}-hint`} class="hint">
        {props.hint}
      </div>
    </div>
  );
}

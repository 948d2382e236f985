import { useState } from 'preact/hooks';
import { i18n } from '#i18n';
import { saveSettings, type Language, type Settings } from '@/utils/settings';
import { normaliseTag } from '@/utils/x/tags';
import { getDb } from '@/utils/store/db';
import { addTheme, listThemes, mergeThemes, renameTheme, type Theme } from '@/utils/store/themes';
import { SelectField, TextField, type Option } from '../ui/fields';
import { trackSave } from '../save-status';
import { useAutosavedText } from '../use-autosaved-text';
import { useLiveQuery } from '../use-live-query';
import { useSettings } from '../use-settings';
import { SaveState } from '../SaveState';
import { builtInThemeName } from '../clipping/labels';
import { ImageCopies } from './ImageCopies';
import { TeamLibrary } from '../team/TeamLibrary';
import { useTeam } from '../team/use-team';
import { useTeamSync } from '../team/use-team-sync';

/** Options: who you are, which hashtags get the button, the button itself, copies of images, and the theme list. */
export function OptionsApp() {
  const settings = useSettings();
  // Live sync of the team library while options are open (joining shows its progress here).
  useTeamSync(useTeam()?.config, settings);
  if (!settings) return <main class="page" aria-busy="true" />;
  return (
    <main class="page options">
      <div class="page-head">
        <h1>{i18n.t('options.title')}</h1>
        <SaveState />
      </div>
      <LanguageField settings={settings} />
      <About settings={settings} />
      <OnX settings={settings} />
      <ImageCopies settings={settings} />
      <TeamLibrary />
      <Themes />
    </main>
  );
}

/** The UI's language: the browser's, or one chosen here; pages and X tabs opened next use it. */
function LanguageField({ settings }: { settings: Settings }) {
  const options: Array<Option<Language>> = [
    { value: 'auto', label: i18n.t('options.languageAuto') },
    { value: 'en_GB', label: i18n.t('options.languageEnglish'), lang: 'en-GB' },
    { value: 'cy', label: i18n.t('options.languageWelsh'), lang: 'cy' },
  ];
  return (
    <SelectField
      label={i18n.t('options.language')}
      hint={i18n.t('options.languageHint')}
      options={options}
      value={settings.language}
      onChange={(language) => void trackSave(saveSettings({ language }))}
    />
  );
}

function About({ settings }: { settings: Settings }) {
  const [name, setName] = useAutosavedText('options:name', settings.contributorName, (contributorName) => saveSettings({ contributorName }));
  const [organisation, setOrganisation] = useAutosavedText('options:organisation', settings.organisation, (organisation) => saveSettings({ organisation }));
  return (
    <section aria-labelledby="about-heading">
      <h2 id="about-heading">{i18n.t('options.you')}</h2>
      <TextField label={i18n.t('options.yourName')} hint={i18n.t('options.yourNameHint')} value={name} onInput={setName} autocomplete="name" />
      <TextField label={i18n.t('options.organisation')} hint={i18n.t('options.organisationHint')} value={organisation} onInput={setOrganisation} autocomplete="organization" />
    </section>
  );
}

/** Splits what the user typed into tags, or says what is wrong (and keeps what they typed). */
export function parseTagInput(text: string): { tags: string[] } | { error: true } {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  const tags = parts.map(normaliseTag);
  if (parts.length === 0 || tags.some((t) => t === null)) return { error: true };
  return { tags: [...new Set(tags as string[])] };
}

function OnX({ settings }: { settings: Settings }) {
  const [error, setError] = useState(false);
  const [tags, setTags] = useAutosavedText('options:tags', settings.trackedTags.map((t) => `#${t}`).join(' '), async (text) => {
    const parsed = parseTagInput(text);
    if ('error' in parsed) return; // shown below; nothing saved until it is right
    await saveSettings({ trackedTags: parsed.tags });
  });
  return (
    <section aria-labelledby="onx-heading">
      <h2 id="onx-heading">{i18n.t('options.onX')}</h2>
      <TextField
        label={i18n.t('options.trackedTags')}
        hint={i18n.t('options.trackedTagsHint')}
        value={tags}
        error={error ? i18n.t('options.trackedTagsError') : undefined}
        onInput={(text) => {
          setError('error' in parseTagInput(text));
          setTags(text);
        }}
      />
      <div class="checkbox single">
        <input id="show-button" type="checkbox" checked={settings.showButton} onChange={(e) => void trackSave(saveSettings({ showButton: e.currentTarget.checked }))} />
        <label for="show-button">{i18n.t('options.showButton')}</label>
      </div>
    </section>
  );
}

function Themes() {
  const db = getDb();
  const { value: themes } = useLiveQuery(() => listThemes(db, builtInThemeName), []);
  const [newName, setNewName] = useState('');
  const [newError, setNewError] = useState(false);
  const [merged, setMerged] = useState(false);
  return (
    <section aria-labelledby="themes-heading">
      <h2 id="themes-heading">{i18n.t('options.themes')}</h2>
      <p class="hint">{i18n.t('options.themesHint')}</p>
      <ol class="theme-list">
        {(themes ?? []).map((theme, i) => (
          <ThemeRow key={theme.id} theme={theme} index={i + 1} others={(themes ?? []).filter((t) => t.id !== theme.id)} onMerged={() => setMerged(true)} />
        ))}
      </ol>
      {merged && <p aria-live="polite">{i18n.t('options.merged')}</p>}
      <form
        class="add-theme"
        onSubmit={(e) => {
          e.preventDefault();
          if (!newName.trim()) return setNewError(true);
          setNewError(false);
          void trackSave(addTheme(db, newName)).then(() => setNewName(''));
        }}
      >
        <TextField label={i18n.t('options.newTheme')} value={newName} onInput={setNewName} error={newError ? i18n.t('options.newThemeError') : undefined} />
        <button type="submit" class="button button-secondary">
          {i18n.t('options.addTheme')}
        </button>
      </form>
    </section>
  );
}

function ThemeRow({ theme, index, others, onMerged }: { theme: Theme; index: number; others: Theme[]; onMerged(): void }) {
  const db = getDb();
  const [name, setName] = useAutosavedText(`theme:${theme.id}`, theme.name, async (value) => {
    if (value.trim()) await renameTheme(db, theme.id, value);
  });
  const [into, setInto] = useState(others[0]?.id ?? '');
  const label = i18n.t('options.themeName', [String(index)]);
  return (
    <li class="theme-row">
      <TextField label={label} value={name} onInput={setName} />
      {others.length > 0 && (
        <div class="merge">
          <label class="label" for={`merge-${theme.id}`}>
            {i18n.t('options.mergeInto')}
          </label>
          <select id={`merge-${theme.id}`} class="select" value={into} onChange={(e) => setInto(e.currentTarget.value)}>
            {others.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>{' '}
          <button type="button" class="button button-secondary" aria-label={i18n.t('options.mergeLabel', [theme.name])} onClick={() => void trackSave(mergeThemes(db, theme.id, into || others[0]!.id)).then(onMerged)}>
            {i18n.t('options.merge')}
          </button>
        </div>
      )}
    </li>
  );
}


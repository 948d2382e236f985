import { useMemo } from 'preact/hooks';
import { i18n } from '#i18n';
import { VERDICTS, KINDS, AUTHOR_TYPES, PERMISSIONS } from '@/utils/store/db';
import type { Theme } from '@/utils/store/themes';
import { TextField, SelectField, type Option } from '../ui/fields';
import { authorTypeLabel, kindLabel, permissionLabel, verdictLabel } from '../clipping/labels';
import type { FilterState, SortChoice } from './use-search';

/** The library's filters, folded under "Filters": each narrows the search (use-search.ts). */
export function Filters({ filters, onChange, themes, contributors = [] }: { filters: FilterState; onChange(patch: Partial<FilterState>): void; themes: readonly Theme[]; contributors?: readonly string[] }) {
  const themeOptions = useMemo<Option<string>[]>(() => [{ value: '', label: i18n.t('library.any') }, ...themes.map((t) => ({ value: t.id, label: t.name }))], [themes]);
  const any = { value: '' as const, label: i18n.t('library.any') };
  const set = onChange;
  return (
    <details class="filters">
      <summary>{i18n.t('library.filters')}</summary>
      <div class="field-row">
        <SelectField label={i18n.t('library.verdictFilter')} options={[any, ...VERDICTS.map((v) => ({ value: v, label: verdictLabel(v) }))] as Option<FilterState['verdict']>[]} value={filters.verdict} onChange={(verdict) => set({ verdict })} />
        <SelectField label={i18n.t('library.kindFilter')} options={[any, ...KINDS.map((v) => ({ value: v, label: kindLabel(v) }))] as Option<FilterState['kind']>[]} value={filters.kind} onChange={(kind) => set({ kind })} />
        <SelectField label={i18n.t('library.themeFilter')} options={themeOptions} value={filters.theme} onChange={(theme) => set({ theme })} />
        <SelectField label={i18n.t('library.authorTypeFilter')} options={[any, ...AUTHOR_TYPES.map((v) => ({ value: v, label: authorTypeLabel(v) }))] as Option<FilterState['authorType']>[]} value={filters.authorType} onChange={(authorType) => set({ authorType })} />
        <SelectField label={i18n.t('library.permissionFilter')} options={[any, ...PERMISSIONS.map((v) => ({ value: v, label: permissionLabel(v) }))] as Option<FilterState['permission']>[]} value={filters.permission} onChange={(permission) => set({ permission })} />
      </div>
      <div class="field-row">
        <TextField type="date" label={i18n.t('library.postedFrom')} hint={i18n.t('library.dateHint')} value={filters.from} onInput={(from) => set({ from })} />
        <TextField type="date" label={i18n.t('library.postedTo')} hint={i18n.t('library.dateHint')} value={filters.to} onInput={(to) => set({ to })} />
      </div>
      <div class="checkbox single">
        <input id="has-lesson" type="checkbox" checked={filters.hasLesson} onChange={(e) => set({ hasLesson: e.currentTarget.checked })} />
        <label for="has-lesson">{i18n.t('library.hasLesson')}</label>
      </div>
      <div class="checkbox single">
        <input id="disagreement" type="checkbox" checked={filters.disagreement} onChange={(e) => set({ disagreement: e.currentTarget.checked })} />
        <label for="disagreement">{i18n.t('library.disagreement')}</label>
      </div>
      <div class="field-row">
        <SelectField
          label={i18n.t('library.byFilter')}
          options={[any, ...contributors.map((c) => ({ value: c, label: c }))] as Option<string>[]}
          value={filters.by}
          onChange={(by) => set({ by })}
        />
        <SelectField
          label={i18n.t('library.agreeFilter')}
          options={[any, { value: 'do', label: i18n.t('library.agreeDo') }, { value: 'dont', label: i18n.t('library.agreeDont') }] as Option<FilterState['agree']>[]}
          value={filters.agree}
          onChange={(agree) => set({ agree })}
        />
        <TextField inputMode="numeric" class="input-short" label={i18n.t('library.minVotes')} hint={i18n.t('library.minVotesHint')} value={filters.minVotes} onInput={(minVotes) => set({ minVotes })} />
      </div>
    </details>
  );
}

/** The library's order: clipped or posted, newest or oldest first. */
export function SortField({ value, onChange }: { value: SortChoice; onChange(value: SortChoice): void }) {
  return (
    <SelectField
      label={i18n.t('library.sort')}
      class="sort"
      options={[
        { value: 'clipped-desc', label: i18n.t('library.sortClipped') },
        { value: 'clipped-asc', label: i18n.t('library.sortClippedAsc') },
        { value: 'posted-desc', label: i18n.t('library.sortPosted') },
        { value: 'posted-asc', label: i18n.t('library.sortPostedAsc') },
        { value: 'agreed-desc', label: i18n.t('library.sortAgreed') },
        { value: 'contested-desc', label: i18n.t('library.sortContested') },
      ] as Option<SortChoice>[]}
      value={value}
      onChange={onChange}
    />
  );
}

import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { i18n } from '#i18n';
import { getDb, OWNER, type AnnotationRecord, type ClippingRecord } from '@/utils/store/db';
import { updateAnnotation, type AnnotationPatch } from '@/utils/store/annotations';
import type { Theme } from '@/utils/store/themes';
import { hintsFor } from '@/utils/hints';
import { formatNumber } from '@/utils/format';
import { Checkbox, CheckboxGroup, RadioGroup, SelectField, TextField } from '../ui/fields';
import { trackSave } from '../save-status';
import { useAutosavedText } from '../use-autosaved-text';
import { authorTypeOptions, kindOptions, permissionOptions, verdictOptions } from './labels';
import { PostView } from './PostView';

export interface ClippingCardProps {
  clipping: ClippingRecord;
  /** The owner's annotation (absent until first saved). */
  annotation: AnnotationRecord | undefined;
  /** Popup: post, verdict and lesson. Library: every control. */
  compact?: boolean;
  themes?: Theme[];
  onRemove?(postId: string): void;
  /** More about the clipping, inside its article (other contributors' verdicts, selection). */
  extra?: ComponentChildren;
}

/** One clipping with its annotation controls. Every edit saves by itself. */
export function ClippingCard({ clipping, annotation, compact, themes = [], onRemove, extra }: ClippingCardProps) {
  const { postId, snapshot } = clipping;
  const db = getDb();
  // What the user just chose shows at once; the stored annotation takes over when it arrives.
  // A choice stays shown until the stored annotation has it, or no save is left in flight (an
  // earlier save's answer arriving must not undo a later click: quick theme ticks would be lost).
  const [chosen, setChosen] = useState<AnnotationPatch>({});
  const inFlight = useRef(0);
  useEffect(() => setChosen((c) => (inFlight.current === 0 ? {} : unconfirmed(c, annotation))), [annotation?.updatedAt]);
  const save = (patch: AnnotationPatch) => {
    setChosen((c) => ({ ...c, ...patch }));
    inFlight.current++;
    return trackSave(updateAnnotation(db, postId, patch, OWNER)).finally(() => {
      inFlight.current--;
    });
  };
  const current = { ...annotation, ...chosen };
  const [lesson, setLesson] = useAutosavedText(`${postId}:lesson`, annotation?.lesson ?? '', (lesson) => updateAnnotation(db, postId, { lesson }, OWNER));
  const [note, setNote] = useAutosavedText(`${postId}:note`, annotation?.note ?? '', (note) => updateAnnotation(db, postId, { note }, OWNER));
  const headingId = `clipping-${postId}`;
  const hints = compact ? [] : hintsFor(snapshot);

  return (
    <article class={`clipping verdict-${current.verdict ?? 'undecided'}`} aria-labelledby={headingId} tabindex={-1} data-post-id={postId}>
      <PostView snapshot={snapshot} headingId={headingId} headingLevel={compact ? 3 : 2} versions={compact ? [] : clipping.versions} />
      {hints.length > 0 && (
        <div class="hints">
          <p class="hints-heading">{i18n.t('hints.heading')}</p>
          <ul>
            {hints.map((h) => (
              <li key={h.id}>
                {h.id === 'imagesWithoutAlt'
                  ? i18n.t('hints.imagesWithoutAlt', h.count, [formatNumber(h.count)])
                  : h.id === 'hashtagsNotCamelCase'
                    ? i18n.t('hints.hashtagsNotCamelCase', [h.tags.map((t) => `#${t}`).join(', ')])
                    : i18n.t(`hints.${h.id}`)}
              </li>
            ))}
          </ul>
        </div>
      )}
      <div class="annotation">
        <RadioGroup
          legend={i18n.t('verdict.legend')}
          name={`verdict-${postId}`}
          options={verdictOptions()}
          value={current.verdict ?? 'undecided'}
          onChange={(verdict) => void save({ verdict })}
          inline
        />
        {!compact && <Checkbox label={i18n.t('fields.forGuide')} hint={i18n.t('fields.forGuideHint')} checked={current.forGuide === 1 || current.forGuide === true} onChange={(forGuide) => void save({ forGuide })} />}
        {!compact && (
          <RadioGroup legend={i18n.t('kind.legend')} name={`kind-${postId}`} options={kindOptions()} value={current.kind ?? null} onChange={(kind) => void save({ kind })} inline />
        )}
        <TextField label={i18n.t('fields.lesson')} hint={compact ? undefined : i18n.t('fields.lessonHint')} value={lesson} onInput={setLesson} />
        {!compact && (
          <>
            <TextField label={i18n.t('fields.note')} hint={i18n.t('fields.noteHint')} value={note} onInput={setNote} multiline />
            <CheckboxGroup
              legend={i18n.t('fields.themes')}
              hint={i18n.t('fields.themesHint')}
              options={themes.map((t) => ({ value: t.id, label: t.name }))}
              values={current.themes ?? []}
              onChange={(ids) => void save({ themes: ids })}
            />
            <div class="field-row">
              <SelectField label={i18n.t('authorType.label')} options={authorTypeOptions()} value={current.authorType ?? 'notSet'} onChange={(authorType) => void save({ authorType })} />
              <SelectField
                label={i18n.t('permission.label')}
                hint={i18n.t('permission.hint')}
                options={permissionOptions()}
                value={current.permission ?? 'notAsked'}
                onChange={(permission) => void save({ permission })}
              />
            </div>
            {onRemove && (
              <button type="button" class="button button-secondary" aria-label={undefined} onClick={() => onRemove(postId)}>
                {i18n.t('library.remove')}
              </button>
            )}
          </>
        )}
      </div>
      {extra}
    </article>
  );
}

/** The choices the stored annotation does not show yet. */
function unconfirmed(chosen: AnnotationPatch, stored: AnnotationRecord | undefined): AnnotationPatch {
  const left: AnnotationPatch = {};
  for (const [key, value] of Object.entries(chosen) as Array<[keyof AnnotationPatch, unknown]>) {
    const have = key === 'forGuide' ? !!stored?.forGuide : stored?.[key];
    if (JSON.stringify(have) !== JSON.stringify(value)) (left as Record<string, unknown>)[key] = value;
  }
  return left;
}

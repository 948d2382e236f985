import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { i18n } from '#i18n';
import { getDb, OWNER } from '@/utils/store/db';
import { listThemes } from '@/utils/store/themes';
import { readGuide, saveGuideOrder, saveGuideText, type GuideData, type GuideExample } from '@/utils/store/guide';
import { GUIDE_SECTIONS, guideWarnings, moveTo, NO_THEME, type GuideSection, type GuideTheme } from '@/utils/domain/guide';
import { formatNumber } from '@/utils/format';
import { useLiveQuery } from '../use-live-query';
import { useAutosavedText } from '../use-autosaved-text';
import { trackSave } from '../save-status';
import { SaveState } from '../SaveState';
import { TextField } from '../ui/fields';
import { builtInThemeName } from '../clipping/labels';
import { PostView } from '../clipping/PostView';

/**
 * The Guide page: for each theme, the examples the owner picked "For the guide", in a "Do" and a
 * "Don't" section, reorderable by the "Move up" / "Move down" buttons and by drag, with the editor's
 * "Guide text" for the theme. A warning stands beside an example that must not be reproduced as it is.
 */
export function GuideApp() {
  const db = getDb();
  const { value } = useLiveQuery(async () => {
    const themes = await listThemes(db, builtInThemeName);
    const guide = await readGuide(db, themes.map((t) => t.id));
    return { names: new Map(themes.map((t) => [t.id, t.name])), guide };
  }, []);
  const [announcement, setAnnouncement] = useState('');
  const focusAfterMove = useRef<FocusTarget | null>(null);

  const move = (theme: GuideTheme, section: GuideSection, postId: string, to: number, name: string) => {
    const list = moveTo(theme[section], postId, to);
    const position = list.indexOf(postId) + 1;
    focusAfterMove.current = { postId, index: position - 1, button: position - 1 < theme[section].indexOf(postId) ? 'up' : 'down' };
    setAnnouncement(i18n.t('guide.moved', [name, formatNumber(position), formatNumber(list.length)]));
    void trackSave(saveGuideOrder(db, theme.themeId, section, list));
  };

  const undecided = value ? value.guide.themes.reduce((n, t) => n + t.undecided.length, 0) : 0;
  const picked = value?.guide.examples.size ?? 0;
  return (
    <main class="page guide">
      <div class="page-head">
        <h1>{i18n.t('guide.title')}</h1>
        <SaveState />
      </div>
      <p>{i18n.t('guide.intro')}</p>
      <p>
        <a href={browser.runtime.getURL('/library.html')}>{i18n.t('guide.openLibrary')}</a>
      </p>
      <p class="visually-hidden" role="status">
        {announcement}
      </p>
      {value && picked === 0 && <p class="inset">{i18n.t('guide.noPicks')}</p>}
      {value && undecided > 0 && (
        <div class="warning">
          <p>{i18n.t('guide.undecided', undecided, [formatNumber(undecided)])}</p>
        </div>
      )}
      {value && (
        <>
          <nav aria-labelledby="guide-contents" class="guide-contents">
            <h2 id="guide-contents">{i18n.t('guide.contents')}</h2>
            <ol>
              {value.guide.themes.map((t) => (
                <li key={t.themeId ?? NO_THEME}>
                  <a href={`#${themeAnchor(t)}`}>{themeName(t, value.names)}</a> ({i18n.t('guide.counts', [formatNumber(t.do.length), formatNumber(t.dont.length)])})
                </li>
              ))}
            </ol>
          </nav>
          {value.guide.themes.map((t) => (
            <ThemeSection key={t.themeId ?? NO_THEME} theme={t} name={themeName(t, value.names)} guide={value.guide} onMove={move} focusAfterMove={focusAfterMove} />
          ))}
        </>
      )}
    </main>
  );
}

function themeAnchor(t: GuideTheme): string {
  return `theme-${t.themeId ?? 'none'}`;
}

function themeName(t: GuideTheme, names: ReadonlyMap<string, string>): string {
  return t.themeId === null ? i18n.t('guide.noTheme') : (names.get(t.themeId) ?? t.themeId);
}

type Move = (theme: GuideTheme, section: GuideSection, postId: string, to: number, name: string) => void;

/** The example just moved by its buttons, and where it goes: once it is drawn there, focus returns to it. */
interface FocusTarget {
  postId: string;
  index: number;
  /** The button pressed. */
  button: 'up' | 'down';
}
type FocusRef = { current: FocusTarget | null };

function ThemeSection({ theme, name, guide, onMove, focusAfterMove }: { theme: GuideTheme; name: string; guide: GuideData; onMove: Move; focusAfterMove: FocusRef }) {
  const db = getDb();
  const key = theme.themeId ?? NO_THEME;
  const headingId = themeAnchor(theme);
  const [text, setText] = useAutosavedText(`guide:${key}`, guide.texts.get(key) ?? '', (value) => saveGuideText(db, theme.themeId, value));
  return (
    <section class="guide-theme" aria-labelledby={headingId}>
      <h2 id={headingId} tabindex={-1}>
        {name}
      </h2>
      <TextField label={i18n.t('guide.text')} hint={i18n.t('guide.textHint', [name])} value={text} onInput={setText} multiline />
      {GUIDE_SECTIONS.map((section) => (
        <ExampleList key={section} theme={theme} section={section} guide={guide} onMove={onMove} focusAfterMove={focusAfterMove} />
      ))}
    </section>
  );
}

function ExampleList({ theme, section, guide, onMove, focusAfterMove }: { theme: GuideTheme; section: GuideSection; guide: GuideData; onMove: Move; focusAfterMove: FocusRef }) {
  const list = theme[section];
  const headingId = `${themeAnchor(theme)}-${section}`;
  const [dragging, setDragging] = useState<string | null>(null);
  const dragKey = `${theme.themeId ?? NO_THEME}\u0000${section}`;
  return (
    <div class={`guide-section guide-${section}`}>
      <h3 id={headingId}>{i18n.t(section === 'do' ? 'guide.do' : 'guide.dont')}</h3>
      {list.length === 0 ? (
        <p class="hint">{i18n.t('guide.sectionEmpty')}</p>
      ) : (
        <>
          {list.length > 1 && <p class="hint">{i18n.t('guide.dragHint')}</p>}
          <ol class="guide-examples" aria-labelledby={headingId}>
            {list.map((postId, index) => {
              const example = guide.examples.get(postId);
              if (!example) return null;
              const name = example.clipping.snapshot.author.name || `@${example.clipping.snapshot.author.handle}`;
              return (
                <li
                  key={postId}
                  class={dragging === postId ? 'dragging' : undefined}
                  draggable
                  onDragStart={(e) => {
                    e.dataTransfer?.setData('text/plain', `${dragKey}\u0000${postId}`);
                    if (e.dataTransfer) e.dataTransfer.effectAllowed = 'move';
                    setDragging(postId);
                  }}
                  onDragEnd={() => setDragging(null)}
                  onDragOver={(e) => {
                    // Only within the same list: an example keeps its theme and verdict.
                    if (dragging !== null) e.preventDefault();
                  }}
                  onDrop={(e) => {
                    e.preventDefault();
                    const data = e.dataTransfer?.getData('text/plain') ?? '';
                    const [themeKey, sectionKey, moved] = data.split('\u0000');
                    setDragging(null);
                    if (`${themeKey}\u0000${sectionKey}` !== dragKey || !moved || moved === postId) return;
                    const movedExample = guide.examples.get(moved);
                    const movedName = movedExample ? movedExample.clipping.snapshot.author.name || `@${movedExample.clipping.snapshot.author.handle}` : moved;
                    onMove(theme, section, moved, index, movedName);
                  }}
                >
                  <Example
                    example={example}
                    guide={guide}
                    headingId={`${headingId}-${postId}`}
                    index={index}
                    last={index === list.length - 1}
                    onUp={() => onMove(theme, section, postId, index - 1, name)}
                    onDown={() => onMove(theme, section, postId, index + 1, name)}
                    focusAfterMove={focusAfterMove}
                  />
                </li>
              );
            })}
          </ol>
        </>
      )}
    </div>
  );
}

function Example(props: { example: GuideExample; guide: GuideData; headingId: string; index: number; last: boolean; onUp(): void; onDown(): void; focusAfterMove: FocusRef }) {
  const { example, guide, headingId, index } = props;
  const { clipping, owner, annotations } = example;
  const warnings = guideWarnings(owner.authorType, owner.permission);
  const lessons = annotations.filter((a) => a.lesson.trim() !== '');
  const first = index === 0;
  const up = useRef<HTMLButtonElement>(null);
  const down = useRef<HTMLButtonElement>(null);
  useLayoutEffect(() => {
    // Once the moved example is drawn in its new place, focus goes back to the button pressed, or to
    // the other one when it reached the end of the list (where the pressed one is disabled).
    const target = props.focusAfterMove.current;
    if (!target || target.postId !== clipping.postId || target.index !== index) return;
    props.focusAfterMove.current = null;
    const pressed = target.button === 'up' ? (first ? down : up) : props.last ? up : down;
    pressed.current?.focus();
  });
  return (
    <article class="guide-example" aria-labelledby={headingId} data-post-id={clipping.postId}>
      <PostView snapshot={clipping.snapshot} headingId={headingId} headingLevel={4} />
      {warnings.length > 0 && (
        <div class="warning-text">
          <ul>
            {warnings.map((w) => (
              <li key={w}>
                <strong>
                  <span class="visually-hidden">{i18n.t('guide.warning')} </span>
                  {i18n.t(`guide.warnings.${w}`)}
                </strong>
              </li>
            ))}
          </ul>
        </div>
      )}
      {lessons.length > 0 && (
        <ul class="guide-lessons">
          {lessons.map((a) => (
            <li key={a.contributorId}>
              {a.contributorId === OWNER ? i18n.t('guide.yourLesson', [a.lesson]) : i18n.t('guide.lessonBy', [contributorName(guide, a.contributorId), a.lesson])}
            </li>
          ))}
        </ul>
      )}
      <div class="guide-move">
        <button type="button" class="button button-secondary" disabled={first} onClick={props.onUp} ref={up}>
          {i18n.t('guide.moveUp')}
        </button>
        <button type="button" class="button button-secondary" disabled={props.last} onClick={props.onDown} ref={down}>
          {i18n.t('guide.moveDown')}
        </button>
      </div>
    </article>
  );
}

function contributorName(guide: GuideData, id: string): string {
  const c = guide.contributors.get(id);
  if (!c) return id;
  return c.organisation ? `${c.name}, ${c.organisation}` : c.name;
}

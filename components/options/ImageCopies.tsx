import { useRef, useState } from 'preact/hooks';
import { i18n } from '#i18n';
import { saveSettings, type Settings } from '@/utils/settings';
import { getDb } from '@/utils/store/db';
import { copyUsage, removeAllCopies } from '@/utils/store/images';
import { formatNumber } from '@/utils/format';
import { askForImages } from '../bundle/images';
import { trackSave } from '../save-status';
import { useLiveQuery } from '../use-live-query';

/** Megabytes with one decimal, in the UI's language. */
function megabytes(bytes: number): string {
  return formatNumber(Math.round((bytes / (1024 * 1024)) * 10) / 10);
}

/**
 * "Keep copies of images": ticking it asks for the media permission (in the click, as browsers
 * require) and for persistent storage; a refusal leaves it unticked and says why. Below, the storage
 * the copies use and "Remove image copies", which asks to be confirmed first.
 */
export function ImageCopies({ settings }: { settings: Settings }) {
  const [refused, setRefused] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [status, setStatus] = useState<'removed' | 'failed' | null>(null);
  const removeButton = useRef<HTMLButtonElement>(null);
  const { value: usage } = useLiveQuery(() => copyUsage(getDb()), []);

  function onChange(e: Event & { currentTarget: HTMLInputElement }) {
    setStatus(null);
    if (!e.currentTarget.checked) {
      setRefused(false);
      void trackSave(saveSettings({ keepImageCopies: false }));
      return;
    }
    // Stays unticked until the permission is granted.
    e.currentTarget.checked = false;
    const asked = askForImages();
    void asked.then((granted) => {
      setRefused(!granted);
      if (!granted) return;
      void trackSave(saveSettings({ keepImageCopies: true }));
      // Copies are worth keeping only if the browser does not clear them to make room.
      void navigator.storage?.persist?.().catch(() => false);
    });
  }

  async function remove() {
    setConfirming(false);
    try {
      await trackSave(saveSettings({ keepImageCopies: false }).then(() => removeAllCopies(getDb())));
      setStatus('removed');
    } catch {
      setStatus('failed');
    }
    removeButton.current?.focus();
  }

  const describedBy = ['keep-images-hint', refused && 'keep-images-error'].filter(Boolean).join(' ');
  return (
    <section aria-labelledby="images-heading">
      <h2 id="images-heading">{i18n.t('options.images')}</h2>
      <div class={`checkbox single${refused ? ' field-error' : ''}`}>
        <input id="keep-images" type="checkbox" checked={settings.keepImageCopies} aria-describedby={describedBy} onChange={onChange} />
        <label for="keep-images">{i18n.t('options.keepImages')}</label>
        <div id="keep-images-hint" class="hint">
          {i18n.t('options.keepImagesHint')}
        </div>
        {refused && (
          <p id="keep-images-error" class="error-message" role="alert">
            {i18n.t('options.keepImagesRefused')}
          </p>
        )}
      </div>
      {usage && (
        <dl class="image-usage">
          <div>
            <dt>{i18n.t('options.imagesStorage')}</dt>
            <dd>{i18n.t('options.imagesMegabytes', [megabytes(usage.bytes)])}</dd>
          </div>
          <div>
            <dt>{i18n.t('options.imagesKept')}</dt>
            <dd>{formatNumber(usage.kept)}</dd>
          </div>
          {usage.pending > 0 && (
            <div>
              <dt>{i18n.t('options.imagesWaiting')}</dt>
              <dd>{formatNumber(usage.pending)}</dd>
            </div>
          )}
          {usage.failed > 0 && (
            <div>
              <dt>{i18n.t('options.imagesFailed')}</dt>
              <dd>{formatNumber(usage.failed)}</dd>
            </div>
          )}
        </dl>
      )}
      {confirming ? (
        <div class="notice" role="group" aria-labelledby="remove-images-question">
          <p id="remove-images-question">{i18n.t('options.removeImagesQuestion')}</p>
          <button type="button" class="button" onClick={() => void remove()}>
            {i18n.t('options.removeImagesYes')}
          </button>{' '}
          <button
            type="button"
            class="button button-secondary"
            onClick={() => {
              setConfirming(false);
              queueMicrotask(() => removeButton.current?.focus());
            }}
          >
            {i18n.t('options.removeImagesCancel')}
          </button>
        </div>
      ) : (
        <button
          ref={removeButton}
          type="button"
          class="button button-secondary"
          disabled={!usage || usage.kept + usage.pending + usage.failed === 0}
          onClick={() => {
            setStatus(null);
            setConfirming(true);
          }}
        >
          {i18n.t('options.removeImages')}
        </button>
      )}
      <p role="status">{status === 'removed' ? i18n.t('options.imagesRemoved') : status === 'failed' ? i18n.t('options.imagesRemoveFailed') : ''}</p>
    </section>
  );
}

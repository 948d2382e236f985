import { useRef, useState } from 'preact/hooks';
import { i18n } from '#i18n';
import { formatDateTime, formatNumber } from '@/utils/format';
import { getDb } from '@/utils/store/db';
import { publishCommitted } from '@/utils/store/outbox';
import { writeChangeFeed } from '@/utils/messaging/change-feed';
import type { MergePlan } from '@/utils/store/merge';
import type { BundleSummary, ImportSession } from '@/utils/store/import-session';
import { loadSettings } from '@/utils/settings';
import { builtInThemeNames } from '@/utils/i18n/theme-names';
import { Dialog } from './Dialog';
import { importProblemMessage } from './problems';
import { isQuotaError } from '@/utils/store/errors';

type State =
  | { step: 'idle' }
  | { step: 'reading' }
  | { step: 'problem'; message: string }
  | { step: 'confirm'; session: ImportSession }
  | { step: 'importing'; session: ImportSession; done: number }
  | { step: 'done'; message: string };

const who = (c: { name: string; organisation: string }) => (c.organisation ? `${c.name} (${c.organisation})` : c.name);

/**
 * "Import bundle": a file input; the file is read and checked, then a dialog says what will happen
 * before anything changes. A bad file gets an alert that says what is wrong and how to fix it, and
 * the library is left as it was.
 */
export function ImportBundle() {
  const [state, setState] = useState<State>({ step: 'idle' });
  const input = useRef<HTMLInputElement>(null);
  // Cancel while the file is read gives up on it; Cancel while the import writes stops it: its one
  // transaction is aborted, and the library is as it was.
  const stopper = useRef<AbortController | null>(null);

  async function choose(file: File | undefined) {
    if (!file) return;
    setState({ step: 'reading' });
    const controller = new AbortController();
    stopper.current = controller;
    try {
      const settings = await loadSettings();
      const owner = { name: settings.contributorName, organisation: settings.organisation };
      // Loaded on demand, like the export: the library opens without the zip reader. The whole import
      // (read, check, plan, write) runs in a worker, the bundle kept there: a large one would hold the
      // page for seconds (docs/performance.md). Without a worker it runs here.
      const { importInWorker } = await import('@/utils/store/import-worker-client');
      const opened = await importInWorker()(file, { owner, builtInThemeNames: builtInThemeNames() }, { signal: controller.signal });
      if (!opened.ok) return setState({ step: 'problem', message: importProblemMessage(opened.problem) });
      setState({ step: 'confirm', session: opened.session });
    } catch (error) {
      const { MergeStopped } = await import('@/utils/store/merge');
      // Given up while reading: back as before the file was chosen.
      if (error instanceof MergeStopped) return setState({ step: 'idle' });
      console.error('[LGA Guide Clipper] import failed', error);
      setState({ step: 'problem', message: i18n.t('importDialog.failed', [error instanceof Error ? error.message : String(error)]) });
    } finally {
      if (stopper.current === controller) stopper.current = null;
      // The same file can be chosen again (importing twice must be possible, and must add nothing).
      if (input.current) input.current.value = '';
    }
  }

  async function confirm() {
    if (state.step !== 'confirm') return;
    const { session } = state;
    setState({ step: 'importing', session, done: 0 });
    const controller = new AbortController();
    stopper.current = controller;
    try {
      const result = await session.apply({
        signal: controller.signal,
        onProgress: (done) => {
          if (!controller.signal.aborted) setState({ step: 'importing', session, done });
        },
      });
      // Open X tabs show the imported posts as saved. The import itself is done: if the feed cannot
      // be written, its news stays in the outbox and the next announcement carries it.
      await publishCommitted(getDb(), writeChangeFeed).catch((error: unknown) => console.error('[LGA Guide Clipper] change feed not written', error));
      const { summary } = session;
      const from = who(summary.contributor);
      const changed = result.newClippings + result.updatedClippings + result.annotationsAdded + result.annotationsUpdated;
      setState({
        step: 'done',
        message:
          changed === 0
            ? i18n.t('importDialog.doneNothing', [from])
            : i18n.t('importDialog.done', [from, formatNumber(result.newClippings), formatNumber(summary.clippings - result.newClippings), formatNumber(result.annotationsAdded + result.annotationsUpdated)]),
      });
    } catch (error) {
      const [{ MergeStopped }, { ImportLost }] = await Promise.all([import('@/utils/store/merge'), import('@/utils/store/import-worker-client')]);
      if (error instanceof MergeStopped) {
        setState({ step: 'done', message: i18n.t('importDialog.stopped') });
        return;
      }
      console.error('[LGA Guide Clipper] import failed', error);
      // A full disk is the user's to fix, and trying again as it is would fail the same way.
      const message = isQuotaError(error)
        ? i18n.t('importDialog.storageFull')
        : error instanceof ImportLost
          ? i18n.t('importDialog.lost')
          : i18n.t('importDialog.failed', [error instanceof Error ? error.message : String(error)]);
      setState({ step: 'problem', message });
    } finally {
      if (stopper.current === controller) stopper.current = null;
    }
  }

  // Read through the ref, not this render's state: the dialog keeps the handler it was opened with (Escape).
  function cancel() {
    // While importing, the dialog stays until the import has stopped and said so.
    if (stopper.current) stopper.current.abort();
    else {
      if (state.step === 'confirm') state.session.close();
      setState({ step: 'idle' });
    }
  }

  const problem = state.step === 'problem' ? state.message : null;
  return (
    <>
      <div class={`field file-field${problem ? ' field-error' : ''}`}>
        <label class="label" for="import-bundle">
          {i18n.t('library.importBundle')}
        </label>
        {problem && (
          <p id="import-bundle-error" class="error-message" role="alert">
            {problem}
          </p>
        )}
        <input
          id="import-bundle"
          ref={input}
          type="file"
          accept=".zip,.json,application/zip,application/json"
          aria-describedby={problem ? 'import-bundle-error' : undefined}
          onChange={(e) => void choose(e.currentTarget.files?.[0])}
        />
      </div>
      {state.step === 'reading' && (
        <div class="import-reading">
          <p aria-live="polite">{i18n.t('importDialog.reading')}</p>
          <button type="button" class="button button-secondary" onClick={cancel}>
            {i18n.t('importDialog.cancelReading')}
          </button>
        </div>
      )}
      {state.step === 'done' && (
        <p class="notice import-done" role="status">
          {state.message}
        </p>
      )}
      {(state.step === 'confirm' || state.step === 'importing') && (
        <ImportDialog bundle={state.session.summary} plan={state.session.plan} done={state.step === 'importing' ? state.done : null} onConfirm={() => void confirm()} onCancel={cancel} />
      )}
    </>
  );
}

/** `done`: null until the import is confirmed, then how many of the bundle's clippings are written. */
function ImportDialog({ bundle, plan, done, onConfirm, onCancel }: { bundle: BundleSummary; plan: MergePlan; done: number | null; onConfirm(): void; onCancel(): void }) {
  const total = bundle.clippings;
  const busy = done !== null;
  const others = plan.contributors.filter((c) => !c.isOwner && c.annotations > 0);
  const yours = plan.contributors.some((c) => c.isOwner && c.annotations > 0);
  return (
    <Dialog titleId="import-title" title={i18n.t('importDialog.title')} onClose={onCancel}>
      <p>{i18n.t('importDialog.from', [who(bundle.contributor), formatDateTime(bundle.exportedAt)])}</p>
      <ul class="list">
        <li>{i18n.t('importDialog.newClippings', plan.newClippings, [formatNumber(plan.newClippings)])}</li>
        <li>{i18n.t('importDialog.existingClippings', plan.existingClippings, [formatNumber(plan.existingClippings)])}</li>
      </ul>
      {others.length > 0 && (
        <>
          <h3>{i18n.t('importDialog.annotationsFrom')}</h3>
          <ul class="list">
            {others.map((c) => (
              <li key={c.id}>{i18n.t('importDialog.contributorLine', c.annotations, [formatNumber(c.annotations), who(c)])}</li>
            ))}
          </ul>
        </>
      )}
      {yours && <p>{i18n.t('importDialog.yours')}</p>}
      {plan.nothingToDo && <p class="notice">{i18n.t('importDialog.nothingToDo')}</p>}
      {busy && (
        <div class="export-status" aria-live="polite">
          <progress max={Math.max(total, 1)} value={done} aria-label={i18n.t('importDialog.progressLabel')} />
          <p>{i18n.t('importDialog.progress', [formatNumber(done), formatNumber(total)])}</p>
        </div>
      )}
      <div class="button-group">
        <button type="button" class="button" disabled={busy} onClick={onConfirm}>
          {i18n.t('importDialog.confirm', total, [formatNumber(total)])}
        </button>
        <button type="button" class="button button-secondary" onClick={onCancel}>
          {i18n.t('importDialog.cancel')}
        </button>
      </div>
    </Dialog>
  );
}

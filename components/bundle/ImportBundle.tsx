import { useRef, useState } from 'preact/hooks';
import { i18n } from '#i18n';
import { formatDateTime, formatNumber } from '@/utils/format';
import { getDb } from '@/utils/store/db';
import { publishCommitted } from '@/utils/store/outbox';
import { writeChangeFeed } from '@/utils/messaging/change-feed';
import type { Bundle } from '@/utils/bundle/schema';
import type { MergePlan } from '@/utils/store/merge';
import { loadSettings } from '@/utils/settings';
import { Dialog } from './Dialog';
import { importProblemMessage } from './problems';
import { isQuotaError } from '@/utils/store/errors';

type State =
  | { step: 'idle' }
  | { step: 'reading' }
  | { step: 'problem'; message: string }
  | { step: 'confirm'; bundle: Bundle; plan: MergePlan; owner: { name: string; organisation: string } }
  | { step: 'importing'; bundle: Bundle; plan: MergePlan; owner: { name: string; organisation: string } }
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

  async function choose(file: File | undefined) {
    if (!file) return;
    setState({ step: 'reading' });
    try {
      // Loaded on demand, like the export: the library opens without the zip reader.
      const { readBundleFile } = await import('@/utils/bundle/import');
      const read = await readBundleFile(file);
      if (!read.ok) return setState({ step: 'problem', message: importProblemMessage(read.problem) });
      const settings = await loadSettings();
      const owner = { name: settings.contributorName, organisation: settings.organisation };
      const { planMerge } = await import('@/utils/store/merge');
      const plan = await planMerge(getDb(), read.bundle, owner);
      setState({ step: 'confirm', bundle: read.bundle, plan, owner });
    } catch (error) {
      console.error('[LGA Guide Clipper] import failed', error);
      setState({ step: 'problem', message: i18n.t('importDialog.failed', [error instanceof Error ? error.message : String(error)]) });
    } finally {
      // The same file can be chosen again (importing twice must be possible, and must add nothing).
      if (input.current) input.current.value = '';
    }
  }

  async function confirm() {
    if (state.step !== 'confirm') return;
    const { bundle, plan, owner } = state;
    setState({ step: 'importing', bundle, plan, owner });
    try {
      const { applyMerge } = await import('@/utils/store/merge');
      const result = await applyMerge(getDb(), bundle, owner);
      // Open X tabs show the imported posts as saved. The import itself is done: if the feed cannot
      // be written, its news stays in the outbox and the next announcement carries it.
      await publishCommitted(getDb(), writeChangeFeed).catch((error: unknown) => console.error('[LGA Guide Clipper] change feed not written', error));
      const from = who(bundle.contributor);
      const changed = result.newClippings + result.updatedClippings + result.annotationsAdded + result.annotationsUpdated;
      setState({
        step: 'done',
        message:
          changed === 0
            ? i18n.t('importDialog.doneNothing', [from])
            : i18n.t('importDialog.done', [from, formatNumber(result.newClippings), formatNumber(bundle.clippings.length - result.newClippings), formatNumber(result.annotationsAdded + result.annotationsUpdated)]),
      });
    } catch (error) {
      console.error('[LGA Guide Clipper] import failed', error);
      // A full disk is the user's to fix, and trying again as it is would fail the same way.
      const message = isQuotaError(error) ? i18n.t('importDialog.storageFull') : i18n.t('importDialog.failed', [error instanceof Error ? error.message : String(error)]);
      setState({ step: 'problem', message });
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
      {state.step === 'reading' && <p aria-live="polite">{i18n.t('importDialog.reading')}</p>}
      {state.step === 'done' && (
        <p class="notice import-done" role="status">
          {state.message}
        </p>
      )}
      {(state.step === 'confirm' || state.step === 'importing') && (
        <ImportDialog bundle={state.bundle} plan={state.plan} busy={state.step === 'importing'} onConfirm={() => void confirm()} onCancel={() => setState({ step: 'idle' })} />
      )}
    </>
  );
}

function ImportDialog({ bundle, plan, busy, onConfirm, onCancel }: { bundle: Bundle; plan: MergePlan; busy: boolean; onConfirm(): void; onCancel(): void }) {
  const total = bundle.clippings.length;
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

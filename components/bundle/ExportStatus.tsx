import { i18n } from '#i18n';
import { formatNumber } from '@/utils/format';
import type { ExportPhase } from './use-export';

/** Progress while a bundle is made, then what was downloaded (or what went wrong). */
export function ExportStatus({ phase }: { phase: ExportPhase }) {
  if (phase.state === 'idle') return <div aria-live="polite" class="export-status" />;
  if (phase.state === 'failed') {
    return (
      <div class="export-status">
        <p class="error-message" role="alert">
          {i18n.t('exportDialog.failed', [phase.reason])}
        </p>
      </div>
    );
  }
  if (phase.state === 'working') {
    // Finishing: the bar has no value (still working, nothing to count) and the text says what is left.
    return (
      <div class="export-status" aria-live="polite">
        {phase.finishing ? (
          <progress aria-label={i18n.t('exportDialog.progressLabel')} />
        ) : (
          <progress max={Math.max(phase.total, 1)} value={phase.done} aria-label={i18n.t('exportDialog.progressLabel')} />
        )}
        <p>{phase.finishing ? i18n.t('exportDialog.finishing') : i18n.t('exportDialog.progress', [formatNumber(phase.done), formatNumber(phase.total)])}</p>
      </div>
    );
  }
  return (
    <div class="export-status" aria-live="polite">
      <p class="export-done">{i18n.t('exportDialog.done', phase.count, [formatNumber(phase.count), phase.filename])}</p>
      {phase.missingImages > 0 && <p>{i18n.t('exportDialog.imagesMissing', phase.missingImages, [formatNumber(phase.missingImages)])}</p>}
      {phase.imagesRefused && <p>{i18n.t('exportDialog.imagesRefused')}</p>}
    </div>
  );
}

import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createHealthReport } from '@/utils/x/health-report';
import { createXDataCheck } from '@/utils/x/data/health';
import type { Injector } from '@/utils/x/injector';
import type { xDataChannel } from '@/utils/x/data/channel';
import { sendRequest } from '@/utils/messaging/client';

/**
 * The page-health report's wiring: the injector's counts of tagged posts it could not read, and the
 * check against X's own data (utils/x/data/health.ts), sent as `pageHealth` at most every two seconds,
 * counted in an idle moment. `use` gives the check the settings' tracked tags, or null while the buttons
 * are hidden; `soon` asks for a report after the page changed.
 */
export function startHealthReport(ctx: ContentScriptContext, injector: Injector, xData: ReturnType<typeof xDataChannel>) {
  const check = createXDataCheck(document, () => xData.list());
  const report = createHealthReport({
    counts: () => ({ ...injector.stats, missing: { ...injector.missing }, xData: check.run() }),
    send: (counts) => void sendRequest<'pageHealth'>({ type: 'pageHealth', ...counts }),
    // Plain timers that do nothing once the context is invalid: WXT's own keep a listener per call.
    setTimeout: (callback, ms) => setTimeout(() => ctx.isInvalid || callback(), ms),
    idle: (callback) => requestIdleCallback(() => ctx.isInvalid || callback(), { timeout: 2000 }),
  });
  return { soon: report.soon, use: check.use };
}

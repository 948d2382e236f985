import { useEffect, useRef, useState } from 'preact/hooks';
import { i18n } from '#i18n';
import type { PopupExportControls, PopupExportPanel } from './PopupExportPanel';

/**
 * The popup's "Export bundle" button, drawn with the popup's first render. What it does (the name
 * form, the export and its progress: PopupExportPanel.tsx) is loaded just after that render, so the
 * popup opens with less code; a press before it has loaded is carried out once it has.
 */
export function PopupExport() {
  const [Panel, setPanel] = useState<typeof PopupExportPanel | null>(null);
  const controls = useRef<PopupExportControls | null>(null);
  const pressedEarly = useRef(false);
  const [working, setWorking] = useState(false);
  useEffect(() => {
    let open = true;
    void import('./PopupExportPanel').then((m) => open && setPanel(() => m.PopupExportPanel));
    return () => {
      open = false;
    };
  }, []);
  return (
    <div class="popup-export">
      <button
        type="button"
        class="button"
        disabled={working}
        onClick={() => {
          if (controls.current) controls.current.press();
          else pressedEarly.current = true;
        }}
      >
        {i18n.t('popup.exportBundle')}
      </button>
      {Panel && <Panel controls={controls} pressedEarly={pressedEarly} onWorking={setWorking} />}
    </div>
  );
}

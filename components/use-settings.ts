import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { SETTINGS_KEY, loadSettings, parseSettings, type Settings } from '@/utils/settings';

/** The settings, kept current when they change in any page (storage.onChanged). */
export function useSettings(): Settings | null {
  const [settings, setSettings] = useState<Settings | null>(null);
  useEffect(() => {
    void loadSettings().then(setSettings);
    const onChange = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      if (area === 'local' && changes[SETTINGS_KEY]) setSettings(parseSettings(changes[SETTINGS_KEY].newValue));
    };
    browser.storage.onChanged.addListener(onChange);
    return () => browser.storage.onChanged.removeListener(onChange);
  }, []);
  return settings;
}

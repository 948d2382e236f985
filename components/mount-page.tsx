import { cloneElement, render, type VNode } from 'preact';
import { onLanguageChange, setUpLanguage } from '@/utils/i18n/language';
import { getDb } from '@/utils/store/db';
import { updateAnnotation } from '@/utils/store/annotations';
import { recoverDrafts } from './use-autosaved-text';
import './pages.css';

/**
 * Starts an extension page: its language (the browser's, or the one chosen in options) and title,
 * then any text a closed page had not yet saved (annotation drafts), then the app. The title is a
 * function so that it is read in the page's language. When the language setting changes, the page
 * re-renders in the new language at once, keeping its state (what is typed, where focus is).
 */
export function mountPage(title: () => string, app: VNode) {
  const root = document.getElementById('app')!;
  let mounted = false;
  const showLanguage = (lang: string) => {
    document.documentElement.lang = lang;
    document.title = title();
  };
  void setUpLanguage().then((lang) => {
    showLanguage(lang);
    onLanguageChange(() => {
      void setUpLanguage().then((next) => {
        showLanguage(next);
        // A new vnode for the same app: Preact re-renders every component, keeping their state.
        if (mounted) render(cloneElement(app), root);
      });
    });
    return recoverDrafts(async (key, value) => {
      const [postId, field] = key.split(':');
      if (postId && /^\d+$/.test(postId) && (field === 'lesson' || field === 'note')) {
        await updateAnnotation(getDb(), postId, { [field]: value });
        return true;
      }
      if (postId === 'guide' && field !== undefined) {
        // Loaded only when a Guide page left a draft: every page starts with this module.
        const { saveGuideText } = await import('@/utils/store/guide');
        await saveGuideText(getDb(), field === '' ? null : field, value);
        return true;
      }
      return false; // options and theme names: their own field saves the draft when the page shows it
    }).finally(() => {
      render(app, root);
      mounted = true;
    });
  });
}

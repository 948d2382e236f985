import { render, type VNode } from 'preact';
import { setUpLanguage } from '@/utils/i18n/language';
import { getDb } from '@/utils/store/db';
import { updateAnnotation } from '@/utils/store/annotations';
import { recoverDrafts } from './use-autosaved-text';
import './pages.css';

/**
 * Starts an extension page: its language (the browser's, or the one chosen in options) and title,
 * then any text a closed page had not yet saved (annotation drafts), then the app. The title is a
 * function so that it is read in the page's language.
 */
export function mountPage(title: () => string, app: VNode) {
  void setUpLanguage().then((lang) => {
    document.documentElement.lang = lang;
    document.title = title();
    return recoverDrafts(async (key, value) => {
      const [postId, field] = key.split(':');
      if (postId && /^\d+$/.test(postId) && (field === 'lesson' || field === 'note')) {
        await updateAnnotation(getDb(), postId, { [field]: value });
      }
    }).finally(() => render(app, document.getElementById('app')!));
  });
}

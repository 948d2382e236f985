import { render, type VNode } from 'preact';
import { uiLocale } from '@/utils/format';
import { getDb } from '@/utils/store/db';
import { updateAnnotation } from '@/utils/store/annotations';
import { recoverDrafts } from './use-autosaved-text';
import './pages.css';

/**
 * Starts an extension page: its language and title, then any text a closed page had not yet saved
 * (annotation drafts), then the app.
 */
export function mountPage(title: string, app: VNode) {
  document.documentElement.lang = uiLocale();
  document.title = title;
  void recoverDrafts(async (key, value) => {
    const [postId, field] = key.split(':');
    if (postId && /^\d+$/.test(postId) && (field === 'lesson' || field === 'note')) {
      await updateAnnotation(getDb(), postId, { [field]: value });
      return true;
    }
    return false; // options and theme names: their own field saves the draft when the page shows it
  }).finally(() => render(app, document.getElementById('app')!));
}

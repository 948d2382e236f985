/**
 * One small notice at the foot of the window, like X's own ("Added to your Bookmarks"): fixed in
 * place so it never moves X's content, and a polite live region so screen readers hear it too.
 */
const TOAST_ID = 'lga-toast';

export function showToast(doc: Document, text: string, ms = 4000, lang?: string): void {
  let toast = doc.getElementById(TOAST_ID);
  if (!toast) {
    toast = doc.createElement('div');
    toast.id = TOAST_ID;
    toast.setAttribute('role', 'status');
    toast.setAttribute('data-lga-host', '');
    doc.body.appendChild(toast);
  }
  toast.textContent = text;
  if (lang) toast.lang = lang;
  toast.classList.add('lga-toast-shown');
  const stamp = String(Date.now());
  toast.dataset.stamp = stamp;
  setTimeout(() => {
    if (toast.dataset.stamp === stamp) toast.classList.remove('lga-toast-shown');
  }, ms);
}

/**
 * The "Send to LGA guide" button that sits in a post's action bar: plain DOM, no framework, built once
 * per post and updated in place. Its look is in entrypoints/x.content/style.css.
 */

export const HOST_ATTR = 'data-lga-host';
export const POST_ATTR = 'data-lga-post';

/** Every state a post's button can show. 'unknown' keeps it invisible (but in place) until the background answers. */
export type ButtonState = 'unknown' | 'unsaved' | 'saved' | 'saving' | 'removing';
export type ButtonError = 'storageFull' | 'unreadable' | 'unreachable' | 'generic';

export interface ButtonView {
  state: ButtonState;
  error?: ButtonError;
  /** Show the inline Undo after a removal. */
  undo?: boolean;
}

export interface ButtonLabels {
  send: string;
  saved: string;
  savedShort: string;
  saving: string;
  removing: string;
  tooltipSend: string;
  tooltipSaved: string;
  undo: string;
  undoLabel: string;
  errors: Record<ButtonError, string>;
  /** The language of these labels (BCP 47), so screen readers speak them right on X's page. */
  lang?: string;
}

/** One built host per document, cloned for each post: a clone is one call, building is a dozen. */
const prototypes = new WeakMap<Document, { host: HTMLElement; labels?: ButtonLabels; shown?: Shown }>();

/**
 * Builds the button's host element for a post. Given the labels, the clone already shows the
 * 'unknown' view in them (the prototype is rendered once per set of labels), so the post's first
 * render finds nothing to change.
 */
export function createButtonHost(doc: Document, postId: string, labels?: ButtonLabels): HTMLElement {
  let prototype = prototypes.get(doc);
  if (!prototype) prototypes.set(doc, (prototype = { host: buildHost(doc) }));
  if (labels && prototype.labels !== labels) {
    renderButton(prototype.host, { state: 'unknown' }, labels);
    prototype.labels = labels;
    prototype.shown = shown.get(prototype.host);
  }
  const host = prototype.host.cloneNode(true) as HTMLElement;
  host.setAttribute(POST_ATTR, postId);
  // The prototype shows just this (what is shown is only read, never changed: every host may share it).
  if (labels) shown.set(host, prototype.shown!);
  return host;
}

function buildHost(doc: Document): HTMLElement {
  const host = doc.createElement('div');
  host.setAttribute(HOST_ATTR, '');
  host.className = 'lga-host';

  const button = doc.createElement('button');
  button.type = 'button';
  button.className = 'lga-btn';
  // The icon: an empty box that style.css paints in the text's colour through a mask, one per
  // state (aria-pressed), so a host's clone copies no SVG and a render never redraws it.
  const icon = doc.createElement('span');
  icon.className = 'lga-icon';
  icon.setAttribute('aria-hidden', 'true');
  const label = doc.createElement('span');
  label.className = 'lga-label';
  button.append(icon, label);

  host.append(button);
  return host;
}

/**
 * The Undo and the message, hidden, put after the button: made only when first needed (few posts are
 * ever removed or fail), so every other host is cloned, styled and laid out without them.
 */
function addUndoAndMessage(host: Element): HTMLButtonElement {
  const doc = host.ownerDocument;
  const undo = doc.createElement('button');
  undo.type = 'button';
  undo.className = 'lga-undo';
  undo.hidden = true;

  const message = doc.createElement('span');
  message.className = 'lga-msg';
  message.hidden = true;

  host.append(undo, message);
  return undo;
}

/**
 * The host's parts, by their places in it (buildHost: button, then Undo and message once made; the
 * button: icon, label). The Undo and the message are made here when the host has none yet.
 */
export function hostParts(host: Element) {
  const button = host.firstElementChild as HTMLButtonElement;
  const undo = (button.nextElementSibling as HTMLButtonElement | null) ?? addUndoAndMessage(host);
  return {
    button,
    undo,
    message: undo.nextElementSibling as HTMLElement,
  };
}

/** The host's Undo, or null when it has none yet (a click's test: a host without one needs none). */
export function undoOf(host: Element): HTMLButtonElement | null {
  return host.firstElementChild!.nextElementSibling as HTMLButtonElement | null;
}

/** What a host shows: the values renderButton writes for a view in a set of labels. */
interface Shown {
  state: ButtonState;
  lang: string | null;
  pressed: string;
  name: string;
  tooltip: string;
  busy: string | null;
  short: string;
  /** The Undo's text when it shows, else null. */
  undo: string | null;
  undoLabel: string;
  message: string;
}
const SHOWN_KEYS = ['state', 'lang', 'pressed', 'name', 'tooltip', 'busy', 'short', 'undo', 'undoLabel', 'message'] as const;

function shownFor(view: ButtonView, labels: ButtonLabels): Shown {
  const saved = view.state === 'saved' || view.state === 'removing';
  const busy = view.state === 'saving' || view.state === 'removing';
  const name = view.state === 'saving' ? labels.saving : view.state === 'removing' ? labels.removing : saved ? labels.saved : labels.send;
  const errorText = view.error ? labels.errors[view.error] : '';
  return {
    state: view.state,
    lang: labels.lang ?? null,
    pressed: String(saved),
    name: errorText ? `${name}. ${errorText}` : name,
    tooltip: errorText || (saved ? labels.tooltipSaved : labels.tooltipSend),
    busy: busy ? 'true' : null,
    short: saved ? labels.savedShort : '',
    undo: view.undo ? labels.undo : null,
    undoLabel: labels.undoLabel,
    message: errorText,
  };
}

/** What each host shows now (renderButton's last values), so that showing it again costs nothing. */
const shown = new WeakMap<Element, Shown>();

/**
 * Shows a view on a host, touching only what changed (so no needless mutations on X's page): what
 * the host showed last is remembered, so only the values that differ from it are looked at.
 */
export function renderButton(host: HTMLElement, view: ButtonView, labels: ButtonLabels): void {
  const next = shownFor(view, labels);
  const last = shown.get(host);
  // Whether anything differs, and anything inside the host (most renders, a saved-state answer's,
  // change its state alone: its parts are then not looked at).
  let any = last === undefined;
  let inside = any;
  if (last) {
    for (const key of SHOWN_KEYS) {
      if (last[key] === next[key]) continue;
      any = true;
      if (key !== 'state' && key !== 'lang') inside = true;
    }
  }
  if (!any) return;
  shown.set(host, next);
  const changed = (key: (typeof SHOWN_KEYS)[number]) => last === undefined || last[key] !== next[key];
  if (changed('state')) setAttr(host, 'data-state', next.state);
  if (changed('lang')) setAttr(host, 'lang', next.lang);
  if (!inside) return;
  const button = host.firstElementChild as HTMLButtonElement;
  if (changed('pressed')) setAttr(button, 'aria-pressed', next.pressed);
  if (changed('name')) setAttr(button, 'aria-label', next.name);
  if (changed('tooltip')) setAttr(button, 'data-tooltip', next.tooltip);
  if (changed('busy')) setAttr(button, 'aria-busy', next.busy);
  if (changed('short')) {
    const label = button.lastElementChild!;
    if (label.textContent !== next.short) label.textContent = next.short;
  }
  // The Undo and the message, made only when one of them is first shown. Until then the host shows
  // neither, as made ones would (hidden and empty), so a value that changed is still one to write.
  let undo = undoOf(host);
  if (!undo) {
    if (next.undo === null && !next.message) return;
    undo = addUndoAndMessage(host);
  }
  if (changed('undo') || changed('undoLabel')) {
    const showUndo = next.undo !== null;
    if (undo.hidden === showUndo) undo.hidden = !showUndo;
    if (showUndo) {
      if (undo.textContent !== next.undo) undo.textContent = next.undo;
      setAttr(undo, 'aria-label', next.undoLabel);
    }
  }
  if (changed('message')) {
    const message = undo.nextElementSibling as HTMLElement;
    if (message.hidden === Boolean(next.message)) message.hidden = !next.message;
    if (message.textContent !== next.message) message.textContent = next.message;
  }
}

function setAttr(el: Element, name: string, value: string | null): void {
  if (value === null) {
    if (el.hasAttribute(name)) el.removeAttribute(name);
  } else if (el.getAttribute(name) !== value) {
    el.setAttribute(name, value);
  }
}

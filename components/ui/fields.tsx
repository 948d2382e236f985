import type { ComponentChildren, Ref } from 'preact';
import { useId } from 'preact/hooks';

/**
 * Form fields in the GOV.UK pattern: label above the input, an optional hint, an error message that
 * says what went wrong and how to fix it (and never clears what was typed).
 */

interface Common {
  label: string;
  hint?: string;
  error?: string;
  class?: string;
}

function Described({ id, hint, error }: { id: string; hint?: string; error?: string }) {
  return (
    <>
      {hint && (
        <div id={`${id}-hint`} class="hint">
          {hint}
        </div>
      )}
      {error && (
        <p id={`${id}-error`} class="error-message">
          {error}
        </p>
      )}
    </>
  );
}

function describedBy(id: string, hint?: string, error?: string) {
  return [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
}

export function TextField(
  props: Common & {
    value: string;
    onInput(value: string): void;
    type?: 'text' | 'search' | 'date' | 'password' | 'url';
    /** 'numeric' for a whole number (GOV.UK: a text input, not type=number). */
    inputMode?: 'numeric';
    multiline?: boolean;
    inputRef?: Ref<HTMLInputElement>;
    autocomplete?: string;
    onBlur?(): void;
  },
) {
  const id = useId();
  const { label, hint, error, value, onInput, multiline, type = 'text' } = props;
  return (
    <div class={`field${error ? ' field-error' : ''}${props.class ? ` ${props.class}` : ''}`}>
      <label class="label" for={id}>
        {label}
      </label>
      <Described id={id} hint={hint} error={error} />
      {multiline ? (
        <textarea
          id={id}
          class="input"
          rows={2}
          value={value}
          aria-describedby={describedBy(id, hint, error)}
          aria-invalid={error ? true : undefined}
          onInput={(e) => onInput(e.currentTarget.value)}
          onBlur={props.onBlur}
        />
      ) : (
        <input
          id={id}
          ref={props.inputRef}
          class="input"
          type={type}
          inputMode={props.inputMode}
          pattern={props.inputMode === 'numeric' ? '[0-9]*' : undefined}
          value={value}
          autocomplete={props.autocomplete ?? 'off'}
          aria-describedby={describedBy(id, hint, error)}
          aria-invalid={error ? true : undefined}
          onInput={(e) => onInput(e.currentTarget.value)}
          onBlur={props.onBlur}
        />
      )}
    </div>
  );
}

export interface Option<T extends string> {
  value: T;
  label: string;
  /** The label's language when it is not the page's (a language's own name: "Cymraeg"). */
  lang?: string;
}

/** Radios in a fieldset whose legend names the group (role radiogroup). */
export function RadioGroup<T extends string>(props: {
  legend: string;
  name: string;
  options: ReadonlyArray<Option<T>>;
  value: T | null;
  onChange(value: T): void;
  inline?: boolean;
}) {
  const id = useId();
  return (
    <fieldset class="fieldset" role="radiogroup">
      <legend class="legend">{props.legend}</legend>
      <div class={`radios${props.inline ? ' inline' : ''}`}>
        {props.options.map((o) => (
          <div class={`radio radio-${o.value}`} key={o.value}>
            <input id={`${id}-${o.value}`} type="radio" name={props.name} value={o.value} checked={props.value === o.value} onChange={() => props.onChange(o.value)} />
            <label for={`${id}-${o.value}`}>{o.label}</label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

/** Checkboxes in a fieldset whose legend names the group. */
/** One checkbox, its hint below the label. */
export function Checkbox(props: { label: string; hint?: string; checked: boolean; onChange(checked: boolean): void }) {
  const id = useId();
  return (
    <div class="checkbox single">
      <input id={id} type="checkbox" checked={props.checked} aria-describedby={props.hint ? `${id}-hint` : undefined} onChange={(e) => props.onChange(e.currentTarget.checked)} />
      <label for={id}>{props.label}</label>
      {props.hint && (
        <div id={`${id}-hint`} class="hint">
          {props.hint}
        </div>
      )}
    </div>
  );
}

export function CheckboxGroup(props: { legend: string; hint?: string; options: ReadonlyArray<Option<string>>; values: readonly string[]; onChange(values: string[]): void }) {
  const id = useId();
  const chosen = new Set(props.values);
  return (
    <fieldset class="fieldset" aria-describedby={props.hint ? `${id}-hint` : undefined}>
      <legend class="legend">{props.legend}</legend>
      {props.hint && (
        <div id={`${id}-hint`} class="hint">
          {props.hint}
        </div>
      )}
      <div class="checkboxes">
        {props.options.map((o, i) => (
          <div class="checkbox" key={o.value}>
            <input
              id={`${id}-${i}`}
              type="checkbox"
              value={o.value}
              checked={chosen.has(o.value)}
              onChange={(e) => props.onChange(e.currentTarget.checked ? [...props.values, o.value] : props.values.filter((v) => v !== o.value))}
            />
            <label for={`${id}-${i}`}>{o.label}</label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

export function SelectField<T extends string>(props: Common & { options: ReadonlyArray<Option<T>>; value: T; onChange(value: T): void }) {
  const id = useId();
  return (
    <div class={`field${props.class ? ` ${props.class}` : ''}`}>
      <label class="label" for={id}>
        {props.label}
      </label>
      <Described id={id} hint={props.hint} error={props.error} />
      <select id={id} class="select" value={props.value} aria-describedby={describedBy(id, props.hint, props.error)} onChange={(e) => props.onChange(e.currentTarget.value as T)}>
        {props.options.map((o) => (
          <option key={o.value} value={o.value} lang={o.lang}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A tag shows a status. It is never a button. */
export function Tag(props: { tone: string; children: ComponentChildren }) {
  return <strong class={`tag tag-${props.tone}`}>{props.children}</strong>;
}

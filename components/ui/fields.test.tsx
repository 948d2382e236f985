import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { CheckboxGroup, RadioGroup, SelectField, Tag, TextField } from './fields';

afterEach(cleanup);

/** The element ids an aria-describedby points at, resolved to their text. */
function descriptions(el: Element): string[] {
  const ids = el.getAttribute('aria-describedby')?.split(/\s+/).filter(Boolean) ?? [];
  return ids.map((id) => document.getElementById(id)?.textContent ?? `(missing #${id})`);
}

/** True when `a` comes before `b` in the document. */
function before(a: Node, b: Node) {
  return Boolean(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING);
}

describe('TextField', () => {
  it('has its label above the input, and links hint and error to it', () => {
    render(<TextField label="Tracked hashtags" hint="Separate them with spaces" error="Enter at least one hashtag" value="lga digital!" onInput={() => undefined} />);
    const box = screen.getByRole('textbox', { name: 'Tracked hashtags' });
    const label = screen.getByText('Tracked hashtags');
    expect(label.tagName).toBe('LABEL');
    expect(before(label, box)).toBe(true);
    expect(before(screen.getByText('Separate them with spaces'), box)).toBe(true);
    expect(descriptions(box)).toEqual(['Separate them with spaces', 'Enter at least one hashtag']);
    expect(box.getAttribute('aria-invalid')).toBe('true');
    // What was typed stays in the box beside the error.
    expect((box as HTMLInputElement).value).toBe('lga digital!');
  });

  it('without hint or error, describes nothing and is not marked invalid', () => {
    render(<TextField label="Lesson" value="" onInput={() => undefined} />);
    const box = screen.getByRole('textbox', { name: 'Lesson' });
    expect(box.hasAttribute('aria-describedby')).toBe(false);
    expect(box.hasAttribute('aria-invalid')).toBe(false);
  });

  it('reports each keystroke, as a single-line box or a multi-line one', () => {
    const onInput = vi.fn();
    render(
      <>
        <TextField label="Lesson" value="" onInput={onInput} />
        <TextField label="Note" value="" onInput={onInput} multiline />
      </>,
    );
    fireEvent.input(screen.getByRole('textbox', { name: 'Lesson' }), { target: { value: 'Say it first' } });
    const note = screen.getByRole('textbox', { name: 'Note' });
    expect(note.tagName).toBe('TEXTAREA');
    fireEvent.input(note, { target: { value: 'Ask highways' } });
    expect(onInput.mock.calls).toEqual([['Say it first'], ['Ask highways']]);
  });

  it('a search field is a searchbox with its name', () => {
    render(<TextField type="search" label="Search clippings" hint="from:handle" value="" onInput={() => undefined} />);
    const box = screen.getByRole('searchbox', { name: 'Search clippings' });
    expect(box.getAttribute('type')).toBe('search');
    expect(descriptions(box)).toEqual(['from:handle']);
  });

  it('two fields with the same label get distinct ids', () => {
    render(
      <>
        <TextField label="Lesson" value="" onInput={() => undefined} />
        <TextField label="Lesson" value="" onInput={() => undefined} />
      </>,
    );
    const [a, b] = screen.getAllByRole('textbox', { name: 'Lesson' });
    expect(a!.id).not.toBe(b!.id);
  });
});

function Verdict({ onChange }: { onChange?(v: string): void }) {
  const [value, setValue] = useState<'do' | 'dont' | 'undecided'>('undecided');
  return (
    <RadioGroup
      legend="Verdict"
      name="verdict-1"
      options={[
        { value: 'do', label: 'Do' },
        { value: 'dont', label: "Don't" },
        { value: 'undecided', label: 'Undecided' },
      ]}
      value={value}
      onChange={(v) => {
        setValue(v);
        onChange?.(v);
      }}
    />
  );
}

describe('RadioGroup', () => {
  it('is a radio group named by its legend, with one radio per option and the value checked', () => {
    render(<Verdict />);
    const group = screen.getByRole('radiogroup', { name: 'Verdict' });
    const radios = within(group).getAllByRole('radio');
    expect(radios.map((r) => r.getAttribute('aria-label') ?? (r as HTMLInputElement).labels?.[0]?.textContent)).toEqual(['Do', "Don't", 'Undecided']);
    expect((within(group).getByRole('radio', { name: 'Undecided' }) as HTMLInputElement).checked).toBe(true);
    // One name for the group, so the browser moves between them with the arrow keys and Tab enters once.
    expect(new Set(radios.map((r) => (r as HTMLInputElement).name))).toEqual(new Set(['verdict-1']));
    // Each is a native radio in the tab order, never taken out of it.
    for (const r of radios) expect(r.getAttribute('tabindex')).toBeNull();
  });

  it('choosing by label (mouse) or by Space on the focused radio (keyboard) reports the value', () => {
    const onChange = vi.fn();
    render(<Verdict onChange={onChange} />);
    fireEvent.click(screen.getByText('Do'));
    expect((screen.getByRole('radio', { name: 'Do' }) as HTMLInputElement).checked).toBe(true);
    const dont = screen.getByRole('radio', { name: "Don't" });
    dont.focus();
    expect(document.activeElement).toBe(dont);
    fireEvent.click(dont); // what Space on a focused radio does
    expect(onChange.mock.calls).toEqual([['do'], ['dont']]);
    expect((screen.getByRole('radio', { name: 'Do' }) as HTMLInputElement).checked).toBe(false);
  });

  it('with no value, no radio is checked', () => {
    render(<RadioGroup legend="Kind" name="kind-1" options={[{ value: 'tip', label: 'Tip about practice' }]} value={null} onChange={() => undefined} />);
    expect((screen.getByRole('radio', { name: 'Tip about practice' }) as HTMLInputElement).checked).toBe(false);
  });
});

describe('CheckboxGroup', () => {
  function Themes({ onChange }: { onChange(v: string[]): void }) {
    const [values, setValues] = useState<string[]>(['tone']);
    return (
      <CheckboxGroup
        legend="Themes"
        hint="Select all that apply"
        options={[
          { value: 'tone', label: 'Tone of voice and being human' },
          { value: 'legal', label: 'Legal and risk' },
        ]}
        values={values}
        onChange={(v) => {
          setValues(v);
          onChange(v);
        }}
      />
    );
  }

  it('is a group named by its legend and described by its hint, with a checkbox per option', () => {
    render(<Themes onChange={() => undefined} />);
    const group = screen.getByRole('group', { name: 'Themes' });
    expect(descriptions(group)).toEqual(['Select all that apply']);
    expect(within(group).getAllByRole('checkbox').map((c) => (c as HTMLInputElement).checked)).toEqual([true, false]);
  });

  it('ticks and unticks by label and by keyboard, keeping the others', () => {
    const onChange = vi.fn();
    render(<Themes onChange={onChange} />);
    fireEvent.click(screen.getByText('Legal and risk'));
    const tone = screen.getByRole('checkbox', { name: 'Tone of voice and being human' });
    tone.focus();
    fireEvent.click(tone); // Space on a focused checkbox
    expect(onChange.mock.calls).toEqual([[['tone', 'legal']], [['legal']]]);
    expect((screen.getByRole('checkbox', { name: 'Legal and risk' }) as HTMLInputElement).checked).toBe(true);
    expect((tone as HTMLInputElement).checked).toBe(false);
  });
});

describe('SelectField', () => {
  it('is a combobox named by the label above it, described by its hint, and reports the choice', () => {
    const onChange = vi.fn();
    render(
      <SelectField
        label="Permission"
        hint="Permission to reproduce the post in the guide"
        options={[
          { value: 'notAsked', label: 'Not asked' },
          { value: 'granted', label: 'Granted' },
        ]}
        value="notAsked"
        onChange={onChange}
      />,
    );
    const select = screen.getByRole('combobox', { name: 'Permission' }) as HTMLSelectElement;
    expect(before(screen.getByText('Permission'), select)).toBe(true);
    expect(descriptions(select)).toEqual(['Permission to reproduce the post in the guide']);
    expect(select.value).toBe('notAsked');
    fireEvent.change(select, { target: { value: 'granted' } });
    expect(onChange).toHaveBeenCalledWith('granted');
  });

  it('links an error to the select', () => {
    render(<SelectField label="Author type" error="Choose who wrote the post" options={[{ value: 'notSet', label: 'Not set' }]} value="notSet" onChange={() => undefined} />);
    expect(descriptions(screen.getByRole('combobox', { name: 'Author type' }))).toEqual(['Choose who wrote the post']);
  });
});

describe('Tag', () => {
  it('shows a status as text, never as a button', () => {
    render(<Tag tone="do">Do</Tag>);
    expect(screen.getByText('Do').tagName).toBe('STRONG');
    expect(screen.queryByRole('button')).toBeNull();
  });
});

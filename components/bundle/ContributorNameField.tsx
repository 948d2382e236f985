import { i18n } from '#i18n';
import { TextField } from '../ui/fields';

/**
 * "Your name", asked for by an export when Options has none: editors see it beside the verdicts.
 * The error says how to fix it and goes as soon as a name is typed; what was typed is kept.
 */
export function ContributorNameField(props: { value: string; error: boolean; onInput(value: string): void; onFixed(): void }) {
  return (
    <TextField
      label={i18n.t('exportDialog.yourName')}
      hint={i18n.t('exportDialog.yourNameHint')}
      value={props.value}
      autocomplete="name"
      error={props.error ? i18n.t('exportDialog.yourNameError') : undefined}
      onInput={(value) => {
        props.onInput(value);
        if (value.trim()) props.onFixed();
      }}
    />
  );
}

// A typed form for settings (a plugin's, or the global ones): string, boolean, integer, float,
// choice and model (a picker of parts, categories, locations, stock items or users). Protected
// values arrive masked and are only sent when typed anew. Saving sends each changed value; the
// server's refusal (BAD_USER_INPUT naming the setting) is shown at that field.
import { useEffect, useRef, useState } from 'preact/hooks';
import { gql } from '../api.js';
import { Alert, Field, type FieldProps, Status, errorText, formErrors } from '../ui.js';

export interface SettingRow {
  key: string;
  name: string;
  description: string | null;
  type: string;
  value: string | null;
  isSet: boolean;
  defaultValue: string | null;
  choices: { value: string; label: string }[];
  model: string | null;
  required: boolean;
  protected: boolean;
}

export const SETTING_FIELDS =
  'key name description type value isSet defaultValue choices { value label } model required protected';

const MODEL_QUERIES: Record<string, string> = {
  part: '{ rows: parts(limit: 500) { items { id label: name } } }',
  partcategory: '{ rows: partCategories(limit: 500) { items { id label: path } } }',
  stocklocation: '{ rows: stockLocations(limit: 500) { items { id label: path } } }',
  stockitem: '{ rows: stockItems(limit: 500) { items { id label: serial part { name } } } }',
  user: '{ users { id label: username } }',
};

function useModelOptions(model: string | null): { value: string; label: string }[] {
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  useEffect(() => {
    if (!model || !MODEL_QUERIES[model]) return;
    gql<{
      rows?: { items: { id: string; label: string | null; part?: { name: string } }[] };
      users?: { id: string; label: string }[];
    }>(MODEL_QUERIES[model]).then(
      (d) =>
        setOptions(
          (d.rows?.items ?? d.users ?? []).map((r) => ({
            value: r.id,
            label:
              'part' in r && r.part ? `#${r.id} ${r.part.name}${r.label ? ` (${r.label})` : ''}` : `${r.label ?? r.id}`,
          })),
        ),
      () => setOptions([]),
    );
  }, [model]);
  return options;
}

function SettingField({
  s,
  value,
  error,
  onChange,
}: {
  s: SettingRow;
  value: string;
  error?: string;
  onChange: (v: string) => void;
}) {
  const options = useModelOptions(s.type === 'model' ? s.model : null);
  const hint = [
    s.description,
    s.required ? 'Required.' : '',
    s.defaultValue != null && !s.protected ? `Default: ${s.defaultValue}` : '',
  ]
    .filter(Boolean)
    .join(' — ');
  const label = `${s.name}${s.required ? ' *' : ''}`;
  const text = (e: Event) => onChange((e.target as HTMLInputElement).value);
  const none = { value: '', label: '(none)' };
  // One Field; what differs by type is its control (and a protected value's hint).
  let control: Pick<FieldProps, 'input' | 'select'>;
  let shownHint = hint;
  switch (s.type) {
    case 'boolean':
      control = {
        input: {
          type: 'checkbox',
          name: s.key,
          checked: value === 'true',
          onChange: (e) => onChange((e.target as HTMLInputElement).checked ? 'true' : 'false'),
        },
      };
      break;
    case 'integer':
    case 'float':
      control = {
        input: {
          type: 'text',
          inputMode: s.type === 'integer' ? 'numeric' : 'decimal',
          name: s.key,
          value,
          onInput: text,
        },
      };
      break;
    case 'choice':
      control = { select: { value, onChange, options: [none, ...s.choices] } };
      break;
    case 'model':
      control = {
        select: {
          value,
          onChange,
          options: [
            none,
            ...options,
            ...(value && !options.some((o) => o.value === value) ? [{ value, label: `#${value}` }] : []),
          ],
        },
      };
      break;
    default:
      if (s.protected) shownHint = `${hint} Protected: the stored value is not shown; type a new one to replace it.`;
      control = {
        input: {
          type: s.protected ? 'password' : 'text',
          name: s.key,
          autoComplete: s.protected ? 'new-password' : 'off',
          placeholder: s.protected && s.isSet ? '(unchanged)' : undefined,
          value,
          onInput: text,
        },
      };
  }
  return <Field label={label} hint={shownHint} error={error} {...control} />;
}

function initial(s: SettingRow): string {
  if (s.protected) return '';
  return s.value ?? '';
}

/** `save(key, value)` stores one value; errors from it are shown at that key's field. */
export function SettingsForm({
  settings,
  save,
  label,
  onSaved,
}: {
  settings: SettingRow[];
  save: (key: string, value: string | null) => Promise<unknown>;
  label: string;
  onSaved?: () => void;
}) {
  const [values, setValues] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState('');
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);

  const errorsRef = useRef(errors);
  errorsRef.current = errors;
  // New values from the server replace the form's, except where a value was refused: the person
  // keeps what they typed next to the error, to correct it.
  useEffect(() => {
    setValues((prev) =>
      Object.fromEntries(
        settings.map((s) => [s.key, errorsRef.current[s.key] !== undefined ? (prev[s.key] ?? initial(s)) : initial(s)]),
      ),
    );
  }, [settings]);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setStatus('');
    setMessage('');
    const nextErrors: Record<string, string> = {};
    let saved = 0;
    for (const s of settings) {
      const v = values[s.key] ?? '';
      if (v === initial(s)) continue;
      try {
        await save(s.key, v === '' && !s.protected ? null : v);
        saved++;
      } catch (err) {
        const f = formErrors(err);
        nextErrors[s.key] = Object.values(f.fields)[0] ?? f.message ?? errorText(err);
      }
    }
    setErrors(nextErrors);
    setBusy(false);
    const failed = Object.keys(nextErrors).length;
    if (failed) setMessage(`${failed} setting(s) were refused; see the highlighted fields.`);
    setStatus(saved ? `Saved ${saved} setting(s).` : failed ? '' : 'Nothing changed.');
    if (saved) onSaved?.();
  }

  if (!settings.length) return <p class="muted">No settings.</p>;
  return (
    <form class="settings" onSubmit={submit} aria-label={label} aria-busy={busy} noValidate>
      {settings.map((s) => (
        <SettingField
          key={s.key}
          s={s}
          value={values[s.key] ?? ''}
          error={errors[s.key]}
          onChange={(v) => setValues((all) => ({ ...all, [s.key]: v }))}
        />
      ))}
      <Alert>{message}</Alert>
      {status && <Status>{status}</Status>}
      <button type="submit" class="primary" disabled={busy}>
        {busy ? 'Saving…' : 'Save settings'}
      </button>
    </form>
  );
}

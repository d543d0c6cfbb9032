// Create/edit forms for inventory objects from a list of field specs; the server's validation
// errors (BAD_USER_INPUT naming the input field) appear at that field, others above the button.
import { useState } from 'preact/hooks';
import { Alert, Field, formErrors } from './ui.js';

export interface FieldSpec {
  name: string;
  label: string;
  kind?: 'text' | 'number' | 'checkbox' | 'select';
  required?: boolean;
  hint?: string;
  options?: { value: string; label: string }[];
}

export type FormValues = Record<string, string | boolean>;

export function EntityForm(props: {
  title: string;
  fields: FieldSpec[];
  initial: FormValues;
  submitLabel: string;
  submit: (values: FormValues) => Promise<void>;
  onCancel?: () => void;
}) {
  const [values, setValues] = useState<FormValues>(props.initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const set = (name: string, v: string | boolean) => setValues((all) => ({ ...all, [name]: v }));

  async function onSubmit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    setMessage('');
    try {
      await props.submit(values);
    } catch (err) {
      const f = formErrors(err);
      setErrors(f.fields);
      setMessage(f.message || 'Please correct the highlighted fields.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="entity" onSubmit={onSubmit} aria-label={props.title} aria-busy={busy} noValidate>
      <h2>{props.title}</h2>
      {props.fields.map((f) =>
        f.kind === 'select' ? (
          <Field
            key={f.name}
            label={f.label}
            hint={f.hint}
            error={errors[f.name]}
            select={{ value: String(values[f.name] ?? ''), onChange: (v) => set(f.name, v), options: f.options ?? [] }}
          />
        ) : f.kind === 'checkbox' ? (
          <Field
            key={f.name}
            label={f.label}
            hint={f.hint}
            error={errors[f.name]}
            input={{
              type: 'checkbox',
              name: f.name,
              checked: !!values[f.name],
              onChange: (e) => set(f.name, (e.target as HTMLInputElement).checked),
            }}
          />
        ) : (
          <Field
            key={f.name}
            label={`${f.label}${f.required ? ' *' : ''}`}
            hint={f.hint}
            error={errors[f.name]}
            input={{
              name: f.name,
              type: 'text',
              inputMode: f.kind === 'number' ? 'decimal' : undefined,
              required: f.required,
              value: String(values[f.name] ?? ''),
              onInput: (e) => set(f.name, (e.target as HTMLInputElement).value),
            }}
          />
        ),
      )}
      <Alert>{message}</Alert>
      <div class="actions">
        {props.onCancel && (
          <button type="button" onClick={props.onCancel}>
            Cancel
          </button>
        )}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Saving…' : props.submitLabel}
        </button>
      </div>
    </form>
  );
}

/** Form text → GraphQL input: blank optional text becomes null (or is left out when `omitBlank`). */
export function toInput(values: FormValues, numbers: string[] = [], omitBlank = false): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    if (typeof v === 'boolean') out[k] = v;
    else if (v.trim() === '') {
      if (!omitBlank) out[k] = null;
    } else out[k] = numbers.includes(k) ? Number(v) : v;
  }
  return out;
}

// Shared building blocks: links that route without reload, a query hook, labelled form fields
// with their error, status/alert lines, a progress line and a confirmation dialog (native <dialog>:
// focus trapped, Escape cancels). Must stay true: every input has a label; errors are tied to
// their input with aria-describedby and aria-invalid.
import type { ComponentChildren, JSX } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { GqlError, gql } from './api.js';
import { navigate } from './router.js';

export function Link(props: { href: string; children: ComponentChildren; class?: string; 'aria-current'?: 'page' }) {
  const onClick = (e: MouseEvent) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(props.href);
  };
  return (
    <a href={props.href} class={props.class} onClick={onClick} aria-current={props['aria-current']}>
      {props.children}
    </a>
  );
}

export interface QueryState<T> {
  data: T | null;
  error: string;
  loading: boolean;
  reload: () => void;
}

/** Runs a query now and whenever a dependency changes; keeps the last data while reloading. */
export function useQuery<T>(query: string, variables: Record<string, unknown>, deps: unknown[]): QueryState<T> {
  const [state, setState] = useState<{ data: T | null; error: string; loading: boolean }>({
    data: null,
    error: '',
    loading: true,
  });
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller lists what the query depends on
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    gql<T>(query, variables).then(
      (data) => live && setState({ data, error: '', loading: false }),
      (e: unknown) => live && setState((s) => ({ ...s, error: errorText(e), loading: false })),
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  return { ...state, reload };
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function Alert({ children }: { children: ComponentChildren }) {
  if (!children) return null;
  return (
    <p class="alert" role="alert">
      {children}
    </p>
  );
}

export function Status({ children }: { children: ComponentChildren }) {
  return (
    <p class="status" role="status">
      {children}
    </p>
  );
}

export function Busy({ label }: { label: string }) {
  return (
    <div class="busy" role="status">
      <progress aria-label={label} />
      <span>{label}</span>
    </div>
  );
}

export function QueryView<T>({ q, children }: { q: QueryState<T>; children: (data: T) => ComponentChildren }) {
  if (q.error && !q.data) return <Alert>{q.error}</Alert>;
  if (!q.data) return <Busy label="Loading…" />;
  return (
    <>
      {q.error && <Alert>{q.error}</Alert>}
      {children(q.data)}
    </>
  );
}

let fieldIds = 0;

type InputProps = JSX.InputHTMLAttributes<HTMLInputElement>;

export interface FieldProps {
  label: string;
  error?: string;
  hint?: string;
  children?: ComponentChildren;
  input?: InputProps;
  select?: { value: string; onChange: (v: string) => void; options: { value: string; label: string }[] };
}

/** A labelled input with its error and hint. */
export function Field(props: FieldProps) {
  const [id] = useState(() => `f${++fieldIds}`);
  const describedBy = [props.hint ? `${id}-hint` : '', props.error ? `${id}-err` : ''].filter(Boolean).join(' ');
  const aria = { id, 'aria-invalid': props.error ? true : undefined, 'aria-describedby': describedBy || undefined };
  const checkbox = props.input?.type === 'checkbox';
  return (
    <div class={`field${props.error ? ' invalid' : ''}${checkbox ? ' check' : ''}`}>
      <label for={id}>{props.label}</label>
      {props.input && <input {...props.input} {...aria} />}
      {props.select && (
        <select
          {...aria}
          value={props.select.value}
          onChange={(e) => props.select?.onChange((e.target as HTMLSelectElement).value)}
        >
          {props.select.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
      {props.hint && (
        <small id={`${id}-hint`} class="hint">
          {props.hint}
        </small>
      )}
      {props.error && (
        <small id={`${id}-err`} class="error">
          {props.error}
        </small>
      )}
    </div>
  );
}

/** A modal confirmation; resolves through onConfirm/onCancel. Focus starts on Cancel. */
export function ConfirmDialog(props: {
  title: string;
  confirmLabel: string;
  danger?: boolean;
  busy?: boolean;
  children: ComponentChildren;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    cancelRef.current?.focus();
    return () => d?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      aria-labelledby="confirm-title"
      onCancel={(e) => {
        e.preventDefault();
        props.onCancel();
      }}
    >
      <h2 id="confirm-title">{props.title}</h2>
      <div class="dialog-body">{props.children}</div>
      <div class="actions">
        <button type="button" ref={cancelRef} onClick={props.onCancel}>
          Cancel
        </button>
        <button
          type="button"
          class={props.danger ? 'danger' : 'primary'}
          onClick={props.onConfirm}
          disabled={props.busy}
          aria-busy={props.busy}
        >
          {props.confirmLabel}
        </button>
      </div>
      {props.busy && <Busy label="Working…" />}
    </dialog>
  );
}

/** Field errors and a general message from a failed mutation. */
export function formErrors(e: unknown): { fields: Record<string, string>; message: string } {
  if (e instanceof GqlError) {
    const fields = e.fields;
    return { fields, message: Object.keys(fields).length ? '' : e.message };
  }
  return { fields: {}, message: errorText(e) };
}

export function Pager(props: { offset: number; limit: number; total: number; onPage: (offset: number) => void }) {
  const { offset, limit, total } = props;
  const last = Math.min(offset + limit, total);
  return (
    <nav class="pager" aria-label="Pages">
      <button type="button" disabled={offset === 0} onClick={() => props.onPage(Math.max(0, offset - limit))}>
        Previous
      </button>
      <span aria-live="polite">{total === 0 ? 'No rows' : `${offset + 1}–${last} of ${total}`}</span>
      <button type="button" disabled={last >= total} onClick={() => props.onPage(offset + limit)}>
        Next
      </button>
    </nav>
  );
}

export function when(d: string | null | undefined): string {
  if (!d) return '';
  const t = new Date(d);
  return Number.isNaN(t.getTime()) ? d : t.toLocaleString();
}

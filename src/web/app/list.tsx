// What the list pages (parts, stock items, plugins, a plugin's history) share: filters kept in
// the URL (so they survive reload and the back button), select filters whose first option ('')
// means "no filter", and the table markup (caption, column headers; a pager below when paged).
// Must stay true: a filter change goes back to the first page; the markup (table-wrap, caption,
// th scope="col") is what the browser tests and screen readers rely on.
import type { ComponentChildren } from 'preact';
import { navigate, queryParams, route } from './router.js';
import { useStore } from './store.js';
import { Field, Pager } from './ui.js';

/** Rows per page of the paged lists. */
export const LIST_PAGE = 25;

export interface Choice {
  value: string;
  label: string;
}

/** The choices of an active/inactive filter ('' = all). */
export const ACTIVE_CHOICES: readonly Choice[] = [
  { value: 'true', label: 'Active' },
  { value: 'false', label: 'Inactive' },
];

/** Replaces the list's URL parameters ('' removes one); any change but the offset's resets the page. */
export function setListParams(changes: Record<string, string>): void {
  const p = queryParams();
  for (const [k, v] of Object.entries(changes)) {
    if (v) p.set(k, v);
    else p.delete(k);
  }
  if (!('offset' in changes)) p.delete('offset');
  const qs = p.toString();
  navigate(`${route.get().split('?')[0]}${qs ? `?${qs}` : ''}`, true);
}

/** The list's filters from the URL ('' when absent) and its page offset; re-renders when the URL changes. */
export function useListParams<K extends string>(keys: readonly K[]): Record<K, string> & { offset: number } {
  useStore(route);
  const p = queryParams();
  const values = Object.fromEntries(keys.map((k) => [k, p.get(k) ?? ''])) as Record<K, string>;
  return { ...values, offset: Number(p.get('offset') ?? 0) || 0 };
}

/** A select filter: '' (labelled `anyLabel`, default "All") first, then the choices. */
export function FilterSelect(props: {
  label: string;
  value: string;
  choices: readonly Choice[];
  onChange: (value: string) => void;
  anyLabel?: string;
}) {
  return (
    <Field
      label={props.label}
      select={{
        value: props.value,
        onChange: props.onChange,
        options: [{ value: '', label: props.anyLabel ?? 'All' }, ...props.choices],
      }}
    />
  );
}

/** A list's table: the caption (if any), one header per column, the rows (`<tr>`s) as children. */
export function ListTable(props: {
  caption?: string;
  columns: readonly string[];
  class?: string;
  children: ComponentChildren;
}) {
  return (
    <div class="table-wrap">
      <table class={props.class}>
        {props.caption !== undefined && <caption>{props.caption}</caption>}
        <thead>
          <tr>
            {props.columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}

/** A ListTable of one page of LIST_PAGE rows with the pager below; paging sets `offset` in the URL. */
export function PagedTable(props: {
  caption: string;
  columns: readonly string[];
  offset: number;
  total: number;
  children: ComponentChildren;
}) {
  return (
    <>
      <ListTable caption={props.caption} columns={props.columns}>
        {props.children}
      </ListTable>
      <Pager
        offset={props.offset}
        limit={LIST_PAGE}
        total={props.total}
        onPage={(o) => setListParams({ offset: String(o) })}
      />
    </>
  );
}

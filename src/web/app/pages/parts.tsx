// Parts: the list (search, category and active filters, paging; filters live in the URL) with a
// "new part" form, and a part's page with its stock, an edit form and the plugins' PART panels.
import { useState } from 'preact/hooks';
import { gql } from '../api.js';
import { EntityForm, type FieldSpec, toInput } from '../entity-form.js';
import { Panels } from '../plugin-ui.js';
import { ACTIVE_CHOICES, FilterSelect, LIST_PAGE, PagedTable, setListParams, useListParams } from '../list.js';
import { navigate } from '../router.js';
import { Field, Link, QueryView, useQuery } from '../ui.js';

interface PartRow {
  id: string;
  name: string;
  ipn: string | null;
  description: string;
  active: boolean;
  trackable: boolean;
  units: string;
  stockItemCount: number;
  category: { id: string; path: string } | null;
}

const PART_FIELDS = 'id name ipn description active trackable units stockItemCount category { id path }';

function useCategories() {
  return useQuery<{ partCategories: { items: { id: string; path: string }[] } }>(
    '{ partCategories(limit: 500) { items { id path } } }',
    {},
    [],
  );
}

function partFields(categories: { id: string; path: string }[]): FieldSpec[] {
  return [
    { name: 'name', label: 'Name', required: true },
    { name: 'ipn', label: 'IPN', hint: 'Internal part number; unique; blank = none.' },
    { name: 'description', label: 'Description' },
    {
      name: 'category',
      label: 'Category',
      kind: 'select',
      options: [{ value: '', label: '(none)' }, ...categories.map((c) => ({ value: c.id, label: c.path }))],
    },
    { name: 'units', label: 'Units' },
    { name: 'active', label: 'Active', kind: 'checkbox' },
    { name: 'trackable', label: 'Trackable (serialized stock)', kind: 'checkbox' },
  ];
}

const PART_COLUMNS = ['Name', 'IPN', 'Category', 'Description', 'Stock items', 'Active'];

export function PartsPage() {
  const { search, category, active, offset } = useListParams(['search', 'category', 'active']);
  const [text, setText] = useState(search);
  const [adding, setAdding] = useState(false);
  const cats = useCategories();
  const q = useQuery<{ parts: { items: PartRow[]; totalCount: number } }>(
    `query($s: String, $c: ID, $a: Boolean, $o: Int!) { parts(search: $s, category: $c, active: $a, offset: $o, limit: ${LIST_PAGE}) {
      totalCount items { ${PART_FIELDS} } } }`,
    { s: search || null, c: category || null, a: active === '' ? null : active === 'true', o: offset },
    [search, category, active, offset],
  );
  const categories = cats.data?.partCategories.items ?? [];
  return (
    <>
      <h1 tabIndex={-1}>Parts</h1>
      <form
        class="filters"
        aria-label="Filter parts"
        onSubmit={(e) => {
          e.preventDefault();
          setListParams({ search: text });
        }}
      >
        <Field
          label="Search"
          input={{ type: 'search', value: text, onInput: (e) => setText((e.target as HTMLInputElement).value) }}
        />
        <FilterSelect
          label="Category"
          value={category}
          onChange={(v) => setListParams({ category: v })}
          choices={categories.map((c) => ({ value: c.id, label: c.path }))}
        />
        <FilterSelect
          label="Active"
          value={active}
          onChange={(v) => setListParams({ active: v })}
          choices={ACTIVE_CHOICES}
        />
        <button type="submit">Search</button>
        {!adding && (
          <button type="button" onClick={() => setAdding(true)}>
            New part
          </button>
        )}
      </form>
      {adding && (
        <EntityForm
          title="New part"
          fields={partFields(categories)}
          initial={{ name: '', ipn: '', description: '', category, units: '', active: true, trackable: false }}
          submitLabel="Create part"
          onCancel={() => setAdding(false)}
          submit={async (v) => {
            const d = await gql<{ createPart: { id: string } }>(
              'mutation($i: CreatePartInput!) { createPart(input: $i) { id } }',
              {
                i: toInput(v, [], true),
              },
            );
            navigate(`/parts/${d.createPart.id}`);
          }}
        />
      )}
      <QueryView q={q}>
        {(d) => (
          <PagedTable
            caption={`${d.parts.totalCount} part(s)`}
            columns={PART_COLUMNS}
            offset={offset}
            total={d.parts.totalCount}
          >
            {d.parts.items.map((r) => (
              <tr key={r.id}>
                <th scope="row">
                  <Link href={`/parts/${r.id}`}>{r.name}</Link>
                </th>
                <td>{r.ipn}</td>
                <td>{r.category?.path}</td>
                <td>{r.description}</td>
                <td>{r.stockItemCount}</td>
                <td>{r.active ? 'yes' : 'no'}</td>
              </tr>
            ))}
          </PagedTable>
        )}
      </QueryView>
    </>
  );
}

interface PartAndStock {
  part: PartRow | null;
  stock: {
    items: {
      id: string;
      quantity: number;
      serial: string | null;
      batch: string;
      status: string;
      location: { id: string; path: string } | null;
    }[];
  };
}

export function PartPage({ id }: { id: string }) {
  const [editing, setEditing] = useState(false);
  const cats = useCategories();
  const q = useQuery<PartAndStock>(
    `query($id: ID!) { part(id: $id) { ${PART_FIELDS} } stock: stockItems(part: $id, limit: 100) { items { id quantity serial batch status location { id path } } } }`,
    { id },
    [id],
  );
  return (
    <>
      <p>
        <Link href="/parts">← Parts</Link>
      </p>
      <QueryView q={q}>
        {(d) => {
          const part = d.part;
          if (!part) return <h1 tabIndex={-1}>No part #{id}</h1>;
          const stock = d.stock;
          return (
            <>
              <h1 tabIndex={-1}>{part.name}</h1>
              <dl class="meta">
                <dt>IPN</dt>
                <dd>{part.ipn ?? '—'}</dd>
                <dt>Category</dt>
                <dd>
                  {part.category ? <Link href={`/categories/${part.category.id}`}>{part.category.path}</Link> : '—'}
                </dd>
                <dt>Description</dt>
                <dd>{part.description || '—'}</dd>
                <dt>Units</dt>
                <dd>{part.units || '—'}</dd>
                <dt>Active</dt>
                <dd>{part.active ? 'yes' : 'no'}</dd>
                <dt>Trackable</dt>
                <dd>{part.trackable ? 'yes' : 'no'}</dd>
              </dl>
              {!editing && (
                <button type="button" onClick={() => setEditing(true)}>
                  Edit part
                </button>
              )}
              {editing && (
                <EntityForm
                  title="Edit part"
                  fields={partFields(cats.data?.partCategories.items ?? [])}
                  initial={{
                    name: part.name,
                    ipn: part.ipn ?? '',
                    description: part.description,
                    category: part.category?.id ?? '',
                    units: part.units,
                    active: part.active,
                    trackable: part.trackable,
                  }}
                  submitLabel="Save part"
                  onCancel={() => setEditing(false)}
                  submit={async (v) => {
                    const input = toInput(v);
                    if (input.description === null) input.description = '';
                    if (input.units === null) input.units = '';
                    if (input.ipn === null) input.ipn = '';
                    await gql('mutation($id: ID!, $i: UpdatePartInput!) { updatePart(id: $id, input: $i) { id } }', {
                      id,
                      i: input,
                    });
                    setEditing(false);
                    q.reload();
                  }}
                />
              )}
              <h2>Stock ({part.stockItemCount})</h2>
              {stock.items.length ? (
                <ul>
                  {stock.items.map((s) => (
                    <li key={s.id}>
                      <Link href={`/stock/${s.id}`}>
                        #{s.id}: {s.quantity} {part.units}
                        {s.serial ? `, serial ${s.serial}` : ''}
                        {s.batch ? `, batch ${s.batch}` : ''}
                      </Link>{' '}
                      {s.status} at {s.location?.path ?? 'no location'}
                    </li>
                  ))}
                </ul>
              ) : (
                <p class="muted">No stock.</p>
              )}
              <p>
                <Link href={`/stock?part=${part.id}&new=1`}>Add stock of this part</Link>
              </p>
              <Panels target="PART" id={part.id} />
            </>
          );
        }}
      </QueryView>
    </>
  );
}

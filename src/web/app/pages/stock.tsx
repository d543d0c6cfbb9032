// Stock items: the list (filters by part, location and status in the URL; paging) with a "new
// stock item" form, and an item's page with an edit form and the plugins' STOCK_ITEM panels.
import { useState } from 'preact/hooks';
import { gql } from '../api.js';
import { EntityForm, type FieldSpec, type FormValues, toInput } from '../entity-form.js';
import { Panels } from '../plugin-ui.js';
import { FilterSelect, LIST_PAGE, PagedTable, setListParams, useListParams } from '../list.js';
import { navigate } from '../router.js';
import { Link, QueryView, useQuery } from '../ui.js';

const STATUSES = ['OK', 'ATTENTION', 'DAMAGED', 'DESTROYED', 'REJECTED', 'LOST', 'QUARANTINED', 'RETURNED'];

interface ItemRow {
  id: string;
  quantity: number;
  serial: string | null;
  batch: string;
  status: string;
  part: { id: string; name: string; units: string };
  location: { id: string; path: string } | null;
}

const ITEM_FIELDS = 'id quantity serial batch status part { id name units } location { id path }';

interface Choices {
  parts: { items: { id: string; name: string }[] };
  stockLocations: { items: { id: string; path: string }[] };
}

function useChoices() {
  return useQuery<Choices>(
    '{ parts(limit: 500) { items { id name } } stockLocations(limit: 500) { items { id path } } }',
    {},
    [],
  );
}

function itemFields(c: Choices | null, withPart: boolean): FieldSpec[] {
  const locations = [
    { value: '', label: '(no location)' },
    ...(c?.stockLocations.items ?? []).map((l) => ({ value: l.id, label: l.path })),
  ];
  return [
    ...(withPart
      ? [
          {
            name: 'part',
            label: 'Part',
            kind: 'select' as const,
            options: [
              { value: '', label: '(choose)' },
              ...(c?.parts.items ?? []).map((p) => ({ value: p.id, label: p.name })),
            ],
          },
        ]
      : []),
    { name: 'location', label: 'Location', kind: 'select', options: locations },
    { name: 'quantity', label: 'Quantity', kind: 'number' },
    { name: 'serial', label: 'Serial number', hint: 'Only for trackable parts.' },
    { name: 'batch', label: 'Batch' },
    { name: 'status', label: 'Status', kind: 'select', options: STATUSES.map((s) => ({ value: s, label: s })) },
  ];
}

const ITEM_COLUMNS = ['Item', 'Part', 'Quantity', 'Serial', 'Batch', 'Status', 'Location'];

export function StockPage() {
  const { part, location, status, offset, new: newParam } = useListParams(['part', 'location', 'status', 'new']);
  const [adding, setAdding] = useState(newParam === '1');
  const choices = useChoices();
  const q = useQuery<{ stockItems: { items: ItemRow[]; totalCount: number } }>(
    `query($p: ID, $l: ID, $s: StockStatus, $o: Int!) { stockItems(part: $p, location: $l, status: $s, offset: $o, limit: ${LIST_PAGE}) {
      totalCount items { ${ITEM_FIELDS} } } }`,
    { p: part || null, l: location || null, s: status || null, o: offset },
    [part, location, status, offset],
  );
  const c = choices.data;
  return (
    <>
      <h1 tabIndex={-1}>Stock items</h1>
      <form class="filters" aria-label="Filter stock items" onSubmit={(e) => e.preventDefault()}>
        <FilterSelect
          label="Part"
          value={part}
          onChange={(v) => setListParams({ part: v })}
          choices={(c?.parts.items ?? []).map((x) => ({ value: x.id, label: x.name }))}
        />
        <FilterSelect
          label="Location"
          value={location}
          onChange={(v) => setListParams({ location: v })}
          choices={(c?.stockLocations.items ?? []).map((x) => ({ value: x.id, label: x.path }))}
        />
        <FilterSelect
          label="Status"
          value={status}
          onChange={(v) => setListParams({ status: v })}
          choices={STATUSES.map((s) => ({ value: s, label: s }))}
        />
        {!adding && (
          <button type="button" onClick={() => setAdding(true)}>
            New stock item
          </button>
        )}
      </form>
      {adding && c && (
        <EntityForm
          title="New stock item"
          fields={itemFields(c, true)}
          initial={{ part, location, quantity: '1', serial: '', batch: '', status: 'OK' }}
          submitLabel="Create stock item"
          onCancel={() => setAdding(false)}
          submit={async (v: FormValues) => {
            const d = await gql<{ createStockItem: { id: string } }>(
              'mutation($i: CreateStockItemInput!) { createStockItem(input: $i) { id } }',
              { i: toInput(v, ['quantity'], true) },
            );
            navigate(`/stock/${d.createStockItem.id}`);
          }}
        />
      )}
      <QueryView q={q}>
        {(d) => (
          <PagedTable
            caption={`${d.stockItems.totalCount} stock item(s)`}
            columns={ITEM_COLUMNS}
            offset={offset}
            total={d.stockItems.totalCount}
          >
            {d.stockItems.items.map((s) => (
              <tr key={s.id}>
                <th scope="row">
                  <Link href={`/stock/${s.id}`}>#{s.id}</Link>
                </th>
                <td>
                  <Link href={`/parts/${s.part.id}`}>{s.part.name}</Link>
                </td>
                <td>
                  {s.quantity} {s.part.units}
                </td>
                <td>{s.serial}</td>
                <td>{s.batch}</td>
                <td>{s.status}</td>
                <td>{s.location?.path}</td>
              </tr>
            ))}
          </PagedTable>
        )}
      </QueryView>
    </>
  );
}

export function StockItemPage({ id }: { id: string }) {
  const [editing, setEditing] = useState(false);
  const choices = useChoices();
  const q = useQuery<{ stockItem: ItemRow | null }>(
    `query($id: ID!) { stockItem(id: $id) { ${ITEM_FIELDS} } }`,
    { id },
    [id],
  );
  return (
    <>
      <p>
        <Link href="/stock">← Stock items</Link>
      </p>
      <QueryView q={q}>
        {({ stockItem: s }) =>
          !s ? (
            <h1 tabIndex={-1}>No stock item #{id}</h1>
          ) : (
            <>
              <h1 tabIndex={-1}>
                Stock item #{s.id}: {s.part.name}
              </h1>
              <dl class="meta">
                <dt>Part</dt>
                <dd>
                  <Link href={`/parts/${s.part.id}`}>{s.part.name}</Link>
                </dd>
                <dt>Quantity</dt>
                <dd>
                  {s.quantity} {s.part.units}
                </dd>
                <dt>Serial</dt>
                <dd>{s.serial ?? '—'}</dd>
                <dt>Batch</dt>
                <dd>{s.batch || '—'}</dd>
                <dt>Status</dt>
                <dd>{s.status}</dd>
                <dt>Location</dt>
                <dd>{s.location ? <Link href={`/locations/${s.location.id}`}>{s.location.path}</Link> : '—'}</dd>
              </dl>
              {!editing && (
                <button type="button" onClick={() => setEditing(true)}>
                  Edit stock item
                </button>
              )}
              {editing && (
                <EntityForm
                  title="Edit stock item"
                  fields={itemFields(choices.data, false)}
                  initial={{
                    location: s.location?.id ?? '',
                    quantity: String(s.quantity),
                    serial: s.serial ?? '',
                    batch: s.batch,
                    status: s.status,
                  }}
                  submitLabel="Save stock item"
                  onCancel={() => setEditing(false)}
                  submit={async (v) => {
                    const input = toInput(v, ['quantity']);
                    if (input.batch === null) input.batch = '';
                    if (!s.serial && input.serial === null) delete input.serial;
                    await gql(
                      'mutation($id: ID!, $i: UpdateStockItemInput!) { updateStockItem(id: $id, input: $i) { id } }',
                      {
                        id,
                        i: input,
                      },
                    );
                    setEditing(false);
                    q.reload();
                  }}
                />
              )}
              <Panels target="STOCK_ITEM" id={s.id} />
            </>
          )
        }
      </QueryView>
    </>
  );
}

// Part categories and stock locations: each a tree (one query of every node, nested here by
// parent), a detail page with its plugin panels and what it holds, and create/edit forms (staff).
import { useState } from 'preact/hooks';
import { gql } from '../api.js';
import { EntityForm, type FormValues, toInput } from '../entity-form.js';
import { Panels } from '../plugin-ui.js';
import { session } from '../session.js';
import { useStore } from '../store.js';
import { Link, QueryView, useQuery } from '../ui.js';

interface Node {
  id: string;
  name: string;
  path: string;
  description: string;
  parent: { id: string } | null;
  count: number;
}

interface Kind {
  plural: string;
  singular: string;
  base: string;
  list: string;
  one: string;
  count: string;
  create: string;
  update: string;
  input: string;
  target: 'PART_CATEGORY' | 'STOCK_LOCATION';
  children: string;
}

const CATEGORY: Kind = {
  plural: 'Part categories',
  singular: 'Category',
  base: '/categories',
  list: 'partCategories',
  one: 'partCategory',
  count: 'partCount',
  create: 'createPartCategory',
  update: 'updatePartCategory',
  input: 'PartCategoryInput',
  target: 'PART_CATEGORY',
  children: 'Subcategories',
};

const LOCATION: Kind = {
  plural: 'Stock locations',
  singular: 'Location',
  base: '/locations',
  list: 'stockLocations',
  one: 'stockLocation',
  count: 'stockItemCount',
  create: 'createStockLocation',
  update: 'updateStockLocation',
  input: 'StockLocationInput',
  target: 'STOCK_LOCATION',
  children: 'Sublocations',
};

function useNodes(kind: Kind, tick: number) {
  return useQuery<{ rows: { items: Node[] } }>(
    `{ rows: ${kind.list}(limit: 500) { items { id name path description parent { id } count: ${kind.count} } } }`,
    {},
    [kind.list, tick],
  );
}

function Tree({ nodes, parent, base }: { nodes: Node[]; parent: string | null; base: string }) {
  const children = nodes.filter((n) => (n.parent?.id ?? null) === parent);
  if (!children.length) return null;
  return (
    <ul class={parent === null ? 'tree root' : 'tree'}>
      {children.map((n) => (
        <li key={n.id}>
          <Link href={`${base}/${n.id}`}>{n.name}</Link> <span class="muted">({n.count})</span>
          <Tree nodes={nodes} parent={n.id} base={base} />
        </li>
      ))}
    </ul>
  );
}

function nodeFields(nodes: Node[], self?: string) {
  return [
    { name: 'name', label: 'Name', required: true },
    { name: 'description', label: 'Description' },
    {
      name: 'parent',
      label: 'Parent',
      kind: 'select' as const,
      options: [
        { value: '', label: '(top level)' },
        ...nodes.filter((n) => n.id !== self).map((n) => ({ value: n.id, label: n.path })),
      ],
    },
  ];
}

function TreePage({ kind }: { kind: Kind }) {
  const { user } = useStore(session);
  const [tick, setTick] = useState(0);
  const [adding, setAdding] = useState(false);
  const q = useNodes(kind, tick);
  return (
    <>
      <h1 tabIndex={-1}>{kind.plural}</h1>
      {user?.isStaff && !adding && (
        <button type="button" onClick={() => setAdding(true)}>
          New {kind.singular.toLowerCase()}
        </button>
      )}
      <QueryView q={q}>
        {(d) => (
          <>
            {adding && (
              <EntityForm
                title={`New ${kind.singular.toLowerCase()}`}
                fields={nodeFields(d.rows.items)}
                initial={{ name: '', description: '', parent: '' }}
                submitLabel="Create"
                onCancel={() => setAdding(false)}
                submit={async (v: FormValues) => {
                  await gql(`mutation($i: Create${kind.input}!) { ${kind.create}(input: $i) { id } }`, {
                    i: toInput(v, [], true),
                  });
                  setAdding(false);
                  setTick((t) => t + 1);
                }}
              />
            )}
            {d.rows.items.length ? (
              <Tree nodes={d.rows.items} parent={null} base={kind.base} />
            ) : (
              <p class="muted">None yet.</p>
            )}
          </>
        )}
      </QueryView>
    </>
  );
}

function NodePage({ kind, id }: { kind: Kind; id: string }) {
  const { user } = useStore(session);
  const [tick, setTick] = useState(0);
  const [editing, setEditing] = useState(false);
  const all = useNodes(kind, tick);
  const node = all.data?.rows.items.find((n) => n.id === id);
  return (
    <>
      <p>
        <Link href={kind.base}>← {kind.plural}</Link>
      </p>
      <QueryView q={all}>
        {(d) =>
          !node ? (
            <h1 tabIndex={-1}>
              No {kind.singular.toLowerCase()} #{id}
            </h1>
          ) : (
            <>
              <h1 tabIndex={-1}>{node.path}</h1>
              <p>{node.description}</p>
              {user?.isStaff && !editing && (
                <button type="button" onClick={() => setEditing(true)}>
                  Edit
                </button>
              )}
              {editing && (
                <EntityForm
                  title={`Edit ${kind.singular.toLowerCase()}`}
                  fields={nodeFields(d.rows.items, id)}
                  initial={{ name: node.name, description: node.description, parent: node.parent?.id ?? '' }}
                  submitLabel="Save"
                  onCancel={() => setEditing(false)}
                  submit={async (v) => {
                    await gql(
                      `mutation($id: ID!, $i: Update${kind.input}!) { ${kind.update}(id: $id, input: $i) { id } }`,
                      {
                        id,
                        i: toInput(v),
                      },
                    );
                    setEditing(false);
                    setTick((t) => t + 1);
                  }}
                />
              )}
              <h2>{kind.children}</h2>
              {d.rows.items.some((n) => n.parent?.id === id) ? (
                <Tree nodes={d.rows.items} parent={id} base={kind.base} />
              ) : (
                <p class="muted">None.</p>
              )}
              <p>
                <Link href={kind === CATEGORY ? `/parts?category=${id}` : `/stock?location=${id}`}>
                  {kind === CATEGORY ? `Parts in ${node.name}` : `Stock at ${node.name}`} ({node.count} directly)
                </Link>
              </p>
              <Panels target={kind.target} id={id} />
            </>
          )
        }
      </QueryView>
    </>
  );
}

export const CategoriesPage = () => <TreePage kind={CATEGORY} />;
export const LocationsPage = () => <TreePage kind={LOCATION} />;
export const CategoryPage = ({ id }: { id: string }) => <NodePage kind={CATEGORY} id={id} />;
export const LocationPage = ({ id }: { id: string }) => <NodePage kind={LOCATION} id={id} />;

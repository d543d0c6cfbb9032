// The plugin table (staff): every discovered plugin with its metadata, mixins, compatibility,
// errors by stage and an active toggle; filters by active state, mixin, source and text.
// Follows plugin.* events live.
import { useState } from 'preact/hooks';
import { pluginEpoch } from '../live.js';
import { useStore } from '../store.js';
import { ACTIVE_CHOICES, FilterSelect, ListTable } from '../list.js';
import { Field, Link, QueryView, useQuery } from '../ui.js';
import { PluginToggle } from './toggle.js';

export interface PluginRow {
  key: string;
  title: string;
  version: string | null;
  author: string | null;
  publishDate: string | null;
  website: string | null;
  source: string | null;
  mixins: string[];
  compatible: boolean;
  active: boolean;
  isMandatory: boolean;
  missing: boolean;
  contributes: string[];
  errors: { stage: string; message: string }[];
}

export const PLUGIN_ROW = `key title version author publishDate website source mixins compatible active isMandatory
  missing contributes errors { stage message }`;

const SOURCES = ['builtin', 'package', 'folder', 'sample'];
const PLUGIN_COLUMNS = [
  'Key',
  'Title',
  'Version',
  'Author',
  'Published',
  'Website',
  'Source',
  'Mixins',
  'Compatible',
  'Active',
  'Errors',
];

export function PluginsPage() {
  const epoch = useStore(pluginEpoch);
  const [search, setSearch] = useState('');
  const [active, setActive] = useState('');
  const [mixin, setMixin] = useState('');
  const [source, setSource] = useState('');
  // The mixin filter offers the mixins the discovered plugins declare (new mixins appear by themselves).
  const all = useQuery<{ plugins: { mixins: string[] }[] }>('{ plugins { mixins } }', {}, [epoch]);
  const mixins = [...new Set((all.data?.plugins ?? []).flatMap((p) => p.mixins))].sort();
  const q = useQuery<{ plugins: PluginRow[] }>(
    `query($s: String, $a: Boolean, $m: String) { plugins(includeMissing: true, search: $s, active: $a, mixin: $m) { ${PLUGIN_ROW} } }`,
    { s: search || null, a: active === '' ? null : active === 'true', m: mixin || null },
    [epoch, search, active, mixin],
  );
  return (
    <>
      <h1 tabIndex={-1}>Plugins</h1>
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filter plugins">
        <Field
          label="Search"
          input={{ type: 'search', value: search, onInput: (e) => setSearch((e.target as HTMLInputElement).value) }}
        />
        <FilterSelect label="Active" value={active} onChange={setActive} choices={ACTIVE_CHOICES} />
        <FilterSelect
          label="Mixin"
          value={mixin}
          onChange={setMixin}
          anyLabel="Any"
          choices={mixins.map((m) => ({ value: m, label: m }))}
        />
        <FilterSelect
          label="Source"
          value={source}
          onChange={setSource}
          anyLabel="Any"
          choices={SOURCES.map((s) => ({ value: s, label: s }))}
        />
      </form>
      <QueryView q={q}>
        {(d) => {
          const rows = d.plugins.filter((p) => !source || p.source === source);
          return (
            <ListTable class="plugins" caption={`${rows.length} plugin(s)`} columns={PLUGIN_COLUMNS}>
              {rows.map((p) => (
                <tr key={p.key} data-key={p.key}>
                  <th scope="row">
                    <Link href={`/plugins/${encodeURIComponent(p.key)}`}>{p.key}</Link>
                  </th>
                  <td>{p.title}</td>
                  <td>{p.version}</td>
                  <td>{p.author}</td>
                  <td>{p.publishDate?.slice(0, 10)}</td>
                  <td>
                    {p.website && (
                      <a href={p.website} rel="noreferrer noopener">
                        {p.website.replace(/^https?:\/\//, '')}
                      </a>
                    )}
                  </td>
                  <td>{p.missing ? 'missing' : p.source}</td>
                  <td>{p.mixins.join(', ')}</td>
                  <td>{p.compatible ? 'yes' : <strong class="bad">no</strong>}</td>
                  <td>{p.missing ? '—' : <PluginToggle plugin={p} onChanged={q.reload} />}</td>
                  <td>
                    {p.errors.map((e) => (
                      <div key={e.stage + e.message} class="bad">
                        <strong>{e.stage}</strong>: {e.message}
                      </div>
                    ))}
                  </td>
                </tr>
              ))}
            </ListTable>
          );
        }}
      </QueryView>
    </>
  );
}

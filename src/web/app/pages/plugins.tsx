// The plugin table (staff): every discovered plugin with its metadata, mixins, compatibility,
// errors by stage and an active toggle; filters by active state, mixin, source and text.
// Follows plugin.* events live.
import { useState } from 'preact/hooks';
import { pluginEpoch } from '../live.js';
import { useStore } from '../store.js';
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
        <Field
          label="Active"
          select={{
            value: active,
            onChange: setActive,
            options: [
              { value: '', label: 'All' },
              { value: 'true', label: 'Active' },
              { value: 'false', label: 'Inactive' },
            ],
          }}
        />
        <Field
          label="Mixin"
          select={{
            value: mixin,
            onChange: setMixin,
            options: ['', ...mixins].map((m) => ({ value: m, label: m || 'Any' })),
          }}
        />
        <Field
          label="Source"
          select={{
            value: source,
            onChange: setSource,
            options: ['', 'builtin', 'package', 'folder', 'sample'].map((s) => ({ value: s, label: s || 'Any' })),
          }}
        />
      </form>
      <QueryView q={q}>
        {(d) => {
          const rows = d.plugins.filter((p) => !source || p.source === source);
          return (
            <div class="table-wrap">
              <table class="plugins">
                <caption>{rows.length} plugin(s)</caption>
                <thead>
                  <tr>
                    <th scope="col">Key</th>
                    <th scope="col">Title</th>
                    <th scope="col">Version</th>
                    <th scope="col">Author</th>
                    <th scope="col">Published</th>
                    <th scope="col">Website</th>
                    <th scope="col">Source</th>
                    <th scope="col">Mixins</th>
                    <th scope="col">Compatible</th>
                    <th scope="col">Active</th>
                    <th scope="col">Errors</th>
                  </tr>
                </thead>
                <tbody>
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
                </tbody>
              </table>
            </div>
          );
        }}
      </QueryView>
    </>
  );
}

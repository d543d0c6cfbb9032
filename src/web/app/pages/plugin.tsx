// One plugin (staff): metadata, what it contributes to the schema, its settings as a typed form,
// its scheduled task runs, its failed event deliveries (with retry) and its audit trail; the
// active toggle with its confirmation. Follows plugin.* events live.
import { useState } from 'preact/hooks';
import { gql } from '../api.js';
import { ListTable } from '../list.js';
import { pluginEpoch } from '../live.js';
import { useStore } from '../store.js';
import { Alert, Link, QueryView, Status, errorText, useQuery, when } from '../ui.js';
import { PLUGIN_ROW, type PluginRow } from './plugins.js';
import { SETTING_FIELDS, type SettingRow, SettingsForm } from './settings-form.js';
import { PluginToggle } from './toggle.js';

const TASK_RUN_COLUMNS = ['Task', 'State', 'Created', 'Completed', 'Error'];

interface PluginDetail extends PluginRow {
  name: string;
  description: string | null;
  license: string | null;
  packageName: string | null;
  path: string | null;
  minVersion: string | null;
  maxVersion: string | null;
  configActive: boolean;
  warnings: string[];
  missingSettings: string[];
  settings: SettingRow[];
}

interface Extras {
  pluginTaskRuns: {
    jobId: string;
    task: string;
    state: string;
    error: string | null;
    createdAt: string;
    completedAt: string | null;
  }[];
  failedEventDeliveries: {
    jobId: string;
    eventName: string;
    attempts: number;
    error: string | null;
    createdAt: string;
  }[];
  pluginStateChanges: {
    id: string;
    username: string | null;
    source: string;
    fromActive: boolean;
    toActive: boolean;
    createdAt: string;
  }[];
}

export function PluginPage({ pluginKey }: { pluginKey: string }) {
  const epoch = useStore(pluginEpoch);
  const q = useQuery<{ plugin: PluginDetail }>(
    `query($k: String!) { plugin(key: $k) { ${PLUGIN_ROW} name description license packageName path minVersion maxVersion
      configActive warnings missingSettings settings { ${SETTING_FIELDS} } } }`,
    { k: pluginKey },
    [pluginKey, epoch],
  );
  return (
    <>
      <p>
        <Link href="/plugins">← Plugins</Link>
      </p>
      <QueryView q={q}>
        {({ plugin: p }) => (
          <>
            <h1 tabIndex={-1}>
              {p.title} <small class="muted">{p.key}</small>
            </h1>
            <div class="toggle-line">
              <span>{p.active ? 'Active' : p.configActive ? 'Configured active, not running' : 'Inactive'}</span>
              {!p.missing && <PluginToggle plugin={p} onChanged={q.reload} />}
            </div>
            {p.description && <p>{p.description}</p>}
            <dl class="meta">
              <dt>Version</dt>
              <dd>{p.version ?? '—'}</dd>
              <dt>Author</dt>
              <dd>{p.author ?? '—'}</dd>
              <dt>Published</dt>
              <dd>{p.publishDate ?? '—'}</dd>
              <dt>Website</dt>
              <dd>{p.website ? <a href={p.website}>{p.website}</a> : '—'}</dd>
              <dt>License</dt>
              <dd>{p.license ?? '—'}</dd>
              <dt>Source</dt>
              <dd>
                {p.missing ? 'missing' : p.source}
                {p.packageName ? ` (${p.packageName})` : ''}
                {p.path ? ` — ${p.path}` : ''}
              </dd>
              <dt>Mixins</dt>
              <dd>{p.mixins.join(', ') || '—'}</dd>
              <dt>Compatible</dt>
              <dd>
                {p.compatible ? 'yes' : 'no'} (min {p.minVersion ?? '—'}, max {p.maxVersion ?? '—'})
              </dd>
            </dl>
            {p.errors.length > 0 && (
              <section>
                <h2>Errors</h2>
                <ul>
                  {p.errors.map((e) => (
                    <li key={e.stage + e.message} class="bad">
                      <strong>{e.stage}</strong>: {e.message}
                    </li>
                  ))}
                </ul>
              </section>
            )}
            {p.warnings.length > 0 && (
              <ul>
                {p.warnings.map((w) => (
                  <li key={w} class="warn">
                    {w}
                  </li>
                ))}
              </ul>
            )}
            <section>
              <h2>Contributes to the schema</h2>
              {p.contributes.length ? (
                <ul class="coords">
                  {p.contributes.map((c) => (
                    <li key={c}>
                      <code>{c}</code>
                    </li>
                  ))}
                </ul>
              ) : (
                <p class="muted">Nothing{p.active ? '' : ' while inactive'}.</p>
              )}
            </section>
            <section>
              <h2>Settings</h2>
              {p.missingSettings.length > 0 && (
                <Alert>Required settings without a value: {p.missingSettings.join(', ')}</Alert>
              )}
              <SettingsForm
                label={`Settings of ${p.title}`}
                settings={p.settings}
                onSaved={q.reload}
                save={(key, value) =>
                  gql(
                    'mutation($p: String!, $k: String!, $v: String) { updatePluginSetting(plugin: $p, key: $k, value: $v) { key } }',
                    {
                      p: p.key,
                      k: key,
                      v: value,
                    },
                  )
                }
              />
            </section>
            <PluginExtras pluginKey={p.key} />
          </>
        )}
      </QueryView>
    </>
  );
}

function PluginExtras({ pluginKey }: { pluginKey: string }) {
  const epoch = useStore(pluginEpoch);
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');
  const q = useQuery<Extras>(
    `query($k: String!, $c: String!) {
      pluginTaskRuns(plugin: $k, limit: 20) { jobId task state error createdAt completedAt }
      failedEventDeliveries(consumer: $c, limit: 20) { jobId eventName attempts error createdAt }
      pluginStateChanges(key: $k, limit: 20) { id username source fromActive toActive createdAt } }`,
    { k: pluginKey, c: `plugin:${pluginKey}` },
    [pluginKey, epoch],
  );
  async function retry(jobId: string) {
    setError('');
    try {
      await gql('mutation($j: String!) { retryEventDelivery(jobId: $j) }', { j: jobId });
      setStatus(`Delivery ${jobId} queued again.`);
      q.reload();
    } catch (e) {
      setError(errorText(e));
    }
  }
  return (
    <QueryView q={q}>
      {(d) => (
        <>
          <section>
            <h2>Scheduled task runs</h2>
            {d.pluginTaskRuns.length ? (
              <ListTable columns={TASK_RUN_COLUMNS}>
                {d.pluginTaskRuns.map((r) => (
                  <tr key={r.jobId}>
                    <td>{r.task}</td>
                    <td>{r.state}</td>
                    <td>{when(r.createdAt)}</td>
                    <td>{when(r.completedAt)}</td>
                    <td>{r.error}</td>
                  </tr>
                ))}
              </ListTable>
            ) : (
              <p class="muted">No runs.</p>
            )}
          </section>
          <section>
            <h2>Failed event deliveries</h2>
            {status && <Status>{status}</Status>}
            <Alert>{error}</Alert>
            {d.failedEventDeliveries.length ? (
              <ul>
                {d.failedEventDeliveries.map((f) => (
                  <li key={f.jobId}>
                    {f.eventName} after {f.attempts} attempt(s), {when(f.createdAt)}: {f.error}{' '}
                    <button type="button" onClick={() => void retry(f.jobId)}>
                      Retry
                    </button>
                  </li>
                ))}
              </ul>
            ) : (
              <p class="muted">None.</p>
            )}
          </section>
          <section>
            <h2>Audit trail</h2>
            {d.pluginStateChanges.length ? (
              <ul>
                {d.pluginStateChanges.map((c) => (
                  <li key={c.id}>
                    {when(c.createdAt)}: {c.fromActive ? 'active' : 'inactive'} → {c.toActive ? 'active' : 'inactive'}{' '}
                    by {c.username ?? c.source} ({c.source})
                  </li>
                ))}
              </ul>
            ) : (
              <p class="muted">No changes recorded.</p>
            )}
          </section>
        </>
      )}
    </QueryView>
  );
}

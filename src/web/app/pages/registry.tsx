// Registry status (staff): active set, schema hash and build time, missing plugins, every error;
// "Reload" re-runs discovery with a progress indicator.
import { useState } from 'preact/hooks';
import { gql } from '../api.js';
import { bumpPlugins, pluginEpoch } from '../live.js';
import { useStore } from '../store.js';
import { Alert, Busy, Link, QueryView, Status, errorText, useQuery, when } from '../ui.js';

interface RegistryStatus {
  activeKeys: string[];
  schemaHash: string;
  schemaVersion: number;
  lastBuildAt: string | null;
  lastBuildMs: number | null;
  discovered: number;
  pluginsEnabled: boolean;
  pluginTesting: boolean;
  errors: { key: string | null; path: string | null; stage: string; message: string }[];
  missing: { key: string; title: string }[];
}

const FIELDS = `activeKeys schemaHash schemaVersion lastBuildAt lastBuildMs discovered pluginsEnabled pluginTesting
  errors { key path stage message } missing { key title }`;

export function RegistryPage() {
  const epoch = useStore(pluginEpoch);
  const q = useQuery<{ pluginRegistryStatus: RegistryStatus }>(`{ pluginRegistryStatus { ${FIELDS} } }`, {}, [epoch]);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');

  async function reload() {
    setBusy(true);
    setStatus('');
    setError('');
    const t0 = performance.now();
    try {
      const d = await gql<{ reloadPlugins: RegistryStatus }>(
        `mutation { reloadPlugins(collect: true) { discovered } }`,
      );
      setStatus(
        `Reloaded in ${Math.round(performance.now() - t0)} ms: ${d.reloadPlugins.discovered} plugin(s) discovered.`,
      );
      bumpPlugins();
      q.reload();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <h1 tabIndex={-1}>Plugin registry</h1>
      <div class="toolbar">
        <button type="button" class="primary" onClick={() => void reload()} disabled={busy} aria-busy={busy}>
          Reload plugins
        </button>
        {busy && <Busy label="Reloading plugins…" />}
      </div>
      {status && <Status>{status}</Status>}
      <Alert>{error}</Alert>
      <QueryView q={q}>
        {({ pluginRegistryStatus: s }) => (
          <>
            <dl class="meta">
              <dt>Plugins enabled</dt>
              <dd>{s.pluginsEnabled ? 'yes' : 'no (PLUGINS_ENABLED)'}</dd>
              <dt>Samples loaded</dt>
              <dd>{s.pluginTesting ? 'yes (PLUGIN_TESTING)' : 'no'}</dd>
              <dt>Discovered</dt>
              <dd>{s.discovered}</dd>
              <dt>Schema</dt>
              <dd>
                <code>{s.schemaHash.slice(0, 16)}</code> version {s.schemaVersion}
              </dd>
              <dt>Last build</dt>
              <dd>
                {when(s.lastBuildAt)} {s.lastBuildMs != null ? `(${s.lastBuildMs.toFixed(0)} ms)` : ''}
              </dd>
            </dl>
            <h2>Active ({s.activeKeys.length})</h2>
            <ul class="inline">
              {s.activeKeys.map((k) => (
                <li key={k}>
                  <Link href={`/plugins/${encodeURIComponent(k)}`}>{k}</Link>
                </li>
              ))}
            </ul>
            <h2>Missing plugins</h2>
            {s.missing.length ? (
              <ul>
                {s.missing.map((m) => (
                  <li key={m.key}>{m.key}: configured, but not found at discovery</li>
                ))}
              </ul>
            ) : (
              <p class="muted">None.</p>
            )}
            <h2>Errors</h2>
            {s.errors.length ? (
              <ul>
                {s.errors.map((e) => (
                  <li key={`${e.key}${e.path}${e.stage}${e.message}`} class="bad">
                    <strong>{e.stage}</strong> {e.key ?? e.path}: {e.message}
                  </li>
                ))}
              </ul>
            ) : (
              <p class="muted">None.</p>
            )}
          </>
        )}
      </QueryView>
    </>
  );
}

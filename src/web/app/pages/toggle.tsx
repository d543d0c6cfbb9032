// Turning a plugin on or off, always after a confirmation that shows what the schema will gain or
// lose: the server's previewPluginChange when the schema has it (safe toggles), else the plugin's
// current `contributes` (what deactivation removes). After the change, plugin.* events refresh
// every page that shows plugins, panels or navigation.
import { useState } from 'preact/hooks';
import { GqlError, gql, hasRootField } from '../api.js';
import { bumpPlugins } from '../live.js';
import { Alert, Busy, ConfirmDialog, errorText } from '../ui.js';

export interface TogglePlugin {
  key: string;
  title: string;
  active: boolean;
  isMandatory: boolean;
  contributes: string[];
}

interface Preview {
  added: { coordinate: string; kind: string }[];
  removed: { coordinate: string; kind: string }[];
  breakingChanges: { type: string; description: string }[];
  operations: { operationName: string | null; classification: string; count: number }[];
}

const PREVIEW = `query($k: String!, $a: Boolean!) { previewPluginChange(key: $k, active: $a) {
  added { coordinate kind } removed { coordinate kind } breakingChanges { type description }
  operations { operationName classification count } } }`;

export function PluginToggle({ plugin, onChanged }: { plugin: TogglePlugin; onChanged?: () => void }) {
  const [open, setOpen] = useState(false);
  const [preview, setPreview] = useState<Preview | null | 'none'>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  /** The server's PLUGIN_TOGGLE_GUARD refused (BREAKING_CHANGE): offer to force it. */
  const [blocked, setBlocked] = useState(false);
  const next = !plugin.active;

  async function ask() {
    setOpen(true);
    setError('');
    setBlocked(false);
    setPreview(null);
    try {
      if (await hasRootField('Query', 'previewPluginChange')) {
        const d = await gql<{ previewPluginChange: Preview }>(PREVIEW, { k: plugin.key, a: next });
        setPreview(d.previewPluginChange);
      } else setPreview('none');
    } catch (e) {
      setPreview('none');
      setError(`No preview: ${errorText(e)}`);
    }
  }

  async function confirm(force = false) {
    setBusy(true);
    setError('');
    try {
      // `force` is only sent when asked for (schemas without the toggle guard have no such argument).
      await gql(
        force
          ? 'mutation($k: String!, $a: Boolean!) { activatePlugin(key: $k, active: $a, force: true) { key active } }'
          : 'mutation($k: String!, $a: Boolean!) { activatePlugin(key: $k, active: $a) { key active } }',
        { k: plugin.key, a: next },
      );
      setOpen(false);
      bumpPlugins();
      onChanged?.();
    } catch (e) {
      setError(errorText(e));
      setBlocked(e instanceof GqlError && e.code === 'BREAKING_CHANGE');
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <button
        type="button"
        role="switch"
        class="switch"
        aria-checked={plugin.active}
        aria-label={`Active: ${plugin.title}`}
        disabled={plugin.isMandatory}
        title={plugin.isMandatory ? 'Mandatory plugins are always active' : undefined}
        onClick={() => void ask()}
      >
        <span aria-hidden="true">{plugin.active ? 'On' : 'Off'}</span>
      </button>
      {open && (
        <ConfirmDialog
          title={`${next ? 'Activate' : 'Deactivate'} ${plugin.title}?`}
          confirmLabel={next ? 'Activate' : 'Deactivate'}
          danger={!next}
          busy={busy}
          onCancel={() => setOpen(false)}
          onConfirm={() => void confirm()}
        >
          {preview === null ? (
            <Busy label="Computing the schema change…" />
          ) : (
            <Change plugin={plugin} preview={preview} next={next} />
          )}
          <Alert>{error}</Alert>
          {blocked && (
            <button type="button" class="danger" disabled={busy} onClick={() => void confirm(true)}>
              {next ? 'Activate' : 'Deactivate'} anyway (breaks those operations)
            </button>
          )}
        </ConfirmDialog>
      )}
    </>
  );
}

function Coordinates({ title, items }: { title: string; items: string[] }) {
  if (!items.length) return null;
  return (
    <>
      <h3>{title}</h3>
      <ul class="coords">
        {items.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
    </>
  );
}

function Change({ plugin, preview, next }: { plugin: TogglePlugin; preview: Preview | 'none'; next: boolean }) {
  if (preview === 'none') {
    return next ? (
      <p>The schema will be rebuilt with this plugin's contributions; the plugin page lists them afterwards.</p>
    ) : (
      <>
        <Coordinates title="Removed from the schema" items={plugin.contributes} />
        {!plugin.contributes.length && <p>This plugin contributes nothing to the schema.</p>}
      </>
    );
  }
  const broken = preview.operations.filter((o) => o.classification === 'BROKEN');
  return (
    <>
      <Coordinates title="Added to the schema" items={preview.added.map((c) => `${c.coordinate} (${c.kind})`)} />
      <Coordinates title="Removed from the schema" items={preview.removed.map((c) => `${c.coordinate} (${c.kind})`)} />
      {!preview.added.length && !preview.removed.length && <p>The schema does not change.</p>}
      <Coordinates title="Breaking changes" items={preview.breakingChanges.map((c) => c.description)} />
      {broken.length > 0 && (
        <p class="warn">
          {broken.length} recorded operation(s) would break:{' '}
          {broken.map((o) => `${o.operationName ?? 'anonymous'} (${o.count}×)`).join(', ')}
        </p>
      )}
    </>
  );
}

// Live events (staff): the `events` subscription with name and model filters; newest first.
import { useEffect, useState } from 'preact/hooks';
import { subscribe } from '../api.js';
import { Alert, Field, Status, when } from '../ui.js';

interface LiveEvent {
  id: string;
  name: string;
  model: string | null;
  instanceId: string | null;
  createdAt: string;
  user: { username: string } | null;
  data: Record<string, unknown>;
}

const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

export function EventsPage() {
  const [names, setNames] = useState('');
  const [models, setModels] = useState('');
  const [applied, setApplied] = useState({ names: '', models: '' });
  const [events, setEvents] = useState<LiveEvent[]>([]);
  const [error, setError] = useState('');
  const [connected, setConnected] = useState(false);

  useEffect(() => {
    setError('');
    setConnected(true);
    return subscribe<{ events: LiveEvent }>(
      `subscription($n: [String!], $m: [String!]) { events(names: $n, models: $m) {
        id name model instanceId createdAt user { username } data } }`,
      { n: list(applied.names), m: list(applied.models) },
      (d) => setEvents((all) => [d.events, ...all].slice(0, 200)),
      (message) => {
        setError(message);
        setConnected(false);
      },
    );
  }, [applied]);

  return (
    <>
      <h1 tabIndex={-1}>Live events</h1>
      <form
        class="filters"
        aria-label="Event filters"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied({ names, models });
        }}
      >
        <Field
          label="Names"
          hint="Comma-separated; exact names or prefixes ending in * (part.*)."
          input={{ value: names, onInput: (e) => setNames((e.target as HTMLInputElement).value) }}
        />
        <Field
          label="Models"
          hint="Comma-separated, e.g. part, stockitem."
          input={{ value: models, onInput: (e) => setModels((e.target as HTMLInputElement).value) }}
        />
        <button type="submit">Apply filters</button>
        <button type="button" onClick={() => setEvents([])}>
          Clear list
        </button>
      </form>
      <Status>
        {connected
          ? `Listening${applied.names || applied.models ? ' (filtered)' : ''}: ${events.length} event(s) received.`
          : 'Not connected.'}
      </Status>
      <Alert>{error}</Alert>
      <ol class="events" aria-label="Events, newest first">
        {events.map((e) => (
          <li key={e.id}>
            <strong>{e.name}</strong> {e.model && <span>{e.model}</span>} {e.instanceId && <code>#{e.instanceId}</code>}{' '}
            <span class="muted">
              {when(e.createdAt)}
              {e.user ? ` by ${e.user.username}` : ''}
            </span>
            <details>
              <summary>Data</summary>
              <pre>{JSON.stringify(e.data, null, 2)}</pre>
            </details>
          </li>
        ))}
      </ol>
    </>
  );
}

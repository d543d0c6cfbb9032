// Sign-in with the `login` mutation; shows why the person was signed out, if they were.
import { useState } from 'preact/hooks';
import { gql } from '../api.js';
import { navigate, queryParams } from '../router.js';
import { type Profile, signInNotice, startSession } from '../session.js';
import { useStore } from '../store.js';
import { Alert, Field, Status, errorText } from '../ui.js';

export function SignIn() {
  const notice = useStore(signInNotice);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      const d = await gql<{ login: { token: string; user: Profile } }>(
        'mutation($u: String!, $p: String!) { login(username: $u, password: $p, tokenName: "web admin") { token user { id username isStaff isSuperuser } } }',
        { u: username, p: password },
      );
      const next = queryParams().get('next');
      startSession(d.login.token, d.login.user);
      navigate(next?.startsWith('/') && !next.startsWith('/signin') ? next : '/', true);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="signin">
      <h1 tabIndex={-1}>Sign in to PartGraph</h1>
      {notice && <Status>{notice}</Status>}
      <form onSubmit={submit} aria-busy={busy}>
        <Field
          label="Username"
          input={{
            name: 'username',
            autoComplete: 'username',
            required: true,
            value: username,
            onInput: (e) => setUsername((e.target as HTMLInputElement).value),
          }}
        />
        <Field
          label="Password"
          input={{
            name: 'password',
            type: 'password',
            autoComplete: 'current-password',
            required: true,
            value: password,
            onInput: (e) => setPassword((e.target as HTMLInputElement).value),
          }}
        />
        <Alert>{error}</Alert>
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </div>
  );
}

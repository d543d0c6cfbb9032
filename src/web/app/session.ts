// Who is signed in: the token and user from the `login` mutation, kept in localStorage (GraphiQL at
// /graphql reads the same keys). Sign-out revokes the token on the server; an expired or revoked
// token (UNAUTHENTICATED, or WebSocket close 4401) ends the session with a message.
import { store } from './store.js';

export const TOKEN_KEY = 'partgraph.token';
export const USER_KEY = 'partgraph.user';
const PROFILE_KEY = 'partgraph.profile';

export interface Profile {
  id: string;
  username: string;
  isStaff: boolean;
  isSuperuser: boolean;
}

function readProfile(): Profile | null {
  try {
    const raw = localStorage.getItem(PROFILE_KEY);
    return raw ? (JSON.parse(raw) as Profile) : null;
  } catch {
    return null;
  }
}

export const session = store<{ token: string | null; user: Profile | null }>({
  token: localStorage.getItem(TOKEN_KEY),
  user: readProfile(),
});

/** A message shown on the sign-in page (why the person was signed out). */
export const signInNotice = store<string>('');

export function startSession(token: string, user: Profile): void {
  localStorage.setItem(TOKEN_KEY, token);
  localStorage.setItem(USER_KEY, user.username);
  localStorage.setItem(PROFILE_KEY, JSON.stringify(user));
  signInNotice.set('');
  session.set({ token, user });
}

export function endSession(notice = ''): void {
  localStorage.removeItem(TOKEN_KEY);
  localStorage.removeItem(USER_KEY);
  localStorage.removeItem(PROFILE_KEY);
  signInNotice.set(notice);
  session.set({ token: null, user: null });
}

// The web admin's entry point: layout (skip link, navigation, signed-in user, sign-out) and the
// route table. Staff pages are hidden from non-staff here and refused by the server anyway.
import './app.css';
import type { ComponentChildren } from 'preact';
import { render } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { gql } from './api.js';
import './live.js';
import { Dashboard } from './pages/dashboard.js';
import { EventsPage } from './pages/events.js';
import { CategoriesPage, CategoryPage, LocationPage, LocationsPage } from './pages/trees.js';
import { PartPage, PartsPage } from './pages/parts.js';
import { PluginPage } from './pages/plugin.js';
import { PluginsPage } from './pages/plugins.js';
import { RegistryPage } from './pages/registry.js';
import { SignIn } from './pages/signin.js';
import { StockItemPage, StockPage } from './pages/stock.js';
import { SwitchesPage } from './pages/switches.js';
import { PluginNav } from './plugin-ui.js';
import { match, navigate, route } from './router.js';
import { endSession, session } from './session.js';
import { useStore } from './store.js';
import { Link } from './ui.js';

interface Page {
  path: string;
  title: string;
  staff?: boolean;
  render: (p: Record<string, string>) => ComponentChildren;
}

const PAGES: Page[] = [
  { path: '/', title: 'Dashboard', render: () => <Dashboard /> },
  { path: '/parts', title: 'Parts', render: () => <PartsPage /> },
  { path: '/parts/:id', title: 'Part', render: (p) => <PartPage id={p.id} /> },
  { path: '/categories', title: 'Categories', render: () => <CategoriesPage /> },
  { path: '/categories/:id', title: 'Category', render: (p) => <CategoryPage id={p.id} /> },
  { path: '/locations', title: 'Locations', render: () => <LocationsPage /> },
  { path: '/locations/:id', title: 'Location', render: (p) => <LocationPage id={p.id} /> },
  { path: '/stock', title: 'Stock', render: () => <StockPage /> },
  { path: '/stock/:id', title: 'Stock item', render: (p) => <StockItemPage id={p.id} /> },
  { path: '/plugins', title: 'Plugins', staff: true, render: () => <PluginsPage /> },
  { path: '/plugins/:key', title: 'Plugin', staff: true, render: (p) => <PluginPage pluginKey={p.key} /> },
  { path: '/registry', title: 'Registry', staff: true, render: () => <RegistryPage /> },
  { path: '/switches', title: 'Plugin switches', staff: true, render: () => <SwitchesPage /> },
  { path: '/events', title: 'Live events', staff: true, render: () => <EventsPage /> },
];

const NAV: { href: string; label: string; staff?: boolean }[] = [
  { href: '/', label: 'Dashboard' },
  { href: '/parts', label: 'Parts' },
  { href: '/categories', label: 'Categories' },
  { href: '/locations', label: 'Locations' },
  { href: '/stock', label: 'Stock' },
  { href: '/plugins', label: 'Plugins', staff: true },
  { href: '/registry', label: 'Registry', staff: true },
  { href: '/switches', label: 'Switches', staff: true },
  { href: '/events', label: 'Events', staff: true },
];

async function signOut(): Promise<void> {
  try {
    await gql('mutation { logout }');
  } catch {
    // Already invalid: signing out locally is what matters.
  }
  endSession('You have signed out.');
  navigate('/signin');
}

function App() {
  const { user } = useStore(session);
  const path = useStore(route);
  const mainRef = useRef<HTMLElement>(null);
  const pathname = path.split('?')[0];

  const found = PAGES.map((p) => ({ page: p, params: match(p.path, pathname) })).find((m) => m.params);
  const title = user ? (found?.page.title ?? 'Not found') : 'Sign in';
  useEffect(() => {
    document.title = `${title} · PartGraph`;
  }, [title]);
  // Move focus to the page heading after navigation (screen readers announce the new page).
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on each navigation
  useEffect(() => {
    mainRef.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [pathname]);

  if (!user) {
    if (pathname !== '/signin') navigate(`/signin?next=${encodeURIComponent(path)}`, true);
    return (
      <main id="main" ref={mainRef}>
        <SignIn />
      </main>
    );
  }
  if (pathname === '/signin') {
    navigate('/', true);
    return null;
  }
  const forbidden = found?.page.staff && !user.isStaff;
  const navCurrent = (href: string) =>
    href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <Link href="/" class="brand">
          PartGraph
        </Link>
        <nav aria-label="Main">
          <ul>
            {NAV.filter((n) => !n.staff || user.isStaff).map((n) => (
              <li key={n.href}>
                <Link href={n.href} aria-current={navCurrent(n.href) ? 'page' : undefined}>
                  {n.label}
                </Link>
              </li>
            ))}
            <li>
              <a href="/graphql">GraphiQL</a>
            </li>
          </ul>
          <PluginNav current={pathname} />
        </nav>
        <div class="who">
          <span>
            {user.username}
            {user.isSuperuser ? ' (superuser)' : user.isStaff ? ' (staff)' : ''}
          </span>
          <button type="button" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" ref={mainRef}>
        {!found ? (
          <h1 tabIndex={-1}>Page not found</h1>
        ) : forbidden ? (
          <>
            <h1 tabIndex={-1}>Staff only</h1>
            <p>This page is for staff members.</p>
          </>
        ) : (
          found.page.render(found.params!)
        )}
      </main>
    </>
  );
}

render(<App />, document.getElementById('root')!);

// The start page: inventory counts, and the dashboard items UI-mixin plugins contribute.
import { Panels } from '../plugin-ui.js';
import { Link, QueryView, useQuery } from '../ui.js';

interface Counts {
  parts: { totalCount: number };
  partCategories: { totalCount: number };
  stockLocations: { totalCount: number };
  stockItems: { totalCount: number };
  serverStatus: { version: string; schemaHash: string };
}

export function Dashboard() {
  const q = useQuery<Counts>(
    `{ parts(limit: 0) { totalCount } partCategories(limit: 0) { totalCount }
       stockLocations(limit: 0) { totalCount } stockItems(limit: 0) { totalCount }
       serverStatus { version schemaHash } }`,
    {},
    [],
  );
  return (
    <>
      <h1 tabIndex={-1}>Dashboard</h1>
      <QueryView q={q}>
        {(d) => (
          <>
            <ul class="cards">
              <li>
                <Link href="/parts">{d.parts.totalCount} parts</Link>
              </li>
              <li>
                <Link href="/categories">{d.partCategories.totalCount} categories</Link>
              </li>
              <li>
                <Link href="/locations">{d.stockLocations.totalCount} locations</Link>
              </li>
              <li>
                <Link href="/stock">{d.stockItems.totalCount} stock items</Link>
              </li>
            </ul>
            <p class="muted">
              Server {d.serverStatus.version}, schema <code>{d.serverStatus.schemaHash.slice(0, 12)}</code>
            </p>
          </>
        )}
      </QueryView>
      <Panels target="DASHBOARD" />
    </>
  );
}

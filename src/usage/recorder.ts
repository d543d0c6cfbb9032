// Operation usage, aggregated in memory and flushed to Postgres in batches (store.ts). The request
// path does a map lookup and a counter update: a document is analysed (hash, coordinates) the
// first time this process sees it under a schema, then cached by its DocumentNode (Apollo reuses
// parsed documents) and by its text (graphql-ws parses every time). No database work happens on
// the request path. Must stay true: bounded memory (distinct operations capped, text cache capped).
import type { DocumentNode, GraphQLSchema } from 'graphql';
import { logger } from '../log.js';
import { analyzeDocument, type DocumentUsage } from './coordinates.js';
import { cleanupUsage, flushUsage, type UsageBatchRow } from './store.js';
import type { MikroORM } from '../db/orm.js';

const log = logger('usage');

export type UsageRole = 'anonymous' | 'user' | 'staff' | 'superuser';

export interface UsageOptions {
  flushMs: number;
  maxOperations: number;
  retentionDays: number;
}

export interface OperationSighting {
  document: DocumentNode;
  schema: GraphQLSchema;
  /** The request's query text when known (lets graphql-ws reuse the analysis). */
  source?: string;
  operationName?: string | null;
  clientName: string;
  clientVersion: string;
  role: UsageRole;
}

/** One document's counters: role → client name → client version → counter (kept across flushes). */
type DocumentCounters = Map<string, Map<string, Map<string, Counter>>>;

interface Cached {
  schema: GraphQLSchema;
  usage: DocumentUsage;
  /** Null when the document was refused by the cap on distinct operations. */
  counters: DocumentCounters | null;
  /** The counter used last (most traffic of a document comes from one client): no map lookup. */
  last?: Counter;
}

interface Counter {
  hash: string;
  clientName: string;
  clientVersion: string;
  role: UsageRole;
  /** Since the last flush (0: not in the dirty list). */
  count: number;
  firstSeen: number;
  lastSeen: number;
}

const CLEANUP_EVERY_MS = 3600_000;

/** Reads the client's name and version from its headers (Apollo's, else x-client-*), else "unknown". */
export function clientOf(headers: { get(name: string): string | null | undefined }): { name: string; version: string } {
  const pick = (a: string, b: string) => (headers.get(a) || headers.get(b) || 'unknown').slice(0, 100);
  return {
    name: pick('apollographql-client-name', 'x-client-name'),
    version: pick('apollographql-client-version', 'x-client-version'),
  };
}

export function roleOf(user: { isStaff?: boolean; isSuperuser?: boolean } | null | undefined): UsageRole {
  if (!user) return 'anonymous';
  if (user.isSuperuser) return 'superuser';
  return user.isStaff ? 'staff' : 'user';
}

const recorders = new Set<UsageRecorder>();

/** Flushes every running recorder of this process (before a preview reads the table). */
export async function flushAllUsage(): Promise<void> {
  await Promise.all([...recorders].map((r) => r.flush()));
}

export class UsageRecorder {
  #byNode = new WeakMap<DocumentNode, Cached>();
  #byText = new Map<string, Cached>();
  /** hash → its counters, for every document this process admitted (the cap on distinct operations). */
  #known = new Map<string, DocumentCounters>();
  /** Counters incremented since the last flush. */
  #dirty: Counter[] = [];
  /** Documents not yet written. */
  #docs = new Map<string, DocumentUsage>();
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();
  #lastCleanup = 0;
  dropped = 0;

  constructor(
    private readonly orm: MikroORM,
    readonly options: UsageOptions,
  ) {}

  start(): void {
    recorders.add(this);
    this.#timer = setInterval(() => void this.flush(), this.options.flushMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    recorders.delete(this);
    await this.flush();
  }

  /** The document's analysis and counters: cached by node, then by text; analysed on first sight. */
  #lookup(s: OperationSighting): Cached {
    let cached = this.#byNode.get(s.document);
    if (cached?.schema === s.schema) return cached;
    if (s.source !== undefined) {
      cached = this.#byText.get(s.source);
      if (cached?.schema === s.schema) {
        this.#byNode.set(s.document, cached);
        return cached;
      }
    }
    const usage = analyzeDocument(s.schema, s.document, s.operationName);
    let counters = this.#known.get(usage.hash) ?? null;
    if (!counters && this.#known.size < this.options.maxOperations) {
      counters = new Map();
      this.#known.set(usage.hash, counters);
      this.#docs.set(usage.hash, usage);
    }
    cached = { schema: s.schema, usage, counters };
    this.#byNode.set(s.document, cached);
    if (s.source !== undefined) {
      if (this.#byText.size >= this.options.maxOperations * 2) this.#byText.clear();
      this.#byText.set(s.source, cached);
    }
    return cached;
  }

  /** Counts one executed operation (the request path: two map lookups and a counter, no I/O). */
  record(s: OperationSighting): void {
    let cached: Cached;
    try {
      cached = this.#lookup(s);
    } catch (e) {
      log.debug(`operation not analysed: ${(e as Error).message}`);
      return;
    }
    const counters = cached.counters;
    if (!counters) {
      this.dropped++;
      return;
    }
    const now = Date.now();
    let c = cached.last;
    if (!c || c.clientName !== s.clientName || c.clientVersion !== s.clientVersion || c.role !== s.role) {
      c = this.#counterOf(cached, counters, s, now);
      cached.last = c;
    }
    if (c.count++ === 0) {
      c.firstSeen = now;
      this.#dirty.push(c);
    }
    c.lastSeen = now;
  }

  #counterOf(cached: Cached, counters: DocumentCounters, s: OperationSighting, now: number): Counter {
    let byName = counters.get(s.role);
    if (!byName) {
      byName = new Map();
      counters.set(s.role, byName);
    }
    let byVersion = byName.get(s.clientName);
    if (!byVersion) {
      byVersion = new Map();
      byName.set(s.clientName, byVersion);
    }
    let c = byVersion.get(s.clientVersion);
    if (!c) {
      c = {
        hash: cached.usage.hash,
        clientName: s.clientName,
        clientVersion: s.clientVersion,
        role: s.role,
        count: 0,
        firstSeen: now,
        lastSeen: now,
      };
      byVersion.set(s.clientVersion, c);
    }
    return c;
  }

  /** Writes what was counted since the last flush (one batch; concurrent calls queue). */
  flush(): Promise<void> {
    this.#flushing = this.#flushing.then(() => this.#flushOnce());
    return this.#flushing;
  }

  async #flushOnce(): Promise<void> {
    if (!this.#dirty.length && !this.#docs.size) return;
    const docs = [...this.#docs.values()];
    this.#docs = new Map();
    // Synchronously: take the counts and reset them, so requests during the write count afresh.
    const rows: UsageBatchRow[] = this.#dirty.map((c) => {
      const row = {
        hash: c.hash,
        client_name: c.clientName,
        client_version: c.clientVersion,
        role: c.role,
        count: c.count,
        first_seen: new Date(c.firstSeen).toISOString(),
        last_seen: new Date(c.lastSeen).toISOString(),
      };
      c.count = 0;
      return row;
    });
    this.#dirty = [];
    try {
      await flushUsage(this.orm, docs, rows, this.options.maxOperations);
      if (Date.now() - this.#lastCleanup > CLEANUP_EVERY_MS) {
        this.#lastCleanup = Date.now();
        await cleanupUsage(this.orm, this.options.retentionDays);
      }
    } catch (e) {
      log.warn(`operation usage not saved (${rows.length} rows): ${(e as Error).message}`);
    }
  }
}

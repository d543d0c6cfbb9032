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

interface Cached {
  schema: GraphQLSchema;
  usage: DocumentUsage;
}

interface Counter {
  hash: string;
  clientName: string;
  clientVersion: string;
  role: UsageRole;
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
  #counters = new Map<string, Counter>();
  #docs = new Map<string, DocumentUsage>();
  /** Hashes this process has seen (the cap on distinct operations). */
  #known = new Set<string>();
  #stored = new Set<string>();
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

  #analyse(s: OperationSighting): DocumentUsage {
    let cached = this.#byNode.get(s.document);
    if (cached?.schema === s.schema) return cached.usage;
    if (s.source !== undefined) {
      cached = this.#byText.get(s.source);
      if (cached?.schema === s.schema) {
        this.#byNode.set(s.document, cached);
        return cached.usage;
      }
    }
    cached = { schema: s.schema, usage: analyzeDocument(s.schema, s.document, s.operationName) };
    this.#byNode.set(s.document, cached);
    if (s.source !== undefined) {
      if (this.#byText.size >= this.options.maxOperations * 2) this.#byText.clear();
      this.#byText.set(s.source, cached);
    }
    return cached.usage;
  }

  /** Counts one executed operation (the request path: no I/O). */
  record(s: OperationSighting): void {
    let usage: DocumentUsage;
    try {
      usage = this.#analyse(s);
    } catch (e) {
      log.debug(`operation not analysed: ${(e as Error).message}`);
      return;
    }
    if (!this.#known.has(usage.hash)) {
      if (this.#known.size >= this.options.maxOperations) {
        this.dropped++;
        return;
      }
      this.#known.add(usage.hash);
    }
    if (!this.#stored.has(usage.hash)) this.#docs.set(usage.hash, usage);
    const key = `${usage.hash}\n${s.clientName}\n${s.clientVersion}\n${s.role}`;
    const now = Date.now();
    const c = this.#counters.get(key);
    if (c) {
      c.count++;
      c.lastSeen = now;
    } else {
      this.#counters.set(key, {
        hash: usage.hash,
        clientName: s.clientName,
        clientVersion: s.clientVersion,
        role: s.role,
        count: 1,
        firstSeen: now,
        lastSeen: now,
      });
    }
  }

  /** Writes what was counted since the last flush (one batch; concurrent calls queue). */
  flush(): Promise<void> {
    this.#flushing = this.#flushing.then(() => this.#flushOnce());
    return this.#flushing;
  }

  async #flushOnce(): Promise<void> {
    if (!this.#counters.size && !this.#docs.size) return;
    const counters = [...this.#counters.values()];
    const docs = [...this.#docs.values()];
    this.#counters = new Map();
    this.#docs = new Map();
    const rows: UsageBatchRow[] = counters.map((c) => ({
      hash: c.hash,
      client_name: c.clientName,
      client_version: c.clientVersion,
      role: c.role,
      count: c.count,
      first_seen: new Date(c.firstSeen).toISOString(),
      last_seen: new Date(c.lastSeen).toISOString(),
    }));
    try {
      await flushUsage(this.orm, docs, rows, this.options.maxOperations);
      for (const d of docs) this.#stored.add(d.hash);
      if (Date.now() - this.#lastCleanup > CLEANUP_EVERY_MS) {
        this.#lastCleanup = Date.now();
        await cleanupUsage(this.orm, this.options.retentionDays);
      }
    } catch (e) {
      log.warn(`operation usage not saved (${rows.length} rows): ${(e as Error).message}`);
    }
  }
}

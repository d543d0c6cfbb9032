// Schema composition with 100 synthetic GraphQL plugins (a type, a query, a mutation and a field
// on the core type Part each) against the core-only composition, alternated run by run; plus
// request latency while compositions run back to back ("does a rebuild stall requests?").
import { Field, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { Part } from '../src/db/entities/index.js';
import { InvenTreePlugin } from '../src/plugin/index.js';
import { GraphQLMixin } from '../src/plugin/mixins/index.js';
import type { App } from '../src/server/app.js';
import type { Bench } from './registry.js';
import { fmt, median, percentile } from './stats.js';

function syntheticPlugin(i: number): InvenTreePlugin {
  @ObjectType(`Synthetic${i}Item`)
  class Item {
    @Field(() => ID) id!: string;
    @Field(() => String) label!: string;
  }

  @Resolver(() => Part)
  class SyntheticResolver {
    @Query(() => [Item], { name: `synthetic${i}Items` })
    items(): Item[] {
      return [];
    }

    @Mutation(() => Boolean, { name: `synthetic${i}Touch` })
    touch(): boolean {
      return true;
    }

    @FieldResolver(() => String, { name: `synthetic${i}Label` })
    label(@Root() part: Part): string {
      return `${i}:${part.name}`;
    }
  }

  class Synthetic extends GraphQLMixin(InvenTreePlugin) {
    static override NAME = `Synthetic ${i}`;
    static override GRAPHQL_RESOLVERS = [SyntheticResolver];
    static override GRAPHQL_TYPES = [Item];
  }
  return new Synthetic();
}

async function latencies(url: string, token: string, whileRunning: () => Promise<void>): Promise<number[]> {
  const out: number[] = [];
  let done = false;
  const load = (async () => {
    while (!done) {
      const t0 = performance.now();
      const r = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: '{"query":"{ me { username } }"}',
      });
      await r.json();
      out.push(performance.now() - t0);
    }
  })();
  await whileRunning();
  done = true;
  await load;
  return out;
}

export const composeBench: Bench = {
  name: 'compose',
  async run(app: App, token: string): Promise<string[]> {
    const plugins = Array.from({ length: 100 }, (_, i) => syntheticPlugin(i));
    // The registry's composition step on its own (what activatePlugin runs before the swap).
    const composeSchema = (list: InvenTreePlugin[]) => app.services.plugins!.compose(list);
    const core: number[] = [];
    const full: number[] = [];
    const rounds = Number(process.env.BENCH_COMPOSE_ROUNDS ?? 15);
    await composeSchema(plugins); // warm-up (and a check that all 100 compose)
    for (let r = 0; r < rounds; r++) {
      core.push((await composeSchema([])).ms);
      const result = await composeSchema(plugins);
      if (result.rejected.length) throw new Error(`rejected: ${JSON.stringify(result.rejected[0])}`);
      const part = result.schema.getType('Part') as { getFields(): Record<string, unknown> } | undefined;
      if (!part?.getFields().synthetic99Label || !result.schema.getQueryType()?.getFields().synthetic99Items)
        throw new Error('composition is missing plugin fields');
      full.push(result.ms);
      // The swap itself: validate + print + hash, as activatePlugin does.
      if (r === 0) app.holder.swap(result.schema, result.ms);
    }
    app.holder.swap((await composeSchema([])).schema);
    const quiet = await latencies(app.url, token, () => new Promise((r) => setTimeout(r, 1500)));
    const busy = await latencies(app.url, token, async () => {
      // One composition per "toggle", with the event loop free in between (as with real toggles).
      for (let k = 0; k < 20; k++) {
        await composeSchema(plugins);
        await new Promise((r) => setTimeout(r, 50));
      }
    });
    return [
      `compose core only:        median ${fmt(median(core))}`,
      `compose core + 100 plugins: median ${fmt(median(full))}  (ratio ${(median(full) / median(core)).toFixed(2)}x core)`,
      `request latency, idle:      median ${fmt(median(quiet))}  p99 ${fmt(percentile(quiet, 99))}  (${quiet.length} requests)`,
      `request latency, composing: median ${fmt(median(busy))}  p99 ${fmt(percentile(busy, 99))}  max ${fmt(Math.max(...busy))}  (${busy.length} requests)`,
    ];
  },
};

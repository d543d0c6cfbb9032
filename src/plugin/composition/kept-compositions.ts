// A registry's recent compositions. Composing is deterministic: the same base and the same
// contributions (same classes, typeDefs text and resolver map objects, by plugin key) give the
// same schema. So putting a recent active set back in service (undoing a
// toggle, another process following it) serves the schema composed for it last time instead of
// composing it again; any other set is composed afresh, reusing the type-graphql part when its
// classes are the same (type-graphql-part.ts).
//
// What must stay true: a kept schema is never written into after composition — callers that
// write into the result (the planner's grace deprecations) ask for a fresh one (`reuse: false`);
// the resolvers of a reused schema get the current plugin instances (type-graphql ones through
// adopt, SDL ones through their PluginSlot), since a reactivated plugin is a new instance.
import type { SchemaClass } from '../../graphql/build.js';
import { composeSchema, type ComposeResult } from './compose.js';
import type { SchemaContribution } from './contribution.js';
import { identityOf, TypeGraphQLBuilds } from './type-graphql-part.js';

/** Compositions kept: the served one and the one before it, with room for a preview or two. */
const KEPT = 4;

function keyOf(base: readonly SchemaClass[], contributions: readonly SchemaContribution[]): string {
  const parts = [base.map(identityOf).join(',')];
  for (const c of contributions) {
    parts.push(
      [
        // Not the plugin instance: on reuse, resolvers are re-pointed at the current one.
        c.pluginKey,
        c.resolvers.map(identityOf).join(','),
        c.types.map(identityOf).join(','),
        // Often a fresh `{}` when the plugin has none.
        Object.keys(c.resolverMap).length ? identityOf(c.resolverMap) : '',
        c.typeDefs,
      ].join('\u0001'),
    );
  }
  return parts.join('\u0000');
}

export class KeptCompositions {
  readonly #builds = new TypeGraphQLBuilds();
  readonly #results = new Map<string, ComposeResult>();

  /**
   * Composes the base plus the contributions, or (`reuse`) hands back the schema kept for the same
   * input. Only `reuse: false` results may be written into. `fresh` builds everything anew, the
   * type-graphql part included (an explicit rebuild).
   */
  async compose(
    base: readonly SchemaClass[],
    contributions: readonly SchemaContribution[],
    { reuse, fresh = false }: { reuse: boolean; fresh?: boolean },
  ): Promise<ComposeResult> {
    if (fresh) return composeSchema(contributions, { baseResolvers: base });
    const t0 = performance.now();
    const key = keyOf(base, contributions);
    const kept = reuse ? this.#results.get(key) : undefined;
    if (kept) {
      this.#results.delete(key); // re-inserted: the Map's order is the recency order
      this.#results.set(key, kept);
      this.#builds.adopt(contributions);
      for (const c of contributions) {
        const slot = kept.slots.get(c.pluginKey);
        if (slot) slot.plugin = c.plugin;
      }
      return { ...kept, rejected: [...kept.rejected], ms: performance.now() - t0 };
    }
    const result = await composeSchema(contributions, { baseResolvers: base, builds: this.#builds });
    if (reuse) {
      this.#results.set(key, { ...result, rejected: [...result.rejected] });
      while (this.#results.size > KEPT) this.#results.delete(this.#results.keys().next().value!);
    }
    return result;
  }
}

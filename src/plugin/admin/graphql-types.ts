// GraphQL types of the plugin admin API. Built from registry records; author and publishDate
// resolve lazily because their git fallback is looked up off the hot path.
// Server file paths are shown to staff only (null for other users).
import { Ctx, Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { isStaff } from '../../auth/guards.js';
import type { GraphQLContext } from '../../graphql/context.js';
import type { ConfigRow } from '../registry/config-store.js';
import type { PluginRecord, RegistryError } from '../registry/records.js';
import type { RegistryReader } from '../registry/reader.js';
import { OperationImpactType } from '../../usage/graphql-types.js';

@ObjectType('PluginError', { description: 'A problem the registry recorded for a plugin (or a module without a key).' })
export class PluginErrorType {
  @Field(() => String, {
    nullable: true,
    description: 'Plugin key; null when the module failed before a key was known.',
  })
  key!: string | null;

  #path = '';

  @Field(() => String, {
    nullable: true,
    description: 'The file or folder the plugin was found at (staff only; null for other users).',
  })
  path(@Ctx() ctx: GraphQLContext): string | null {
    return isStaff(ctx.user) ? this.#path : null;
  }

  @Field(() => String, { description: 'discovery, load, activation or schema.' })
  stage!: string;

  @Field(() => String)
  message!: string;

  static from(e: RegistryError): PluginErrorType {
    const out = Object.assign(new PluginErrorType(), { key: e.key, stage: e.stage, message: e.message });
    out.#path = e.path;
    return out;
  }
}

@ObjectType('Plugin', {
  description: 'A discovered plugin (or, with missing: true, a configuration row whose plugin is gone).',
})
export class PluginType {
  @Field(() => ID, { description: 'Registry key: the slugified SLUG or NAME; the PluginConfig key.' }) key!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { description: 'URL-safe slug (same as key).' }) slug!: string;
  @Field(() => String) title!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => String, { nullable: true }) website!: string | null;
  @Field(() => String, { nullable: true }) version!: string | null;
  @Field(() => String, { nullable: true }) license!: string | null;
  @Field(() => String, { nullable: true }) minVersion!: string | null;
  @Field(() => String, { nullable: true }) maxVersion!: string | null;
  @Field(() => Boolean, { description: 'Running in this server (configured active, loaded and in the schema).' })
  active!: boolean;
  @Field(() => Boolean, { description: 'PluginConfig.active: what staff asked for.' }) configActive!: boolean;
  @Field(() => String, { nullable: true, description: 'builtin, package, folder or sample; null when missing.' })
  source!: string | null;
  @Field(() => Boolean) isBuiltin!: boolean;
  @Field(() => Boolean) isMandatory!: boolean;
  @Field(() => Boolean) isSample!: boolean;
  @Field(() => Boolean) isPackage!: boolean;
  @Field(() => Boolean, { description: 'Its PluginConfig row exists but the plugin was not found at discovery.' })
  missing!: boolean;
  @Field(() => String, { nullable: true }) packageName!: string | null;
  #path: string | null = null;

  @Field(() => String, {
    nullable: true,
    description: 'The file or folder the plugin was found at (staff only; null for other users).',
  })
  path(@Ctx() ctx: GraphQLContext): string | null {
    return isStaff(ctx.user) ? this.#path : null;
  }
  @Field(() => [String]) mixins!: string[];
  @Field(() => Boolean, { description: 'MIN_VERSION/MAX_VERSION admit this server version.' }) compatible!: boolean;
  @Field(() => [PluginErrorType]) errors!: PluginErrorType[];
  @Field(() => [String], { description: 'Non-fatal notices, e.g. use of the deprecated IntegrationPluginBase.' })
  warnings!: string[];
  @Field(() => [String], { description: 'Types and schema coordinates this plugin contributes to the current schema.' })
  contributes!: string[];

  @Field(() => [OperationImpactType], {
    nullable: true,
    description:
      'On an activatePlugin result: the recorded operations the toggle broke (PLUGIN_TOGGLE_GUARD warn, or forced). Null elsewhere.',
  })
  brokenOperations: OperationImpactType[] | null = null;

  #authorship: (() => Promise<{ author: string | null; date: string | null }>) | undefined;

  @Field(() => String, {
    nullable: true,
    description: 'AUTHOR, else the last git commit author of the plugin file/folder.',
  })
  async author(): Promise<string | null> {
    return this.#authorship ? (await this.#authorship()).author : null;
  }

  @Field(() => String, { nullable: true, description: 'PUBLISH_DATE, else the last git commit date (ISO 8601).' })
  async publishDate(): Promise<string | null> {
    return this.#authorship ? (await this.#authorship()).date : null;
  }

  static fromRecord(r: PluginRecord, registry: RegistryReader, configActive: boolean): PluginType {
    const p = Object.assign(new PluginType(), {
      key: r.key,
      name: r.meta.name,
      slug: r.meta.slug,
      title: r.meta.title,
      description: r.meta.description,
      website: r.meta.website,
      version: r.meta.version,
      license: r.meta.license,
      minVersion: r.meta.minVersion,
      maxVersion: r.meta.maxVersion,
      active: registry.isActive(r.key),
      configActive,
      source: r.candidate.source,
      isBuiltin: r.candidate.source === 'builtin',
      isMandatory: r.isMandatory,
      isSample: r.candidate.source === 'sample',
      isPackage: r.candidate.source === 'package',
      missing: false,
      packageName: r.candidate.packageName,
      mixins: [...r.mixins],
      compatible: r.compatible,
      errors: registry.errorsOf(r).map(PluginErrorType.from),
      warnings: [...r.warnings],
      contributes: registry.contributes(r.key),
    });
    p.#path = r.candidate.path;
    p.#authorship = () => registry.authorship(r);
    return p;
  }

  static fromMissingRow(row: ConfigRow): PluginType {
    const m = row.metadata ?? {};
    const s = (k: string): string | null => (typeof m[k] === 'string' ? (m[k] as string) : null);
    const p = Object.assign(new PluginType(), {
      key: row.key,
      name: row.name,
      slug: row.key,
      title: s('title') ?? row.name,
      description: s('description'),
      website: s('website'),
      version: s('version'),
      license: s('license'),
      minVersion: s('minVersion'),
      maxVersion: s('maxVersion'),
      active: false,
      configActive: row.active,
      source: null,
      isBuiltin: false,
      isMandatory: false,
      isSample: false,
      isPackage: !!row.packageName,
      missing: true,
      packageName: row.packageName,
      mixins: Array.isArray(m.mixins) ? (m.mixins as unknown[]).map(String) : [],
      compatible: true,
      errors: [],
      warnings: [],
      contributes: [],
    });
    p.#path = s('path');
    return p;
  }
}

@ObjectType('PluginRegistryStatus', { description: 'The registry as this server process sees it.' })
export class PluginRegistryStatusType {
  @Field(() => [String], { description: 'Keys of the plugins running here, sorted.' }) activeKeys!: string[];
  @Field(() => String, { description: 'Hash of the schema currently served.' }) schemaHash!: string;
  @Field(() => Int) schemaVersion!: number;
  @Field(() => Date, { nullable: true, description: 'When the registry last composed the schema.' })
  lastBuildAt!: Date | null;
  @Field(() => Float, { nullable: true, description: 'How long that composition took (ms).' }) lastBuildMs!:
    | number
    | null;
  @Field(() => Int) discovered!: number;
  @Field(() => Boolean) pluginsEnabled!: boolean;
  @Field(() => Boolean) pluginTesting!: boolean;
  @Field(() => [PluginErrorType], { description: 'Every registry error, all stages.' }) errors!: PluginErrorType[];
  @Field(() => [PluginType], { description: 'PluginConfig rows whose plugin was not found.' }) missing!: PluginType[];
}

@ObjectType('PluginStateChange', { description: "One change of a plugin's active state (audit trail)." })
export class PluginStateChangeType {
  @Field(() => ID) id!: string;
  @Field(() => String) pluginKey!: string;
  @Field(() => String, { nullable: true, description: 'Who made it; null for the CLI or a deleted user.' }) username!:
    | string
    | null;
  @Field(() => String, { description: 'graphql, cli or startup.' }) source!: string;
  @Field(() => Boolean) fromActive!: boolean;
  @Field(() => Boolean) toActive!: boolean;
  @Field(() => String, { description: 'toggle (an activation change), install or uninstall.' }) action!: string;
  @Field(() => String, { nullable: true, description: 'For install/uninstall: the npm spec and version.' })
  detail!: string | null;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Boolean, { description: 'Done with force: true past PLUGIN_TOGGLE_GUARD.' }) forced!: boolean;
}

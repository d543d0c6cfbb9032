// GraphQL types of operation usage, toggle previews and the schema history (staff API). Shared by
// the core usage API (resolvers.ts) and the plugin admin's previewPluginChange.
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { Classified } from './classify.js';
import type { SchemaDiff } from './schema-diff.js';
import type { ClientUsageRow, OperationUsageRow } from './store.js';

export enum OperationClassification {
  BROKEN = 'BROKEN',
  POTENTIALLY_AFFECTED = 'POTENTIALLY_AFFECTED',
}
registerEnumType(OperationClassification, { name: 'OperationClassification' });

@ObjectType('ClientUsage', { description: 'One client (name and version from its headers) using an operation.' })
export class ClientUsageType {
  @Field(() => String) name!: string;
  @Field(() => String) version!: string;
  @Field(() => Int) count!: number;
  @Field(() => Date) lastSeen!: Date;

  static from(c: ClientUsageRow): ClientUsageType {
    return Object.assign(new ClientUsageType(), c);
  }
}

@ObjectType('OperationUsage', { description: 'A recorded operation (by the hash of its normalised document).' })
export class OperationUsageType {
  @Field(() => String) hash!: string;
  @Field(() => String, { nullable: true }) operationName!: string | null;
  @Field(() => String) operationType!: string;
  @Field(() => String, { description: 'The normalised document.' }) document!: string;
  @Field(() => [String], { description: 'Schema coordinates the operation uses.' }) coordinates!: string[];
  @Field(() => Int) count!: number;
  @Field(() => Date) firstSeen!: Date;
  @Field(() => Date) lastSeen!: Date;
  @Field(() => [ClientUsageType]) clients!: ClientUsageType[];
  @Field(() => [String], { description: 'Roles of its callers: anonymous, user, staff, superuser.' })
  roles!: string[];

  static from(r: OperationUsageRow): OperationUsageType {
    return Object.assign(new OperationUsageType(), { ...r, clients: r.clients.map(ClientUsageType.from) });
  }
}

@ObjectType('SchemaCoordinateUsage', { description: 'How much recorded traffic uses one schema coordinate.' })
export class SchemaCoordinateUsageType {
  @Field(() => String) coordinate!: string;
  @Field(() => Int) count!: number;
  @Field(() => Date, { nullable: true }) lastSeen!: Date | null;
  @Field(() => [ClientUsageType]) clients!: ClientUsageType[];
  @Field(() => [OperationUsageType]) operations!: OperationUsageType[];
}

@ObjectType('SchemaCoordinateChange')
export class SchemaCoordinateChangeType {
  @Field(() => String) coordinate!: string;
  @Field(() => String, { description: 'TYPE, FIELD, ARGUMENT, ENUM_VALUE or INPUT_FIELD.' }) kind!: string;
}

@ObjectType('SchemaChange', { description: 'A graphql-js breaking or dangerous change (its type and description).' })
export class SchemaChangeType {
  @Field(() => String) type!: string;
  @Field(() => String) description!: string;
}

@ObjectType('OperationImpact', { description: 'A recorded operation a schema change would break or affect.' })
export class OperationImpactType {
  @Field(() => String) hash!: string;
  @Field(() => String, { nullable: true }) operationName!: string | null;
  @Field(() => String) operationType!: string;
  @Field(() => OperationClassification) classification!: OperationClassification;
  @Field(() => [String], { description: 'Validation errors against the planned schema (BROKEN).' }) errors!: string[];
  @Field(() => Int) count!: number;
  @Field(() => Date) lastSeen!: Date;
  @Field(() => [ClientUsageType]) clients!: ClientUsageType[];
}

export function impactsOf(c: Classified): OperationImpactType[] {
  return c.operations.map((o) =>
    Object.assign(new OperationImpactType(), {
      ...o,
      classification: OperationClassification[o.classification],
      clients: o.clients.map(ClientUsageType.from),
    }),
  );
}

@ObjectType('PluginChangePreview', {
  description: 'What a plugin toggle would change in the schema, and which recorded operations it would break.',
})
export class PluginChangePreviewType {
  @Field(() => String) key!: string;
  @Field(() => Boolean) active!: boolean;
  @Field(() => String) schemaHashBefore!: string;
  @Field(() => String) schemaHashAfter!: string;
  @Field(() => [SchemaCoordinateChangeType]) added!: SchemaCoordinateChangeType[];
  @Field(() => [SchemaCoordinateChangeType]) removed!: SchemaCoordinateChangeType[];
  @Field(() => [SchemaChangeType]) breakingChanges!: SchemaChangeType[];
  @Field(() => [SchemaChangeType]) dangerousChanges!: SchemaChangeType[];
  @Field(() => [OperationImpactType]) operations!: OperationImpactType[];
  @Field(() => Int) unaffectedCount!: number;

  static from(
    input: { key: string; active: boolean; hashBefore: string; hashAfter: string },
    diff: SchemaDiff,
    classified: Classified,
  ): PluginChangePreviewType {
    const coord = (change: string) =>
      diff.changes
        .filter((c) => c.change === change)
        .map((c) => Object.assign(new SchemaCoordinateChangeType(), { coordinate: c.coordinate, kind: c.kind }));
    return Object.assign(new PluginChangePreviewType(), {
      key: input.key,
      active: input.active,
      schemaHashBefore: input.hashBefore,
      schemaHashAfter: input.hashAfter,
      added: coord('ADDED'),
      removed: coord('REMOVED'),
      breakingChanges: diff.breakingChanges.map((c) => Object.assign(new SchemaChangeType(), c)),
      dangerousChanges: diff.dangerousChanges.map((c) => Object.assign(new SchemaChangeType(), c)),
      operations: impactsOf(classified),
      unaffectedCount: classified.unaffectedCount,
    });
  }
}

@ObjectType('SchemaDiffEntry', { description: 'One coordinate that differs between two schema versions.' })
export class SchemaDiffEntryType {
  @Field(() => String) coordinate!: string;
  @Field(() => String) kind!: string;
  @Field(() => String, { description: 'ADDED, REMOVED or CHANGED.' }) change!: string;
  @Field(() => String, { nullable: true, description: 'Type/default/members before.' }) before!: string | null;
  @Field(() => String, { nullable: true }) after!: string | null;
  @Field(() => Boolean) breaking!: boolean;
  @Field(() => Boolean) dangerous!: boolean;
}

@ObjectType('SchemaDiff')
export class SchemaDiffType {
  @Field(() => String) from!: string;
  @Field(() => String) to!: string;
  @Field(() => [SchemaDiffEntryType]) changes!: SchemaDiffEntryType[];
  @Field(() => [SchemaChangeType]) breakingChanges!: SchemaChangeType[];
  @Field(() => [SchemaChangeType]) dangerousChanges!: SchemaChangeType[];
}

@ObjectType('SchemaVersion', { description: 'A composed schema version kept in the history (deduplicated by hash).' })
export class SchemaVersionType {
  @Field(() => String) hash!: string;
  @Field(() => [String], { description: 'The active plugin keys it was composed from.' }) activeKeys!: string[];
  @Field(() => String, { description: 'The schema-shaping switches as JSON (switch → on).' }) switches!: string;
  @Field(() => String, { description: 'toggle, reload, start-up, install, switch or sync.' }) reason!: string;
  @Field(() => String, { nullable: true, description: 'Who caused it (null: the system or the CLI).' })
  username!: string | null;
  @Field(() => Date, { description: 'When it was first composed.' }) createdAt!: Date;
  @Field(() => Date, { description: 'When it was last put in service.' }) lastActiveAt!: Date;
  @Field(() => String, { description: 'Its SDL.' }) sdl!: string;
}

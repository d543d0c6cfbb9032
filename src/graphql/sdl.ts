// The SDL committed in schema/schema.graphql: the core schema with no plugin contributions.
import { printSchema } from 'graphql';
import { buildCoreSchema } from './core-schema.js';

export async function coreSdl(): Promise<string> {
  return printSchema(await buildCoreSchema()) + '\n';
}

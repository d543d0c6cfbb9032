// Printing a base schema (core + module resolvers, no plugin contributions) as committed SDL.
import { printSchema } from 'graphql';
import { buildBaseSchema, type ResolverClass } from './core-schema.js';

export async function baseSdl(extra: readonly ResolverClass[]): Promise<string> {
  return `${printSchema(await buildBaseSchema(extra))}\n`;
}

// Errors plugin authors can raise or meet (stable import target via src/plugin/index.ts).

/** A mixin is used but implemented wrong (a required member left at its default, wrong shape). */
export class MixinImplementationError extends Error {
  override name = 'MixinImplementationError';
}

/** A core mechanism the mixin needs is missing from the plugin (e.g. a required method not overridden). */
export class MixinNotImplementedError extends Error {
  override name = 'MixinNotImplementedError';
}

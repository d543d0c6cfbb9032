// EventMixin's load-time check, for every class the mixin makes (not only the first one).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MixinImplementationError } from '../../errors.js';
import { InvenTreePlugin } from '../../plugin.js';
import { mixinDefinition } from '../class-marks.js';
import { EventMixin } from './mixin.js';

class Implements extends EventMixin(InvenTreePlugin) {
  static override NAME = 'Implements';
  override async processEvent(): Promise<void> {}
}

class Forgets extends EventMixin(InvenTreePlugin) {
  static override NAME = 'Forgets';
}

describe('EventMixin checks', () => {
  const validate = (plugin: InvenTreePlugin) => mixinDefinition('events')!.validate!(plugin);

  it('accepts a plugin that implements processEvent', () => {
    assert.doesNotThrow(() => validate(new Implements()));
  });

  it('refuses a later EventMixin class that leaves processEvent out', () => {
    assert.throws(
      () => validate(new Forgets()),
      (e: unknown) => e instanceof MixinImplementationError && /forgets.*processEvent/i.test(e.message),
    );
  });
});

// Calls the mixins' run-time hooks (InvenTree's _activate_mixin / _deactivate_mixin) in
// MIXIN_ORDER: setup/teardown once per server process, attach when a plugin starts running here,
// detach (in reverse order) when it stops. Without a host (the CLI) nothing runs. A failing hook is
// recorded on the plugin at stage "activation" and does not stop the other hooks or plugins.
import { logger } from '../../log.js';
import type { MixinHost, MixinLifecycle, PrepareContext } from '../mixins/lifecycle.js';
import { MIXIN_ORDER } from '../mixins/order.js';
import type { InvenTreePlugin } from '../plugin.js';
import { describeError } from './problems.js';
import type { RegistryStage } from './records.js';

const log = logger('plugins');

export type HookFailure = (pluginKey: string, message: string) => void;

export class MixinHooks {
  #setupDone!: () => void;
  /**
   * Hook runs not yet finished, chained so a plugin's detach never overtakes its attach. The chain
   * starts with setup: plugins applied before it (the active set at start) attach after it.
   */
  #pending: Promise<void> = new Promise((resolve) => (this.#setupDone = resolve));

  constructor(
    private readonly host: MixinHost | undefined,
    private readonly onFailure: HookFailure,
  ) {}

  /** Sets the mixins up (they see the active set applied so far), then lets queued attaches run. */
  async setup(): Promise<void> {
    try {
      if (this.host) for (const mixin of MIXIN_ORDER) await mixin.setup?.(this.host);
    } finally {
      this.#setupDone();
    }
  }

  /**
   * Waits for running hooks, then tears the mixins down in reverse order. Running plugins are not
   * detached first: a process that stops must not undo what other processes still run (schedules).
   */
  async teardown(): Promise<void> {
    this.#setupDone();
    await this.#pending;
    if (!this.host) return;
    for (const mixin of [...MIXIN_ORDER].reverse()) {
      try {
        await mixin.teardown?.(this.host);
      } catch (e) {
        log.error(`mixin ${mixin.name}: teardown failed`, e);
      }
    }
  }

  /** The plugin started running here: attach its mixins in order (in the background). */
  started(plugin: InvenTreePlugin): void {
    this.#run(plugin, 'activation', MIXIN_ORDER, (m, host) => m.attach?.(plugin, host));
  }

  /** The plugin stopped running here: detach its mixins in reverse order (in the background). */
  stopped(plugin: InvenTreePlugin): void {
    this.#run(plugin, 'deactivation', [...MIXIN_ORDER].reverse(), (m, host) => m.detach?.(plugin, host));
  }

  /** Resolves once every hook started so far has finished. */
  settled(): Promise<void> {
    return this.#pending;
  }

  #run(
    plugin: InvenTreePlugin,
    what: string,
    order: readonly MixinLifecycle[],
    hook: (m: MixinLifecycle, host: MixinHost) => unknown,
  ): void {
    const host = this.host;
    if (!host) return;
    this.#pending = this.#pending.then(async () => {
      for (const mixin of order) {
        if (!plugin.hasMixin(mixin.name)) continue;
        try {
          await hook(mixin, host);
        } catch (e) {
          this.onFailure(plugin.key, `${what} hook of mixin "${mixin.name}" failed: ${describeError(e)}`);
        }
      }
    });
  }
}

/** A prepare hook that refused: the stage its mixin records failures at, and why. */
export interface PrepareFailure {
  stage: RegistryStage;
  message: string;
}

/**
 * Runs the plugin's mixins' prepare hooks in MIXIN_ORDER inside `ctx.em`'s transaction; stops at
 * the first that throws and says which (the caller rolls the transaction back).
 */
export async function prepareMixins(plugin: InvenTreePlugin, ctx: PrepareContext): Promise<PrepareFailure | null> {
  for (const mixin of MIXIN_ORDER) {
    if (!mixin.prepare || !plugin.hasMixin(mixin.name)) continue;
    try {
      await mixin.prepare(plugin, ctx);
    } catch (e) {
      return { stage: mixin.prepareStage ?? 'activation', message: describeError(e) };
    }
  }
  return null;
}

/** Whether any of the plugin's mixins has a prepare hook (no transaction is opened otherwise). */
export function needsPrepare(plugin: InvenTreePlugin): boolean {
  return MIXIN_ORDER.some((m) => m.prepare && plugin.hasMixin(m.name));
}

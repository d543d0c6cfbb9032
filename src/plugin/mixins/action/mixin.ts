// ActionMixin (InvenTree's ActionMixin): a plugin answers a named action that signed-in users
// call through `pluginAction(action, data)` (admin.ts). The plugin declares ACTION_NAME (a slug:
// letters, digits, _ and -) and implements performAction; getResult and getInfo shape the answer.
// The calls run in the request, in this order: performAction, getResult, getInfo.
import type { User } from '../../../db/entities/index.js';
import { MixinImplementationError, MixinNotImplementedError } from '../../errors.js';
import type { InvenTreePlugin } from '../../plugin.js';
import { registerMixin, type PluginClass } from '../declare.js';

/** The `data` object a client sent with the action (a JSON object; empty when none was sent). */
export type ActionData = Record<string, unknown>;
/** Anything JSON can carry: what getResult / getInfo answer. */
export type ActionAnswer = unknown;

interface ActionStatics {
  ACTION_NAME?: unknown;
}

const ACTION_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/** Whether `name` is a usable ACTION_NAME (letters, digits, _ and -, not starting with _ or -; at most 100). */
export function isActionName(name: unknown): name is string {
  return typeof name === 'string' && name.length <= 100 && ACTION_NAME_RE.test(name);
}

/** The ACTION_NAME a plugin class (or instance) declares; null when it declares none that is usable. */
export function actionNameOf(plugin: InvenTreePlugin | PluginClass): string | null {
  const cls = (typeof plugin === 'function' ? plugin : plugin.constructor) as ActionStatics;
  return isActionName(cls.ACTION_NAME) ? cls.ACTION_NAME : null;
}

/** What the admin API needs from a plugin with ActionMixin. */
export interface ActionPlugin extends InvenTreePlugin {
  performAction(user: User, data: ActionData): unknown;
  getResult(user: User, data: ActionData): ActionAnswer;
  getInfo(user: User, data: ActionData): ActionAnswer;
}

export function isActionPlugin(plugin: InvenTreePlugin): plugin is ActionPlugin {
  return plugin.hasMixin('action');
}

// The default performAction of every ActionMixin class. The mixin's definition (and so validate)
// is recorded once, by the first factory call, so it must not compare with one class's prototype.
const defaultPerformAction = new WeakSet<object>();

/**
 * The plugin answering `action` among `active` (the running plugins): the first by key of those
 * with ActionMixin declaring that ACTION_NAME; null when none does.
 */
export function actionPluginFor(active: readonly InvenTreePlugin[], action: string): ActionPlugin | null {
  let found: ActionPlugin | null = null;
  for (const p of active) {
    if (isActionPlugin(p) && actionNameOf(p) === action && (!found || p.key < found.key)) found = p;
  }
  return found;
}

/**
 * ```ts
 * class Echo extends ActionMixin(InvenTreePlugin) {
 *   static ACTION_NAME = 'echo';
 *   async performAction(user, data) { this.last = data; }
 *   getResult() { return 'ok'; }
 *   getInfo(user, data) { return { echoed: data }; }
 * }
 * ```
 */
export function ActionMixin<TBase extends PluginClass>(Base: TBase) {
  abstract class Action extends Base {
    /** Required: the name clients call (`pluginAction(action: "<ACTION_NAME>")`). */
    static ACTION_NAME = '';

    /** Required: does the work. Throw to fail the call (the client gets PLUGIN_ACTION_FAILED). */
    performAction(_user: User, _data: ActionData): unknown {
      throw new MixinNotImplementedError(`plugin '${this.key}' (ActionMixin) must implement performAction(user, data)`);
    }

    /** The `result` of the answer (JSON). Default: true. */
    getResult(_user: User, _data: ActionData): ActionAnswer {
      return true;
    }

    /** The `info` of the answer (JSON). Default: null. */
    getInfo(_user: User, _data: ActionData): ActionAnswer {
      return null;
    }
  }
  defaultPerformAction.add(Action.prototype.performAction);
  registerMixin(Action, {
    name: 'action',
    humanName: 'Action',
    validate(plugin) {
      const who = `plugin '${plugin.key}' (ActionMixin)`;
      const name = (plugin.constructor as ActionStatics).ACTION_NAME;
      if (!name) throw new MixinImplementationError(`${who}: ACTION_NAME must be set`);
      if (!isActionName(name))
        throw new MixinImplementationError(
          `${who}: ACTION_NAME "${String(name)}" may use letters, digits, _ and - only (at most 100 characters)`,
        );
      if (defaultPerformAction.has((plugin as unknown as Action).performAction))
        throw new MixinNotImplementedError(`${who} must implement performAction(user, data)`);
    },
  });
  return Action;
}

// Sample (loaded with PLUGIN_TESTING): the ActionMixin. Action "sample-echo" answers the data it
// was sent and who sent it; `{ "fail": true }` in the data makes it throw (to see
// PLUGIN_ACTION_FAILED), `{ "refuse": "why" }` makes it refuse with its own coded error.
import { GraphQLError } from 'graphql';
import { InvenTreePlugin, type User } from '../index.js';
import { ActionMixin, type ActionData } from '../mixins/index.js';

export class ActionEchoPlugin extends ActionMixin(InvenTreePlugin) {
  static override NAME = 'Action Echo';
  static override SLUG = 'sample-action-echo';
  static override DESCRIPTION = 'Sample: action "sample-echo" answers what it was sent.';
  static override VERSION = '1.0.0';
  static override ACTION_NAME = 'sample-echo';

  /** How many actions this instance performed (reset when the plugin is reloaded). */
  calls = 0;

  override performAction(_user: User, data: ActionData): void {
    if (data.fail === true) throw new Error('the echo was told to fail');
    if (typeof data.refuse === 'string')
      throw new GraphQLError(`refused: ${data.refuse}`, { extensions: { code: 'ECHO_REFUSED' } });
    this.calls += 1;
  }

  override getResult(): string {
    return 'echo';
  }

  override getInfo(user: User, data: ActionData): Record<string, unknown> {
    return { echoed: data, user: user.username, calls: this.calls };
  }
}

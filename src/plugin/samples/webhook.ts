// Sample (loaded with PLUGIN_TESTING): the UrlsMixin. Serves, while active,
//   POST /plugin/sample-webhook/hook/:device  (public; checks a shared secret header)
//   GET  /plugin/sample-webhook/              (signed-in users: what was received)
//   DELETE /plugin/sample-webhook/            (staff: forget what was received)
import { InvenTreePlugin } from '../index.js';
import { UrlsMixin, type PluginRoute } from '../mixins/index.js';

interface Received {
  device: string;
  payload: unknown;
  at: string;
}

export const SAMPLE_WEBHOOK_SECRET_HEADER = 'x-sample-secret';

export class WebhookPlugin extends UrlsMixin(InvenTreePlugin) {
  static override NAME = 'Sample Webhook';
  static override SLUG = 'sample-webhook';
  static override DESCRIPTION = 'Sample: receives device webhooks under /plugin/sample-webhook/.';
  static override VERSION = '1.0.0';

  /** Kept in memory: a sample, not a store. */
  readonly received: Received[] = [];

  override setupUrls(): PluginRoute[] {
    return [
      {
        method: 'POST',
        path: 'hook/:device',
        access: 'public',
        handler: async ({ req, params, json, res }) => {
          if (req.headers[SAMPLE_WEBHOOK_SECRET_HEADER] !== 'sample') {
            res.writeHead(403, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'bad secret' }));
            return;
          }
          const entry = { device: params.device!, payload: await json(), at: new Date().toISOString() };
          this.received.push(entry);
          return { ok: true, count: this.received.length };
        },
      },
      { path: '', handler: ({ user }) => ({ viewer: user?.username, received: this.received }) },
      {
        method: 'DELETE',
        path: '',
        access: 'staff',
        handler: () => ({ cleared: this.received.splice(0).length }),
      },
    ];
  }
}

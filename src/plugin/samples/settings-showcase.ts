// Sample (loaded with PLUGIN_TESTING): the SettingsMixin with every setting type, validators,
// a required, a protected and a hidden setting.
import { InvenTreePlugin } from '../index.js';
import { SettingsMixin, type SettingDefinitions } from '../mixins/index.js';

export class SettingsShowcasePlugin extends SettingsMixin(InvenTreePlugin) {
  static override NAME = 'Settings Showcase';
  static override SLUG = 'sample-settings';
  static override DESCRIPTION = 'Sample: one setting of each type, with validators.';
  static override VERSION = '1.0.0';
  static override SETTINGS: SettingDefinitions = {
    GREETING: { name: 'Greeting', description: 'Free text', default: 'Hello' },
    LABEL_PREFIX: {
      name: 'Label prefix',
      description: 'Two to five capital letters',
      validator: { regex: /^[A-Z]{2,5}$/, message: 'must be 2 to 5 capital letters' },
      default: 'PG',
    },
    ENABLED: { name: 'Enabled', type: 'boolean', default: false },
    BATCH_SIZE: { name: 'Batch size', type: 'integer', default: 10, validator: { min: 1, max: 100 } },
    RATIO: { name: 'Ratio', type: 'float', default: 0.5, validator: [{ min: 0, max: 1 }] },
    EVEN_NUMBER: {
      name: 'An even number',
      type: 'integer',
      validator: (v) => (typeof v === 'number' && v % 2 !== 0 ? 'must be even' : undefined),
    },
    COLOR: {
      name: 'Colour',
      type: 'choice',
      choices: [{ value: 'red', label: 'Red' }, 'green', 'blue'],
      default: 'green',
    },
    DEFAULT_LOCATION: { name: 'Default location', type: 'model', model: 'stocklocation' },
    API_KEY: {
      name: 'API key',
      description: 'Required; shown masked to non-superusers',
      required: true,
      protected: true,
    },
    INTERNAL_STATE: { name: 'Internal state', hidden: true },
  };
}

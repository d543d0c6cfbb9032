// Server-wide settings staff can change at run time (InvenTree's global settings). The plugin
// switches keep InvenTree's names; unlike InvenTree they default to on, since enabling each
// plugin is already a staff decision.
import type { SettingDefinitions } from './definitions.js';

export const GLOBAL_SETTINGS: SettingDefinitions = {
  ENABLE_PLUGINS_EVENTS: {
    name: 'Enable event integration',
    description: 'Deliver events to active plugins with the EventMixin',
    type: 'boolean',
    default: true,
  },
  ENABLE_PLUGINS_SCHEDULE: {
    name: 'Enable schedule integration',
    description: 'Run the scheduled tasks of active plugins with the ScheduleMixin',
    type: 'boolean',
    default: true,
  },
  ENABLE_PLUGINS_GRAPHQL: {
    name: 'Enable GraphQL integration',
    description: 'Include the GraphQL contributions of active plugins in the schema',
    type: 'boolean',
    default: true,
  },
  ENABLE_PLUGINS_URL: {
    name: 'Enable URL integration',
    description: 'Serve the HTTP routes of active plugins under /plugin/<slug>/',
    type: 'boolean',
    default: true,
  },
  ENABLE_PLUGINS_APP: {
    name: 'Enable app integration',
    description:
      'Run the migrations of AppMixin plugins and let them use their tables; applies when such a plugin next starts',
    type: 'boolean',
    default: true,
  },
  ENABLE_PLUGINS_NAVIGATION: {
    name: 'Enable navigation integration',
    description: 'List the navigation entries of active plugins with the NavigationMixin (uiNavigation)',
    type: 'boolean',
    default: true,
  },
  ENABLE_PLUGINS_INTERFACE: {
    name: 'Enable interface integration',
    description: 'Show the panels and dashboard items of active plugins with the UserInterfaceMixin (uiPanels)',
    type: 'boolean',
    default: true,
  },
  ENABLE_PLUGINS_INSTALL: {
    name: 'Enable plugin installation',
    description:
      'Let superusers install and uninstall plugin packages from npm (installPlugin / uninstallPlugin); off by default',
    type: 'boolean',
    default: false,
  },
  BARCODE_GENERATOR: {
    name: 'Barcode generator',
    description:
      'Key of the active barcode plugin whose generate() makes the barcode fields; PartGraph barcodes otherwise',
    default: 'partgraph-barcode',
    validator: { regex: '^[a-z0-9][a-z0-9._-]{0,99}$', message: 'must be a plugin key' },
  },
  PLUGIN_TOGGLE_GUARD: {
    name: 'Plugin toggle guard',
    description:
      'What a plugin toggle does when it would break operations clients sent in the last 30 days: off (nothing), warn (proceed and report them), block (refuse unless forced)',
    type: 'choice',
    choices: ['off', 'warn', 'block'],
    default: 'warn',
  },
};

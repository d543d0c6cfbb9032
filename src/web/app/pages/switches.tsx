// Global plugin switches (staff): the ENABLE_PLUGINS_* settings (and other global settings) as
// a typed form; a switch that shapes the schema rebuilds it at once.
import { gql } from '../api.js';
import { bumpPlugins } from '../live.js';
import { QueryView, useQuery } from '../ui.js';
import { SETTING_FIELDS, type SettingRow, SettingsForm } from './settings-form.js';

export function SwitchesPage() {
  const q = useQuery<{ globalSettings: SettingRow[] }>(`{ globalSettings { ${SETTING_FIELDS} } }`, {}, []);
  const save = (key: string, value: string | null) =>
    gql('mutation($k: String!, $v: String) { updateGlobalSetting(key: $k, value: $v) { key } }', { k: key, v: value });
  return (
    <>
      <h1 tabIndex={-1}>Plugin switches</h1>
      <p>Server-wide switches for what plugins may do. Changes apply at once here, within a second elsewhere.</p>
      <QueryView q={q}>
        {(d) => {
          const switches = d.globalSettings.filter((s) => s.key.startsWith('ENABLE_PLUGINS_'));
          const others = d.globalSettings.filter((s) => !s.key.startsWith('ENABLE_PLUGINS_'));
          const saved = () => {
            bumpPlugins();
            q.reload();
          };
          return (
            <>
              <SettingsForm label="Plugin switches" settings={switches} save={save} onSaved={saved} />
              {others.length > 0 && (
                <>
                  <h2>Other global settings</h2>
                  <SettingsForm label="Other global settings" settings={others} save={save} onSaved={saved} />
                </>
              )}
            </>
          );
        }}
      </QueryView>
    </>
  );
}

// The plugins file (InvenTree's plugins.txt): DATA_DIR/plugins-installed/plugins.txt, one npm spec
// per line — `name@version` for registry installs (pinned to the version installed) or
// `name@file:/abs/path.tgz` for tarballs — with `#` comments. installPlugin and uninstallPlugin
// keep it in step; PLUGINS_INSTALL_ON_STARTUP installs what it lists and is missing.
// What must stay true: writes replace the file atomically (write a temp file, rename).
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface PluginsFileEntry {
  /** npm package name. */
  name: string;
  /** What follows `name@`: a version (range) or `file:<path>`. */
  spec: string;
}

/** `name@spec` → entry; the first `@` after position 0 separates them (scoped names start with `@`). */
export function parseLine(line: string): PluginsFileEntry | null {
  const text = line.replace(/#.*/, '').trim();
  if (!text) return null;
  const at = text.indexOf('@', 1);
  if (at < 0) return { name: text, spec: 'latest' };
  return { name: text.slice(0, at), spec: text.slice(at + 1) };
}

export async function readPluginsFile(file: string): Promise<PluginsFileEntry[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .map(parseLine)
    .filter((e): e is PluginsFileEntry => e !== null);
}

const HEADER =
  '# Plugins installed with installPlugin / `partgraph plugins install` (one npm spec per line).\n' +
  '# PLUGINS_INSTALL_ON_STARTUP=true installs the ones that are missing when the server starts.\n';

export async function writePluginsFile(file: string, entries: PluginsFileEntry[]): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const sorted = [...entries].sort((a, b) => a.name.localeCompare(b.name));
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, HEADER + sorted.map((e) => `${e.name}@${e.spec}\n`).join(''));
  await rename(tmp, file);
}

/** Replaces (or adds) the entry for `entry.name`. */
export async function recordInPluginsFile(file: string, entry: PluginsFileEntry): Promise<void> {
  const entries = (await readPluginsFile(file)).filter((e) => e.name !== entry.name);
  await writePluginsFile(file, [...entries, entry]);
}

/** Removes the entry for `name`. */
export async function forgetInPluginsFile(file: string, name: string): Promise<void> {
  const entries = await readPluginsFile(file);
  if (entries.some((e) => e.name === name))
    await writePluginsFile(
      file,
      entries.filter((e) => e.name !== name),
    );
}

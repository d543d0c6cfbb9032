// `partgraph plugins create <name> [--dir D] [--mixins graphql,settings,events] [--sdk SPEC]`:
// writes a ready plugin package (InvenTree's plugin creator). Needs no database. Never
// overwrites: the target folder must not exist or be empty.
import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SERVER_ROOT } from '../../plugin/registry/paths.js';
import { nameProblem, namesOf, parseMixins, type ScaffoldMixin } from './names.js';
import { GITIGNORE, packageJson, pluginSource, readme, type TemplateInput, testSource, tsconfig } from './templates.js';

export const CREATE_USAGE =
  'plugins create NAME [--dir PARENT] [--mixins graphql,settings,events] [--sdk PACKAGE_SPEC]';

export interface CreateOptions {
  name: string;
  /** The parent folder; the plugin goes into `<dir>/<name>`. Default: where `npm run` was started (INIT_CWD), else the current directory. */
  dir?: string;
  mixins?: ScaffoldMixin[];
  /** How the plugin's package.json names the SDK. Default: `file:` this server's sdk/ folder. */
  sdkSpec?: string;
}

/** Parses the command's arguments; throws an Error with a message for the user. */
export function parseCreateArgs(args: string[]): CreateOptions {
  const opts: CreateOptions = { name: '' };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = () => {
      const v = args[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--dir') opts.dir = value();
    else if (a === '--mixins') opts.mixins = parseMixins(value());
    else if (a === '--sdk') opts.sdkSpec = value();
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else if (opts.name) throw new Error(`one plugin name only (got "${opts.name}" and "${a}")`);
    else opts.name = a;
  }
  const problem = nameProblem(opts.name);
  if (problem) throw new Error(problem);
  return opts;
}

/** Writes the plugin package and returns its folder. */
export async function createPlugin(opts: CreateOptions): Promise<string> {
  const problem = nameProblem(opts.name);
  if (problem) throw new Error(problem);
  // `npm run cli` runs in the server's folder; INIT_CWD is where the author typed the command.
  const base = process.env.INIT_CWD ?? process.cwd();
  const target = path.resolve(base, opts.dir ?? '.', opts.name);
  if (existsSync(target) && (await readdir(target)).length)
    throw new Error(`${target} already exists and is not empty; choose another name or --dir`);
  const input: TemplateInput = {
    names: namesOf(opts.name),
    mixins: opts.mixins ?? ['graphql'],
    sdkSpec: opts.sdkSpec ?? `file:${path.join(SERVER_ROOT, 'sdk')}`,
  };
  const files: Record<string, string> = {
    'package.json': packageJson(input),
    'tsconfig.json': tsconfig(),
    'src/index.ts': pluginSource(input),
    'test/plugin.test.ts': testSource(input),
    'README.md': readme(input),
    '.gitignore': GITIGNORE,
  };
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(target, rel)), { recursive: true });
    await writeFile(path.join(target, rel), text);
  }
  return target;
}

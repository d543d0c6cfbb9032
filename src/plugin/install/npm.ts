// Runs the npm that runs the server (npm_execpath when started through npm, else `npm` on PATH)
// as a child process: asynchronous, never blocking the event loop, killed after a timeout.
// What must stay true: install scripts are off unless PLUGINS_INSTALL_SCRIPTS allows them, and
// peer dependencies are never installed (the loader maps graphql/type-graphql/partgraph to the
// server's copies), so an install cannot drag a second graphql into the plugin's folder.
import { spawn } from 'node:child_process';

export interface NpmResult {
  code: number | null;
  /** stdout and stderr, interleaved, trimmed to the last 4000 characters. */
  output: string;
}

export interface NpmOptions {
  cwd: string;
  timeoutMs: number;
  allowScripts: boolean;
}

/** How to start npm: [command, leading args]. */
export function npmCommand(env: NodeJS.ProcessEnv = process.env): [string, string[]] {
  const execpath = env.npm_execpath;
  if (execpath && /\.(c?js|mjs)$/.test(execpath)) return [process.execPath, [execpath]];
  return [process.platform === 'win32' ? 'npm.cmd' : 'npm', []];
}

/** The flags every plugin install uses. */
export function installFlags(allowScripts: boolean): string[] {
  return [
    '--legacy-peer-deps',
    '--save-exact',
    '--no-audit',
    '--no-fund',
    '--no-update-notifier',
    ...(allowScripts ? [] : ['--ignore-scripts']),
  ];
}

/**
 * The environment npm gets: what npm and its network need (PATH, HOME, locale, temp, proxies,
 * CA certificates, npm_config_*), not the server's secrets (DATABASE_URL, ADMIN_PASSWORD…),
 * which install scripts (when allowed) could otherwise read.
 */
const NPM_ENV =
  /^(PATH|Path|HOME|USERPROFILE|USER|LOGNAME|LANG|LC_\w+|TMPDIR|TEMP|TMP|SYSTEMROOT|APPDATA|LOCALAPPDATA|(HTTPS?|NO|ALL)_PROXY|(https?|no|all)_proxy|NODE_EXTRA_CA_CERTS|SSL_CERT_(FILE|DIR)|npm_config_\w+|NPM_CONFIG_\w+)$/;

export function npmEnv(env: NodeJS.ProcessEnv, allowScripts: boolean): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) if (NPM_ENV.test(k)) out[k] = v;
  // Set by `npm start` for its scripts: the server's folder. npm installs in its cwd (the package's
  // own folder) anyway; dropped so nothing can point it at the server's node_modules.
  delete out.npm_config_local_prefix;
  out.npm_config_ignore_scripts = allowScripts ? 'false' : 'true';
  return out;
}

export function runNpm(args: string[], opts: NpmOptions): Promise<NpmResult> {
  const [command, lead] = npmCommand();
  return new Promise((resolve) => {
    let output = '';
    const keep = (d: Buffer) => {
      output = (output + d.toString()).slice(-4000);
    };
    const child = spawn(command, [...lead, ...args], {
      cwd: opts.cwd,
      env: npmEnv(process.env, opts.allowScripts),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => {
      output += `\nnpm did not finish within ${opts.timeoutMs / 1000} s and was stopped`;
      child.kill('SIGKILL');
    }, opts.timeoutMs);
    child.once('error', (e) => {
      clearTimeout(timer);
      resolve({ code: null, output: `could not run npm: ${e.message}` });
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output: output.trim() });
    });
  });
}

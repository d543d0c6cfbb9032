// AUTHOR / PUBLISH_DATE fallback from git: the last commit touching the plugin's file or folder.
// Cheap and fault-proof (InvenTree users saw one bad repo break all loading, and 60 s look-ups):
// async, short timeout, at most a few at once, cached by path; any failure means "none".
import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import path from 'node:path';

export interface GitMetadata {
  author: string | null;
  date: string | null;
}

const NONE: GitMetadata = { author: null, date: null };
const TIMEOUT_MS = 3000;
const MAX_PARALLEL = 4;

const cache = new Map<string, Promise<GitMetadata>>();
let running = 0;
const waiting: Array<() => void> = [];

async function slot<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= MAX_PARALLEL) await new Promise<void>((r) => waiting.push(r));
  running++;
  try {
    return await fn();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

function run(cwd: string, target: string): Promise<GitMetadata> {
  return new Promise((resolve) => {
    execFile(
      'git',
      ['log', '-1', '--format=%an%x00%aI', '--', target],
      {
        cwd,
        timeout: TIMEOUT_MS,
        windowsHide: true,
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' },
      },
      (err, stdout) => {
        if (err) return resolve(NONE);
        const [author, date] = stdout.trim().split('\0');
        resolve(author && date ? { author, date: new Date(date).toISOString() } : NONE);
      },
    );
  });
}

async function lookup(target: string): Promise<GitMetadata> {
  try {
    const isDir = (await stat(target)).isDirectory();
    const cwd = isDir ? target : path.dirname(target);
    return await slot(() => run(cwd, target));
  } catch {
    return NONE;
  }
}

/** Last commit author and date of `target` (file or folder); {null, null} when not in git. Never throws. */
export function gitMetadata(target: string): Promise<GitMetadata> {
  let p = cache.get(target);
  if (!p) {
    p = lookup(target);
    cache.set(target, p);
  }
  return p;
}

/** Forget cached look-ups (reload after the plugin's files changed). */
export function clearGitCache(): void {
  cache.clear();
}

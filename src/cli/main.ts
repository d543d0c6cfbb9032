#!/usr/bin/env node
// PartGraph command line: `serve` (default for npm start), `migrate`, `createuser`, `schema:emit`,
// and further commands registered by modules (e.g. `plugins`).
import 'reflect-metadata';
import { loadConfig } from '../config.js';
import { setLogLevel } from '../log.js';
import { commands } from './commands.js';

const [name = 'serve', ...args] = process.argv.slice(2);

async function main(): Promise<number> {
  const config = loadConfig();
  setLogLevel(config.logLevel);
  const command = commands[name];
  if (!command) {
    process.stderr.write(`Unknown command "${name}". Commands:\n`);
    for (const [n, c] of Object.entries(commands)) process.stderr.write(`  ${n.padEnd(14)} ${c.summary}\n`);
    return 2;
  }
  return command.run(args, config);
}

main().then(
  (code) => {
    if (code !== undefined && code !== 0) process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);

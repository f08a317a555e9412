#!/usr/bin/env node
// The `rolebot` command (`npm run cli -- …`, or `dist/cli/main.js` once built). Reads the
// process's arguments, environment and streams here and nowhere else; see cli.ts for the rest.
import { config } from 'dotenv';
import { runCli } from './cli.js';

config({ quiet: true });

// `rolebot ask --json < questions.txt | head -1`: a closed pipe is the reader's choice, not a crash.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  process.exit(error.code === 'EPIPE' ? 0 : 1);
});

process.exitCode = await runCli({
  argv: process.argv.slice(2),
  env: process.env,
  cwd: process.cwd(),
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
});

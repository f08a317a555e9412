// Runs before `npm start` and `npm test`: on a fresh clone there is no node_modules yet, so install
// exactly what the lockfile pins. Uses only Node built-ins because nothing else exists at that point.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const lock = 'package-lock.json';
const marker = 'node_modules/.package-lock.json';
const stale =
  !existsSync(marker) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs);
if (stale) {
  process.stderr.write('rolebot: installing dependencies from package-lock.json (npm ci)…\n');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: ['ignore', 2, 2] });
  if (result.status !== 0) {
    process.stderr.write('rolebot: `npm ci` failed; see the output above.\n');
    process.exit(result.status ?? 1);
  }
}

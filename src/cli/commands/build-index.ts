/** `rolebot index`: builds the index cache ahead of time (npm run build, the Docker image). */
import { loadEngine } from '../../index-cache/cached-engine.js';
import { type CliRun, refuseOptions, usageError, write } from '../context.js';

export async function buildIndex(run: CliRun): Promise<void> {
  refuseOptions(run, []);
  const { knowledgeDir: dir, indexCache: cacheFile } = run.config;
  if (!cacheFile) throw usageError('index writes the index cache; INDEX_CACHE is "off"');
  const { logger } = run;
  let loaded = await loadEngine(dir, { cacheFile, logger });
  // "Up to date" is said only of a cache whose contents were checked, not just its stats.
  if (!(await loaded.verified))
    loaded = await loadEngine(dir, { cacheFile, logger, refresh: true });
  const { engine, from, ms } = loaded;
  await write(
    run.stdout,
    `index cache ${from === 'cache' ? 'already up to date' : 'written'}: ${cacheFile} (${engine.passages.length} passages from ${engine.documents} documents, ${Math.round(ms)} ms)\n`,
  );
}

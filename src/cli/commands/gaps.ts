/** `rolebot gaps`: the most frequent unanswered and voted-down questions, from the store. */
import { openStore } from '../../store/store.js';
import { type CliRun, parseLimit, refuseOptions, write } from '../context.js';

export async function gaps(run: CliRun): Promise<void> {
  refuseOptions(run, ['limit']);
  const limit = parseLimit(run.args.limit ?? '20', 100);
  const { databaseUrl, dataDir } = run.config.store;
  const store = await openStore({ databaseUrl, dataDir, logger: run.logger });
  try {
    const found = await store.topGaps(limit);
    if (run.args.json) {
      for (const gap of found) await write(run.stdout, `${JSON.stringify(gap)}\n`);
    } else if (found.length === 0) {
      await write(run.stdout, 'No knowledge gaps recorded yet.\n');
    } else {
      const lines = found.map(
        (gap, i) =>
          `${String(i + 1).padStart(3)}. ${gap.question}  (${gap.count}×: ${gap.unanswered} unanswered, ${gap.downvoted} voted down)`,
      );
      await write(run.stdout, `${lines.join('\n')}\n`);
    }
  } finally {
    await store.close();
  }
}

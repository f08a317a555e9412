// The cold-start floor: `node --import tsx` starting and printing one JSON line, with no knowledge
// to load. The cold-start rows are compared against it.
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);

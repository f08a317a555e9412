import { RolebotError } from '../errors.js';

/** The exit code an error ends the process with: 2 for a usage mistake, else 1. */
export function exitCodeOf(error: unknown): number {
  return error instanceof RolebotError && error.code === 'usage' ? 2 : 1;
}

/**
 * How the CLI and the console tell a person that something failed: one line, `rolebot: <what>`,
 * and the stack (with causes) only when asked for with LOG_LEVEL=debug or trace.
 */
export function reportError(
  error: unknown,
  stderr: NodeJS.WritableStream,
  options: { debug: boolean },
): void {
  const message = error instanceof Error ? error.message : String(error);
  const expected = error instanceof RolebotError;
  const hint = expected || options.debug ? '' : ' (set LOG_LEVEL=debug to see the stack)';
  stderr.write(`rolebot: ${expected ? '' : 'unexpected error: '}${oneLine(message)}${hint}\n`);
  if (!options.debug) return;
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    stderr.write(`${depth === 0 ? '' : 'caused by: '}${current.stack ?? current.message}\n`);
    current = current.cause;
  }
}

/** A multi-line message (a YAML code frame, say) still reads as one line. */
function oneLine(message: string): string {
  return message.trim().replace(/\s*\n\s*/g, ' ');
}

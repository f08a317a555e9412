import { RolebotError } from '../errors.js';

/** A problem with how rolebot was called or what it was given, told to the person as is. */
export class CliError extends Error {
  /** 2 for usage mistakes (unknown option, missing question), 1 for bad input files. */
  readonly exitCode: number;

  constructor(message: string, exitCode = 1, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** The exit code an error ends the process with. */
export function exitCodeOf(error: unknown): number {
  return error instanceof CliError ? error.exitCode : 1;
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
  const expected = error instanceof RolebotError || error instanceof CliError;
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

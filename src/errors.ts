/**
 * One error vocabulary for rolebot: a small coded error type that keeps the original in `cause`,
 * so adapters (CLI, console, Slack) decide in one place how each code reads to a person. Every
 * error rolebot raises itself is a `RolebotError`; anything else that reaches a reporter is a bug
 * (or a library's), and is reported as unexpected.
 */
export type RolebotErrorCode =
  | 'knowledge_malformed'
  | 'knowledge_empty'
  | 'knowledge_unreadable'
  | 'vocabulary_malformed'
  | 'config_missing'
  | 'config_invalid'
  /** A CLI invocation rolebot cannot read (unknown option, missing question): exit code 2. */
  | 'usage'
  /** A file the CLI was given that it cannot read or parse (a labelled question set). */
  | 'input_invalid'
  /** The feedback store failed (cannot connect, a query failed, closed). */
  | 'store_failed'
  /** A file that is not an index cache of this format: another version's, or not one at all. */
  | 'cache_foreign'
  /** An index cache file that is damaged or cut short, or a value it cannot hold. */
  | 'cache_invalid'
  /** Slack did not take a message rolebot sent. */
  | 'delivery_failed'
  /** The index build worker stopped without answering. */
  | 'build_failed'
  /** Code handed a value of the wrong kind (a bug, not a person's mistake). */
  | 'internal';

export class RolebotError extends Error {
  readonly code: RolebotErrorCode;

  constructor(code: RolebotErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RolebotError';
    this.code = code;
  }
}

/** A problem in one knowledge file, located to the line a person should open. */
export class KnowledgeFileError extends RolebotError {
  readonly file: string;
  readonly line: number;
  /** What is wrong, without the location (the message has both). */
  readonly problem: string;

  constructor(file: string, line: number, problem: string, options?: { cause?: unknown }) {
    super('knowledge_malformed', `knowledge: ${file}:${line}: ${problem}`, options);
    this.name = 'KnowledgeFileError';
    this.file = file;
    this.line = line;
    this.problem = problem;
  }
}

/**
 * One error vocabulary for rolebot: a small coded error type that keeps the original in `cause`,
 * so adapters (CLI, console, Slack) decide in one place how each code reads to a person.
 */
export type RolebotErrorCode =
  | 'knowledge_malformed'
  | 'knowledge_empty'
  | 'knowledge_unreadable'
  | 'vocabulary_malformed'
  | 'config_missing'
  | 'config_invalid';

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

  constructor(file: string, line: number, problem: string, options?: { cause?: unknown }) {
    super('knowledge_malformed', `knowledge: ${file}:${line}: ${problem}`, options);
    this.name = 'KnowledgeFileError';
    this.file = file;
    this.line = line;
  }
}

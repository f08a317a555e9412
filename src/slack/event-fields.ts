/**
 * The fields of an Events API event that rolebot reads from a raw request body, before Bolt has
 * matched it to a listener: each optional, since a body is checked, never trusted. Middleware
 * (admission, rate limit, the error handler) and the event listeners read the same shape.
 */
export interface EventFields {
  type?: string;
  subtype?: string;
  bot_id?: string;
  user?: string;
  text?: string;
  channel?: string;
  channel_type?: string;
  ts?: string;
  thread_ts?: string;
}

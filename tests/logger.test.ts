import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';
import { boltLogger } from '../src/slack/bolt-logger.js';

function capture() {
  const lines: string[] = [];
  return { lines, destination: { write: (line: string) => lines.push(line) } };
}

describe('secrets never reach a log line', () => {
  it('redacts tokens and signing secrets in logged objects, at any of the usual keys', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ level: 'info', destination });
    logger.info(
      {
        token: 'xoxb-1',
        botToken: 'xoxb-2',
        config: { appToken: 'xapp-3', signingSecret: 's3cr3t' },
        headers: { authorization: 'Bearer xoxb-4' },
      },
      'starting',
    );
    const line = lines.join('');
    for (const secret of ['xoxb-1', 'xoxb-2', 'xapp-3', 's3cr3t', 'Bearer xoxb-4'])
      expect(line).not.toContain(secret);
    expect(line).toContain('[redacted]');
  });

  it('masks Slack tokens and the configured secrets inside the messages Bolt logs', () => {
    const { lines, destination } = capture();
    const bolt = boltLogger(createLogger({ level: 'debug', destination }), [
      'plain-signing-secret',
    ]);
    bolt.error('request failed for xoxb-123-456-abcDEF with', { token: 'xapp-1-A1-xyz' });
    bolt.debug(new Error('bad signature computed with plain-signing-secret'));
    const text = lines.join('');
    expect(text).not.toMatch(/xoxb-123|xapp-1-A1|plain-signing-secret/);
    expect(text.match(/\[redacted\]/g)?.length).toBe(3);
  });
});

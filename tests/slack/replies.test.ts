// replyTo answers "who owns X?" from the one answer it already asked for, instead of asking the
// engine the same question a second time through engine.owner: the verdict card must be the same.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine, ownerAnswerFrom } from '../../src/answers/engine.js';
import { loadKnowledge } from '../../src/knowledge/loader.js';
import { renderOwnerCard } from '../../src/render/slack/owner-card.js';
import { replyTo } from '../../src/slack/replies.js';

const KNOWLEDGE_DIR = fileURLToPath(new URL('../../knowledge/', import.meta.url));
const QUESTIONS = readFileSync(new URL('../eval/questions.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => (JSON.parse(line) as { q: string }).q);
const EXTRA = [
  'who owns the roadmap?',
  '  PM or PO: who runs standups?  ',
  'who decides what goes in the next sprint',
  'who owns the budget?',
];

let engine: Engine;
beforeAll(async () => {
  engine = createEngine(await loadKnowledge(KNOWLEDGE_DIR));
});

describe('ownership questions answered with one ask', () => {
  it('ownerAnswerFrom equals engine.owner for every ownership question', () => {
    let owners = 0;
    for (const question of [...QUESTIONS, ...EXTRA]) {
      const answer = engine.ask(question);
      if (!answer.asksOwner) continue;
      owners++;
      expect(ownerAnswerFrom(question, answer), question).toEqual(engine.owner(question));
    }
    expect(owners).toBeGreaterThan(10);
  });

  it('replyTo sends the same verdict card engine.owner would give', () => {
    for (const audience of ['ephemeral', 'channel', 'thread'] as const) {
      for (const question of [...QUESTIONS, ...EXTRA]) {
        const answer = engine.ask(question.trim());
        if (!answer.asksOwner || answer.owner.role === null) continue;
        const reply = replyTo({ kind: 'ask', question: question.trim() }, engine, { audience });
        expect(reply.message, question).toEqual(
          renderOwnerCard(engine.owner(question.trim()), { audience }),
        );
        expect(reply.responseType).toBe(audience === 'channel' ? 'in_channel' : 'ephemeral');
        expect(reply.unanswered).toBeUndefined();
      }
    }
  });
});

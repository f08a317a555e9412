import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { renderAnswerMessage } from '../../../src/render/slack/answer-message.js';
import { expectNoLiveMentions, expectValidMessage } from '../../support/block-kit-validator.js';
import { seedEngine } from '../../support/seed-engine.js';

const engine = await seedEngine();

/** The mrkdwn of each section block, in order. */
function sections(blocks: KnownBlock[]): string[] {
  return blocks.flatMap((block) =>
    block.type === 'section' && block.text ? [block.text.text] : [],
  );
}

describe('answer messages', () => {
  it('lead with the sentence that answers, then its passage as context', () => {
    const answer = engine.ask('what does a product owner do?');
    const [first] = answer.passages;
    if (!first?.sentence) throw new Error('no answering sentence');
    const message = renderAnswerMessage(answer, { audience: 'ephemeral' });
    expectValidMessage(message);
    const texts = sections(message.blocks);
    expect(texts[0]).toBe(`*${first.sentence}*`);
    expect(texts[1]).toContain(first.sentence.slice(0, 40));
    // No verdict: the question asks what the role does, not who owns a duty.
    expect(texts.join('\n')).not.toMatch(/Owner:/);
  });

  it('answer a question that asks two things part by part, each with its verdict', () => {
    const message = renderAnswerMessage(
      engine.ask('po vs pm: who owns the backlog and who owns the roadmap?'),
      { audience: 'ephemeral' },
    );
    expectValidMessage(message);
    expectNoLiveMentions(message);
    const texts = sections(message.blocks).join('\n');
    expect(texts).toMatch(/› po vs pm: who owns the backlog\*\n\*Owner: Product Owner\*/);
    expect(texts).toMatch(/› who owns the roadmap\?\*\n\*Owner: Product Manager\*/);
    // The notification names each part's owner, not one owner for both.
    expect(message.text).toMatch(/› po vs pm: who owns the backlog: Owner: Product Owner/);
    expect(message.text).toMatch(/› who owns the roadmap\?: Owner: Product Manager/);
  });

  it('say when the passages are about the roles asked of, not the words the sources lack', () => {
    const answer = engine.ask('is the po just the pm’s minion <!channel>?');
    const message = renderAnswerMessage(answer, { audience: 'ephemeral' });
    expectValidMessage(message);
    expectNoLiveMentions(message);
    const notes = message.blocks.flatMap((block) =>
      block.type === 'context' ? block.elements.map((e) => ('text' in e ? e.text : '')) : [],
    );
    expect(notes[1]).toMatch(
      /^The sources never say “minion”.*: here is what they say about the Product Owner and the Product Manager\.$/,
    );
    expect(sections(message.blocks).join('\n')).not.toMatch(/Owner:/);
  });
});

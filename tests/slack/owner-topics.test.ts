// What the "Who owns…?" menu offers: the knowledge's aspects and the duties its passages assign,
// only where the knowledge names an owner, each once; and one more source plugs in beside them.
import { describe, expect, it } from 'vitest';
import {
  aspectTopics,
  knowledgeTopics,
  matchTopics,
  ownerTopics,
  passageDutyTopics,
} from '../../src/slack/owner-topics.js';
import { sharedEngine } from '../support/rolebot-app.js';

describe('owner topics', () => {
  it("offers the aspects' duties and the passages' duties, each settled by the knowledge", async () => {
    const engine = await sharedEngine();
    const topics = knowledgeTopics(engine, 'knowledge')();
    const values = topics.map((topic) => topic.value);
    expect(values.slice(0, 4)).toEqual(['strategy', 'vision', 'backlog', 'on-time delivery']);
    expect(values).toContain('product roadmap');
    expect(new Set(values).size).toBe(values.length);
    for (const value of values) expect(engine.owner(value).answer.owner.role).not.toBeNull();
    // Clauses the duty pattern catches are not things anyone owns.
    expect(values.some((value) => /\b(?:that|the)$|^\S+ing\b/.test(value))).toBe(false);
    expect(topics.find((topic) => topic.value === 'backlog')?.label).toBe('Backlog');
  });

  it('takes one more source (say, decision rights) and keeps only what the knowledge settles', async () => {
    const engine = await sharedEngine();
    const decisionRights = {
      name: 'decision rights',
      topics: () => ['Release Planning', 'backlog', 'the zorblat budget'],
    };
    const values = ownerTopics(engine, [
      aspectTopics('knowledge'),
      passageDutyTopics,
      decisionRights,
    ]).map((topic) => topic.value);
    expect(values).toContain('release planning');
    expect(values.filter((value) => value === 'backlog')).toHaveLength(1);
    expect(values).not.toContain('the zorblat budget');
  });

  it('can be worked out ahead, in slices, to the same list', async () => {
    const engine = await sharedEngine();
    const list = knowledgeTopics(engine, 'knowledge');
    // Work queued before the warm-up gets its turn while it runs (it yields between slices).
    let done = false;
    let otherWorkRanFirst = false;
    setImmediate(() => {
      otherWorkRanFirst = !done;
    });
    await list.warm();
    done = true;
    expect(otherWorkRanFirst).toBe(true);
    expect(list()).toEqual(ownerTopics(engine, [aspectTopics('knowledge'), passageDutyTopics]));
  });

  it('filters as you type: topics starting with it first, then containing it', () => {
    const topics = ['roadmap', 'product roadmap', 'backlog', 'road safety'].map((value) => ({
      label: value,
      value,
    }));
    expect(matchTopics(topics, '  ROAD ').map((t) => t.value)).toEqual([
      'roadmap',
      'road safety',
      'product roadmap',
    ]);
    expect(matchTopics(topics, '')).toHaveLength(4);
    expect(matchTopics(topics, '', 2)).toHaveLength(2);
  });
});

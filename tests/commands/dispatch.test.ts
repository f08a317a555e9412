// The one /roles dispatcher: what each command becomes, and "who owns…" questions answered from
// the one ask they need, as the owner verdict every surface shows.
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../src/answers/engine.js';
import { dispatch } from '../../src/commands/dispatch.js';
import { parseRolesCommand } from '../../src/commands/roles-command.js';
import { seedEngine } from '../support/seed-engine.js';

const engine: Engine = await seedEngine();

/** The engine, counting the questions asked of it. */
function counted(inner: Engine) {
  const calls = { ask: 0, owner: 0 };
  const wrapped: Engine = {
    ...inner,
    ask: (question, options) => {
      calls.ask++;
      return inner.ask(question, options);
    },
    owner: (thing, options) => {
      calls.owner++;
      return inner.owner(thing, options);
    },
    passages: inner.passages,
    documents: inner.documents,
  };
  return { engine: wrapped, calls };
}

describe('dispatch', () => {
  it.each([
    'who owns the roadmap?',
    '  who prioritises the backlog?  ',
    'who owns the product backlog?',
  ])('answers the ownership question "%s" with the verdict, asking once', (question) => {
    const { engine: asked, calls } = counted(engine);
    const reply = dispatch(parseRolesCommand(question), asked);
    expect(calls).toEqual({ ask: 1, owner: 0 });
    if (reply.kind !== 'owner') throw new Error(`expected an owner reply, got ${reply.kind}`);
    const { owner } = reply.owner.answer;
    expect(owner.role).not.toBeNull();
    // Grouped by role, the verdict's first, with every statement of the answer kept once.
    expect(reply.owner.byRole[0]?.role).toBe(owner.role);
    for (const group of reply.owner.byRole) {
      expect(group.evidence.every((item) => item.role === group.role)).toBe(true);
    }
    expect(reply.owner.byRole.flatMap((group) => group.evidence)).toHaveLength(
      owner.evidence.length,
    );
    expect(reply.owner.thing).toBe(question.trim());
  });

  it('answers a question that asks no owner with its passages', () => {
    const reply = dispatch(parseRolesCommand('what does a project manager do?'), engine);
    expect(reply.kind).toBe('answer');
    if (reply.kind === 'answer') expect(reply.answer.passages.length).toBeGreaterThan(0);
  });

  it('turns owner, compare, gaps, help and a mistake into their replies', () => {
    const owner = dispatch(parseRolesCommand('owner roadmap'), engine);
    expect(owner.kind === 'owner' && owner.owner.thing).toBe('roadmap');
    const compare = dispatch(parseRolesCommand('compare pm project'), engine);
    expect(compare.kind === 'compare' && compare.comparison.roles).toEqual([
      'product-manager',
      'project-manager',
    ]);
    expect(dispatch(parseRolesCommand('gaps'), engine)).toEqual({ kind: 'gaps' });
    expect(dispatch(parseRolesCommand('config'), engine)).toEqual({ kind: 'config' });
    expect(dispatch(parseRolesCommand('help'), engine)).toEqual({ kind: 'help' });
    expect(dispatch(parseRolesCommand('compare po po'), engine)).toEqual({
      kind: 'help',
      problem: expect.stringContaining('two different roles'),
    });
  });

  it('passes the ask options on: the limit bounds the passages', () => {
    const reply = dispatch(parseRolesCommand('what does a PM do?'), engine, { limit: 1 });
    expect(reply.kind === 'answer' && reply.answer.passages).toHaveLength(1);
  });
});

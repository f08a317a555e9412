import { beforeAll, describe, expect, it } from 'vitest';
import { Analyzer } from '../../src/answers/analyzer.js';
import { questionParts } from '../../src/answers/ask.js';
import { createEngine, type Engine } from '../../src/answers/engine.js';
import { readQuestion } from '../../src/answers/question.js';
import { englishLexicon } from '../../src/knowledge/english.js';
import { loadKnowledge } from '../../src/knowledge/loader.js';

let analyzer: Analyzer;
let engine: Engine;

beforeAll(async () => {
  const knowledge = await loadKnowledge('knowledge');
  analyzer = new Analyzer(knowledge.vocabulary, englishLexicon());
  engine = createEngine(knowledge);
});

describe('question intent', () => {
  it.each([
    ['who owns the roadmap?', 'ownership'],
    ['whose call is the release date', 'ownership'],
    ['who signs off on the launch?', 'ownership'],
    ["who's on the hook for deadlines", 'ownership'],
    ['roadmap owner?', 'ownership'],
    // The same with the asker's guess after it.
    ['sprint goal owner po?', 'ownership'],
    ['release call pm?', 'ownership'],
    ['dev team contact?', 'ownership'],
    ['design review point person', 'ownership'],
    ['outcome accountability?', 'ownership'],
    // A thing, then a role as the asker's guess.
    ['customer feedback - pm?', 'ownership'],
    ['setting priorities po?', 'ownership'],
    ['strategy owner, pm/po?', 'ownership'],
    // The same with the asking word last: "accountable?", or a verb's agent left open.
    ['product success accountable?', 'ownership'],
    ['features decided by', 'ownership'],
    ['success criteria set by?', 'ownership'],
    ['release notes written by?', 'ownership'],
    ['launch responsibility', 'ownership'],
    ['backlog belongs to whom exactly', 'ownership'],
    ['cross-functional team lead', 'ownership'],
    ['does the PO own the backlog?', 'ownership'],
    ['does anyone know who owns the roadmap?', 'ownership'],
    // A duty put to a named role.
    ["is tracking the project the PO's job?", 'ownership'],
    ["roadmap = pm's thing or po's thing?", 'ownership'],
    ['would the project manager be the one breaking down the milestones?', 'ownership'],
    ['which role is the most operations-focused?', 'ownership'],
    ['pm or po for the vision?', 'ownership'],
    // One role given the duty, another offered at the end.
    ['does the pm do the day2day stuff or is that the po', 'ownership'],
    ['is the pm responsible for day to day ops or the po?', 'ownership'],
    ['does the pm write the roadmap or the backlog?', 'ownership'],
    ['does the PM need a degree or a bootcamp?', 'yesno'],
    ['is defining product success a project manager thing or a product manager thing', 'ownership'],
    [
      "does the project manager do the market research, or is that someone else's job?",
      'ownership',
    ],
    ['is the project mgr the person who tracks the project', 'ownership'],
    // Chat's "4" for "for" in the phrases that ask, before any word.
    ['is the po accountable 4 max value to users', 'ownership'],
    ['who is responsible 4 ux research', 'ownership'],
    // A decision named in a few words asks who makes it.
    ['release date decision', 'ownership'],
    ['product direction call', 'ownership'],
    ['which of the three roles tracks delivery?', 'ownership'],
    // A thing set equal to a role, not a role set equal to what it is.
    ['backlog prioritisation = po?', 'ownership'],
    ["ext stakeholders = pm's problem?", 'ownership'],
    ['pm = ceo of the product??', 'other'],
    // A role's responsibilities, or a role named: what it is, not who owns a duty.
    ['pm responsibility', 'other'],
    ['skills pm?', 'other'],
    ['stakeholder alignment pm', 'other'],
    ['why have product managers?', 'other'],
    ['scrum facilitator role', 'other'],
    ['po = pm?', 'comparison'],
    // A thing that is on a role, not one the role takes on.
    ['p&l on the pm or nah', 'ownership'],
    ['in scrum does the PO end up taking on project manager duties?', 'comparison'],
    // A duty put to one role as a yes/no question.
    ['does the PO set the priorities?', 'ownership'],
    ['should the project manager define the product vision?', 'ownership'],
    ['does the PM need to be technical?', 'yesno'],
    // A role as the one who owns a thing, wherever the question puts it; not a role's duties.
    ['imo the proj mgr should own timelines, right?', 'ownership'],
    ['is the vision something the project manager owns, or someone else?', 'ownership'],
    ['what does the PM own?', 'other'],
    ['do POs work with designers?', 'yesno'],
    ['what is a product owner?', 'definition'],
    ['what even is a backlog', 'definition'],
    // "what's" is "what is", not a possessive.
    ["What's a product roadmap?", 'definition'],
    // A thing described at length is asked about, not asked to be defined.
    ["what's the one skill every successful project manager needs", 'other'],
    ['which role matters more, pm or po?', 'comparison'],
    ['pm vs po', 'comparison'],
    ['pm vs po: who gathers customer feedback?', 'ownership'],
    ['pm vs po: who is more senior?', 'comparison'],
    // Each role's side of a contrast asked for: the roles weighed, no one duty assigned.
    ['which one thinks in quarters and which one thinks in sprints?', 'comparison'],
    ['hands-on vs hands-off: which role is which?', 'comparison'],
    ['which role leans which way, vision or delivery?', 'comparison'],
    ['which role owns the budget and which owns the backlog?', 'ownership'],
    ['who decides which way the product goes?', 'ownership'],
    // A misspelt "responsible" or "accountable" still asks who owns something.
    ['is the PM responsibel 4 P&L?', 'ownership'],
    ['is the po acountable for the backlog', 'ownership'],
    // Things put in order of importance are not the roles weighed.
    ['who puts the backlog in order of importance?', 'ownership'],
    ['how do I become a product owner?', 'howto'],
    ['is the PO role a scrum thing?', 'yesno'],
    ['what does a project manager do?', 'other'],
  ])('%s → %s', (text, intent) => {
    const question = readQuestion(text, analyzer);
    expect(question.intent).toBe(intent);
    expect(question.asksOwner).toBe(intent === 'ownership');
  });

  it('gives a verdict only when ownership is asked (the JSON owner line is null otherwise)', () => {
    expect(engine.ask('who owns the product backlog?').owner.role).toBe('product-owner');
    const described = engine.ask('what does a product owner do?');
    expect(described.answered).toBe(true);
    expect(described.owner.role).toBeNull();
  });
});

describe('the duty an ownership question asks about', () => {
  it('is read from the clause that asks, not from the context around it', () => {
    const question = readQuestion(
      'as a dev on the payments team, who signs off the release?',
      analyzer,
    );
    expect(question.dutyTerms).toContain('releas');
    expect(question.dutyTerms).not.toContain('payment');
    expect(question.topicTerms).toContain('payment');
    expect(engine.ask('our PM is on leave - who owns the backlog?').owner.role).toBe(
      'product-owner',
    );
  });

  it('leaves the idiom that asks out of the duty ("whose call", "final say", "calls the shots")', () => {
    for (const text of [
      'whose call is the roadmap?',
      'who has the final say on the roadmap?',
      'who calls the shots on the roadmap?',
    ]) {
      const question = readQuestion(text, analyzer);
      expect(question.asksOwner).toBe(true);
      expect(question.dutyTerms).toContain('roadmap');
      for (const idiom of ['call', 'sai', 'shot']) expect(question.dutyTerms).not.toContain(idiom);
    }
    expect(engine.ask('whose call is the roadmap?').owner.role).toBe('product-manager');
  });

  it('takes in what an earlier clause names when the asking clause refers back to it', () => {
    const referring = readQuestion('on customer feedback - who gathers it?', analyzer);
    expect(referring.dutyTerms).toEqual(expect.arrayContaining(['custom', 'feedback', 'gather']));
    // A clause after the question is not what "it" stands for.
    const trailing = readQuestion('who executes it, quick answer please', analyzer);
    expect(trailing.dutyTerms).not.toContain('quick');
  });
});

describe('questions that ask twice', () => {
  it.each([
    ['po vs pm: who owns the backlog and who owns the roadmap?', 2],
    ['does the PO write the stories, and who accepts them?', 2],
    ['who owns the vision vs who executes it?', 2],
    ['who sets the goals versus who meets them?', 2],
    ['who owns the roadmap, pm vs po?', 0],
    ['who owns the roadmap?', 0],
    ['who owns the roadmap, pm or po?', 0],
    ['who owns the roadmap and why?', 0],
  ])('%s has %i parts', (text, count) => {
    expect(questionParts(text)).toHaveLength(count);
  });

  it('answers each part with its own verdict', () => {
    const answer = engine.ask('po vs pm: who owns the backlog and who owns the roadmap?');
    expect(answer.parts.map((part) => part.owner.role)).toEqual([
      'product-owner',
      'product-manager',
    ]);
    expect(answer.parts[1]?.owner.contested).toBe(true);
  });

  it('reads a clause that only sets the scene as no question of its own', () => {
    const answer = engine.ask('once the vision is set, who carries out the execution?');
    expect(answer.parts).toEqual([]);
    expect(answer.owner.role).toBe('product-owner');
  });

  it('reads the alternatives named first as no question of their own', () => {
    const answer = engine.ask('po or pm, who prioritises the backlog?');
    expect(answer.parts).toEqual([]);
    expect(answer.owner.role).toBe('product-owner');
    expect(answer.owner.contested).toBe(false);
  });
});

describe('a comparison', () => {
  it('is about the roles compared: "compared to" or "vs" is no topic a passage must hold', () => {
    const question = readQuestion(
      'what does a project manager actually do compared to a product manager?',
      analyzer,
    );
    expect(question.intent).toBe('comparison');
    expect(question.topicTerms).toEqual([]);
    expect(
      engine.ask('what does a project manager actually do compared to a product manager?').answered,
    ).toBe(true);
  });
});

describe('questions that mention owning but ask for no role', () => {
  it.each([
    // A "who" that relates, not one that asks.
    'what does the person who keeps the product direction do all day?',
    "what's the point of someone whose job is to kill bad ideas?",
    'is there usually some blurring of who does what between the PO and PM?',
    // A role's duties asked for.
    'what is a project manager on the hook for?',
    'what is the product owner responsible for?',
    // How a named role does its duties, or how far they reach.
    'how does a PM decide what success looks like?',
    "how broad is a product manager's remit?",
    "how does a PM's job compare to a founder's?",
    // The role itself, and what its job is.
    'is the product manager job only a thing in scrum shops?',
    "what is the PM's job?",
  ])('%s', (text) => {
    expect(readQuestion(text, analyzer).asksOwner).toBe(false);
    expect(engine.ask(text).owner.role).toBeNull();
  });
});

describe('facts the sources never state', () => {
  it.each([
    ['how much does a product manager earn?', 'money'],
    ['what is the average salary of a product owner?', 'money'],
    ['when was the product owner role first described?', 'date'],
    ['who is our head of product?', 'person'],
    ["who's the PO for the payments squad?", 'person'],
    ['whos the agile coach for team atlas', 'person'],
    ["who's the design lead on the checkout revamp?", 'person'],
    // A duty named like a post is a role's.
    ['who is the main contact for the dev team?', null],
    ['how many product managers do we have at our company?', 'local'],
    ['how many competencies does a product manager need?', 'figure'],
    ['who owns the roadmap at our company?', null],
    ['how much does the CSPO course cost?', 'money'],
    ["what's the price of the CSPO course?", 'money'],
    ['what % of product managers came from engineering?', 'figure'],
    ['how many years of experience do you need to be a PM?', 'figure'],
    ['max number of product owners per scrum team?', 'figure'],
    ["what's the ideal sprint length?", 'figure'],
    // A topic, or a yes/no question, does not ask for an amount.
    ['which areas should a project manager know: risk, cost, budget?', null],
    ['do you need years of experience to be a PM?', null],
    ['does how big the company is change what a PM does?', null],
    ["what's our team's definition of done?", 'local'],
    ["what's the PM interview loop like here?", 'local'],
    ['can someone share the Q3 roadmap deck?', 'local'],
    ['when does our q3 roadmap review happen', 'local'],
    ['what time does the office close?', 'date'],
    ["what's the pay gap between PMs and POs?", 'money'],
    ["when's the next product all-hands?", 'date'],
    ['which PM owns the mobile app?', 'person'],
    ['who invented scrum?', 'person'],
    ['who wrote the scrum guide', 'person'],
    ['do we use SAFe here', 'local'],
    ['are we hiring any product owners rn', 'local'],
    // How far, not how many.
    ['how much should a product manager know about the field they work in?', null],
    ['which pm or po owns the roadmap?', null],
    // Asked of ownership, the organisation's own scope still gets what the sources say.
    ['who writes acceptance criteria on our team?', null],
  ])('%s asks for a %s', (text, expects) => {
    expect(readQuestion(text, analyzer).expects).toBe(expects);
  });
});

describe('how the asker wants the answer put', () => {
  it.each([
    ['po definition', []],
    ['product roadmap meaning?', ['product', 'roadmap']],
    ['ok so whats a product mgr in like one sentence', []],
    ['pjm job in a nutshell?', []],
    ['what does a po actually do all day', []],
    ['tl;dr pm vs po', []],
    ['pls explain what a po does in like 2 lines', []],
    ['po vs pm tl;dr y/n', []],
    ['pm vs po - one line each please', []],
    ['pm competencies, quick list', ['compet']],
  ])('%s is read past, leaving the topic %j', (text, topic) => {
    const question = readQuestion(text, analyzer);
    expect(question.topicTerms).toEqual(topic);
    expect(question.asksDefinition).toBe(true);
  });

  it('reads past what the asker says around the question', () => {
    expect(readQuestion("pm's gotta know agile n stuff?", analyzer).topicTerms).toEqual(
      readQuestion("pm's gotta know agile?", analyzer).topicTerms,
    );
    expect(readQuestion('honest question: who owns the roadmap', analyzer).topicTerms).toEqual([
      'roadmap',
    ]);
    expect(readQuestion('wats a roadmap lol im new', analyzer).topicTerms).toEqual(['roadmap']);
    expect(readQuestion('two-parter: who owns the roadmap', analyzer).topicTerms).toEqual([
      'roadmap',
    ]);
    expect(readQuestion('money-wise, what does a pm weigh up?', analyzer).topicTerms).toEqual(
      readQuestion('money, what does a pm weigh up?', analyzer).topicTerms,
    );
  });

  it("reads chat's digits for words only where no count could stand", () => {
    expect(readQuestion('whos on the hook 4 hitting deadlines', analyzer).topicTerms).toEqual(
      readQuestion('whos on the hook for hitting deadlines', analyzer).topicTerms,
    );
    expect(readQuestion('does the po report 2 the pm?', analyzer).terms).toEqual(
      readQuestion('does the po report to the pm?', analyzer).terms,
    );
    expect(readQuestion('what are the 4 competencies?', analyzer).terms).toContain('4');
    expect(readQuestion('does a po need 2 b technical', analyzer).terms).toEqual(
      readQuestion('does a po need to be technical', analyzer).terms,
    );
  });

  it('reads past an apology for asking', () => {
    expect(readQuestion('do pms need to code?? asking for a friend', analyzer).topicTerms).toEqual(
      readQuestion('do pms need to code?', analyzer).topicTerms,
    );
    expect(
      readQuestion('sry dumb q but why is it called product owner?', analyzer).topicTerms,
    ).toEqual(readQuestion('but why is it called product owner?', analyzer).topicTerms);
    expect(readQuestion('quick question: who owns the roadmap?', analyzer).topicTerms).toEqual([
      'roadmap',
    ]);
  });

  it.each([
    // An idiom that only says "in the end".
    ['whose call is the roadmap at the end of the day?', ['roadmap']],
    ['all in all, who owns the backlog?', ['backlog']],
    // What the asker has heard or is checking, how lost they feel, a sound opening the question.
    ['who owns the backlog, pm or po? ive seen both', ['backlog']],
    ['one blog says the po owns the roadmap and another says the pm', ['roadmap']],
    ['wait so who owns the backlog', ['backlog']],
    ['tbh im lost, who owns the backlog', ['backlog']],
    ['is it true that the po owns the backlog, according to the docs?', ['backlog']],
  ])('reads past what is said around "%s", leaving the topic %j', (text, topic) => {
    expect(readQuestion(text, analyzer).topicTerms).toEqual(topic);
  });

  it('reads past the sources disagreeing and a list asked for, as if unsaid', () => {
    expect(
      readQuestion('who sets priorities? the docs seem to contradict each other', analyzer)
        .topicTerms,
    ).toEqual(readQuestion('who sets priorities?', analyzer).topicTerms);
    expect(readQuestion('pm skills list pls', analyzer).topicTerms).toEqual(
      readQuestion('pm skills', analyzer).topicTerms,
    );
    // A list or a conflict that is the topic stays one.
    expect(readQuestion('who manages the task list?', analyzer).topicTerms).toContain('list');
    expect(
      readQuestion('do project managers need conflict resolution skills?', analyzer).topicTerms,
    ).toContain('conflict');
  });

  it('keeps the same words where they are the topic', () => {
    expect(readQuestion('who owns the feature definition?', analyzer).topicTerms).toContain(
      'definit',
    );
    expect(readQuestion('pm job = talk 2 customers all day?', analyzer).topicTerms).toContain(
      'dai',
    );
  });

  it('answers "what is it, in one line" with a passage that says what the role is', () => {
    const answer = engine.ask('pm definition');
    expect(answer.answered).toBe(true);
    expect(answer.passages[0]?.text).toMatch(/\bproduct manager is (?:a|an|the)\b/i);
  });
});

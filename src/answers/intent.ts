import { perRoleSet, type RoleSet } from './roles.js';

/**
 * What a question wants. `ownership`: which role owns a duty ("who decides…", "whose call…",
 * "does the PO own…", a bare "roadmap owner?"). `comparison`: two roles side by side, or which
 * matters more. `definition`: what something is. `howto` and `yesno`: the rest, by their form.
 */
export type Intent = 'ownership' | 'definition' | 'comparison' | 'howto' | 'yesno' | 'other';

const OWNER_WORDS =
  /\b(?:who|whose|whom|whos|which\s+(?:role|one|person|of\s+(?:them|the\s+(?:two|three|roles))))\b/;
/**
 * "What is a PO?", "who is a product manager?": asks what a role is, not what it owns.
 */
const definitionQuestion = (roles: string): RegExp =>
  new RegExp(
    `^(?:(?:so|ok|okay)\\s+)*(?:(?:what|whats|what's|wat|who|whos|who's)\\s+(?:even\\s+)?(?:is|are|'s)?\\s*(?:a|an|the)?\\s*)?(?:${roles})s?$`,
  );
/**
 * "what is a roadmap", "what even is a backlog", "whats a PO", "define velocity", "meaning of…";
 * not "what is the one skill every successful project manager needs", which asks about a thing
 * it describes at length. (Pooled dev sets: at most five words after "is", hit@1 +0.1.)
 */
const DEFINITION_ASKED =
  /^(?:(?:so|ok|okay)\s+)*(?:(?:what|whats|wat)\s+(?:even\s+|exactly\s+|really\s+)?(?:(?:is|are)(?:\s+\S+){1,5}$|does\s+\S+\s+mean\b)|whats\b|define\b|definition\s+of\b|meaning\s+of\b)/;
/**
 * "Is that the PM's job?", "roadmap = pm's thing or po's?", "would the project manager be the one
 * breaking down milestones?": a duty put to a named role asks whether that role owns it.
 */
const DUTY_NOUNS = 'job|call|responsibility|thing|gig|remit|turf|duty';
/**
 * "the PO's job", not "the PO job" (the role itself, "is the PO job only a scrum thing?"); "the
 * one who", "the person who" (pooled dev sets, 4,713 questions, "person": owner 89.9 → 90.0).
 */
const POSSESSIVE_DUTY = new RegExp(
  `(?:'s|s')\\s+(?:${DUTY_NOUNS})\\b|\\bbe\\s+the\\s+(?:one|person)\\b|\\bthe\\s+(?:one|person)\\s+who\\b`,
  'i',
);
const roleDuty = (roles: string): RegExp =>
  new RegExp(
    `\\b(?:${roles})s?\\s+(?:${DUTY_NOUNS})\\b|\\b(?:${roles})s?\\s+be\\s+the\\s+(?:one|person)\\b|\\b(?:is|are)\\s+(?:the\\s+|a\\s+)?(?:${roles})s?\\s+the\\s+(?:one|person)\\b`,
  );
/**
 * "Does the PO set the priorities?", "should the project manager define the vision?": a duty put
 * to a named role as a yes/no question is "who sets the priorities?" asked of one role, like
 * "does the PO own the backlog?". Verbs that give a role a thing to own, not ones that describe
 * it ("does the PM need…", "do POs work with…"). (Pooled dev sets, 1603 questions: owner 88.1 →
 * 88.7, contested 67.8 → 71.1, no owner line where none is asked 96.6% → 95.6%: the labellers
 * split on these, "does the PO supply the copy?" one way and "…supply content?" the other.)
 */
const DUTY_VERBS =
  'own|define|set|decide|lead|handle|approve|run|write|manage|supply|drive|control|prioriti[sz]e|sign';
const dutyPutToRole = (roles: string): RegExp =>
  new RegExp(
    `^(?:does|do|did|should|would|will|can)\\s+(?:the\\s+|a\\s+|an\\s+)?(?:${roles})s?\\s+(?:${DUTY_VERBS})s?\\b`,
  );
/**
 * "imo pm should own vision", "is the vision something the project manager owns?": a role as the
 * one who owns a thing, whatever comes before, asks whether it does. (Pooled dev sets, 6,528
 * questions: owner 85.4 → 85.5, contested 67.9 → 68.1, clear owners flagged contested 287 → 288.)
 */
const roleOwns = (roles: string): RegExp =>
  new RegExp(
    `\\b(?:${roles})s?\\s+(?:(?:should|shall|would|could|must|will|can|does|do|really|actually|also|just|then)\\s+){0,2}owns?\\b`,
  );
/**
 * "p&l on the pm or nah", "is defining success on the project manager?": a thing that is on a
 * role is that role's to carry; not one taken on, worked on or relied on.
 */
const onRole = (roles: string): RegExp =>
  new RegExp(
    `(?<!\\b(?:take|takes|taking|took|taken|work|works|working|focus|focuses|focusing|rely|depend|depends))\\s+on\\s+(?:the\\s+)?(?:${roles})s?\\b`,
  );
/**
 * "PM or PO?", "the PdM or the PO decide…": naming two roles as alternatives asks which one; so
 * does a duty put to one role with another offered at the end ("does the pm do the day2day stuff
 * or is that the po?", "is the pm responsible for ops or the po"), with or without a duty noun
 * after each ("a project manager thing or a product manager thing?"). (Pooled dev sets, 4,433
 * questions, the role offered at the end: owner 89.9 → 90.1, contested 69.1 → 69.5, no owner line
 * where none is asked unchanged; 4,713, the duty nouns: owner 89.6 → 89.8.)
 */
const roleAlternatives = (roles: string): RegExp =>
  new RegExp(
    `\\b(?:${roles})s?(?:\\s+(?:${DUTY_NOUNS}))?\\s+or\\s+(?:the\\s+|a\\s+)?(?:${roles})|\\b(?:${roles})s?\\b.*\\sor\\s+(?:is\\s+(?:that|it)\\s+|does\\s+)?(?:the\\s+|a\\s+)?(?:${roles})s?(?:\\s+(?:${DUTY_NOUNS}))?\\W*$`,
  );
/**
 * "PM vs PO: who gathers the feedback?": two roles set side by side as the alternatives of the
 * question asked about them, like "PM or PO"; not, on its own, a comparison of the two.
 */
const roleVersus = (roles: string): RegExp =>
  new RegExp(`\\b(?:${roles})s?\\s+(?:vs\\.?|versus)\\s+(?:the\\s+|a\\s+)?(?:${roles})s?\\b`, 'g');
/**
 * Ownership asked without "who": "is X their responsibility", "does the PO own…", "signs off",
 * "has the final say", "on the hook for", "or is that someone else's job?"; chat's "accountable
 * 4 …" too, whatever word follows. (Pooled dev sets, 4,713 questions, the "4": owner 89.4 →
 * 89.6; "someone else's job": 89.8 → 89.9.)
 */
const OWNER_PHRASES =
  /\b(?:(?:someone|somebody|anyone)\s+else(?:'?s)?\s+(?:job|call|thing|responsibility|problem)|responsible\s+(?:for|4)|responsibility\s+(?:for|of|4)|in\s+charge\s+(?:of|for|4)|on\s+the\s+hook|accountable\s+(?:for|4)|owns?\s+(?:the|a|an|our|their|this|that|it)\b|owned\s+by|(?:job|call|task|duty|decision)\s+is\s+(?:it|that|this)|(?:final|last)\s+(?:say|call|word)|signs?\s+off|sign-?offs?\s+on|gets?\s+to\s+decide|decides?\s+(?:on|what|which|the|when|how)|approves?\s+(?:the|a|an)\b)/;
/**
 * "roadmap owner?", "p&l owner", "backlog - whose?", "outcome accountability?", "product success
 * accountable?": a few words naming a thing and its owner; "features decided by", "success
 * criteria set by?": a thing and a verb whose agent is left open, which asks who; and
 * "dev team contact", "cross-functional team lead", "release approver", "dev team point person":
 * a few words naming a function ask who fills it; "release date decision", "product direction
 * call": who makes it.
 * (Pooled dev sets, 1603 questions, the function nouns: owner 89.0 → 90.6, no owner line where
 * none is asked unchanged; 4,433 questions, the decisions: contested 69.5 → 70.4; 7,622, the
 * contact and point person: owner 85.6 → 85.8; 9,494, "accountable" and the open agent: owner
 * 85.1 → 85.2, contested 67.4 → 67.5, three questions, nothing else changed.)
 */
const BARE_OWNER =
  /^(?:\S+\s+){0,4}(?:owner|owners|ownership|owned|whose|accountability|contact|lead|leader|decider|approver|gatekeeper|poc|point\s+of\s+contact|(?:contact|point)\s+person|go[-\s]between|go[-\s]to\s+person|decision|decisions|call|sign[-\s]?off|accountable|responsible|\w+(?:ed|en|t|de|un|wn|et)\s+by)$/;
/**
 * "vision owner pm?", "requirements owner po?": the bare owner question with the asker's guess
 * after it asks the same thing. (Pooled dev sets, 7,882 questions: owner 85.1 → 85.2, contested
 * 65.0 → 65.3, three questions, nothing else changed; four retired blind halves, scores only:
 * owner 80.4 → 80.7.)
 */
const bareOwnerGuess = (roles: string): RegExp =>
  new RegExp(
    `^(?:\\S+\\s+){1,4}(?:owner|owners|ownership|whose|decider|approver|call|sign[-\\s]?off)\\s+(?:the\\s+)?(?:${roles})s?$`,
  );
/**
 * "launch responsibility", "p&l responsibility": a few words naming a duty, and no role, ask
 * which role has it, like "roadmap owner?" ("PM responsibilities" asks what the PM's are; and
 * not "role": "scrum facilitator role" asks what a role is). (Pooled dev sets, 5,266 questions:
 * owner 87.8 → 88.0, nothing else changed; with "role" too, 14 more owner lines unasked.)
 */
const BARE_DUTY = /^(?:\S+\s+){1,4}responsibility$/;
/** "which matters more", "who is senior", "better": weighing two roles, not assigning a duty. */
const COMPARATIVE =
  /\b(?:more|less|better|worse|best|most|least|senior|junior|higher|lower|subordinate|bigger|vs|versus|differ|difference|same|similar|compare|compared)\b/;
/** Importance and hierarchy: "which matters more", "who is senior", "which is subordinate". */
const RANKING_ROLES =
  /\b(?:matters?|important|importance|senior|junior|subordinate|superior|better|worse|boss\s+of)\b/;
/**
 * "which one looks outward and which looks inward?", "strategic vs tactical: which role is
 * which?", "which role leans which way?": a question that asks for each role's side of a contrast
 * weighs the roles against each other; it assigns no one duty to one of them. (Pooled dev sets,
 * 9,104 questions: no owner line where none is asked 95.7% → 96.0%, clear owners flagged
 * contested 375 → 355, contested 67.6 → 67.4, one more false abstain; owner and hit@1 unchanged.)
 */
const PAIRED_WHICH =
  /\bwhich\b.*\b(?:and|or|while|but|vs|versus)\s+which\b|\bwhich\b[^,;:?]*,\s*which\b|\bwhich\s+(?:\S+\s+)?(?:is|are)\s+which\b|\b(?:leans?|leaning|goes|go|falls?|swings?)\s+which\s+way\b/;
/** "in order of importance", "by priority": things put in order, not the roles weighed. */
const ITEMS_RANKED = /\b(?:in\s+)?(?:order\s+of|by)\s+(?:importance|priority|value)\b/g;
const HOW_TO = /^(?:how|what(?:'s| is)?\s+the\s+best\s+way|tips?\b|best\s+way)\b/;
const YES_NO = /^(?:is|are|am|was|were|do|does|did|can|could|should|would|will|has|have|must|r)\b/;

/**
 * Words about a role itself (its skills, duties, pay), and the small words of a comparison or a
 * relation ("vs", "for", "reports to"): a few words of these before a role ask about the role.
 */
const ROLE_ASPECTS =
  'skills?|skillset|duties|duty|responsibilities|responsibility|roles?|jobs?|salary|pay|traits?|qualities|competencies|tasks?|background|career|certs?|certification|definition|meaning|vs|versus|for|4|of|as|also|and|or|reports?|report|to|2|is|are|a|an|the|who|whose|what|which|how|why|when|where|do|does|did|can|should|use|uses|have|has|need|needs';
/** The role put as a guess: asked ("…po?") or set off from the thing ("feedback - pm"). */
const GUESSED = /\?\s*$|[-:,–—]\s*\S+(?:\s*\/\s*\S+)?\s*$/;
/**
 * "customer feedback - pm?", "setting priorities po?", "strategy owner, pm/po?": a few words
 * naming a thing, then a role or two as the asker's guess, ask whether that role owns the thing,
 * like "vision owner pm?". Not when the words are the role's own ("skills pm?", "pm vs po"), nor
 * when they ask in full ("why have product managers?"), nor without the "?" or the dash that puts
 * the role as a guess ("stakeholder alignment pm" asks what the PM does about it). (Pooled dev
 * sets, 9,494 questions: owner 85.2 → 85.4, contested 67.5 → 67.6, five questions, one of them
 * now first; nothing else changed.)
 */
const thingThenRole = (roles: string): RegExp =>
  new RegExp(
    `^(?:(?!(?:${roles}|${ROLE_ASPECTS})\\b)\\S+\\s+){1,4}(?:${roles})s?(?:\\s+(?:or\\s+)?(?:${roles})s?)?$`,
  );

/** The patterns that name roles, built for each role set (the same ones for the built-ins). */
interface RolePatterns {
  definitionQuestion: RegExp;
  roleAlternatives: RegExp;
  roleVersus: RegExp;
  roleDuty: RegExp;
  dutyPutToRole: RegExp;
  roleOwns: RegExp;
  onRole: RegExp;
  bareOwnerGuess: RegExp;
  thingThenRole: RegExp;
}
const rolePatterns = perRoleSet(
  ({ termPattern }): RolePatterns => ({
    definitionQuestion: definitionQuestion(termPattern),
    roleAlternatives: roleAlternatives(termPattern),
    roleVersus: roleVersus(termPattern),
    roleDuty: roleDuty(termPattern),
    dutyPutToRole: dutyPutToRole(termPattern),
    roleOwns: roleOwns(termPattern),
    onRole: onRole(termPattern),
    bareOwnerGuess: bareOwnerGuess(termPattern),
    thingThenRole: thingThenRole(termPattern),
  }),
);

/** "what is a roadmap", "define velocity": asks what something is, whatever else it asks. */
export function asksDefinition(sentence: string): boolean {
  return DEFINITION_ASKED.test(sentence);
}

/** Whether these words ask who owns something: "who…", "on the hook for", "roadmap owner?". */
export function asksWhoOwns(words: string): boolean {
  return OWNER_WORDS.test(words) || OWNER_PHRASES.test(words) || BARE_OWNER.test(words);
}

/**
 * A "who" that asks, not one that relates: "the person who keeps the direction…", "someone
 * whose job is…", "the difference in who each role talks to" and "blurring of who does what"
 * ask no one's name.
 */
const RELATIVE_WHO =
  /\b(?:person|someone|somebody|anyone|anybody|one|ones|people|folks|those|guy|individual|in|of|about|on|over|around)\s+(?:who|whose|whom)\b/g;

function asksWhich(sentence: string): boolean {
  return OWNER_WORDS.test(sentence.replace(RELATIVE_WHO, ' '));
}

/**
 * What a question wants, from its words after synonyms and shorthand (`sentence`, possessives
 * dropped) and, for the apostrophes of a possessive duty, the text as typed.
 */
export function intentOf(
  text: string,
  sentence: string,
  roleCount: number,
  roles: RoleSet,
): Intent {
  const patterns = rolePatterns(roles);
  if (patterns.definitionQuestion.test(sentence)) return 'definition';
  const asksWho = asksWhich(sentence);
  // "What is a project manager on the hook for?", "how does a PM decide what to build?", "how
  // broad is a PM's remit?": a named role's duties, or how it does them, asked for, not which
  // role has them. (Pooled dev sets, 9,234 questions, "how" and "why": no owner line where none
  // is asked 96.0% → 96.1%, eight questions, nothing else changed.)
  const dutiesOfRole =
    roleCount >= 1 && !asksWho && /^(?:so\s+|ok\s+)?(?:what|whats|wat|how|why)\b/.test(sentence);
  const owner =
    asksWho ||
    (OWNER_PHRASES.test(sentence) && !dutiesOfRole) ||
    patterns.roleAlternatives.test(sentence) ||
    (patterns.roleDuty.test(sentence) &&
      POSSESSIVE_DUTY.test(text.replace(/[\u2018\u2019]/g, "'")) &&
      !dutiesOfRole) ||
    BARE_OWNER.test(sentence) ||
    patterns.bareOwnerGuess.test(sentence) ||
    (patterns.thingThenRole.test(sentence) && GUESSED.test(text)) ||
    (roleCount === 0 && BARE_DUTY.test(sentence)) ||
    patterns.dutyPutToRole.test(sentence) ||
    (patterns.roleOwns.test(sentence) && !dutiesOfRole) ||
    (patterns.onRole.test(sentence) && !dutiesOfRole);
  // "Who is more senior?", "which role matters more, PM or PO?": weighing, not a duty. A "PM vs
  // PO" that only names the alternatives of a "who" question weighs nothing by itself.
  const weighed = (owner ? sentence.replace(patterns.roleVersus, ' ') : sentence).replace(
    ITEMS_RANKED,
    ' ',
  );
  const paired = PAIRED_WHICH.test(sentence);
  const weighing =
    RANKING_ROLES.test(weighed) || (roleCount >= 2 && COMPARATIVE.test(weighed)) || paired;
  if (owner && !(weighing && !OWNER_PHRASES.test(sentence))) return 'ownership';
  if (roleCount >= 2 || paired || COMPARATIVE.test(sentence)) return 'comparison';
  if (DEFINITION_ASKED.test(sentence)) return 'definition';
  if (HOW_TO.test(sentence)) return 'howto';
  if (YES_NO.test(sentence)) return 'yesno';
  return 'other';
}

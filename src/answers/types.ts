import type { Citation } from '../knowledge/types.js';
import type { Ambiguity } from './analyzer.js';
import type { Subject } from './duty-subjects.js';
import type { Intent } from './intent.js';
import type { RoleId } from './roles.js';

/** A passage chosen as an answer, with every source that says it. */
export interface RankedPassage {
  id: string;
  text: string;
  /**
   * The sentence of `text` that answers the question, shown first with the passage as context;
   * '' when no one sentence says what was asked.
   */
  sentence: string;
  section: string;
  /** Where it was first seen; `sources` lists it first, then near-duplicates elsewhere. */
  source: Citation;
  sources: Citation[];
  /** Relevance, higher is better; comparable within one answer only. */
  score: number;
}

/** One sentence that gives the duty asked about to a role. */
export interface Evidence {
  role: Subject;
  sentence: string;
  passageId: string;
  source: Citation;
  /** 0..1: the share of the asked-about duty this sentence states. */
  covers: number;
  /** covers² × the passage's relevance: the sentence's weight in the verdict. */
  strength: number;
}

export interface OwnerVerdict {
  /**
   * null when the question is not about who owns something, or the sources do not say. When the
   * organisation decided it (decision-rights.yml), its owner, whatever the articles say.
   */
  role: Subject | null;
  /** Who settled `role`: the organisation's decision rights, or the articles' statements. */
  decidedBy: 'organisation' | 'articles';
  /** The organisation's decision, when it settled the verdict. */
  decision?: OrganisationDecision;
  /**
   * What the articles' own verdict is, when the organisation decided: the answer says "the
   * articles say…" when it differs, and never drops them. Their statements stay in `evidence`.
   */
  articles?: { role: Subject | null; contested: boolean; contenders: Subject[] };
  /** The sources give the same duty to different roles (for a `split` verdict, on some part). */
  contested: boolean;
  /**
   * The question's parts (`Answer.parts`) name different roles: no single role answers it, so
   * `role` is null and `contenders` holds each part's role.
   */
  split?: boolean;
  /**
   * 0..1: the winning role's share of the evidence, scaled down when its best statement says only
   * part of the duty asked about (at most 0.5 when contested).
   */
  confidence: number;
  /** Other roles the sources also give the duty to, strongly (empty unless contested). */
  contenders: Subject[];
  /** Strongest statements first, for and against the verdict. */
  evidence: Evidence[];
}

/** A decision of the organisation's decision-rights.yml, as an answer cites it. */
export interface OrganisationDecision {
  organisation: string;
  /** The decided thing as the file names it ("product roadmap"). */
  thing: string;
  owner: RoleId;
  consulted: RoleId[];
  note?: string;
  link?: string;
}

export interface Answer {
  question: string;
  /** false when nothing in the knowledge answers the question: say "I don't know". */
  answered: boolean;
  /**
   * 0..1: how much of the question's topic the knowledge covers; `answered` weighs it with what
   * the words the knowledge lacks are (see answer-margin.ts).
   */
  evidence: number;
  passages: RankedPassage[];
  /** Position of the first passage in the full ranking, for "More passages". */
  offset: number;
  /** How many relevant passages there are in all (offset + passages.length ≤ total). */
  total: number;
  owner: OwnerVerdict;
  /** The question asks which role owns something ("who owns…", "PM or PO?"). */
  asksOwner: boolean;
  /** What kind of answer the question wants (ownership, definition, comparison, …). */
  intent: Intent;
  /** Roles the question names. */
  roles: RoleId[];
  /**
   * Display names of the knowledge's roles, when the organisation declared its own (renderers
   * only see the answer); absent with only the built-in roles.
   */
  labels?: Readonly<Record<RoleId, string>>;
  /** Abbreviations that could mean more than one role, and the reading used. */
  ambiguous: Ambiguity[];
  /**
   * A question that asks two things ("who owns the backlog and who owns the roadmap?") is also
   * answered part by part, each part with its own passages and verdict; empty otherwise.
   */
  parts: Answer[];
  /**
   * Set when the question asks how the roles it names relate in words the sources never use
   * ("is the PO the PM's minion?"): the answer is the passages about those roles, with no verdict,
   * and these are the words they lack, for the reply to say so.
   */
  unknownWords?: string[];
}

export interface AskOptions {
  /** How many passages to return (default 3). */
  limit?: number;
  /** Skip this many passages of the ranking (for "More passages"). */
  offset?: number;
  /** Readings for ambiguous abbreviations, e.g. `{ pm: 'project manager' }`. */
  readings?: Readonly<Record<string, string>>;
  /**
   * Down-votes people gave passages, prepared by `engine.prepareFeedback`: a passage voted down
   * by two or more people on questions like this one is demoted by a bounded amount (it can still
   * be the answer).
   */
  feedback?: PreparedFeedback;
}

/** One passage voted down on one question, by how many distinct people. */
export interface DownVote {
  question: string;
  passageId: string;
  votes: number;
}

/** Down-votes grouped by passage, each with the terms of the question it was given on. */
export type PreparedFeedback = ReadonlyMap<
  string,
  readonly { terms: ReadonlySet<string>; votes: number }[]
>;

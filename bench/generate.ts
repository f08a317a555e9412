// Deterministic synthetic knowledge for the bench: N Markdown documents assembled from the seed
// articles' sentences, varied word by word so the loader's near-duplicate merge does not collapse
// them. Same parameters, same bytes: a manifest records them and a matching folder is reused.
//
//   npx tsx bench/generate.ts 1000 10000
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseKnowledgeDocument } from '../src/knowledge/parse-document.js';
import { splitSentences } from '../src/knowledge/sentences.js';

/** Bump when the output for the same parameters changes, so stale folders are regenerated. */
export const GENERATOR_VERSION = 5;
export const DEFAULT_SEED = 'rolebot-bench';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
export const ROOT_DIR = path.resolve(BENCH_DIR, '..');
export const GENERATED_DIR = path.join(BENCH_DIR, '.generated');
export const SEED_DIR = path.join(ROOT_DIR, 'knowledge');
const COPIED_FILES = ['synonyms.yml', 'aspects.yml'];
const MANIFEST = 'manifest.json';

export interface GenerateOptions {
  count: number;
  seed?: string;
  /** Defaults to bench/.generated/<count>. */
  dir?: string;
  /** Where the seed articles and vocabulary are read from (default knowledge/). */
  seedDir?: string;
}

export interface GeneratedCorpus {
  dir: string;
  /** false when a folder with the same parameters was already there. */
  generated: boolean;
  files: number;
  words: number;
  bytes: number;
  ms: number;
}

interface Manifest {
  version: number;
  count: number;
  seed: string;
  seedsHash: string;
  files: number;
  words: number;
  bytes: number;
}

// ---------------------------------------------------------------------------------------------
// Seeded randomness (no Math.random): mulberry32 over a 32-bit FNV-1a hash of a string.

export type Rng = () => number;

export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function mulberry32(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

function between(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

function gaussian(rng: Rng): number {
  const u = Math.max(rng(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

// ---------------------------------------------------------------------------------------------
// Vocabulary: what the seeds' words may become, and plausible filler around them.

const SUBSTITUTIONS: Record<string, readonly string[]> = {
  customers: ['clients', 'buyers', 'end users', 'subscribers', 'account holders'],
  customer: ['client', 'buyer', 'end user', 'subscriber', 'account holder'],
  team: ['squad', 'group', 'crew', 'unit', 'pod'],
  teams: ['squads', 'groups', 'crews', 'units', 'pods'],
  company: ['organisation', 'business', 'firm', 'enterprise', 'employer'],
  organization: ['company', 'business', 'firm', 'enterprise'],
  organizations: ['companies', 'businesses', 'firms', 'enterprises'],
  strategy: ['plan', 'direction', 'approach', 'game plan'],
  strategic: ['long-range', 'big-picture', 'directional'],
  market: ['marketplace', 'segment', 'sector', 'industry'],
  goals: ['objectives', 'targets', 'outcomes', 'aims'],
  goal: ['objective', 'target', 'outcome', 'aim'],
  development: ['delivery', 'engineering', 'build-out', 'implementation'],
  role: ['position', 'job', 'function', 'seat'],
  roles: ['positions', 'jobs', 'functions', 'seats'],
  responsibilities: ['duties', 'tasks', 'obligations', 'remit'],
  responsible: ['accountable', 'answerable', 'in charge'],
  ensure: ['make sure', 'guarantee', 'see to it'],
  ensuring: ['making sure', 'guaranteeing', 'seeing to it'],
  focus: ['concentrate', 'centre', 'zero in'],
  focuses: ['concentrates', 'centres', 'zeroes in'],
  understand: ['grasp', 'know', 'appreciate', 'comprehend'],
  understanding: ['grasp', 'knowledge', 'appreciation', 'command'],
  important: ['essential', 'crucial', 'vital', 'key'],
  crucial: ['essential', 'important', 'vital', 'critical'],
  work: ['collaborate', 'operate', 'partner', 'engage'],
  often: ['frequently', 'usually', 'typically', 'commonly'],
  also: ['additionally', 'likewise', 'in addition'],
  help: ['assist', 'support', 'enable'],
  helps: ['assists', 'supports', 'enables'],
  vision: ['mission', 'north star', 'long-term picture'],
  features: ['capabilities', 'functions', 'improvements', 'enhancements'],
  feature: ['capability', 'function', 'improvement', 'enhancement'],
  needs: ['requirements', 'wants', 'expectations', 'demands'],
  skills: ['abilities', 'competencies', 'strengths', 'capabilities'],
  process: ['workflow', 'procedure', 'routine', 'pipeline'],
  processes: ['workflows', 'procedures', 'routines', 'pipelines'],
  stakeholders: ['sponsors', 'partners', 'decision makers', 'executives'],
  business: ['commercial', 'company', 'organisational'],
  deliver: ['ship', 'provide', 'hand over', 'release'],
  delivered: ['shipped', 'provided', 'released', 'handed over'],
  manage: ['run', 'oversee', 'handle', 'steer'],
  managing: ['running', 'overseeing', 'handling', 'steering'],
  execution: ['delivery', 'follow-through', 'implementation'],
  tactical: ['hands-on', 'day-to-day', 'operational'],
  clear: ['crisp', 'explicit', 'well-defined', 'transparent'],
  successful: ['effective', 'thriving', 'high-performing', 'accomplished'],
  good: ['strong', 'capable', 'solid', 'seasoned'],
  great: ['excellent', 'outstanding', 'exceptional'],
  time: ['effort', 'attention', 'energy'],
  day: ['workday', 'week', 'sprint'],
  decisions: ['calls', 'choices', 'trade-offs', 'judgements'],
  problems: ['issues', 'challenges', 'pain points', 'obstacles'],
  problem: ['issue', 'challenge', 'pain point', 'obstacle'],
  insights: ['learnings', 'findings', 'signals', 'observations'],
  feedback: ['input', 'comments', 'reactions', 'suggestions'],
  trends: ['shifts', 'patterns', 'movements', 'developments'],
  products: ['offerings', 'solutions', 'services', 'platforms'],
  users: ['members', 'customers', 'people', 'end users'],
  data: ['metrics', 'analytics', 'evidence', 'numbers'],
  requirements: ['specifications', 'needs', 'criteria', 'constraints'],
};

/** A comma-separated word list (kept as text so the formatter leaves it compact). */
function list(text: string): readonly string[] {
  return text
    .split(',')
    .map((word) => word.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

const ADJECTIVES = list(`
  quarterly, annual, regional, global, internal, external, shared, central, core, key,
  critical, secondary, primary, upcoming, current, legacy, modern, flexible, scalable, robust,
  lean, agile, cross-functional, customer-facing, revenue-driving, high-impact, low-risk,
  measurable, incremental, strategic, operational, commercial, technical, financial,
  regulatory, compliance-driven, data-informed, evidence-based, iterative, collaborative,
  transparent, consistent, sustainable, competitive, differentiated, integrated, modular,
  automated, manual, formal, informal, weekly, monthly, daily, recurring, one-off, seasonal,
  urgent, routine, complex, simple, detailed, high-level, granular, long-term, short-term,
  mid-term, early-stage, late-stage, mature, emerging, niche, mainstream, enterprise,
  consumer, mobile, web, hybrid, remote, distributed, local, national, multi-year, pilot,
  beta, experimental, validated, prioritised, approved, pending, draft, final, baseline,
  target, projected, forecast, realistic, ambitious, pragmatic, balanced, focused
`);

const NOUNS = list(`
  budget, forecast, pipeline, backlog, roadmap, release, milestone, deadline, sprint,
  iteration, increment, epic, story, ticket, defect, incident, escalation, review,
  retrospective, demo, workshop, offsite, kickoff, launch, rollout, migration, integration,
  dependency, risk, assumption, constraint, hypothesis, experiment, metric, dashboard, report,
  scorecard, benchmark, survey, interview, persona, journey, funnel, cohort, segment, channel,
  campaign, partnership, contract, vendor, supplier, procurement, invoice, pricing, discount,
  margin, revenue, cost, headcount, hiring, onboarding, training, certification, audit,
  policy, guideline, standard, template, checklist, playbook, charter, mandate, proposal,
  business case, estimate, scope, schedule, timeline, resource plan, capacity, allocation,
  portfolio, programme, initiative, workstream, deliverable, artefact, specification,
  prototype, wireframe, mock-up, design system, architecture, platform, service, interface,
  API, dataset, pipeline run, deployment, environment, handover, support rota, service level,
  SLA, KPI, OKR, north star metric, churn, retention, activation, conversion, adoption,
  engagement, satisfaction score, NPS, renewal, upsell, pilot customer, beta group, steering
  committee, governance board, change request, risk register, issue log, status update,
  stand-up, planning session, refinement session, sign-off, go-live, post-mortem
`);

const DEPARTMENTS = list(`
  platform, payments, growth, mobile, data, infrastructure, security, billing, onboarding,
  search, checkout, marketing, sales, finance, operations, support, logistics, partner,
  analytics, identity
`);

const COMPANIES = list(`
  Northwind, Contoso, Globex, Initech, Umbrella Labs, Acme, Hooli, Stark Retail, Wayne
  Logistics, Tyrell Systems, Cyberdyne Health, Soylent Foods, Vandelay Imports, Pied Piper,
  Massive Dynamic, Oscorp, Aperture Learning, Black Mesa Energy
`);

const PERIODS = ['sprint', 'quarter', 'month', 'week', 'release cycle', 'planning increment'];

const ROLES = [
  'product manager',
  'product owner',
  'project manager',
  'delivery lead',
  'engineering manager',
  'scrum master',
  'tech lead',
  'designer',
  'business analyst',
  'programme manager',
] as const;

const CLAUSES: readonly ((rng: Rng) => string)[] = [
  (rng) => `especially for the ${pick(rng, ADJECTIVES)} ${pick(rng, NOUNS)}`,
  (rng) => `across the ${pick(rng, DEPARTMENTS)} team`,
  (rng) => `during ${pick(rng, PERIODS)} planning`,
  (rng) => `in line with the ${pick(rng, ADJECTIVES)} ${pick(rng, NOUNS)}`,
  (rng) => `as the ${pick(rng, DEPARTMENTS)} group found last ${pick(rng, PERIODS)}`,
  (rng) => `within the ${pick(rng, COMPANIES)} ${pick(rng, NOUNS)} programme`,
  (rng) => `before each ${pick(rng, NOUNS)} ${pick(rng, ['review', 'sign-off', 'go-live'])}`,
  (rng) => `with input from the ${pick(rng, ROLES)}`,
];

const SYNTHETIC: readonly ((rng: Rng) => string)[] = [
  (rng) =>
    `The ${pick(rng, DEPARTMENTS)} team reviews the ${pick(rng, ADJECTIVES)} ${pick(rng, NOUNS)} every ${pick(rng, PERIODS)}.`,
  (rng) =>
    `At ${pick(rng, COMPANIES)}, the ${pick(rng, ROLES)} owns the ${pick(rng, NOUNS)} and the ${pick(rng, ADJECTIVES)} ${pick(rng, NOUNS)}.`,
  (rng) =>
    `Each ${pick(rng, PERIODS)} the ${pick(rng, ROLES)} agrees the ${pick(rng, NOUNS)} with the ${pick(rng, ROLES)}.`,
  (rng) =>
    `A ${pick(rng, ADJECTIVES)} ${pick(rng, NOUNS)} keeps the ${pick(rng, DEPARTMENTS)} group aligned on the ${pick(rng, NOUNS)}.`,
  (rng) =>
    `The ${pick(rng, ROLES)} escalates any ${pick(rng, ADJECTIVES)} ${pick(rng, NOUNS)} to the ${pick(rng, NOUNS)} owner.`,
  (rng) =>
    `Questions about the ${pick(rng, NOUNS)} go to the ${pick(rng, ROLES)} first, then to the ${pick(rng, DEPARTMENTS)} lead.`,
];

const LEAD_INS: readonly ((rng: Rng) => string)[] = [
  (rng) => `The ${pick(rng, DEPARTMENTS)} team relies on a few ${pick(rng, NOUNS)} practices:`,
  (rng) => `Typical duties of the ${pick(rng, ROLES)} include:`,
  (rng) => `Before a ${pick(rng, NOUNS)} is approved, check the following:`,
  () => `In practice this means:`,
  (rng) => `Here is how ${pick(rng, COMPANIES)} splits the work:`,
];

const TITLES: readonly ((rng: Rng) => string)[] = [
  (rng) => `${cap(pick(rng, DEPARTMENTS))} team: roles and responsibilities`,
  (rng) => `How ${pick(rng, COMPANIES)} splits product and project work`,
  (rng) => `${cap(pick(rng, ADJECTIVES))} ${pick(rng, NOUNS)} playbook`,
  (rng) => `Who owns the ${pick(rng, NOUNS)}? Notes from the ${pick(rng, DEPARTMENTS)} group`,
  (rng) => `Working with the ${pick(rng, ROLES)} on the ${pick(rng, NOUNS)}`,
  (rng) => `${cap(pick(rng, ROLES))} handbook (${pick(rng, DEPARTMENTS)})`,
];

const HEADINGS: readonly ((rng: Rng) => string)[] = [
  (rng) => `${cap(pick(rng, ADJECTIVES))} ${pick(rng, NOUNS)}`,
  (rng) => `How the ${pick(rng, DEPARTMENTS)} team handles the ${pick(rng, NOUNS)}`,
  (rng) => `${cap(pick(rng, NOUNS))} and ${pick(rng, NOUNS)}`,
  (rng) => `The ${pick(rng, ROLES)} and the ${pick(rng, NOUNS)}`,
];

function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// ---------------------------------------------------------------------------------------------
// Seeds

export interface SeedMaterial {
  sentences: string[];
  items: string[];
  headings: string[];
}

export async function readSeedMaterial(seedDir: string = SEED_DIR): Promise<SeedMaterial> {
  const files = (await readdir(seedDir))
    .filter((file) => file.endsWith('.md') && file.toLowerCase() !== 'readme.md')
    .sort();
  const sentences = new Set<string>();
  const items = new Set<string>();
  const headings = new Set<string>();
  for (const file of files) {
    const doc = parseKnowledgeDocument(file, await readFile(path.join(seedDir, file), 'utf8'));
    for (const block of doc.blocks) {
      for (const heading of block.headings) headings.add(heading);
      if (block.kind === 'paragraph') {
        for (const sentence of splitSentences(block.text)) {
          const words = sentence.split(/\s+/).length;
          if (words >= 5 && words <= 60 && /[.!?]$/.test(sentence)) sentences.add(sentence);
        }
      } else {
        for (const item of block.items) if (item.split(/\s+/).length >= 3) items.add(item);
      }
    }
  }
  if (sentences.size === 0) throw new Error(`generate: no seed sentences in ${seedDir}`);
  return { sentences: [...sentences], items: [...items], headings: [...headings] };
}

// ---------------------------------------------------------------------------------------------
// Text assembly

const DETERMINERS = new Set(['the', 'a', 'an', 'their', 'your', 'our', 'its', 'each', 'every']);

/** A seed sentence with word-level substitutions, filler adjectives and sometimes a clause. */
export function varySentence(rng: Rng, sentence: string, clause = true): string {
  if (rng() < 0.15) return sentence;
  const tokens = sentence.split(' ');
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] ?? '';
    const match = /^([^A-Za-z]*)([A-Za-z]+)([^A-Za-z]*)$/.exec(token);
    if (!match) continue;
    const [, before = '', word = '', after = ''] = match;
    const options = SUBSTITUTIONS[word.toLowerCase()];
    if (options && rng() < 0.45) {
      const replacement = pick(rng, options);
      tokens[i] = before + (/^[A-Z]/.test(word) ? cap(replacement) : replacement) + after;
    }
  }
  // A filler adjective after a determiner ("the roadmap" → "the quarterly roadmap").
  const slots = tokens
    .map((token, i) => (DETERMINERS.has(token.toLowerCase()) && i + 1 < tokens.length ? i : -1))
    .filter((i) => i >= 0);
  if (slots.length > 0 && rng() < 0.55) {
    const at = pick(rng, slots);
    const adjective = pick(rng, ADJECTIVES);
    const determiner = tokens[at] ?? '';
    if (/^an?$/i.test(determiner)) {
      const article = /^[aeiou]/i.test(adjective) ? 'an' : 'a';
      tokens[at] = determiner === determiner.toLowerCase() ? article : cap(article);
    }
    tokens.splice(at + 1, 0, adjective);
  }
  let text = tokens.join(' ');
  if (clause && (rng() < 0.35 || text === sentence)) {
    const end = /[.!?]$/.exec(text)?.[0] ?? '.';
    text = `${text.replace(/[.!?]$/, '')}, ${pick(rng, CLAUSES)(rng)}${end}`;
  }
  return text;
}

function sentence(rng: Rng, seeds: SeedMaterial): string {
  return rng() < 0.1 ? pick(rng, SYNTHETIC)(rng) : varySentence(rng, pick(rng, seeds.sentences));
}

function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

function heading(rng: Rng, seeds: SeedMaterial): string {
  if (seeds.headings.length > 0 && rng() < 0.5) {
    return varySentence(rng, pick(rng, seeds.headings), false);
  }
  return pick(rng, HEADINGS)(rng);
}

function listItem(rng: Rng, seeds: SeedMaterial): string {
  const source =
    seeds.items.length > 0 && rng() < 0.6 ? pick(rng, seeds.items) : pick(rng, seeds.sentences);
  return varySentence(rng, source);
}

/** Target length: log-normal around 400 words, clamped to 150..900. */
function targetWords(rng: Rng): number {
  return Math.min(850, Math.max(150, Math.round(Math.exp(Math.log(400) + 0.45 * gaussian(rng)))));
}

export function renderDocument(rng: Rng, seeds: SeedMaterial, index: number): string {
  const target = targetWords(rng);
  const sectionCount = Math.min(6, Math.max(2, Math.round(target / 150) + between(rng, -1, 1)));
  const lines: string[] = ['---', `title: ${JSON.stringify(pick(rng, TITLES)(rng))}`];
  if (rng() < 0.6) lines.push(`publisher: ${JSON.stringify(`${pick(rng, COMPANIES)} Wiki`)}`);
  if (rng() < 0.7) {
    const month = String(between(rng, 1, 12)).padStart(2, '0');
    const day = String(between(rng, 1, 28)).padStart(2, '0');
    lines.push(`published: ${between(rng, 2018, 2025)}-${month}-${day}`);
  }
  if (rng() < 0.3) lines.push(`author: ${JSON.stringify(`Bench Author ${index % 97}`)}`);
  lines.push('---', '');

  let words = 0;
  // Up to `most` pieces, at least `least`, stopping early once the section has its words.
  const fill = (most: number, least: number, make: () => string): string[] => {
    const pieces: string[] = [];
    while (pieces.length < most && (pieces.length < least || words < sectionEnd)) {
      const piece = make();
      pieces.push(piece);
      words += countWords(piece);
    }
    return pieces;
  };
  let sectionEnd = 0;
  for (let s = 0; s < sectionCount; s++) {
    lines.push(`## ${heading(rng, seeds)}`, '');
    sectionEnd = (target * (s + 1)) / sectionCount;
    const subAt = rng() < 0.25 ? between(rng, 1, 2) : -1;
    const listAt = rng() < 0.3 ? between(rng, 0, 2) : -1;
    let paragraph = 0;
    // Every section gets at least one paragraph; then paragraphs until its share of the words.
    while (paragraph === 0 || (words < sectionEnd && paragraph < 12)) {
      if (paragraph === subAt) lines.push(`### ${heading(rng, seeds)}`, '');
      if (paragraph === listAt) {
        const lead = pick(rng, LEAD_INS)(rng);
        const items = fill(between(rng, 3, 6), 3, () => listItem(rng, seeds));
        lines.push(lead, ...items.map((item) => `- ${item}`), '');
        words += countWords(lead);
      } else {
        lines.push(fill(between(rng, 2, 6), 2, () => sentence(rng, seeds)).join(' '), '');
      }
      paragraph++;
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

// ---------------------------------------------------------------------------------------------
// Corpus

async function seedsHash(seedDir: string): Promise<string> {
  const hash = createHash('sha256');
  const files = (await readdir(seedDir)).filter((f) => f.endsWith('.md') || f.endsWith('.yml'));
  for (const file of files.sort()) {
    hash
      .update(file)
      .update('\0')
      .update(await readFile(path.join(seedDir, file)));
  }
  return hash.digest('hex');
}

async function readManifest(dir: string): Promise<Manifest | undefined> {
  try {
    return JSON.parse(await readFile(path.join(dir, MANIFEST), 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
}

export function fileNameOf(rng: Rng, index: number): string {
  const area = pick(rng, DEPARTMENTS);
  const slug = pick(rng, NOUNS)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-');
  return `${area}/${slug}-${String(index).padStart(5, '0')}.md`;
}

/** Writes N documents (skipped when a matching manifest says they are already there). */
export async function generateCorpus(options: GenerateOptions): Promise<GeneratedCorpus> {
  const started = performance.now();
  const seed = options.seed ?? DEFAULT_SEED;
  const seedDir = options.seedDir ?? SEED_DIR;
  const dir = options.dir ?? path.join(GENERATED_DIR, String(options.count));
  const expected = {
    version: GENERATOR_VERSION,
    count: options.count,
    seed,
    seedsHash: await seedsHash(seedDir),
  };
  const existing = await readManifest(dir);
  if (
    existing &&
    existing.version === expected.version &&
    existing.count === expected.count &&
    existing.seed === expected.seed &&
    existing.seedsHash === expected.seedsHash
  ) {
    return {
      dir,
      generated: false,
      files: existing.files,
      words: existing.words,
      bytes: existing.bytes,
      ms: performance.now() - started,
    };
  }

  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const seeds = await readSeedMaterial(seedDir);
  let words = 0;
  let bytes = 0;
  const made = new Set<string>();
  const batch: Promise<void>[] = [];
  for (let i = 0; i < options.count; i++) {
    // One stream per document: document i is the same whatever N is (1k is a prefix of 10k).
    const rng = mulberry32(hashString(`${seed}:${i}`));
    const file = fileNameOf(rng, i);
    const text = renderDocument(rng, seeds, i);
    words += countWords(text);
    bytes += Buffer.byteLength(text);
    const folder = path.dirname(path.join(dir, file));
    if (!made.has(folder)) {
      await mkdir(folder, { recursive: true });
      made.add(folder);
    }
    batch.push(writeFile(path.join(dir, file), text));
    if (batch.length >= 64) await Promise.all(batch.splice(0));
  }
  await Promise.all(batch);
  for (const file of COPIED_FILES) {
    await copyFile(path.join(seedDir, file), path.join(dir, file));
  }
  // Written last: a folder without it (an interrupted run) is regenerated.
  const manifest: Manifest = { ...expected, files: options.count, words, bytes };
  await writeFile(path.join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return {
    dir,
    generated: true,
    files: options.count,
    words,
    bytes,
    ms: performance.now() - started,
  };
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  const counts = process.argv.slice(2).map(Number);
  if (counts.length === 0 || counts.some((n) => !Number.isInteger(n) || n < 1)) {
    process.stderr.write('usage: tsx bench/generate.ts <count> [count...]\n');
    process.exit(2);
  }
  for (const count of counts) {
    const result = await generateCorpus({ count });
    process.stderr.write(
      `generate: ${result.files} docs, ${result.words} words in ${result.dir} (${result.generated ? `written in ${Math.round(result.ms)} ms` : 'already there'})\n`,
    );
  }
}

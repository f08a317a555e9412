/**
 * Block Kit validator for tests: asserts that what rolebot renders is valid Block Kit within
 * Slack's limits, and finds live mentions (`<!channel>`, `<@U…>`, …) so tests can prove that
 * text echoed from user input never pings anyone.
 *
 * Sources for the limits (each rule below names its own):
 * - /work/shared/slack-platform.md, "Block Kit limits" and "Text and escaping".
 * - @slack/types 3.2 doc comments (node_modules/@slack/types/dist/block-kit/*.d.ts, views.d.ts).
 * - Slack reference pages: blocks (50 per message, 100 in modals / Home tab), table block
 *   (≤ 100 rows, ≤ 20 cells a row, raw_text / rich_text cells, column_settings ≤ 20), markdown
 *   block (12,000 chars), formatting reference (escape `&`, `<`, `>` in mrkdwn).
 *
 * Deliberate choices (read before relying on a result):
 * - Lengths are counted in UTF-16 code units (`string.length`). Slack's exact unit is not
 *   documented; code units are never fewer than code points, so this errs on the strict side.
 * - `action_id` uniqueness is checked across the whole message, as slack-platform.md asks,
 *   which is stricter than Slack's own "unique within the containing block".
 * - The validator never throws: malformed input (non-objects, missing fields, wrong types,
 *   cycles) becomes violations. Any unexpected internal failure is reported as `internal.error`.
 *
 * @module
 */

export interface Violation {
  /** JSON path of the offending value, e.g. `blocks[3].fields[2].text`; `$` is the root. */
  path: string;
  rule: Rule;
  message: string;
}

export type Surface = 'message' | 'home' | 'modal';

export interface LiveMention {
  path: string;
  /** The live token as it appears (or, for rich_text elements, its mrkdwn equivalent). */
  token: string;
  kind: 'broadcast' | 'user' | 'usergroup';
}

export type Rule =
  | 'input.shape'
  | 'internal.error'
  | 'text.required'
  | 'text.max_length'
  | 'message.link_names'
  | 'blocks.shape'
  | 'blocks.max_count'
  | 'block.shape'
  | 'block.type'
  | 'block_id.invalid'
  | 'block_id.max_length'
  | 'block_id.duplicate'
  | 'action_id.invalid'
  | 'action_id.max_length'
  | 'action_id.duplicate'
  | 'text_object.shape'
  | 'text_object.type'
  | 'text_object.plain_text_required'
  | 'text_object.empty'
  | 'text_object.max_length'
  | 'mrkdwn.unescaped'
  | 'section.content'
  | 'section.fields'
  | 'section.fields_max_count'
  | 'section.accessory'
  | 'context.elements'
  | 'context.element_type'
  | 'actions.elements'
  | 'actions.element_type'
  | 'button.value_max_length'
  | 'button.url_max_length'
  | 'button.style'
  | 'button.accessibility_label_max_length'
  | 'image.source'
  | 'image.url_max_length'
  | 'image.alt_text'
  | 'table.max_count'
  | 'table.rows'
  | 'table.rows_max_count'
  | 'table.row'
  | 'table.cells_max_count'
  | 'table.row_width'
  | 'table.cell'
  | 'table.total_chars'
  | 'table.column_settings'
  | 'markdown.text'
  | 'markdown.total_length'
  | 'rich_text.elements'
  | 'rich_text.element'
  | 'context_actions.elements'
  | 'context_actions.element_type'
  | 'feedback_buttons.button'
  | 'input.surface'
  | 'input.label'
  | 'input.element'
  | 'option.shape'
  | 'option.max_length'
  | 'options.max_count'
  | 'view.type'
  | 'view.private_metadata_max_length'
  | 'view.callback_id_max_length';

/** Every limit the validator enforces, with where it comes from. */
export const LIMITS = {
  /** slack-platform.md; Slack truncates/rejects longer `text`. */
  messageText: 40_000,
  /** slack-platform.md; Slack "Blocks" reference. */
  messageBlocks: 50,
  /** slack-platform.md; @slack/types views.d.ts ("Max of 100 blocks"). */
  viewBlocks: 100,
  /** @slack/types blocks.d.ts (Block.block_id); slack-platform.md. */
  blockId: 255,
  /** @slack/types block-elements.d.ts (Actionable.action_id); slack-platform.md. */
  actionId: 255,
  /** @slack/types composition-objects.d.ts: any text object is 1..3000 chars. */
  textObject: 3_000,
  /** slack-platform.md; @slack/types HeaderBlock.text. */
  headerText: 150,
  /** slack-platform.md; @slack/types SectionBlock.text. */
  sectionText: 3_000,
  /** slack-platform.md; @slack/types SectionBlock.fields. */
  sectionFields: 10,
  sectionFieldText: 2_000,
  /** slack-platform.md; @slack/types ContextBlock.elements. */
  contextElements: 10,
  /** slack-platform.md; @slack/types ActionsBlock.elements. */
  actionsElements: 25,
  /** slack-platform.md; @slack/types Button. */
  buttonText: 75,
  buttonValue: 2_000,
  buttonUrl: 3_000,
  buttonAccessibilityLabel: 75,
  /** @slack/types ImageBlock / ImageElement. */
  imageAltText: 2_000,
  imageTitle: 2_000,
  imageUrl: 3_000,
  /** slack-platform.md ("one per message"); table block reference. */
  tablesPerMessage: 1,
  tableRows: 100,
  tableCellsPerRow: 20,
  tableColumnSettings: 20,
  /**
   * Not on the table block reference page we could read; Slack documents it for `data_table`
   * and third-party reports (getnao/nao#1178) hit it with `table`. Kept as a safety margin.
   */
  tableTotalChars: 10_000,
  /** slack-platform.md; markdown block reference ("12,000 characters max", cumulative). */
  markdownTotal: 12_000,
  /** @slack/types views.d.ts. */
  viewPrivateMetadata: 3_000,
  viewCallbackId: 255,
  modalTitle: 24,
  modalButtonText: 24,
  /** @slack/types ContextActionsBlock ("Maximum number of items is 5"). */
  contextActionsElements: 5,
  /** @slack/types FeedbackButtons: accessibility_label ≤ 75; value as a button's, ≤ 2,000. */
  feedbackButtonLabel: 75,
  feedbackButtonValue: 2_000,
  feedbackButtonText: 75,
  /** @slack/types InputBlock: label and hint ≤ 2,000. */
  inputLabel: 2_000,
  /** @slack/types Option / external_select: option text ≤ 75, value ≤ 150, ≤ 100 options. */
  optionText: 75,
  optionValue: 150,
  options: 100,
  selectPlaceholder: 150,
} as const;

/** Block types rolebot uses. Anything else is a `block.type` violation. */
export const ALLOWED_BLOCK_TYPES: ReadonlySet<string> = new Set([
  'section',
  'header',
  'context',
  'divider',
  'actions',
  'table',
  'markdown',
  'rich_text',
  'image',
  'context_actions',
  'input',
]);

/** Elements an input block can hold that rolebot uses. */
const INPUT_ELEMENT_TYPES: ReadonlySet<string> = new Set([
  'plain_text_input',
  'external_select',
  'static_select',
  'conversations_select',
  'channels_select',
  'radio_buttons',
]);

const ACTIONS_ELEMENT_TYPES: ReadonlySet<string> = new Set([
  'button',
  'checkboxes',
  'datepicker',
  'datetimepicker',
  'overflow',
  'radio_buttons',
  'static_select',
  'external_select',
  'users_select',
  'conversations_select',
  'channels_select',
  'multi_static_select',
  'multi_external_select',
  'multi_users_select',
  'multi_conversations_select',
  'multi_channels_select',
  'timepicker',
  'workflow_button',
  'rich_text_input',
]);

/** SectionBlockAccessory in @slack/types: the actions elements minus rich_text_input, plus image. */
const SECTION_ACCESSORY_TYPES: ReadonlySet<string> = new Set(
  [...ACTIONS_ELEMENT_TYPES].filter((t) => t !== 'rich_text_input').concat('image'),
);

const RICH_TEXT_CONTAINER_TYPES: ReadonlySet<string> = new Set([
  'rich_text_section',
  'rich_text_list',
  'rich_text_quote',
  'rich_text_preformatted',
]);

/** Required string field per rich_text inline element type (@slack/types RichTextElement). */
const RICH_TEXT_INLINE_REQUIRED: Readonly<Record<string, string>> = {
  text: 'text',
  link: 'url',
  user: 'user_id',
  usergroup: 'usergroup_id',
  channel: 'channel_id',
  team: 'team_id',
  emoji: 'name',
  date: 'format',
  color: 'value',
  broadcast: 'range',
};

const BROADCAST_RANGES: ReadonlySet<string> = new Set(['here', 'channel', 'everyone']);

const MAX_DEPTH = 64;

// ---------------------------------------------------------------------------------------------
// Small helpers (own properties only, no coercion: input may be anything).

type Rec = Record<string, unknown>;

function isRecord(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function own(obj: Rec, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

function has(obj: Rec, key: string): boolean {
  return Object.hasOwn(obj, key) && obj[key] !== undefined;
}

function joinKey(path: string, key: string): string {
  if (/^[A-Za-z_$][\w$]*$/.test(key)) return path === '' ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
}

function at(path: string, index: number): string {
  return `${path}[${index}]`;
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function snippet(s: string, index: number): string {
  const start = Math.max(0, index - 10);
  const end = Math.min(s.length, index + 20);
  return `${start > 0 ? '…' : ''}${s.slice(start, end)}${end < s.length ? '…' : ''}`;
}

interface Ctx {
  surface: Surface;
  violations: Violation[];
  blockIds: Map<string, string>;
  actionIds: Map<string, string>;
  tables: number;
  tableChars: number;
  tableCharsReported: boolean;
  markdownChars: number;
  markdownReported: boolean;
}

function newCtx(surface: Surface): Ctx {
  return {
    surface,
    violations: [],
    blockIds: new Map(),
    actionIds: new Map(),
    tables: 0,
    tableChars: 0,
    tableCharsReported: false,
    markdownChars: 0,
    markdownReported: false,
  };
}

function add(ctx: Ctx, path: string, rule: Rule, message: string): void {
  ctx.violations.push({ path: path === '' ? '$' : path, rule, message });
}

function checkMaxLength(
  ctx: Ctx,
  v: unknown,
  path: string,
  max: number,
  rule: Rule,
  what: string,
): void {
  if (v === undefined) return;
  if (typeof v !== 'string') {
    add(ctx, path, rule, `${what} must be a string, got ${kindOf(v)}`);
  } else if (v.length > max) {
    add(ctx, path, rule, `${what} is ${v.length} chars; limit ${max}`);
  }
}

// ---------------------------------------------------------------------------------------------
// mrkdwn escaping.

/**
 * A well-formed Slack control sequence starting at a `<`: user / channel / broadcast /
 * user-group mentions, dates, and links (http, https, mailto, slack). Labels after `|` may not
 * contain `|`, `<` or `>` (slack-platform.md, "Links"). Live mentions are well-formed too:
 * whether they are allowed is findLiveMentions' question, not the escaping rule's.
 */
const SLACK_TOKEN =
  /<(?:@[UW][A-Z0-9]+|#[CG][A-Z0-9]+|!(?:here|channel|everyone)|!subteam\^[A-Z0-9]+|!date\^\d+\^[^<>|]+|(?:https?:\/\/|mailto:|slack:\/\/)[^<>|\s]+)(?:\|[^<>|]*)?>/y;

const ENTITY = /&(?:amp|lt|gt);/y;

/**
 * In mrkdwn (and the top-level `text`), Slack treats `&`, `<`, `>` as control characters; text
 * must carry them as `&amp;`, `&lt;`, `&gt;`. Flags a `<` that does not open a well-formed
 * token and an `&` that is not one of those three entities (so `&` inside a URL must be
 * `&amp;` too). A bare `>` is not flagged: Slack renders it literally and uses it for quotes.
 */
function checkMrkdwn(ctx: Ctx, text: string, path: string): void {
  const bad: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '<') {
      SLACK_TOKEN.lastIndex = i;
      if (!SLACK_TOKEN.test(text)) bad.push(i);
    } else if (ch === '&') {
      ENTITY.lastIndex = i;
      if (!ENTITY.test(text)) bad.push(i);
    }
  }
  const first = bad[0];
  if (first === undefined) return;
  const char = text[first] ?? '';
  add(
    ctx,
    path,
    'mrkdwn.unescaped',
    `${bad.length} unescaped control character(s) in mrkdwn; first is '${char}' at offset ` +
      `${first} ("${snippet(text, first)}"); escape & < > as &amp; &lt; &gt;`,
  );
}

// ---------------------------------------------------------------------------------------------
// Text objects.

interface TextRules {
  max: number;
  plainOnly?: boolean;
  what: string;
}

function checkTextObject(ctx: Ctx, v: unknown, path: string, rules: TextRules): void {
  if (!isRecord(v)) {
    add(ctx, path, 'text_object.shape', `${rules.what} must be a text object, got ${kindOf(v)}`);
    return;
  }
  const type = own(v, 'type');
  if (type !== 'plain_text' && type !== 'mrkdwn') {
    add(
      ctx,
      joinKey(path, 'type'),
      'text_object.type',
      `${rules.what} type must be plain_text or mrkdwn, got ${typeof type === 'string' ? `'${type}'` : kindOf(type)}`,
    );
  } else if (rules.plainOnly && type !== 'plain_text') {
    add(
      ctx,
      joinKey(path, 'type'),
      'text_object.plain_text_required',
      `${rules.what} must be plain_text, got '${type}'`,
    );
  }
  const text = own(v, 'text');
  const textPath = joinKey(path, 'text');
  if (typeof text !== 'string' || text.length === 0) {
    add(
      ctx,
      textPath,
      'text_object.empty',
      `${rules.what} text must be a non-empty string, got ${typeof text === 'string' ? 'an empty string' : kindOf(text)}`,
    );
    return;
  }
  if (text.length > rules.max) {
    add(
      ctx,
      textPath,
      'text_object.max_length',
      `${rules.what} text is ${text.length} chars; limit ${rules.max}`,
    );
  }
  if (type === 'mrkdwn') checkMrkdwn(ctx, text, textPath);
}

// ---------------------------------------------------------------------------------------------
// Ids.

function checkId(
  ctx: Ctx,
  obj: Rec,
  key: 'block_id' | 'action_id',
  path: string,
  seen: Map<string, string>,
): void {
  if (!has(obj, key)) return;
  const v = own(obj, key);
  const p = joinKey(path, key);
  if (typeof v !== 'string' || v.length === 0) {
    add(ctx, p, `${key}.invalid`, `${key} must be a non-empty string, got ${kindOf(v)}`);
    return;
  }
  const max = key === 'block_id' ? LIMITS.blockId : LIMITS.actionId;
  if (v.length > max) {
    add(ctx, p, `${key}.max_length`, `${key} is ${v.length} chars; limit ${max}`);
  }
  const firstPath = seen.get(v);
  if (firstPath !== undefined) {
    add(ctx, p, `${key}.duplicate`, `${key} '${v}' already used at ${firstPath}`);
  } else {
    seen.set(v, p);
  }
}

// ---------------------------------------------------------------------------------------------
// Elements.

function checkButton(ctx: Ctx, el: Rec, path: string): void {
  checkTextObject(ctx, own(el, 'text'), joinKey(path, 'text'), {
    max: LIMITS.buttonText,
    plainOnly: true,
    what: 'button',
  });
  checkMaxLength(
    ctx,
    own(el, 'value'),
    joinKey(path, 'value'),
    LIMITS.buttonValue,
    'button.value_max_length',
    'button value',
  );
  checkMaxLength(
    ctx,
    own(el, 'url'),
    joinKey(path, 'url'),
    LIMITS.buttonUrl,
    'button.url_max_length',
    'button url',
  );
  checkMaxLength(
    ctx,
    own(el, 'accessibility_label'),
    joinKey(path, 'accessibility_label'),
    LIMITS.buttonAccessibilityLabel,
    'button.accessibility_label_max_length',
    'button accessibility_label',
  );
  const style = own(el, 'style');
  if (style !== undefined && style !== 'primary' && style !== 'danger') {
    add(
      ctx,
      joinKey(path, 'style'),
      'button.style',
      `button style must be 'primary' or 'danger' (or absent), got ${typeof style === 'string' ? `'${style}'` : kindOf(style)}`,
    );
  }
}

/** Image block or image element: a source (image_url or slack_file) and alt_text. */
function checkImage(ctx: Ctx, el: Rec, path: string, what: string): void {
  const url = own(el, 'image_url');
  const file = own(el, 'slack_file');
  if (url === undefined && file === undefined) {
    add(ctx, path, 'image.source', `${what} needs image_url or slack_file`);
  } else if (url !== undefined) {
    if (typeof url !== 'string' || url.length === 0) {
      add(ctx, joinKey(path, 'image_url'), 'image.source', `${what} image_url must be a string`);
    } else if (url.length > LIMITS.imageUrl) {
      add(
        ctx,
        joinKey(path, 'image_url'),
        'image.url_max_length',
        `${what} image_url is ${url.length} chars; limit ${LIMITS.imageUrl}`,
      );
    }
  } else if (!isRecord(file)) {
    add(ctx, joinKey(path, 'slack_file'), 'image.source', `${what} slack_file must be an object`);
  }
  const alt = own(el, 'alt_text');
  if (typeof alt !== 'string' || alt.length === 0) {
    add(ctx, joinKey(path, 'alt_text'), 'image.alt_text', `${what} needs a non-empty alt_text`);
  } else if (alt.length > LIMITS.imageAltText) {
    add(
      ctx,
      joinKey(path, 'alt_text'),
      'image.alt_text',
      `${what} alt_text is ${alt.length} chars; limit ${LIMITS.imageAltText}`,
    );
  }
}

/** Shared by actions elements and section accessories. */
function checkInteractive(ctx: Ctx, el: Rec, path: string): void {
  checkId(ctx, el, 'action_id', path, ctx.actionIds);
  if (own(el, 'type') === 'button') checkButton(ctx, el, path);
}

// ---------------------------------------------------------------------------------------------
// rich_text (blocks and table cells).

function checkRichText(ctx: Ctx, rt: Rec, path: string): void {
  const elements = own(rt, 'elements');
  const elPath = joinKey(path, 'elements');
  if (!Array.isArray(elements) || elements.length === 0) {
    add(ctx, elPath, 'rich_text.elements', 'rich_text needs a non-empty elements array');
    return;
  }
  elements.forEach((container: unknown, i) => {
    checkRichTextContainer(ctx, container, at(elPath, i), 0);
  });
}

function checkRichTextContainer(ctx: Ctx, v: unknown, path: string, depth: number): void {
  if (depth > MAX_DEPTH) {
    add(ctx, path, 'rich_text.element', 'rich_text nesting too deep');
    return;
  }
  if (!isRecord(v)) {
    add(ctx, path, 'rich_text.element', `rich_text element must be an object, got ${kindOf(v)}`);
    return;
  }
  const type = own(v, 'type');
  if (typeof type !== 'string' || !RICH_TEXT_CONTAINER_TYPES.has(type)) {
    add(
      ctx,
      joinKey(path, 'type'),
      'rich_text.element',
      `rich_text element type must be one of ${[...RICH_TEXT_CONTAINER_TYPES].join(', ')}`,
    );
    return;
  }
  const children = own(v, 'elements');
  const childPath = joinKey(path, 'elements');
  if (!Array.isArray(children)) {
    add(ctx, childPath, 'rich_text.elements', `${type} needs an elements array`);
    return;
  }
  children.forEach((child: unknown, i) => {
    if (type === 'rich_text_list') {
      checkRichTextContainer(ctx, child, at(childPath, i), depth + 1);
    } else {
      checkRichTextInline(ctx, child, at(childPath, i));
    }
  });
}

function checkRichTextInline(ctx: Ctx, v: unknown, path: string): void {
  if (!isRecord(v)) {
    add(ctx, path, 'rich_text.element', `rich_text element must be an object, got ${kindOf(v)}`);
    return;
  }
  const type = own(v, 'type');
  const required = typeof type === 'string' ? RICH_TEXT_INLINE_REQUIRED[type] : undefined;
  if (required === undefined) {
    add(
      ctx,
      joinKey(path, 'type'),
      'rich_text.element',
      `unknown rich_text inline element type ${typeof type === 'string' ? `'${type}'` : kindOf(type)}`,
    );
    return;
  }
  const value = own(v, required);
  if (typeof value !== 'string' || value.length === 0) {
    add(
      ctx,
      joinKey(path, required),
      'rich_text.element',
      `rich_text ${String(type)} element needs a non-empty string ${required}`,
    );
  } else if (type === 'broadcast' && !BROADCAST_RANGES.has(value)) {
    add(
      ctx,
      joinKey(path, 'range'),
      'rich_text.element',
      `broadcast range must be here, channel or everyone, got '${value}'`,
    );
  }
}

/** Characters a rich_text structure displays (text elements), for the table cell budget. */
function richTextChars(v: unknown, depth: number): number {
  if (depth > MAX_DEPTH) return 0;
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + richTextChars(x, depth + 1), 0);
  if (!isRecord(v)) return 0;
  const text = own(v, 'text');
  return (
    (typeof text === 'string' ? text.length : 0) + richTextChars(own(v, 'elements'), depth + 1)
  );
}

// ---------------------------------------------------------------------------------------------
// Blocks.

function checkSection(ctx: Ctx, block: Rec, path: string): void {
  const text = own(block, 'text');
  const fields = own(block, 'fields');
  if (text === undefined && fields === undefined) {
    add(ctx, path, 'section.content', 'section needs text or fields (or both)');
  }
  if (text !== undefined) {
    checkTextObject(ctx, text, joinKey(path, 'text'), {
      max: LIMITS.sectionText,
      what: 'section',
    });
  }
  if (fields !== undefined) {
    const fPath = joinKey(path, 'fields');
    if (!Array.isArray(fields) || fields.length === 0) {
      add(ctx, fPath, 'section.fields', 'section fields must be a non-empty array');
    } else {
      if (fields.length > LIMITS.sectionFields) {
        add(
          ctx,
          fPath,
          'section.fields_max_count',
          `section has ${fields.length} fields; limit ${LIMITS.sectionFields}`,
        );
      }
      fields.forEach((f: unknown, i) => {
        checkTextObject(ctx, f, at(fPath, i), {
          max: LIMITS.sectionFieldText,
          what: 'section field',
        });
      });
    }
  }
  const accessory = own(block, 'accessory');
  if (accessory !== undefined) {
    const aPath = joinKey(path, 'accessory');
    const type = isRecord(accessory) ? own(accessory, 'type') : undefined;
    if (!isRecord(accessory) || typeof type !== 'string' || !SECTION_ACCESSORY_TYPES.has(type)) {
      add(ctx, aPath, 'section.accessory', 'section accessory must be a known element object');
    } else if (type === 'image') {
      checkImage(ctx, accessory, aPath, 'image accessory');
    } else {
      checkInteractive(ctx, accessory, aPath);
    }
  }
}

/**
 * A context or actions block's `elements`: 1..max of them. Reports `<kind>.elements` and returns
 * undefined when there are none to check further.
 */
function elementList(
  ctx: Ctx,
  block: Rec,
  ePath: string,
  kind: 'context' | 'actions',
  max: number,
): unknown[] | undefined {
  const elements = own(block, 'elements');
  if (!Array.isArray(elements) || elements.length === 0) {
    add(ctx, ePath, `${kind}.elements`, `${kind} needs 1..${max} elements`);
    return undefined;
  }
  if (elements.length > max) {
    add(ctx, ePath, `${kind}.elements`, `${kind} has ${elements.length} elements; limit ${max}`);
  }
  return elements;
}

function checkContext(ctx: Ctx, block: Rec, path: string): void {
  const ePath = joinKey(path, 'elements');
  const elements = elementList(ctx, block, ePath, 'context', LIMITS.contextElements);
  if (!elements) return;
  elements.forEach((el: unknown, i) => {
    const p = at(ePath, i);
    const type = isRecord(el) ? own(el, 'type') : undefined;
    if (isRecord(el) && type === 'image') {
      checkImage(ctx, el, p, 'context image');
    } else if (type === 'plain_text' || type === 'mrkdwn') {
      checkTextObject(ctx, el, p, { max: LIMITS.textObject, what: 'context element' });
    } else {
      add(ctx, p, 'context.element_type', 'context elements must be text objects or images');
    }
  });
}

function checkActions(ctx: Ctx, block: Rec, path: string): void {
  const ePath = joinKey(path, 'elements');
  const elements = elementList(ctx, block, ePath, 'actions', LIMITS.actionsElements);
  if (!elements) return;
  elements.forEach((el: unknown, i) => {
    const p = at(ePath, i);
    const type = isRecord(el) ? own(el, 'type') : undefined;
    if (!isRecord(el) || typeof type !== 'string' || !ACTIONS_ELEMENT_TYPES.has(type)) {
      add(ctx, p, 'actions.element_type', 'actions elements must be interactive element objects');
    } else {
      checkInteractive(ctx, el, p);
    }
  });
}

function checkTable(ctx: Ctx, block: Rec, path: string): void {
  ctx.tables += 1;
  if (ctx.tables > LIMITS.tablesPerMessage) {
    add(ctx, path, 'table.max_count', `only ${LIMITS.tablesPerMessage} table block per message`);
  }
  const rows = own(block, 'rows');
  const rPath = joinKey(path, 'rows');
  if (!Array.isArray(rows) || rows.length === 0) {
    add(ctx, rPath, 'table.rows', 'table needs a non-empty rows array');
  } else {
    if (rows.length > LIMITS.tableRows) {
      add(
        ctx,
        rPath,
        'table.rows_max_count',
        `table has ${rows.length} rows; limit ${LIMITS.tableRows}`,
      );
    }
    let width: number | undefined;
    rows.forEach((row: unknown, r) => {
      const rowPath = at(rPath, r);
      if (!Array.isArray(row) || row.length === 0) {
        add(ctx, rowPath, 'table.row', 'table row must be a non-empty array of cells');
        return;
      }
      if (row.length > LIMITS.tableCellsPerRow) {
        add(
          ctx,
          rowPath,
          'table.cells_max_count',
          `table row has ${row.length} cells; limit ${LIMITS.tableCellsPerRow}`,
        );
      }
      if (width === undefined) {
        width = row.length;
      } else if (row.length !== width) {
        add(
          ctx,
          rowPath,
          'table.row_width',
          `table row has ${row.length} cells but the first row has ${width}`,
        );
      }
      row.forEach((cell: unknown, c) => {
        checkTableCell(ctx, cell, at(rowPath, c));
      });
    });
  }
  if (ctx.tableChars > LIMITS.tableTotalChars && !ctx.tableCharsReported) {
    ctx.tableCharsReported = true;
    add(
      ctx,
      rPath,
      'table.total_chars',
      `table cells hold ${ctx.tableChars} chars; limit ${LIMITS.tableTotalChars}`,
    );
  }
  const settings = own(block, 'column_settings');
  if (settings !== undefined) {
    const sPath = joinKey(path, 'column_settings');
    if (!Array.isArray(settings)) {
      add(ctx, sPath, 'table.column_settings', 'column_settings must be an array');
      return;
    }
    if (settings.length > LIMITS.tableColumnSettings) {
      add(
        ctx,
        sPath,
        'table.column_settings',
        `column_settings has ${settings.length} items; limit ${LIMITS.tableColumnSettings}`,
      );
    }
    settings.forEach((s: unknown, i) => {
      if (s === null) return; // null skips a column (table block reference)
      const align = isRecord(s) ? own(s, 'align') : undefined;
      const wrapped = isRecord(s) ? own(s, 'is_wrapped') : undefined;
      if (
        !isRecord(s) ||
        (align !== undefined && align !== 'left' && align !== 'center' && align !== 'right') ||
        (wrapped !== undefined && typeof wrapped !== 'boolean')
      ) {
        add(
          ctx,
          at(sPath, i),
          'table.column_settings',
          'column setting must be null or { align?: left|center|right, is_wrapped?: boolean }',
        );
      }
    });
  }
}

function checkTableCell(ctx: Ctx, cell: unknown, path: string): void {
  const type = isRecord(cell) ? own(cell, 'type') : undefined;
  if (isRecord(cell) && type === 'raw_text') {
    const text = own(cell, 'text');
    if (typeof text !== 'string' || text.length === 0) {
      add(ctx, joinKey(path, 'text'), 'table.cell', 'raw_text cell needs a non-empty string text');
    } else {
      ctx.tableChars += text.length;
    }
  } else if (isRecord(cell) && type === 'rich_text') {
    checkRichText(ctx, cell, path);
    ctx.tableChars += richTextChars(own(cell, 'elements'), 0);
  } else {
    add(
      ctx,
      path,
      'table.cell',
      `table cell must be a raw_text or rich_text object, got ${typeof type === 'string' ? `'${type}'` : kindOf(cell)}`,
    );
  }
}

function checkMarkdown(ctx: Ctx, block: Rec, path: string): void {
  const text = own(block, 'text');
  const tPath = joinKey(path, 'text');
  if (typeof text !== 'string' || text.length === 0) {
    add(ctx, tPath, 'markdown.text', 'markdown block needs a non-empty string text');
    return;
  }
  // Standard Markdown, not mrkdwn: the mrkdwn escaping rule does not apply here.
  ctx.markdownChars += text.length;
  if (ctx.markdownChars > LIMITS.markdownTotal && !ctx.markdownReported) {
    ctx.markdownReported = true;
    add(
      ctx,
      tPath,
      'markdown.total_length',
      `markdown blocks reach ${ctx.markdownChars} chars here; limit ${LIMITS.markdownTotal} per message`,
    );
  }
}

function checkContextActions(ctx: Ctx, block: Rec, path: string): void {
  const ePath = joinKey(path, 'elements');
  const elements = own(block, 'elements');
  if (!Array.isArray(elements) || elements.length === 0) {
    add(ctx, ePath, 'context_actions.elements', 'context_actions needs 1..5 elements');
    return;
  }
  if (elements.length > LIMITS.contextActionsElements) {
    add(
      ctx,
      ePath,
      'context_actions.elements',
      `context_actions has ${elements.length} elements; limit ${LIMITS.contextActionsElements}`,
    );
  }
  elements.forEach((el: unknown, i) => {
    const p = at(ePath, i);
    const type = isRecord(el) ? own(el, 'type') : undefined;
    if (!isRecord(el) || (type !== 'feedback_buttons' && type !== 'icon_button')) {
      add(
        ctx,
        p,
        'context_actions.element_type',
        'context_actions elements must be feedback_buttons or icon_button',
      );
      return;
    }
    checkId(ctx, el, 'action_id', p, ctx.actionIds);
    if (type !== 'feedback_buttons') return;
    for (const key of ['positive_button', 'negative_button'] as const) {
      const button = own(el, key);
      const bPath = joinKey(p, key);
      if (!isRecord(button)) {
        add(ctx, bPath, 'feedback_buttons.button', `feedback_buttons needs a ${key} object`);
        continue;
      }
      checkTextObject(ctx, own(button, 'text'), joinKey(bPath, 'text'), {
        max: LIMITS.feedbackButtonText,
        plainOnly: true,
        what: `feedback ${key} text`,
      });
      const value = own(button, 'value');
      if (typeof value !== 'string' || value.length === 0) {
        add(ctx, joinKey(bPath, 'value'), 'feedback_buttons.button', `${key} needs a value`);
      } else if (value.length > LIMITS.feedbackButtonValue) {
        add(
          ctx,
          joinKey(bPath, 'value'),
          'feedback_buttons.button',
          `${key} value is ${value.length} chars; limit ${LIMITS.feedbackButtonValue}`,
        );
      }
      checkMaxLength(
        ctx,
        own(button, 'accessibility_label'),
        joinKey(bPath, 'accessibility_label'),
        LIMITS.feedbackButtonLabel,
        'feedback_buttons.button',
        `${key} accessibility_label`,
      );
    }
  });
}

function checkInput(ctx: Ctx, block: Rec, path: string): void {
  if (ctx.surface !== 'modal') {
    add(ctx, path, 'input.surface', 'input blocks belong in modals');
  }
  checkTextObject(ctx, own(block, 'label'), joinKey(path, 'label'), {
    max: LIMITS.inputLabel,
    plainOnly: true,
    what: 'input label',
  });
  if (own(block, 'hint') !== undefined) {
    checkTextObject(ctx, own(block, 'hint'), joinKey(path, 'hint'), {
      max: LIMITS.inputLabel,
      plainOnly: true,
      what: 'input hint',
    });
  }
  const element = own(block, 'element');
  const ePath = joinKey(path, 'element');
  const type = isRecord(element) ? own(element, 'type') : undefined;
  if (!isRecord(element) || typeof type !== 'string' || !INPUT_ELEMENT_TYPES.has(type)) {
    add(ctx, ePath, 'input.element', 'input element must be one rolebot uses');
    return;
  }
  checkId(ctx, element, 'action_id', ePath, ctx.actionIds);
  if (own(element, 'placeholder') !== undefined) {
    checkTextObject(ctx, own(element, 'placeholder'), joinKey(ePath, 'placeholder'), {
      max: LIMITS.selectPlaceholder,
      plainOnly: true,
      what: 'placeholder',
    });
  }
  const initial = own(element, 'initial_option');
  if (initial !== undefined) checkOption(ctx, initial, joinKey(ePath, 'initial_option'));
}

/** One option of a select menu (or of an options response): text ≤ 75, value ≤ 150. */
function checkOption(ctx: Ctx, option: unknown, path: string): void {
  if (!isRecord(option)) {
    add(ctx, path, 'option.shape', `option must be an object, got ${kindOf(option)}`);
    return;
  }
  checkTextObject(ctx, own(option, 'text'), joinKey(path, 'text'), {
    max: LIMITS.optionText,
    plainOnly: true,
    what: 'option text',
  });
  const value = own(option, 'value');
  if (typeof value !== 'string' || value.length === 0) {
    add(ctx, joinKey(path, 'value'), 'option.shape', 'option needs a non-empty value');
  } else if (value.length > LIMITS.optionValue) {
    add(
      ctx,
      joinKey(path, 'value'),
      'option.max_length',
      `option value is ${value.length} chars; limit ${LIMITS.optionValue}`,
    );
  }
}

function checkBlock(ctx: Ctx, block: unknown, path: string): void {
  if (!isRecord(block)) {
    add(ctx, path, 'block.shape', `block must be an object, got ${kindOf(block)}`);
    return;
  }
  const type = own(block, 'type');
  if (typeof type !== 'string' || !ALLOWED_BLOCK_TYPES.has(type)) {
    add(
      ctx,
      joinKey(path, 'type'),
      'block.type',
      `block type ${typeof type === 'string' ? `'${type}'` : kindOf(type)} is not one rolebot uses (${[...ALLOWED_BLOCK_TYPES].join(', ')})`,
    );
    return;
  }
  checkId(ctx, block, 'block_id', path, ctx.blockIds);
  switch (type) {
    case 'section':
      checkSection(ctx, block, path);
      break;
    case 'header':
      checkTextObject(ctx, own(block, 'text'), joinKey(path, 'text'), {
        max: LIMITS.headerText,
        plainOnly: true,
        what: 'header',
      });
      break;
    case 'context':
      checkContext(ctx, block, path);
      break;
    case 'actions':
      checkActions(ctx, block, path);
      break;
    case 'table':
      checkTable(ctx, block, path);
      break;
    case 'markdown':
      checkMarkdown(ctx, block, path);
      break;
    case 'rich_text':
      checkRichText(ctx, block, path);
      break;
    case 'context_actions':
      checkContextActions(ctx, block, path);
      break;
    case 'input':
      checkInput(ctx, block, path);
      break;
    case 'image':
      checkImage(ctx, block, path, 'image block');
      if (own(block, 'title') !== undefined) {
        checkTextObject(ctx, own(block, 'title'), joinKey(path, 'title'), {
          max: LIMITS.imageTitle,
          plainOnly: true,
          what: 'image title',
        });
      }
      break;
    default:
      // divider: nothing beyond block_id.
      break;
  }
}

function checkBlocks(ctx: Ctx, blocks: unknown, path: string, max: number | undefined): void {
  if (!Array.isArray(blocks)) {
    add(ctx, path, 'blocks.shape', `blocks must be an array, got ${kindOf(blocks)}`);
    return;
  }
  if (max !== undefined && blocks.length > max) {
    add(
      ctx,
      path,
      'blocks.max_count',
      `${blocks.length} blocks; limit ${max} for a ${ctx.surface === 'message' ? 'message' : `${ctx.surface} view`}`,
    );
  }
  for (let i = 0; i < blocks.length; i++) checkBlock(ctx, blocks[i], at(path, i));
}

function guarded(surface: Surface, run: (ctx: Ctx) => void): Violation[] {
  const ctx = newCtx(surface);
  try {
    run(ctx);
  } catch (err) {
    add(ctx, '', 'internal.error', `validator failed on this input: ${describeError(err)}`);
  }
  return ctx.violations;
}

function describeError(err: unknown): string {
  try {
    return err instanceof Error ? err.message : typeof err;
  } catch {
    return 'unknown error';
  }
}

// ---------------------------------------------------------------------------------------------
// Public API.

/** The shape rolebot's renderers return; any value is accepted at runtime. */
export interface MessageLike {
  text?: string;
  blocks?: unknown[];
  [key: string]: unknown;
}

/**
 * Validates a message payload (chat.postMessage / respond / say). `surface` defaults to
 * `'message'`; with `'home'` or `'modal'` the block limit is 100 and `text` is not required.
 * Also validates `attachments[i].blocks` (the table block reference shows tables sent in
 * attachments), counting their ids, tables and markdown towards the same message.
 */
export function validateMessage(msg: unknown, opts: { surface?: Surface } = {}): Violation[] {
  const surface = opts.surface ?? 'message';
  return guarded(surface, (ctx) => {
    if (!isRecord(msg)) {
      add(ctx, '', 'input.shape', `message must be an object, got ${kindOf(msg)}`);
      return;
    }
    const text = own(msg, 'text');
    if (surface === 'message') {
      if (typeof text !== 'string' || text.trim().length === 0) {
        add(
          ctx,
          'text',
          'text.required',
          'message needs a non-empty text (notification / screen-reader fallback)',
        );
      }
    }
    if (typeof text === 'string') {
      if (text.length > LIMITS.messageText) {
        add(
          ctx,
          'text',
          'text.max_length',
          `text is ${text.length} chars; limit ${LIMITS.messageText}`,
        );
      }
      checkMrkdwn(ctx, text, 'text');
    } else if (text !== undefined && surface !== 'message') {
      add(ctx, 'text', 'text.required', `text must be a string, got ${kindOf(text)}`);
    }
    // link_names / parse=full turn plain "@channel" / "@name" into mentions: nothing in the text
    // would show it, so forbid them outright.
    if (own(msg, 'link_names') === true || own(msg, 'link_names') === 1) {
      add(ctx, 'link_names', 'message.link_names', 'link_names makes bare @channel/@name live');
    }
    if (own(msg, 'parse') === 'full') {
      add(ctx, 'parse', 'message.link_names', "parse: 'full' makes bare @channel/@name live");
    }
    const blocks = own(msg, 'blocks');
    if (blocks !== undefined) {
      checkBlocks(
        ctx,
        blocks,
        'blocks',
        surface === 'message' ? LIMITS.messageBlocks : LIMITS.viewBlocks,
      );
    }
    const attachments = own(msg, 'attachments');
    if (Array.isArray(attachments)) {
      attachments.forEach((a: unknown, i) => {
        if (isRecord(a) && own(a, 'blocks') !== undefined) {
          checkBlocks(ctx, own(a, 'blocks'), joinKey(at('attachments', i), 'blocks'), undefined);
        }
      });
    }
  });
}

/** Validates an options response (the ack to a block_suggestion): ≤ 100 options within limits. */
export function validateOptions(response: unknown): Violation[] {
  return guarded('modal', (ctx) => {
    const options = isRecord(response) ? own(response, 'options') : undefined;
    if (!Array.isArray(options)) {
      add(ctx, 'options', 'input.shape', 'an options response needs an options array');
      return;
    }
    if (options.length > LIMITS.options) {
      add(
        ctx,
        'options',
        'options.max_count',
        `${options.length} options; limit ${LIMITS.options}`,
      );
    }
    options.forEach((option: unknown, i) => {
      checkOption(ctx, option, at('options', i));
    });
  });
}

/** Validates a Home tab or modal view (views.publish / views.open). */
export function validateView(view: unknown): Violation[] {
  const type = isRecord(view) ? own(view, 'type') : undefined;
  const surface: Surface = type === 'modal' ? 'modal' : 'home';
  return guarded(surface, (ctx) => {
    if (!isRecord(view)) {
      add(ctx, '', 'input.shape', `view must be an object, got ${kindOf(view)}`);
      return;
    }
    if (type !== 'home' && type !== 'modal') {
      add(ctx, 'type', 'view.type', `view type must be 'home' or 'modal'`);
    }
    checkBlocks(ctx, own(view, 'blocks'), 'blocks', LIMITS.viewBlocks);
    checkMaxLength(
      ctx,
      own(view, 'private_metadata'),
      'private_metadata',
      LIMITS.viewPrivateMetadata,
      'view.private_metadata_max_length',
      'private_metadata',
    );
    checkMaxLength(
      ctx,
      own(view, 'callback_id'),
      'callback_id',
      LIMITS.viewCallbackId,
      'view.callback_id_max_length',
      'callback_id',
    );
    if (type === 'modal') {
      checkTextObject(ctx, own(view, 'title'), 'title', {
        max: LIMITS.modalTitle,
        plainOnly: true,
        what: 'modal title',
      });
      for (const key of ['submit', 'close'] as const) {
        if (own(view, key) !== undefined) {
          checkTextObject(ctx, own(view, key), key, {
            max: LIMITS.modalButtonText,
            plainOnly: true,
            what: `modal ${key}`,
          });
        }
      }
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Live mentions.

/**
 * Tokens that notify people. Matching is deliberately looser than Slack's own parser (any id
 * after `@`, any case, the legacy `<!group>`), so a near-miss is reported rather than missed.
 * Escaped forms (`&lt;!channel&gt;`) contain no `<` and never match.
 */
const LIVE_MENTION =
  /<(?:(!(?:here|channel|everyone|group))|(!subteam\^[^<>|\s]*)|(@[^<>|\s]+))(?:\|[^<>]*)?>/gi;

/**
 * Keys whose string values Slack never renders as parsed text (ids, urls, button values,
 * image alt text, rich_text element ids): not scanned.
 */
const NOT_RENDERED_KEYS: ReadonlySet<string> = new Set([
  'type',
  'block_id',
  'action_id',
  'callback_id',
  'private_metadata',
  'external_id',
  'url',
  'image_url',
  'value',
  'style',
  'alt_text',
  'user_id',
  'usergroup_id',
  'channel_id',
  'team_id',
  'range',
  'name',
  'unicode',
  'align',
]);

/**
 * Reports every live mention in a message or view.
 *
 * Walks every string (text objects, section fields, context elements, table cells, rich_text
 * elements, markdown blocks, attachments, the top-level `text`) except:
 * - `plain_text` objects: Slack documents that plain_text is not parsed for mentions, so a
 *   `<!channel>` there renders literally and is not live (it is also not reported);
 * - values under NOT_RENDERED_KEYS (ids, urls, button values, alt text).
 * Everything else is scanned, including places where Slack's parsing is not documented
 * (raw_text table cells, rich_text `text` elements, markdown blocks): when unsure, report.
 * rich_text `user`, `usergroup` and `broadcast` elements are always live (`channel` links and
 * `<#C…>` do not notify anyone and are not reported).
 */
export function findLiveMentions(msg: unknown): LiveMention[] {
  const out: LiveMention[] = [];
  try {
    walkForMentions(msg, '', out, new WeakSet(), 0);
  } catch {
    // Never throw; what was found so far is returned.
  }
  return out;
}

function walkForMentions(
  v: unknown,
  path: string,
  out: LiveMention[],
  seen: WeakSet<object>,
  depth: number,
): void {
  if (typeof v === 'string') {
    scanString(v, path, out);
    return;
  }
  if (typeof v !== 'object' || v === null || depth > MAX_DEPTH || seen.has(v)) return;
  seen.add(v);
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) walkForMentions(v[i], at(path, i), out, seen, depth + 1);
    return;
  }
  const obj = v as Rec;
  const type = own(obj, 'type');
  if (type === 'plain_text') return; // Not parsed by Slack: not live.
  if (type === 'broadcast') {
    const range = own(obj, 'range');
    out.push({
      path,
      token: `<!${typeof range === 'string' ? range : 'channel'}>`,
      kind: 'broadcast',
    });
  } else if (type === 'user') {
    const id = own(obj, 'user_id');
    out.push({ path, token: `<@${typeof id === 'string' ? id : '?'}>`, kind: 'user' });
  } else if (type === 'usergroup') {
    const id = own(obj, 'usergroup_id');
    out.push({ path, token: `<!subteam^${typeof id === 'string' ? id : '?'}>`, kind: 'usergroup' });
  }
  for (const key of Object.keys(obj)) {
    if (NOT_RENDERED_KEYS.has(key)) continue;
    walkForMentions(own(obj, key), joinKey(path, key), out, seen, depth + 1);
  }
}

function scanString(s: string, path: string, out: LiveMention[]): void {
  if (!s.includes('<')) return;
  for (const m of s.matchAll(LIVE_MENTION)) {
    const kind = m[1] !== undefined ? 'broadcast' : m[2] !== undefined ? 'usergroup' : 'user';
    out.push({ path: path === '' ? '$' : path, token: m[0], kind });
  }
}

// ---------------------------------------------------------------------------------------------
// Assertions for tests.

function formatViolations(what: string, violations: readonly Violation[]): string {
  const lines = violations.map((v) => `  - ${v.path} [${v.rule}]: ${v.message}`);
  return `${what} has ${violations.length} Block Kit violation(s):\n${lines.join('\n')}`;
}

/** Throws an Error listing every violation (use inside vitest tests). */
export function expectValidMessage(msg: unknown, opts: { surface?: Surface } = {}): void {
  const violations = validateMessage(msg, opts);
  if (violations.length > 0) throw new Error(formatViolations('message', violations));
}

/** Throws an Error listing every violation of a Home tab or modal view. */
export function expectValidOptions(response: unknown): void {
  const violations = validateOptions(response);
  if (violations.length > 0) throw new Error(formatViolations('options', violations));
}

export function expectValidView(view: unknown): void {
  const violations = validateView(view);
  if (violations.length > 0) throw new Error(formatViolations('view', violations));
}

/**
 * Throws if the message holds a live mention other than the allowed tokens (e.g. the asker's
 * own `<@U123>` that rolebot adds on purpose). Broadcasts are never allowed implicitly.
 */
export function expectNoLiveMentions(msg: unknown, opts: { allow?: readonly string[] } = {}): void {
  const allow = new Set(opts.allow ?? []);
  const found = findLiveMentions(msg).filter((m) => !allow.has(m.token));
  if (found.length > 0) {
    const lines = found.map((m) => `  - ${m.path}: ${m.token} (${m.kind})`);
    throw new Error(`message has ${found.length} live mention(s):\n${lines.join('\n')}`);
  }
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ALLOWED_BLOCK_TYPES,
  expectNoLiveMentions,
  expectValidMessage,
  expectValidView,
  findLiveMentions,
  LIMITS,
  type Rule,
  type Violation,
  validateMessage,
  validateOptions,
  validateView,
} from './block-kit-validator.js';

// ---------------------------------------------------------------------------------------------
// Fixtures.

type Block = Record<string, unknown>;

const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
const plain = (text: string) => ({ type: 'plain_text', text });
const section = (text: string, extra: Block = {}): Block => ({
  type: 'section',
  text: mrkdwn(text),
  ...extra,
});
const button = (text: string, extra: Block = {}): Block => ({
  type: 'button',
  text: plain(text),
  ...extra,
});
const rawCell = (text: string) => ({ type: 'raw_text', text });
const richCell = (text: string) => ({
  type: 'rich_text',
  elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text }] }],
});

/** Mirrors the answer rolebot renders: header, answer, sources, roles table, feedback buttons. */
function makeAnswer(overrides: Partial<{ text: unknown; blocks: unknown[] }> = {}) {
  return {
    text: 'Who owns pricing? The Product Marketing Manager owns pricing &amp; packaging.',
    blocks: [
      { type: 'header', block_id: 'answer_header', text: plain('Who owns pricing?') },
      section('*Product Marketing Manager* owns pricing &amp; packaging decisions.', {
        block_id: 'answer_body',
        accessory: button('Open source', {
          action_id: 'open_source',
          url: 'https://wiki.example.com/roles?team=pmm&amp;tab=raci',
        }),
      }),
      {
        type: 'section',
        block_id: 'answer_fields',
        fields: [
          mrkdwn('*Role*\nPMM'),
          mrkdwn('*Backup*\n<@U0123ABCD>'),
          plain('Confidence: high'),
        ],
      },
      {
        type: 'table',
        block_id: 'raci',
        column_settings: [{ is_wrapped: true }, null, { align: 'right' }],
        rows: [
          [richCell('Activity'), richCell('Owner'), richCell('Since')],
          [rawCell('Pricing'), rawCell('PMM'), rawCell('2024')],
          [rawCell('Packaging'), rawCell('PM'), rawCell('2023')],
        ],
      },
      { type: 'divider' },
      {
        type: 'context',
        elements: [
          { type: 'image', image_url: 'https://example.com/doc.png', alt_text: 'document' },
          mrkdwn(
            'Source: <https://wiki.example.com/raci|RACI matrix> · <!date^1700000000^{date_short}|Nov 14>',
          ),
        ],
      },
      {
        type: 'rich_text',
        elements: [
          {
            type: 'rich_text_list',
            style: 'bullet',
            elements: [
              { type: 'rich_text_section', elements: [{ type: 'text', text: 'See also: ' }] },
              {
                type: 'rich_text_section',
                elements: [{ type: 'link', url: 'https://wiki.example.com', text: 'wiki' }],
              },
            ],
          },
        ],
      },
      { type: 'markdown', text: '**Why:** the RACI matrix lists PMM as *accountable*.' },
      {
        type: 'actions',
        block_id: 'feedback',
        elements: [
          button('Helpful', { action_id: 'feedback_up', value: 'q-123', style: 'primary' }),
          button('Wrong', { action_id: 'feedback_down', value: 'q-123', style: 'danger' }),
        ],
      },
    ],
    ...overrides,
  };
}

function withBlocks(...blocks: unknown[]) {
  return { text: 'fallback', blocks };
}

function rulesAt(violations: Violation[]): Array<[string, Rule]> {
  return violations.map((v) => [v.path, v.rule]);
}

/** The escaper rolebot is expected to use for mrkdwn (kept local on purpose). */
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

// ---------------------------------------------------------------------------------------------

describe('validateMessage: a realistic answer', () => {
  it('has zero violations', () => {
    expect(validateMessage(makeAnswer())).toEqual([]);
    expect(() => expectValidMessage(makeAnswer())).not.toThrow();
  });

  it('expectValidMessage lists every violation with path and rule', () => {
    const msg = withBlocks({ type: 'header', text: mrkdwn('x') }, { type: 'video' });
    expect(() => expectValidMessage({ ...msg, text: '' })).toThrowError(
      /3 Block Kit violation\(s\):\n {2}- text \[text\.required\].*\n {2}- blocks\[0\]\.text\.type \[text_object\.plain_text_required\].*\n {2}- blocks\[1\]\.type \[block\.type\]/,
    );
  });
});

describe('validateMessage: top-level text', () => {
  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['whitespace only', '  \n'],
    ['not a string', 42],
  ])('text %s → text.required', (_label, text) => {
    expect(rulesAt(validateMessage(makeAnswer({ text })))).toEqual([['text', 'text.required']]);
  });

  it('allows exactly 40,000 chars and rejects 40,001', () => {
    expect(validateMessage({ text: 'a'.repeat(LIMITS.messageText) })).toEqual([]);
    expect(rulesAt(validateMessage({ text: 'a'.repeat(LIMITS.messageText + 1) }))).toEqual([
      ['text', 'text.max_length'],
    ]);
  });

  it('is not required on home/modal surfaces', () => {
    expect(validateMessage({ blocks: [{ type: 'divider' }] }, { surface: 'home' })).toEqual([]);
  });

  it('forbids link_names and parse: full', () => {
    expect(rulesAt(validateMessage({ text: 'hi', link_names: true, parse: 'full' }))).toEqual([
      ['link_names', 'message.link_names'],
      ['parse', 'message.link_names'],
    ]);
  });
});

describe('validateMessage: blocks', () => {
  const dividers = (n: number) => Array.from({ length: n }, () => ({ type: 'divider' }));

  it('allows 50 blocks in a message and rejects 51', () => {
    expect(validateMessage(withBlocks(...dividers(50)))).toEqual([]);
    expect(rulesAt(validateMessage(withBlocks(...dividers(51))))).toEqual([
      ['blocks', 'blocks.max_count'],
    ]);
  });

  it('allows 100 blocks on home/modal surfaces and rejects 101', () => {
    expect(validateMessage({ blocks: dividers(100) }, { surface: 'modal' })).toEqual([]);
    expect(rulesAt(validateMessage({ blocks: dividers(101) }, { surface: 'home' }))).toEqual([
      ['blocks', 'blocks.max_count'],
    ]);
  });

  it('rejects non-array blocks, non-object blocks and unknown types', () => {
    expect(rulesAt(validateMessage({ text: 'x', blocks: {} }))).toEqual([
      ['blocks', 'blocks.shape'],
    ]);
    expect(rulesAt(validateMessage(withBlocks(null, 'divider', { type: 'video' }, {})))).toEqual([
      ['blocks[0]', 'block.shape'],
      ['blocks[1]', 'block.shape'],
      ['blocks[2].type', 'block.type'],
      ['blocks[3].type', 'block.type'],
    ]);
  });

  it('checks block_id length and uniqueness', () => {
    const v = validateMessage(
      withBlocks(
        { type: 'divider', block_id: 'b'.repeat(255) },
        { type: 'divider', block_id: 'b'.repeat(256) },
        { type: 'divider', block_id: 'same' },
        { type: 'divider', block_id: 'same' },
        { type: 'divider', block_id: 7 },
      ),
    );
    expect(rulesAt(v)).toEqual([
      ['blocks[1].block_id', 'block_id.max_length'],
      ['blocks[3].block_id', 'block_id.duplicate'],
      ['blocks[4].block_id', 'block_id.invalid'],
    ]);
    expect(v[1]?.message).toContain('already used at blocks[2].block_id');
  });

  it('checks action_id length and uniqueness across the whole message', () => {
    const v = validateMessage(
      withBlocks(section('a', { accessory: button('Go', { action_id: 'go' }) }), {
        type: 'actions',
        elements: [
          button('Go', { action_id: 'go' }),
          button('Long', { action_id: 'x'.repeat(256) }),
        ],
      }),
    );
    expect(rulesAt(v)).toEqual([
      ['blocks[1].elements[0].action_id', 'action_id.duplicate'],
      ['blocks[1].elements[1].action_id', 'action_id.max_length'],
    ]);
  });
});

describe('validateMessage: text objects', () => {
  it('rejects a bad type, empty text, and a non-object', () => {
    const v = validateMessage(
      withBlocks(
        { type: 'section', text: { type: 'markdown', text: 'x' } },
        { type: 'section', text: mrkdwn('') },
        { type: 'section', text: 'just a string' },
      ),
    );
    expect(rulesAt(v)).toEqual([
      ['blocks[0].text.type', 'text_object.type'],
      ['blocks[1].text.text', 'text_object.empty'],
      ['blocks[2].text', 'text_object.shape'],
    ]);
  });

  it('allows section text of exactly 3,000 chars and rejects 3,001', () => {
    expect(validateMessage(withBlocks(section('a'.repeat(3000))))).toEqual([]);
    const v = validateMessage(withBlocks(section('a'.repeat(3001))));
    expect(rulesAt(v)).toEqual([['blocks[0].text.text', 'text_object.max_length']]);
    expect(v[0]?.message).toBe('section text is 3001 chars; limit 3000');
  });

  it('header: plain_text only, 150 chars allowed, 151 rejected', () => {
    const header = (text: unknown) => ({ type: 'header', text });
    expect(validateMessage(withBlocks(header(plain('h'.repeat(150)))))).toEqual([]);
    expect(rulesAt(validateMessage(withBlocks(header(plain('h'.repeat(151))))))).toEqual([
      ['blocks[0].text.text', 'text_object.max_length'],
    ]);
    expect(rulesAt(validateMessage(withBlocks(header(mrkdwn('h')))))).toEqual([
      ['blocks[0].text.type', 'text_object.plain_text_required'],
    ]);
    expect(rulesAt(validateMessage(withBlocks({ type: 'header' })))).toEqual([
      ['blocks[0].text', 'text_object.shape'],
    ]);
  });
});

describe('validateMessage: section', () => {
  const fields = (n: number, len = 5) => Array.from({ length: n }, () => mrkdwn('f'.repeat(len)));

  it('needs text or fields', () => {
    expect(rulesAt(validateMessage(withBlocks({ type: 'section' })))).toEqual([
      ['blocks[0]', 'section.content'],
    ]);
    expect(validateMessage(withBlocks({ type: 'section', fields: fields(2) }))).toEqual([]);
  });

  it('allows 10 fields and rejects 11', () => {
    expect(validateMessage(withBlocks({ type: 'section', fields: fields(10) }))).toEqual([]);
    expect(rulesAt(validateMessage(withBlocks({ type: 'section', fields: fields(11) })))).toEqual([
      ['blocks[0].fields', 'section.fields_max_count'],
    ]);
  });

  it('allows a 2,000-char field and rejects 2,001 at its exact path', () => {
    const ok = [mrkdwn('a'), mrkdwn('a'), mrkdwn('b'.repeat(2000))];
    expect(validateMessage(withBlocks({ type: 'section', fields: ok }))).toEqual([]);
    const bad = [mrkdwn('a'), mrkdwn('a'), mrkdwn('b'.repeat(2001))];
    expect(
      rulesAt(validateMessage(withBlocks(section('x'), { type: 'section', fields: bad }))),
    ).toEqual([['blocks[1].fields[2].text', 'text_object.max_length']]);
  });

  it('rejects empty or non-array fields and unknown accessories', () => {
    expect(rulesAt(validateMessage(withBlocks(section('x', { fields: [] }))))).toEqual([
      ['blocks[0].fields', 'section.fields'],
    ]);
    expect(
      rulesAt(validateMessage(withBlocks(section('x', { accessory: { type: 'video' } })))),
    ).toEqual([['blocks[0].accessory', 'section.accessory']]);
    expect(
      rulesAt(
        validateMessage(
          withBlocks(
            section('x', { accessory: { type: 'image', image_url: 'https://e.x/i.png' } }),
          ),
        ),
      ),
    ).toEqual([['blocks[0].accessory.alt_text', 'image.alt_text']]);
  });
});

describe('validateMessage: context and actions', () => {
  const ctxEls = (n: number) => Array.from({ length: n }, (_, i) => plain(`c${i}`));

  it('context: 1..10 text or image elements', () => {
    expect(validateMessage(withBlocks({ type: 'context', elements: ctxEls(10) }))).toEqual([]);
    expect(rulesAt(validateMessage(withBlocks({ type: 'context', elements: ctxEls(11) })))).toEqual(
      [['blocks[0].elements', 'context.elements']],
    );
    expect(rulesAt(validateMessage(withBlocks({ type: 'context', elements: [] })))).toEqual([
      ['blocks[0].elements', 'context.elements'],
    ]);
    expect(
      rulesAt(validateMessage(withBlocks({ type: 'context', elements: [button('no')] }))),
    ).toEqual([['blocks[0].elements[0]', 'context.element_type']]);
  });

  it('actions: 1..25 interactive elements', () => {
    const buttons = (n: number) =>
      Array.from({ length: n }, (_, i) => button(`b${i}`, { action_id: `a${i}` }));
    expect(validateMessage(withBlocks({ type: 'actions', elements: buttons(25) }))).toEqual([]);
    expect(
      rulesAt(validateMessage(withBlocks({ type: 'actions', elements: buttons(26) }))),
    ).toEqual([['blocks[0].elements', 'actions.elements']]);
    expect(rulesAt(validateMessage(withBlocks({ type: 'actions', elements: [] })))).toEqual([
      ['blocks[0].elements', 'actions.elements'],
    ]);
    expect(
      rulesAt(validateMessage(withBlocks({ type: 'actions', elements: [mrkdwn('x')] }))),
    ).toEqual([['blocks[0].elements[0]', 'actions.element_type']]);
  });

  it('button: plain_text ≤ 75, value ≤ 2,000, url ≤ 3,000, style primary|danger', () => {
    const ok = button('b'.repeat(75), {
      value: 'v'.repeat(2000),
      url: `https://e.x/${'u'.repeat(3000 - 12)}`,
      style: 'primary',
    });
    expect(validateMessage(withBlocks({ type: 'actions', elements: [ok] }))).toEqual([]);
    const bad = {
      type: 'button',
      text: mrkdwn('b'.repeat(76)),
      value: 'v'.repeat(2001),
      url: `https://e.x/${'u'.repeat(3000 - 11)}`,
      style: 'secondary',
    };
    expect(rulesAt(validateMessage(withBlocks({ type: 'actions', elements: [bad] })))).toEqual([
      ['blocks[0].elements[0].text.type', 'text_object.plain_text_required'],
      ['blocks[0].elements[0].text.text', 'text_object.max_length'],
      ['blocks[0].elements[0].value', 'button.value_max_length'],
      ['blocks[0].elements[0].url', 'button.url_max_length'],
      ['blocks[0].elements[0].style', 'button.style'],
    ]);
  });
});

describe('validateMessage: context_actions and feedback_buttons', () => {
  const feedback = (extra: Block = {}, button: Block = {}): Block => ({
    type: 'context_actions',
    elements: [
      {
        type: 'feedback_buttons',
        action_id: 'fb',
        positive_button: { text: plain('Good'), value: 'up', ...button },
        negative_button: { text: plain('Bad'), value: 'down' },
        ...extra,
      },
    ],
  });

  it('accepts native feedback buttons', () => {
    expect(validateMessage(withBlocks(feedback()))).toEqual([]);
  });

  it('rejects more than 5 elements, other element types and over-long values', () => {
    const six = {
      type: 'context_actions',
      elements: Array.from({ length: 6 }, () => ({ type: 'icon_button', action_id: 'x' })),
    };
    expect(rulesAt(validateMessage(withBlocks(six))).slice(0, 1)).toEqual([
      ['blocks[0].elements', 'context_actions.elements'],
    ]);
    expect(
      rulesAt(validateMessage(withBlocks({ type: 'context_actions', elements: [button('x')] }))),
    ).toEqual([['blocks[0].elements[0]', 'context_actions.element_type']]);
    expect(
      rulesAt(validateMessage(withBlocks(feedback({}, { value: 'v'.repeat(2_001) })))),
    ).toEqual([['blocks[0].elements[0].positive_button.value', 'feedback_buttons.button']]);
    expect(rulesAt(validateMessage(withBlocks(feedback({}, { text: mrkdwn('Good') }))))).toEqual([
      ['blocks[0].elements[0].positive_button.text.type', 'text_object.plain_text_required'],
    ]);
  });
});

describe('validateView: input blocks and options', () => {
  const input = (element: Block): Block => ({ type: 'input', label: plain('Topic'), element });

  it('accepts an external_select input in a modal, not in a message', () => {
    const select = input({ type: 'external_select', action_id: 'topic', min_query_length: 0 });
    expect(validateView({ type: 'modal', title: plain('Who owns…?'), blocks: [select] })).toEqual(
      [],
    );
    expect(rulesAt(validateMessage(withBlocks(select)))).toEqual([['blocks[0]', 'input.surface']]);
  });

  it('checks initial options and options responses against the option limits', () => {
    const select = input({
      type: 'external_select',
      action_id: 'topic',
      initial_option: { text: plain('t'.repeat(76)), value: 'v' },
    });
    expect(rulesAt(validateView({ type: 'modal', title: plain('x'), blocks: [select] }))).toEqual([
      ['blocks[0].element.initial_option.text.text', 'text_object.max_length'],
    ]);
    const option = (value: string) => ({ text: plain(value.slice(0, 75)), value });
    expect(validateOptions({ options: [option('roadmap')] })).toEqual([]);
    expect(rulesAt(validateOptions({ options: [option('v'.repeat(151))] }))).toEqual([
      ['options[0].value', 'option.max_length'],
    ]);
    expect(
      rulesAt(validateOptions({ options: Array.from({ length: 101 }, (_, i) => option(`o${i}`)) })),
    ).toEqual([['options', 'options.max_count']]);
  });
});

describe('validateMessage: table', () => {
  const row = (n: number) => Array.from({ length: n }, (_, i) => rawCell(`c${i}`));
  const table = (rows: unknown, extra: Block = {}) => ({ type: 'table', rows, ...extra });

  it('allows 100 rows × 20 cells, rejects 101 rows and 21 cells', () => {
    expect(validateMessage(withBlocks(table(Array.from({ length: 100 }, () => row(2)))))).toEqual(
      [],
    );
    expect(validateMessage(withBlocks(table([row(20), row(20)])))).toEqual([]);
    expect(
      rulesAt(validateMessage(withBlocks(table(Array.from({ length: 101 }, () => row(2)))))),
    ).toEqual([['blocks[0].rows', 'table.rows_max_count']]);
    expect(rulesAt(validateMessage(withBlocks(table([row(21), row(21)]))))).toEqual([
      ['blocks[0].rows[0]', 'table.cells_max_count'],
      ['blocks[0].rows[1]', 'table.cells_max_count'],
    ]);
  });

  it('allows one table per message', () => {
    expect(rulesAt(validateMessage(withBlocks(table([row(1)]), table([row(1)]))))).toEqual([
      ['blocks[1]', 'table.max_count'],
    ]);
  });

  it('requires every row to have the same number of cells', () => {
    expect(rulesAt(validateMessage(withBlocks(table([row(3), row(2), row(3)]))))).toEqual([
      ['blocks[0].rows[1]', 'table.row_width'],
    ]);
  });

  it('accepts raw_text and rich_text cells only', () => {
    const v = validateMessage(
      withBlocks(
        table([
          [
            rawCell(''),
            { type: 'raw_number', value: 1, text: '1' },
            mrkdwn('x'),
            'text',
            { type: 'rich_text', elements: [] },
          ],
        ]),
      ),
    );
    expect(rulesAt(v)).toEqual([
      ['blocks[0].rows[0][0].text', 'table.cell'],
      ['blocks[0].rows[0][1]', 'table.cell'],
      ['blocks[0].rows[0][2]', 'table.cell'],
      ['blocks[0].rows[0][3]', 'table.cell'],
      ['blocks[0].rows[0][4].elements', 'rich_text.elements'],
    ]);
  });

  it('checks rows and column_settings shape', () => {
    expect(rulesAt(validateMessage(withBlocks(table([]))))).toEqual([
      ['blocks[0].rows', 'table.rows'],
    ]);
    const v = validateMessage(
      withBlocks(table([row(2)], { column_settings: [{ align: 'middle' }, null, 'x'] })),
    );
    expect(rulesAt(v)).toEqual([
      ['blocks[0].column_settings[0]', 'table.column_settings'],
      ['blocks[0].column_settings[2]', 'table.column_settings'],
    ]);
  });

  it('keeps table cells within 10,000 chars in total', () => {
    const cells = (len: number) => [[rawCell('a'.repeat(len)), rawCell('b'.repeat(5000))]];
    expect(validateMessage(withBlocks(table(cells(5000))))).toEqual([]);
    expect(rulesAt(validateMessage(withBlocks(table(cells(5001)))))).toEqual([
      ['blocks[0].rows', 'table.total_chars'],
    ]);
  });
});

describe('validateMessage: markdown and rich_text', () => {
  it('markdown text is cumulative ≤ 12,000 per message', () => {
    const md = (n: number) => ({ type: 'markdown', text: 'm'.repeat(n) });
    expect(validateMessage(withBlocks(md(6000), md(6000)))).toEqual([]);
    expect(rulesAt(validateMessage(withBlocks(md(6000), md(6000), md(1))))).toEqual([
      ['blocks[2].text', 'markdown.total_length'],
    ]);
    expect(rulesAt(validateMessage(withBlocks({ type: 'markdown', text: '' })))).toEqual([
      ['blocks[0].text', 'markdown.text'],
    ]);
  });

  it('markdown blocks are standard Markdown, so the mrkdwn escaping rule does not apply', () => {
    expect(validateMessage(withBlocks({ type: 'markdown', text: 'a < b & c' }))).toEqual([]);
  });

  it('rich_text elements are checked', () => {
    const v = validateMessage(
      withBlocks({
        type: 'rich_text',
        elements: [
          {
            type: 'rich_text_section',
            elements: [{ type: 'text' }, { type: 'broadcast', range: 'all' }],
          },
          { type: 'paragraph', elements: [] },
        ],
      }),
    );
    expect(rulesAt(v)).toEqual([
      ['blocks[0].elements[0].elements[0].text', 'rich_text.element'],
      ['blocks[0].elements[0].elements[1].range', 'rich_text.element'],
      ['blocks[0].elements[1].type', 'rich_text.element'],
    ]);
  });
});

describe('validateMessage: unescaped mrkdwn', () => {
  it.each([
    'a < b',
    'Tom & Jerry',
    '&quot;',
    '<script>',
    '<@alice>',
    '<https://e.x|a|b>',
    '<https://e.x',
  ])('flags %j', (text) => {
    expect(rulesAt(validateMessage({ text: 'ok', blocks: [section(text)] }))).toEqual([
      ['blocks[0].text.text', 'mrkdwn.unescaped'],
    ]);
  });

  it.each([
    'a &lt; b &amp; c &gt; d',
    'a > b',
    '<@U0123ABCD> and <@W0123|alice> in <#C0123|general>',
    '<!here> <!channel|channel> <!subteam^S0123|@pm-team>',
    '<!date^1700000000^{date_num} {time}|2023-11-14>',
    '<https://e.x/a?b=1&amp;c=2|label> <mailto:pm@e.x|mail>',
  ])('accepts %j', (text) => {
    expect(validateMessage({ text, blocks: [section(text)] })).toEqual([]);
  });

  it('checks the top-level text, fields and context mrkdwn but not plain_text', () => {
    const v = validateMessage({
      text: 'R&D',
      blocks: [
        { type: 'section', fields: [plain('R&D <x>'), mrkdwn('R&D')] },
        { type: 'context', elements: [mrkdwn('<b>')] },
      ],
    });
    expect(rulesAt(v)).toEqual([
      ['text', 'mrkdwn.unescaped'],
      ['blocks[0].fields[1].text', 'mrkdwn.unescaped'],
      ['blocks[1].elements[0].text', 'mrkdwn.unescaped'],
    ]);
    expect(v[0]?.message).toContain("first is '&' at offset 1");
  });
});

describe('validateView', () => {
  const modal = (extra: Block = {}) => ({
    type: 'modal',
    title: plain('Rolebot'),
    blocks: [section('hello')],
    ...extra,
  });

  it('accepts a valid modal and home view', () => {
    expect(validateView(modal({ submit: plain('Ask'), close: plain('Cancel') }))).toEqual([]);
    expect(() => expectValidView({ type: 'home', blocks: [section('hi')] })).not.toThrow();
  });

  it('modal title is plain_text ≤ 24; callback_id ≤ 255; private_metadata ≤ 3,000', () => {
    expect(validateView(modal({ title: plain('t'.repeat(24)) }))).toEqual([]);
    const v = validateView(
      modal({
        title: plain('t'.repeat(25)),
        callback_id: 'c'.repeat(256),
        private_metadata: 'p'.repeat(3001),
      }),
    );
    expect(rulesAt(v)).toEqual([
      ['private_metadata', 'view.private_metadata_max_length'],
      ['callback_id', 'view.callback_id_max_length'],
      ['title.text', 'text_object.max_length'],
    ]);
    expect(rulesAt(validateView({ type: 'modal', blocks: [] }))).toEqual([
      ['title', 'text_object.shape'],
    ]);
  });

  it('rejects a bad type, missing blocks and 101 blocks', () => {
    expect(rulesAt(validateView({ type: 'workflow_step', blocks: [] }))).toEqual([
      ['type', 'view.type'],
    ]);
    expect(rulesAt(validateView({ type: 'home' }))).toEqual([['blocks', 'blocks.shape']]);
    const blocks = Array.from({ length: 101 }, () => ({ type: 'divider' }));
    expect(rulesAt(validateView({ type: 'home', blocks }))).toEqual([
      ['blocks', 'blocks.max_count'],
    ]);
    expect(validateView({ type: 'home', blocks: blocks.slice(1) })).toEqual([]);
  });
});

describe('findLiveMentions', () => {
  it('finds nothing in the realistic answer except the intended backup mention', () => {
    expect(findLiveMentions(makeAnswer())).toEqual([
      { path: 'blocks[2].fields[1].text', token: '<@U0123ABCD>', kind: 'user' },
    ]);
    expect(() => expectNoLiveMentions(makeAnswer(), { allow: ['<@U0123ABCD>'] })).not.toThrow();
    expect(() => expectNoLiveMentions(makeAnswer())).toThrowError(/1 live mention/);
  });

  it.each([
    ['<!channel>', 'broadcast'],
    ['<!here>', 'broadcast'],
    ['<!everyone>', 'broadcast'],
    ['<!here|here>', 'broadcast'],
    ['<!CHANNEL>', 'broadcast'],
    ['<!subteam^S0123>', 'usergroup'],
    ['<!subteam^S0123|@pm>', 'usergroup'],
    ['<@U0123ABCD>', 'user'],
    ['<@W0123|alice>', 'user'],
  ])('raw %s is live', (token, kind) => {
    expect(findLiveMentions({ text: `hey ${token} there` })).toEqual([
      { path: 'text', token, kind },
    ]);
  });

  it.each([
    '&lt;!channel&gt;',
    '&lt;!here|here&gt;',
    '&lt;@U0123&gt;',
    '&lt;!subteam^S1&gt;',
    '@channel',
    '<#C0123|general>',
    '<https://e.x|!channel>',
  ])('%s is not live', (text) => {
    expect(findLiveMentions({ text, blocks: [section(text)] })).toEqual([]);
  });

  it('reports mentions at their exact path in fields, context, tables, markdown and attachments', () => {
    const msg = {
      text: 'x',
      blocks: [
        { type: 'section', fields: [mrkdwn('a'), mrkdwn('a'), mrkdwn('cc <!here>')] },
        { type: 'context', elements: [mrkdwn('<!channel>')] },
        { type: 'table', rows: [[rawCell('<!everyone>'), richCell('<@U1>')]] },
        { type: 'markdown', text: '<!subteam^S1>' },
      ],
      attachments: [{ text: '<!here>' }],
    };
    expect(findLiveMentions(msg).map((m) => [m.path, m.token])).toEqual([
      ['blocks[0].fields[2].text', '<!here>'],
      ['blocks[1].elements[0].text', '<!channel>'],
      ['blocks[2].rows[0][0].text', '<!everyone>'],
      ['blocks[2].rows[0][1].elements[0].elements[0].text', '<@U1>'],
      ['blocks[3].text', '<!subteam^S1>'],
      ['attachments[0].text', '<!here>'],
    ]);
  });

  it('reports rich_text broadcast, user and usergroup elements but not channel links', () => {
    const msg = withBlocks({
      type: 'rich_text',
      elements: [
        {
          type: 'rich_text_section',
          elements: [
            { type: 'broadcast', range: 'here' },
            { type: 'user', user_id: 'U1' },
            { type: 'usergroup', usergroup_id: 'S1' },
            { type: 'channel', channel_id: 'C1' },
          ],
        },
      ],
    });
    expect(findLiveMentions(msg)).toEqual([
      { path: 'blocks[0].elements[0].elements[0]', token: '<!here>', kind: 'broadcast' },
      { path: 'blocks[0].elements[0].elements[1]', token: '<@U1>', kind: 'user' },
      { path: 'blocks[0].elements[0].elements[2]', token: '<!subteam^S1>', kind: 'usergroup' },
    ]);
  });

  it('does not treat plain_text, ids, urls or button values as live (Slack does not parse them)', () => {
    const msg = withBlocks(
      { type: 'header', text: plain('<!channel>') },
      {
        type: 'actions',
        block_id: '<!here>',
        elements: [button('<!channel>', { action_id: '<@U1>', value: '<!everyone>' })],
      },
    );
    expect(findLiveMentions(msg)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties.

const anythingDeep = fc.anything({
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
  stringUnit: 'binary',
});

// Every type the validator knows, plus one it must refuse.
const blockTypes = fc.constantFrom(...ALLOWED_BLOCK_TYPES, 'video');

/** Blocks with a real type and random fields, so the per-type branches see hostile input. */
const hostileBlock = fc.record(
  {
    type: blockTypes,
    block_id: anythingDeep,
    text: fc.oneof(
      anythingDeep,
      fc.record({ type: fc.constantFrom('mrkdwn', 'plain_text'), text: anythingDeep }),
    ),
    fields: fc.oneof(anythingDeep, fc.array(anythingDeep)),
    elements: fc.oneof(anythingDeep, fc.array(fc.oneof(anythingDeep, hostileElement()))),
    accessory: fc.oneof(anythingDeep, hostileElement()),
    rows: fc.oneof(anythingDeep, fc.array(fc.array(fc.oneof(anythingDeep, hostileElement())))),
    column_settings: anythingDeep,
  },
  { requiredKeys: ['type'] },
);

function hostileElement() {
  return fc.record(
    {
      type: fc.constantFrom(
        'button',
        'image',
        'mrkdwn',
        'raw_text',
        'rich_text',
        'rich_text_section',
        'user',
        'broadcast',
      ),
      text: anythingDeep,
      value: anythingDeep,
      url: anythingDeep,
      style: anythingDeep,
      action_id: anythingDeep,
      elements: anythingDeep,
      range: anythingDeep,
    },
    { requiredKeys: ['type'] },
  );
}

describe('properties', () => {
  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(anythingDeep, (input) => {
        expect(Array.isArray(validateMessage(input))).toBe(true);
        expect(Array.isArray(validateMessage(input, { surface: 'home' }))).toBe(true);
        expect(Array.isArray(validateView(input))).toBe(true);
        expect(Array.isArray(findLiveMentions(input))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on messages and views made of hostile blocks', () => {
    fc.assert(
      fc.property(
        fc.record({ text: anythingDeep, blocks: fc.array(hostileBlock, { maxLength: 8 }) }),
        fc.constantFrom('modal', 'home', 'other'),
        (msg, viewType) => {
          const violations = validateMessage(msg);
          expect(violations.every((v) => v.rule !== 'internal.error')).toBe(true);
          expect(
            validateView({ ...msg, type: viewType }).every((v) => v.rule !== 'internal.error'),
          ).toBe(true);
          expect(Array.isArray(findLiveMentions(msg))).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('does not loop on cyclic input', () => {
    const block: Record<string, unknown> = { type: 'rich_text' };
    const list: Record<string, unknown> = { type: 'rich_text_list', style: 'bullet' };
    list.elements = [list];
    block.elements = [list, block];
    // Two self-references per node: without cycle detection the walk is 2^depth.
    const node: Record<string, unknown> = { text: '<!here>' };
    node.left = node;
    node.right = node;
    const msg: Record<string, unknown> = { text: 'x', blocks: [block], node };
    expect(validateMessage(msg).length).toBeGreaterThan(0);
    expect(findLiveMentions(msg)).toEqual([
      { path: 'node.text', token: '<!here>', kind: 'broadcast' },
    ]);
  });

  it('reads own properties only, as JSON.stringify (and so Slack) would', () => {
    const inherited = Object.create({ type: 'divider' }) as Record<string, unknown>;
    expect(JSON.parse(JSON.stringify({ blocks: [inherited] }))).toEqual({ blocks: [{}] });
    expect(rulesAt(validateMessage(withBlocks(inherited)))).toEqual([
      ['blocks[0].type', 'block.type'],
    ]);
  });

  const MENTION_TOKENS = [
    '<!channel>',
    '<!here|here>',
    '<!everyone>',
    '<!subteam^S0123|@team>',
    '<@U0123ABCD>',
    '<@W1|bob>',
  ];
  const mentionToken = fc.constantFrom(...MENTION_TOKENS);

  /** Random user input, biased towards the characters and tokens that matter. */
  const userInput = fc
    .array(
      fc.oneof(
        fc.string({ unit: 'binary', maxLength: 20 }),
        mentionToken,
        fc.constantFrom('&lt;', '&amp;', '&', '<', '>', '<https://e.x|x>'),
      ),
      { maxLength: 8 },
    )
    .map((parts) => parts.join(''));

  it('escaped user input never yields a live mention or an escaping violation', () => {
    fc.assert(
      fc.property(userInput, userInput, userInput, userInput, (a, b, c, d) => {
        const msg = {
          text: `Answer for: ${esc(a)}`,
          blocks: [
            { type: 'header', text: plain(`Q: ${a}`.slice(0, LIMITS.headerText)) },
            section(`You asked: ${esc(b)}`),
            { type: 'section', fields: [mrkdwn(`*Q*\n${esc(c)}`), mrkdwn(`*A*\n${esc(d)}`)] },
            { type: 'context', elements: [mrkdwn(`from ${esc(a)}`)] },
            { type: 'table', rows: [[rawCell(`t ${esc(b)}`), richCell(`r ${esc(c)}`)]] },
            { type: 'markdown', text: `md ${esc(d)}` },
          ],
        };
        expect(findLiveMentions(msg)).toEqual([]);
        expect(validateMessage(msg)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('the same input unescaped is caught whenever it carries a mention or a lone &', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string({ maxLength: 5 }), mentionToken), { maxLength: 6 }),
        (parts) => {
          const a = parts.join('');
          const msg = { text: 'x', blocks: [section(`You asked: ${a}`)] };
          if (parts.some((p) => MENTION_TOKENS.includes(p))) {
            expect(findLiveMentions(msg).length).toBeGreaterThan(0);
          }
          if (/&(?!amp;|lt;|gt;)/.test(a)) {
            expect(rulesAt(validateMessage(msg))).toContainEqual([
              'blocks[0].text.text',
              'mrkdwn.unescaped',
            ]);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

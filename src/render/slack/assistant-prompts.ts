/**
 * The suggested prompts a new assistant thread starts with (Slack shows at most 4), picked for
 * where the person is: someone new in an onboarding channel wants the basics, someone in a
 * working channel wants ownership settled, someone in the app's own DM gets a mix.
 */
export interface AssistantPrompt {
  /** What the chip says (short). */
  title: string;
  /** What gets sent as the question when it is clicked. */
  message: string;
}

export type PromptPlace = 'onboarding' | 'channel' | 'direct';

export const PROMPT_TITLE = 'Ask about product roles';
export const MAX_PROMPTS = 4;

const PROMPTS: Record<PromptPlace, readonly AssistantPrompt[]> = {
  onboarding: [
    { title: 'What does a PO do?', message: 'What does a product owner do?' },
    { title: 'What does a PM do?', message: 'What does a product manager do?' },
    { title: 'PM vs PO', message: 'compare pm po' },
    { title: 'Where does a project manager fit?', message: 'What does a project manager do?' },
  ],
  channel: [
    { title: 'Who owns the roadmap?', message: 'Who owns the roadmap?' },
    { title: 'Who owns the backlog?', message: 'Who owns the product backlog?' },
    { title: 'Who sets priorities?', message: 'Who sets the priorities?' },
    { title: 'PM vs PO on delivery', message: 'compare pm po delivery' },
  ],
  direct: [
    { title: 'Who owns the backlog?', message: 'Who owns the product backlog?' },
    { title: 'What does a PO do?', message: 'What does a product owner do?' },
    { title: 'Who defines the vision?', message: 'Who defines the product vision?' },
    { title: 'PM vs PO', message: 'compare pm po' },
  ],
};

/** Where the person is, from the channel Slack says they are viewing (if it says). */
export function promptPlace(
  viewing: string | undefined,
  onboardingChannels: ReadonlySet<string>,
): PromptPlace {
  if (!viewing) return 'direct';
  return onboardingChannels.has(viewing) ? 'onboarding' : 'channel';
}

export function suggestedPrompts(place: PromptPlace): AssistantPrompt[] {
  return PROMPTS[place].slice(0, MAX_PROMPTS).map((prompt) => ({ ...prompt }));
}

/** An assistant thread's title from its first question: one line, at most 60 characters. */
export function threadTitle(question: string): string {
  const line = question.replace(/\s+/g, ' ').trim();
  if (line.length <= 60) return line || 'Product roles';
  const cut = line.lastIndexOf(' ', 59);
  return `${line.slice(0, cut > 40 ? cut : 59)}…`;
}

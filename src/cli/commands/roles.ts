/**
 * `rolebot owner <thing>` and `rolebot compare <a> <b> [topic]`: read with the same grammar as
 * Slack's `/roles`, so the role words (pm, po, project…) and defaults are the same everywhere,
 * and answered by the same dispatcher.
 */
import { dispatch } from '../../commands/dispatch.js';
import { parseRolesCommand } from '../../commands/roles-command.js';
import { renderComparisonText } from '../../render/terminal/comparison-table.js';
import { renderOwnerText } from '../../render/terminal/owner-text.js';
import {
  type CliRun,
  openEngine,
  refuseOptions,
  textOptions,
  usageError,
  write,
} from '../context.js';
import { comparisonToJson, ownerToJson } from '../json.js';

export async function rolesCommand(run: CliRun, verb: 'owner' | 'compare'): Promise<void> {
  refuseOptions(run, []);
  // The engine first: the organisation's own roles are role words too ("compare em po").
  const engine = await openEngine(run);
  const command = parseRolesCommand(`${verb} ${run.args.rest.join(' ')}`, engine.roles);
  if (command.kind !== verb) {
    const problem =
      command.kind === 'invalid'
        ? command.problem
        : `${verb} could not be read, see 'rolebot help'`;
    // The problem is written for Slack: `/roles …` examples read as the CLI command here.
    throw usageError(problem.replace(/`\/roles /g, '`rolebot ').replace(/`/g, ''));
  }
  const reply = dispatch(command, engine);
  let text = '';
  if (reply.kind === 'owner') {
    text = run.args.json
      ? JSON.stringify(ownerToJson(reply.owner))
      : renderOwnerText(reply.owner, textOptions(run));
  } else if (reply.kind === 'compare') {
    text = run.args.json
      ? JSON.stringify(comparisonToJson(reply.comparison))
      : renderComparisonText(reply.comparison, textOptions(run));
  }
  await write(run.stdout, `${text}\n`);
}

import { HubClient } from '@oa/exchange-server';
import type { ColleagueView } from '../../api-contract';
import type { CoreContext } from '../context';
import { desktopError } from '../errors';
import type { Accounts } from './accounts';

/**
 * The signed-in person's colleagues: the users of their agency as the hub lists them (the id is
 * the person's id on every desktop) with their departments (处室), by department. Each is named as
 * the hub has them, else as this computer knows them — a local account, or someone who acted on
 * or was given a step here — else by their login. The person is left out.
 */
export async function listColleagues(context: CoreContext, accounts: Accounts): Promise<ColleagueView[]> {
  const me = accounts.requireCurrent();
  const session = accounts.hubSession();
  if (session === null) throw desktopError('COLLEAGUES_NEED_HUB_LOGIN');
  const members = await new HubClient(session.url, session.token).colleagues();
  const named = colleagueNamer(context);
  return members
    .filter((member) => member.id !== me.id)
    .map(named)
    .sort(
      (a, b) =>
        // People without a department last.
        Number(a.department === null) - Number(b.department === null) ||
        (a.department ?? '').localeCompare(b.department ?? '', 'zh-CN') ||
        a.login.localeCompare(b.login),
    );
}

/** A hub user as the hub describes them (name and department when the administrator gave them). */
interface HubPerson {
  id: string;
  username: string;
  name?: string | undefined;
  department?: string | undefined;
}

/**
 * Names hub users (`user:<id>` and login) as the hub has them, else as this computer knows
 * them: a local account, or someone who acted on or was given a step here; else by their login.
 */
export function colleagueNamer(context: CoreContext): (member: HubPerson) => ColleagueView {
  const names = new Map(
    (
      context.db
        .prepare(
          `SELECT id, display_name AS name FROM accounts
           UNION ALL SELECT actor_id, actor_name FROM workflow_opinions
           UNION ALL SELECT person_id, person_name FROM workflow_tasks WHERE person_id IS NOT NULL AND person_name IS NOT NULL`,
        )
        .all() as { id: string; name: string }[]
    ).map((row) => [row.id, row.name]),
  );
  return (member) => ({
    id: member.id,
    login: member.username,
    name: member.name ?? names.get(member.id) ?? member.username,
    department: member.department ?? null,
  });
}

import { num, type SqlDriver } from '../storage/driver';
import { rowsIn } from '../storage/rows-in';
import { mayOpenDraft } from './access-store';
import { draftNotAccessible, notColleagues, notTheDrafter } from './errors';

/** A person on a draft: hub id, login, and the name and department (处室) when the administrator gave them. */
export interface DraftPerson {
  id: string;
  username: string;
  name?: string;
  department?: string;
}

/** The people recorded on a draft as the drafting screen lists them. */
export interface DraftPeopleView {
  documentId: string;
  drafter: DraftPerson;
  coDrafters: DraftPerson[];
}

/**
 * 协同拟稿: the drafter invites colleagues of the agency to work on the draft with them. An
 * invitation is recorded in `draft_people` and, at a new place in the agency's sync order, in
 * `draft_grants`: the invited person's next pull carries the draft's operations from its start
 * (docs/sync.md "Who may open a draft"). Only someone who may open the draft learns anything of it.
 */
export class DraftPeopleService {
  constructor(private readonly driver: SqlDriver) {}

  async list(agency: string, user: string, documentId: string): Promise<DraftPeopleView> {
    if (!(await mayOpenDraft(this.driver, agency, user, documentId))) throw draftNotAccessible();
    const rows = await this.driver.all<{
      user_id: string;
      relation: string;
      username: string | null;
      display_name: string | null;
      department: string | null;
    }>(
      `SELECT p.user_id, p.relation, u.username, u.display_name, u.department FROM draft_people p LEFT JOIN users u ON 'user:' || u.id = p.user_id
       WHERE p.agency_code = ? AND p.document_id = ? ORDER BY p.granted_at, p.user_id`,
      [agency, documentId],
    );
    const person = (row: (typeof rows)[number]): DraftPerson => ({
      id: row.user_id,
      username: row.username ?? row.user_id,
      ...(row.display_name === null ? {} : { name: row.display_name }),
      ...(row.department === null ? {} : { department: row.department }),
    });
    const drafter = rows.find((row) => row.relation === 'drafter');
    return {
      documentId,
      drafter: drafter === undefined ? { id: '', username: '' } : person(drafter),
      coDrafters: rows.filter((row) => row.relation === 'co-drafter').map(person),
    };
  }

  /** The drafter invites `userIds` (`user:<id>` of their own agency); inviting someone twice changes nothing. */
  async invite(
    agency: string,
    user: string,
    documentId: string,
    userIds: readonly string[],
    at: string,
  ): Promise<DraftPeopleView> {
    const current = await this.list(agency, user, documentId);
    if (current.drafter.id !== user) throw notTheDrafter();
    const wanted = [...new Set(userIds)].filter(
      (id) => id !== user && !current.coDrafters.some((person) => person.id === id),
    );
    const members = new Set(
      (
        await rowsIn<{ user_id: string }>(
          this.driver,
          (list) => `SELECT DISTINCT user_id FROM memberships WHERE agency_code = ? AND user_id IN (${list})`,
          [agency],
          wanted.map((id) => id.replace(/^user:/, '')),
        )
      ).map((row) => `user:${row.user_id}`),
    );
    const strangers = wanted.filter((id) => !members.has(id));
    if (strangers.length > 0) throw notColleagues(strangers);
    if (wanted.length === 0) return current;
    await this.driver.transaction(async (tx) => {
      // A new place in the agency's order (the push lock): pulls after it carry the draft to the invited.
      await tx.run('INSERT INTO sync_heads (agency_code, seq) VALUES (?, 0) ON CONFLICT (agency_code) DO NOTHING', [
        agency,
      ]);
      const head = await tx.get<{ seq: number }>(
        'UPDATE sync_heads SET seq = seq + 1 WHERE agency_code = ? RETURNING seq',
        [agency],
      );
      for (const id of wanted) {
        await tx.run(
          `INSERT INTO draft_people (agency_code, document_id, user_id, relation, granted_by, granted_at)
           VALUES (?, ?, ?, 'co-drafter', ?, ?) ON CONFLICT (agency_code, document_id, user_id) DO NOTHING`,
          [agency, documentId, id, user, at],
        );
        await tx.run('INSERT INTO draft_grants (agency_code, seq, document_id, user_id) VALUES (?, ?, ?, ?)', [
          agency,
          num(head!.seq),
          documentId,
          id,
        ]);
      }
    });
    return this.list(agency, user, documentId);
  }
}

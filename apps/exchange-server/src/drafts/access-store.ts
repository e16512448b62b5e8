import type { SqlExecutor } from '../storage/driver';
import { rowsIn } from '../storage/rows-in';
import { draftAccessOf, flowFacts, type DraftFacts, type DraftPerson, type DraftRelation } from './access-rule';

/**
 * The facts of the access rule (`access-rule.ts`) as the hub's storage holds them, per agency:
 * the people recorded on each draft (`draft_people`) and the hub's copy of the workflow
 * instances on it (`sync_instances`, the states the shared state machine accepted). Nothing is
 * kept in the process, so every hub process sharing a database answers the same.
 */
export async function draftFacts(
  db: SqlExecutor,
  agency: string,
  documentIds: readonly string[],
): Promise<Map<string, DraftFacts>> {
  const ids = [...new Set(documentIds)];
  const facts = new Map<string, { people: DraftPerson[]; flows: ReturnType<typeof flowFacts>[] }>(
    ids.map((id) => [id, { people: [], flows: [] }]),
  );
  if (ids.length === 0) return facts;
  const people = await rowsIn<{ document_id: string; user_id: string; relation: DraftRelation }>(
    db,
    (list) =>
      `SELECT document_id, user_id, relation FROM draft_people WHERE agency_code = ? AND document_id IN (${list})`,
    [agency],
    ids,
  );
  for (const row of people) facts.get(row.document_id)!.people.push({ userId: row.user_id, relation: row.relation });
  const flows = await rowsIn<{ document_id: string; state: string }>(
    db,
    (list) => `SELECT document_id, state FROM sync_instances WHERE agency_code = ? AND document_id IN (${list})`,
    [agency],
    ids,
  );
  for (const row of flows) facts.get(row.document_id)!.flows.push(flowFacts(JSON.parse(row.state)));
  return facts;
}

/** Whether the agency holds the draft at all (someone of it is recorded on it). */
export const isKnown = (facts: DraftFacts | undefined): facts is DraftFacts =>
  facts !== undefined && facts.people.length > 0;

/** The documents among `documentIds` that `userId` of `agency` may open. */
export async function accessibleDrafts(
  db: SqlExecutor,
  agency: string,
  userId: string,
  documentIds: readonly string[],
): Promise<Set<string>> {
  const facts = await draftFacts(db, agency, documentIds);
  return new Set(
    [...facts].filter(([, known]) => isKnown(known) && draftAccessOf(userId, known) !== undefined).map(([id]) => id),
  );
}

/** Whether `userId` of `agency` may open the draft (an unknown draft: no). */
export async function mayOpenDraft(db: SqlExecutor, agency: string, userId: string, documentId: string) {
  return (await accessibleDrafts(db, agency, userId, [documentId])).has(documentId);
}

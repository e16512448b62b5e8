import { randomInt } from 'node:crypto';
import * as Y from 'yjs';
import type { AuthorView } from '../../api-contract';

/**
 * Who wrote and who deleted which text of a draft body (修改痕迹), kept inside the Y.Doc itself
 * so it travels with the document through any sync (y-websocket rooms carry no authors):
 *
 * - map `authors`:   Yjs client id → person id, for every client that inserted text;
 * - map `people`:    person id → display name;
 * - array `deletions`: `{ by, ranges: [client, clock, length][] }`, one entry per local
 *   change that removed text.
 *
 * The idea is Y.PermanentUserData's, written synchronously in the same transaction as the
 * edit (PermanentUserData records deletions in a later setTimeout, which a crash or the
 * next persisted update can overtake) and in JSON instead of its binary delete-set encoding.
 */
export interface Person {
  id: string;
  name: string;
}

type Range = [client: number, clock: number, length: number];

const authorsName = 'authors';
const peopleName = 'people';
const deletionsName = 'deletions';

/**
 * Makes sure the doc's own client id writes for `person` only: when another person used
 * this copy before (a shared computer), the doc continues under a fresh client id, as Yjs
 * does itself when two clients collide.
 */
export function useClientFor(doc: Y.Doc, person: Person): void {
  const owner = doc.getMap<string>(authorsName).get(String(doc.clientID));
  if (owner !== undefined && owner !== person.id) doc.clientID = randomInt(1, 2 ** 32);
}

/** Records that `clients` write as `person` (only clients not yet attributed). */
export function attributeClients(doc: Y.Doc, clients: Iterable<number>, person: Person): void {
  const authors = doc.getMap<string>(authorsName);
  const people = doc.getMap<string>(peopleName);
  for (const client of clients) {
    if (!authors.has(String(client))) authors.set(String(client), person.id);
  }
  if (people.get(person.id) !== person.name) people.set(person.id, person.name);
}

/** Records that `person` deleted the items in `deleteSet`. */
/** Yjs's delete set (the type is not exported by name). */
export type DeleteSet = Y.Transaction['deleteSet'];

export function attributeDeletions(doc: Y.Doc, deleteSet: DeleteSet, person: Person): void {
  const ranges: Range[] = [];
  deleteSet.clients.forEach((items, client) => {
    for (const item of items) ranges.push([client, item.clock, item.len]);
  });
  if (ranges.length > 0) doc.getArray<{ by: string; ranges: Range[] }>(deletionsName).push([{ by: person.id, ranges }]);
}

/** Looks authors up by item id, for diffs. */
export class AuthorIndex {
  private readonly authors: Map<string, string>;
  private readonly people: Map<string, string>;
  private readonly deletions: { by: string; ranges: Range[] }[];

  constructor(doc: Y.Doc) {
    this.authors = new Map(doc.getMap<string>(authorsName).entries());
    this.people = new Map(doc.getMap<string>(peopleName).entries());
    this.deletions = doc.getArray<{ by: string; ranges: Range[] }>(deletionsName).toArray();
  }

  inserted(id: Y.ID): AuthorView | null {
    return this.person(this.authors.get(String(id.client)));
  }

  deleted(id: Y.ID): AuthorView | null {
    for (const record of this.deletions) {
      for (const [client, clock, length] of record.ranges) {
        if (client === id.client && id.clock >= clock && id.clock < clock + length) return this.person(record.by);
      }
    }
    return null;
  }

  private person(id: string | undefined): AuthorView | null {
    return id === undefined ? null : { id, name: this.people.get(id) ?? id };
  }
}

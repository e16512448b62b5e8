import * as Y from 'yjs';
import { num, type SqlDriver } from '../storage/driver';

export interface StoredUpdates {
  /** The highest row id read (later rows are newer). */
  lastId: number;
  updates: Uint8Array[];
}

/**
 * A room's Yjs updates in the hub's storage (SQLite or PostgreSQL through the driver): appended
 * as they arrive, read back in order, and compacted into one row (Y.mergeUpdates) in one
 * transaction once a room has more than `threshold` rows.
 */
export class RoomStore {
  constructor(
    private readonly driver: SqlDriver,
    readonly threshold = 100,
  ) {}

  async load(agency: string, documentId: string, afterId = 0): Promise<StoredUpdates> {
    const rows = await this.driver.all<{ id: number; update_data: Uint8Array }>(
      'SELECT id, update_data FROM draft_room_updates WHERE agency_code = ? AND document_id = ? AND id > ? ORDER BY id',
      [agency, documentId, afterId],
    );
    return {
      lastId: rows.length === 0 ? afterId : num(rows.at(-1)!.id),
      updates: rows.map((row) => new Uint8Array(row.update_data)),
    };
  }

  /** Stores one update; returns its row id. */
  async append(agency: string, documentId: string, update: Uint8Array, at: string): Promise<number> {
    const row = await this.driver.get<{ id: number }>(
      `INSERT INTO draft_room_updates (agency_code, document_id, update_data, compacted, created_at)
       VALUES (?, ?, ?, 0, ?) RETURNING id`,
      [agency, documentId, update, at],
    );
    return num(row!.id);
  }

  async count(agency: string, documentId: string): Promise<number> {
    const row = await this.driver.get<{ n: number }>(
      'SELECT count(*) AS n FROM draft_room_updates WHERE agency_code = ? AND document_id = ?',
      [agency, documentId],
    );
    return num(row?.n ?? 0);
  }

  /**
   * Merges the room's rows into one when there are more than the threshold. Only the rows read
   * are deleted, so an update another hub process appends meanwhile is kept; two processes
   * compacting at once at worst store the same merged update twice, which Yjs applies once.
   */
  async compactIfNeeded(agency: string, documentId: string, at: string): Promise<boolean> {
    if ((await this.count(agency, documentId)) <= this.threshold) return false;
    await this.driver.transaction(async (tx) => {
      const rows = await tx.all<{ id: number; update_data: Uint8Array }>(
        'SELECT id, update_data FROM draft_room_updates WHERE agency_code = ? AND document_id = ? ORDER BY id',
        [agency, documentId],
      );
      if (rows.length <= this.threshold) return;
      const merged = Y.mergeUpdates(rows.map((row) => new Uint8Array(row.update_data)));
      const lastId = num(rows.at(-1)!.id);
      await tx.run('DELETE FROM draft_room_updates WHERE agency_code = ? AND document_id = ? AND id <= ?', [
        agency,
        documentId,
        lastId,
      ]);
      await tx.run(
        `INSERT INTO draft_room_updates (agency_code, document_id, update_data, compacted, created_at)
         VALUES (?, ?, ?, 1, ?)`,
        [agency, documentId, merged, at],
      );
    });
    return true;
  }
}

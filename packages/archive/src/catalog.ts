import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import {
  archiveItemMetadataSchema,
  checkArchivalCodePattern,
  defaultArchivalCodePattern,
  formatArchivalCode,
  formatPath,
  type ArchiveItemMetadata,
  type ArchiveItemMetadataInput,
} from '@oa/shared';
import { BlobStore } from './blob-store';
import { archiveErrors } from './errors';
import { migrate } from './migrations';

export type ArchiveFileRole = 'document' | 'attachment' | 'receipt' | 'record';

export interface ArchiveFileInput {
  name: string;
  role: ArchiveFileRole;
  mediaType: string;
  bytes: Uint8Array;
}

export interface ArchiveFile {
  name: string;
  role: ArchiveFileRole;
  mediaType: string;
  sha256: string;
  size: number;
}

export interface ArchivedItem {
  id: number;
  archivalCode: string;
  metadata: ArchiveItemMetadata;
  files: ArchiveFile[];
  archivedAt: string;
  archivedBy: string;
}

export interface ArchiveRequest {
  /** Everything but the 件号, which the catalogue allocates. */
  metadata: Omit<ArchiveItemMetadataInput, 'item'>;
  files: ArchiveFileInput[];
  /** Text for full-text search (the body of the document). */
  bodyText?: string;
  actor: string;
  at: string;
}

export interface ArchiveSearch {
  text?: string;
  archivalCode?: string;
  year?: number;
  retention?: string;
  unit?: string;
  kind?: string;
  limit?: number;
}

export interface NumberingGap {
  fonds: string;
  category: string;
  year: number;
  retention: string;
  unit: string;
  /** The missing 件号. */
  missing: number[];
}

interface ItemRow {
  id: number;
  archival_code: string;
  metadata_json: string;
  archived_at: string;
  archived_by: string;
}

/** A plain file name: no separators, not `.`/`..`, no control characters, at most 200 characters. */
function isSafeFileName(name: string): boolean {
  return (
    name.length > 0 &&
    name.length <= 200 &&
    name !== '.' &&
    name !== '..' &&
    ![...name].some((c) => c === '/' || c === '\\' || c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)
  );
}

/** Validates metadata without its 件号 (allocated later); ARCHIVE_METADATA_INVALID names every problem. */
export function parseArchiveMetadata(metadata: ArchiveRequest['metadata']): ArchiveItemMetadata {
  const probe = archiveItemMetadataSchema.safeParse({ ...metadata, item: 1 });
  if (!probe.success) {
    throw archiveErrors.metadataInvalid(
      probe.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`).join('; '),
    );
  }
  return probe.data;
}

/**
 * The archive catalogue (档案目录) of one agency: items with DA/T 22 metadata in SQLite, their
 * files content-addressed beside it, 件号 allocated without gaps per (全宗, 门类, 年度,
 * 保管期限, 机构), full-text search, and the borrow/view log.
 */
export class ArchiveCatalog {
  readonly blobs: BlobStore;
  private constructor(
    readonly db: Database.Database,
    readonly dir: string,
    readonly pattern: string,
  ) {
    this.blobs = new BlobStore(path.join(dir, 'files'));
  }

  static open(dir: string, options: { pattern?: string } = {}): ArchiveCatalog {
    const pattern = options.pattern ?? defaultArchivalCodePattern;
    const problems = checkArchivalCodePattern(pattern);
    if (problems.length > 0) throw archiveErrors.patternInvalid(problems.join('; '));
    mkdirSync(dir, { recursive: true });
    const db = new Database(path.join(dir, 'archive.db'));
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return new ArchiveCatalog(db, dir, pattern);
  }

  close(): void {
    this.db.close();
  }

  /**
   * Archives one item: validates the metadata, stores the files, then in one transaction
   * allocates the next 件号 of its group and records the item. Nothing is recorded when any
   * step fails; stored blobs are content-addressed, so a retry reuses them.
   */
  /** The 件号 the next item of this group would get (for stamping before archiving). */
  nextItemNumber(group: Pick<ArchiveItemMetadata, 'fonds' | 'category' | 'year' | 'retention' | 'unit'>): number {
    return this.nextInGroup(group);
  }

  private nextInGroup(group: Pick<ArchiveItemMetadata, 'fonds' | 'category' | 'year' | 'retention' | 'unit'>): number {
    const row = this.db
      .prepare(
        `SELECT COALESCE(MAX(item), 0) + 1 AS next FROM items
         WHERE fonds = ? AND category = ? AND year = ? AND retention = ? AND unit = ?`,
      )
      .get(group.fonds, group.category, group.year, group.retention, group.unit) as { next: number };
    return row.next;
  }

  /**
   * Archives one item. With `expectedItem` (the number a stamp already shows), the item is
   * recorded only under that 件号; if another writer took it meanwhile, ARCHIVE_NUMBER_TAKEN is
   * thrown and nothing is recorded, so the caller can stamp again with the next number.
   */
  archive(request: ArchiveRequest, options: { expectedItem?: number } = {}): ArchivedItem {
    for (const file of request.files) if (!isSafeFileName(file.name)) throw archiveErrors.fileNameInvalid(file.name);
    if (!request.files.some((file) => file.role === 'document')) throw archiveErrors.documentMissing();
    const base = parseArchiveMetadata(request.metadata);
    const files: ArchiveFile[] = request.files.map((file) => ({
      name: file.name,
      role: file.role,
      mediaType: file.mediaType,
      sha256: this.blobs.put(file.bytes),
      size: file.bytes.byteLength,
    }));
    return this.db
      .transaction((): ArchivedItem => {
        const next = this.nextInGroup(base);
        if (options.expectedItem !== undefined && options.expectedItem !== next) {
          throw archiveErrors.numberTaken(options.expectedItem);
        }
        const metadata: ArchiveItemMetadata = { ...base, item: next };
        const archivalCode = formatArchivalCode(metadata, this.pattern);
        const info = this.db
          .prepare(
            `INSERT INTO items (archival_code, fonds, category, year, retention, unit, item, pages, title, doc_number,
             responsible, date, classification, kind, metadata_json, archived_at, archived_by)
           VALUES (@archivalCode, @fonds, @category, @year, @retention, @unit, @item, @pages, @title, @docNumber,
             @responsible, @date, @classification, @kind, @json, @at, @actor)`,
          )
          .run({
            ...metadata,
            docNumber: metadata.docNumber ?? null,
            archivalCode,
            json: JSON.stringify(metadata),
            at: request.at,
            actor: request.actor,
          });
        const id = Number(info.lastInsertRowid);
        const insertFile = this.db.prepare(
          'INSERT INTO item_files (item_id, name, role, media_type, sha256, size) VALUES (?, ?, ?, ?, ?, ?)',
        );
        for (const file of files) insertFile.run(id, file.name, file.role, file.mediaType, file.sha256, file.size);
        this.db
          .prepare('INSERT INTO items_fts (rowid, title, doc_number, responsible, body) VALUES (?, ?, ?, ?, ?)')
          .run(id, metadata.title, metadata.docNumber ?? '', metadata.responsible, request.bodyText ?? '');
        return { id, archivalCode, metadata, files, archivedAt: request.at, archivedBy: request.actor };
      })
      .immediate(); // IMMEDIATE: a second writer waits instead of allocating the same 件号
  }

  private hydrate(row: ItemRow): ArchivedItem {
    const files = this.db
      .prepare(
        'SELECT name, role, media_type AS mediaType, sha256, size FROM item_files WHERE item_id = ? ORDER BY name',
      )
      .all(row.id) as ArchiveFile[];
    return {
      id: row.id,
      archivalCode: row.archival_code,
      metadata: archiveItemMetadataSchema.parse(JSON.parse(row.metadata_json)),
      files,
      archivedAt: row.archived_at,
      archivedBy: row.archived_by,
    };
  }

  get(archivalCode: string): ArchivedItem {
    const row = this.db
      .prepare('SELECT id, archival_code, metadata_json, archived_at, archived_by FROM items WHERE archival_code = ?')
      .get(archivalCode) as ItemRow | undefined;
    if (!row) throw archiveErrors.notFound(archivalCode);
    return this.hydrate(row);
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM items').get() as { n: number }).n;
  }

  /** Search by 档号 (prefix), year, retention, unit, kind and full text (3+ characters by FTS, shorter by LIKE). */
  search(query: ArchiveSearch): ArchivedItem[] {
    const where: string[] = [];
    const params: Record<string, string | number> = {};
    if (query.archivalCode) {
      where.push("items.archival_code LIKE @code || '%'");
      params['code'] = query.archivalCode;
    }
    for (const field of ['year', 'retention', 'unit', 'kind'] as const) {
      const value = query[field];
      if (value !== undefined) {
        where.push(`items.${field} = @${field}`);
        params[field] = value;
      }
    }
    const text = query.text?.trim();
    if (text) {
      if ([...text].length >= 3) {
        where.push('items.id IN (SELECT rowid FROM items_fts WHERE items_fts MATCH @fts)');
        params['fts'] = `"${text.replace(/"/g, '""')}"`;
      } else {
        where.push(
          'items.id IN (SELECT rowid FROM items_fts WHERE title LIKE @like OR doc_number LIKE @like OR responsible LIKE @like OR body LIKE @like)',
        );
        params['like'] = `%${text.replace(/[%_]/g, '')}%`;
      }
    }
    params['limit'] = query.limit ?? 100;
    const rows = this.db
      .prepare(
        `SELECT id, archival_code, metadata_json, archived_at, archived_by FROM items
         ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY year DESC, retention, unit, item LIMIT @limit`,
      )
      .all(params) as ItemRow[];
    return rows.map((row) => this.hydrate(row));
  }

  /** Every group whose 件号 do not run 1…N without a hole. */
  findNumberingGaps(): NumberingGap[] {
    const groups = this.db
      .prepare(
        `SELECT fonds, category, year, retention, unit, COUNT(*) AS n, MAX(item) AS max FROM items
         GROUP BY fonds, category, year, retention, unit HAVING n <> max`,
      )
      .all() as (Omit<NumberingGap, 'missing'> & { n: number; max: number })[];
    return groups.map(({ n: _n, max, ...group }) => {
      const present = new Set(
        (
          this.db
            .prepare(
              'SELECT item FROM items WHERE fonds = ? AND category = ? AND year = ? AND retention = ? AND unit = ?',
            )
            .all(group.fonds, group.category, group.year, group.retention, group.unit) as { item: number }[]
        ).map((row) => row.item),
      );
      const missing: number[] = [];
      for (let i = 1; i <= max; i++) if (!present.has(i)) missing.push(i);
      return { ...group, missing };
    });
  }

  /** Records who opened, borrowed or exported an item, and returns the item's log. */
  logAccess(
    archivalCode: string,
    entry: { actor: string; action: 'view' | 'borrow' | 'return' | 'export' | 'check'; purpose?: string; at: string },
  ) {
    const item = this.get(archivalCode);
    this.db
      .prepare('INSERT INTO access_log (item_id, actor, action, purpose, at) VALUES (?, ?, ?, ?, ?)')
      .run(item.id, entry.actor, entry.action, entry.purpose ?? null, entry.at);
  }

  accessLog(archivalCode: string): { actor: string; action: string; purpose: string | null; at: string }[] {
    const item = this.get(archivalCode);
    return this.db
      .prepare('SELECT actor, action, purpose, at FROM access_log WHERE item_id = ? ORDER BY at, id')
      .all(item.id) as { actor: string; action: string; purpose: string | null; at: string }[];
  }
}

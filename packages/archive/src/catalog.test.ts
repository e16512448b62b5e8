import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ArchiveCatalog, type ArchiveRequest } from './index';
import { itemMetadata } from './test-support';

const pdf = (text: string) => new TextEncoder().encode(`%PDF-1.7\n% ${text}\n%%EOF\n`);

function request(overrides: Partial<ArchiveRequest['metadata']> = {}, body = ''): ArchiveRequest {
  return {
    metadata: itemMetadata(overrides),
    files: [
      { name: 'document.pdf', role: 'document', mediaType: 'application/pdf', bytes: pdf(String(overrides.title)) },
    ],
    bodyText: body,
    actor: '档案员 李娜',
    at: '2026-11-23T09:00:00+08:00',
  };
}

let dir: string;
let catalog: ArchiveCatalog;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'oa-archive-'));
  catalog = ArchiveCatalog.open(dir);
});
afterEach(() => {
  catalog.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('archiving items (件)', () => {
  it('allocates 件号 1, 2, 3 per group and builds the 档号', () => {
    const codes = [
      catalog.archive(request()).archivalCode,
      catalog.archive(request({ title: '第二件' })).archivalCode,
      catalog.archive(request({ retention: 'D30', title: '定期' })).archivalCode,
      catalog.archive(request({ title: '第三件' })).archivalCode,
      catalog.archive(request({ unit: 'CWC', title: '财务处' })).archivalCode,
      catalog.archive(request({ year: 2025, title: '上年' })).archivalCode,
    ];
    expect(codes).toEqual([
      'J012-WS·2026-Y-BGS-0001',
      'J012-WS·2026-Y-BGS-0002',
      'J012-WS·2026-D30-BGS-0001',
      'J012-WS·2026-Y-BGS-0003',
      'J012-WS·2026-Y-CWC-0001',
      'J012-WS·2025-Y-BGS-0001',
    ]);
    expect(catalog.findNumberingGaps()).toEqual([]);
  });

  it('gives two writers on the same catalogue distinct 件号', () => {
    const second = ArchiveCatalog.open(dir);
    try {
      const codes = new Set<string>();
      for (let i = 0; i < 20; i++) {
        codes.add((i % 2 ? second : catalog).archive(request({ title: `件${i}` })).archivalCode);
      }
      expect(codes.size).toBe(20);
      expect(catalog.findNumberingGaps()).toEqual([]);
    } finally {
      second.close();
    }
  });

  it('stores files by content and reads them back', () => {
    const item = catalog.archive(request());
    const file = item.files[0]!;
    expect(file.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(catalog.blobs.pathOf(file.sha256), 'utf8')).toContain('%PDF-1.7');
    expect(catalog.get(item.archivalCode)).toEqual(item);
  });

  it('refuses metadata out of range and records nothing', () => {
    expect(() => catalog.archive(request({ retention: 'D20' as never }))).toThrow(
      expect.objectContaining({ code: 'ARCHIVE_METADATA_INVALID' }),
    );
    expect(() => catalog.archive(request({ year: 1800 }))).toThrow(
      expect.objectContaining({ code: 'ARCHIVE_METADATA_INVALID' }),
    );
    expect(catalog.count()).toBe(0);
  });

  it('refuses file names with path tricks, and items without their document', () => {
    const bad = request();
    bad.files[0]!.name = '../../etc/passwd';
    expect(() => catalog.archive(bad)).toThrow(expect.objectContaining({ code: 'ARCHIVE_FILE_NAME_INVALID' }));
    const noDocument = request();
    noDocument.files[0]!.role = 'attachment';
    expect(() => catalog.archive(noDocument)).toThrow(expect.objectContaining({ code: 'ARCHIVE_DOCUMENT_MISSING' }));
    expect(catalog.count()).toBe(0);
  });

  it('reports an unknown 档号 with a typed error', () => {
    expect(() => catalog.get('J012-WS·2026-Y-BGS-0099')).toThrow(
      expect.objectContaining({ code: 'ARCHIVE_NOT_FOUND' }),
    );
  });

  it('refuses a 档号 pattern without 件号', () => {
    expect(() => ArchiveCatalog.open(dir, { pattern: '{fonds}-{year}-{retention}' })).toThrow(
      expect.objectContaining({ code: 'ARCHIVE_PATTERN_INVALID' }),
    );
  });
});

describe('finding gaps in 件号', () => {
  it('names the group and the missing numbers', () => {
    for (let i = 0; i < 5; i++) catalog.archive(request({ title: `件${i}` }));
    catalog.db.prepare('DELETE FROM item_files WHERE item_id IN (SELECT id FROM items WHERE item IN (2, 4))').run();
    catalog.db.prepare('DELETE FROM items WHERE item IN (2, 4)').run();
    expect(catalog.findNumberingGaps()).toEqual([
      { fonds: 'J012', category: 'WS', year: 2026, retention: 'Y', unit: 'BGS', missing: [2, 4] },
    ]);
  });
});

describe('archive search', () => {
  beforeEach(() => {
    catalog.archive(request({}, '各地各部门要压紧压实安全生产责任，做好电子公文归档工作。'));
    catalog.archive(
      request({ title: '关于申请专项资金的请示', kind: 'request', retention: 'D30', docNumber: '宁政〔2026〕45号' }),
    );
    catalog.archive(
      request({ title: '2025年度工作总结', kind: 'report', year: 2025, retention: 'D10', docNumber: undefined }),
    );
  });

  it('finds Chinese text of three or more characters in title and body', () => {
    expect(catalog.search({ text: '电子公文' }).map((i) => i.metadata.item)).toEqual([1]);
    expect(catalog.search({ text: '专项资金' }).map((i) => i.metadata.title)).toEqual(['关于申请专项资金的请示']);
  });

  it('finds one- and two-character queries too', () => {
    expect(catalog.search({ text: '请示' }).map((i) => i.metadata.kind)).toEqual(['request']);
    expect(catalog.search({ text: '总结' })).toHaveLength(1);
  });

  it('filters by year, retention, kind and 档号 prefix', () => {
    expect(catalog.search({ year: 2025 }).map((i) => i.archivalCode)).toEqual(['J012-WS·2025-D10-BGS-0001']);
    expect(catalog.search({ retention: 'D30' })).toHaveLength(1);
    expect(catalog.search({ kind: 'notice' })).toHaveLength(1);
    expect(catalog.search({ archivalCode: 'J012-WS·2026' })).toHaveLength(2);
    expect(catalog.search({ text: '发文字号' })).toEqual([]);
  });

  it('finds by 发文字号', () => {
    expect(catalog.search({ text: '宁政〔2026〕45号' })).toHaveLength(1);
  });
});

describe('borrow and view log', () => {
  it('records who opened which item, when, in order', () => {
    const { archivalCode } = catalog.archive(request());
    catalog.logAccess(archivalCode, { actor: '王强', action: 'view', at: '2026-11-23T10:00:00+08:00' });
    catalog.logAccess(archivalCode, {
      actor: '刘芳',
      action: 'borrow',
      purpose: '审计核查',
      at: '2026-11-23T11:00:00+08:00',
    });
    expect(catalog.accessLog(archivalCode)).toEqual([
      { actor: '王强', action: 'view', purpose: null, at: '2026-11-23T10:00:00+08:00' },
      { actor: '刘芳', action: 'borrow', purpose: '审计核查', at: '2026-11-23T11:00:00+08:00' },
    ]);
  });
});

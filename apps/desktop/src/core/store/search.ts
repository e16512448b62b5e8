import type { SearchHit } from '../../api-contract';
import type { CoreContext } from '../context';
import { storeLimits } from '../limits';

/**
 * Full-text search over titles and bodies. FTS5's trigram tokenizer finds any Chinese
 * substring of three or more characters; one- and two-character terms (档案, 通知) cannot
 * be trigram-matched and use LIKE instead. A query's terms (split on spaces) must all occur.
 */
export function searchDocuments(context: CoreContext, query: string, limit: number): SearchHit[] {
  const terms = query.split(/\s+/u).filter((term) => term.length > 0);
  const long = terms.filter((term) => [...term].length >= storeLimits.trigramMinChars);
  let short = terms.filter((term) => [...term].length < storeLimits.trigramMinChars);
  const where: string[] = [];
  const params: unknown[] = [];
  let byRecency = false;
  if (long.length > 0) {
    const hits = context.db
      .prepare('SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? LIMIT ?')
      .pluck()
      .all(long.map(ftsPhrase).join(' AND '), storeLimits.searchFrequentAbove + 1) as number[];
    if (hits.length === 0) return [];
    if (hits.length > storeLimits.searchFrequentAbove) {
      // A term in a large share of the store: the newest documents soon fill the page, so walk
      // them in date order and test each with LIKE (the same substring match) instead.
      short = [...short, ...long];
      byRecency = true;
    } else {
      where.push('d.rowid IN (SELECT value FROM json_each(?))');
      params.push(JSON.stringify(hits));
      // Many hits: walk the documents newest first and stop at the page (reading and sorting
      // every hit would touch thousands of rows); few hits: fetch only those rows and sort them.
      byRecency = hits.length > storeLimits.searchRecencyWalkAbove;
    }
  }
  for (const term of short) {
    where.push("(d.title LIKE ? ESCAPE '\\' OR d.body_text LIKE ? ESCAPE '\\')");
    const pattern = `%${escapeLike(term)}%`;
    params.push(pattern, pattern);
  }
  if (where.length === 0) return [];
  const rows = context.db
    .prepare(
      `SELECT d.id, d.title, d.stage, d.body_text FROM documents d ${byRecency ? 'INDEXED BY documents_updated' : ''}
       WHERE ${where.join(' AND ')}
       ORDER BY d.updated_at DESC LIMIT ?`,
    )
    .all(...params, limit) as { id: string; title: string; stage: 'draft' | 'final'; body_text: string }[];
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    stage: row.stage,
    snippet: snippet(`${row.title}\n${row.body_text}`, terms),
  }));
}

/** A term as an FTS5 string (quotes doubled), so user input never becomes query syntax. */
function ftsPhrase(term: string): string {
  return `"${term.replaceAll('"', '""')}"`;
}

function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The text around the first term found, the term marked with 【】. */
function snippet(text: string, terms: string[]): string {
  const lower = text.toLowerCase();
  for (const term of terms) {
    const at = lower.indexOf(term.toLowerCase());
    if (at < 0) continue;
    const start = Math.max(0, at - storeLimits.snippetChars);
    const end = Math.min(text.length, at + term.length + storeLimits.snippetChars);
    const before = text.slice(start, at).replaceAll('\n', ' ');
    const after = text.slice(at + term.length, end).replaceAll('\n', ' ');
    return `${start > 0 ? '…' : ''}${before}【${text.slice(at, at + term.length)}】${after}${end < text.length ? '…' : ''}`;
  }
  return text.slice(0, storeLimits.snippetChars * 2);
}

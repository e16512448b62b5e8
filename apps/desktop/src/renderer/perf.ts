/**
 * Named moments of the UI's critical paths (User Timing marks), read by the e2e bench to break
 * down a figure; one entry per name is kept, so a long session does not pile them up.
 */
export type PerfMark =
  | 'oa:preview-requested'
  | 'oa:preview-received'
  | 'oa:document-received'
  | 'oa:pdf-opened'
  | 'oa:pdf-first-page-drawn'
  | 'oa:pdf-visible-drawn'
  | 'oa:warmed';

export function perfMark(name: PerfMark): void {
  performance.clearMarks(name);
  performance.mark(name);
}

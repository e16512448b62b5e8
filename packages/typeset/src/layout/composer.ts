import { gbt9704, geometry, baselineFor, mmToPt } from '../gbt9704';
import type { FlowLine, PageLayout, PlacedRun, Rule } from './page-model';

/** A seal's centre given in grid terms, resolved when the page's pitch is final. */
export interface SealAnchor {
  issuerIndex: number;
  page: number;
  x: number;
  /** Grid lines down from the type-area top (may be fractional). */
  linesDown: number;
  /**
   * In a kept block: whether `linesDown` counts from the block's first line or from the end of
   * the text above it (the seal's top stays within a line of that text).
   */
  from?: 'block' | 'text';
  /** Further points down (e.g. the seal's radius). */
  pointsDown: number;
  diameter: number;
}

export interface ResolvedSeal {
  issuerIndex: number;
  page: number;
  centerX: number;
  centerY: number;
  diameter: number;
}

export interface PageDraft {
  lines: { index: number; line: FlowLine }[];
  /** Runs and rules placed by absolute position (header zone). */
  runs: PlacedRun[];
  rules: Rule[];
  /** Rules on grid-line boundaries (版记), resolved with the page's pitch. */
  gridRules: { line: number; width: number; color?: Rule['color'] }[];
  /** Lines on this page: 22, or more when the spacing was tightened to keep a block. */
  gridLines: number;
  /**
   * Lines above this one keep the standard pitch when the page is tightened (page 1's heading
   * zone, measured in millimetres); the lines from here down share the rest of the type area.
   */
  tightenFrom: number;
  pageNumber: boolean;
}

/** A block that must stay on one page (signature and date), with blank lines before it. */
export interface KeptBlock {
  blankBefore: number;
  /** The fewest blank lines before it that still look right. */
  minBlankBefore: number;
  lines: FlowLine[];
  /** Seals, with `linesDown` counted from the block (or the text above it, see `from`). */
  seals: Omit<SealAnchor, 'page'>[];
}

/**
 * How far line spacing may tighten to keep a block on its page (GB/T 9704 §7.3.5.4: adjust
 * the spacing): to 82 % of the grid pitch, about 27 lines on a page.
 */
const minTightenedPitch = 0.82;
/** Lines of text carried to the next page with a block that fits nowhere else. */
const carriedLines = 2;

/**
 * Fills pages line by line on the 22-line grid. Everything that flows (title, body, signature,
 * attachments) goes through here, so every text line sits on a grid line.
 */
export class Composer {
  readonly pages: PageDraft[] = [];
  readonly seals: SealAnchor[] = [];
  cursor = 0;

  constructor() {
    this.newPage();
  }

  get page(): PageDraft {
    return this.pages[this.pages.length - 1]!;
  }

  get pageIndex(): number {
    return this.pages.length - 1;
  }

  newPage(): void {
    this.pages.push({
      lines: [],
      runs: [],
      rules: [],
      gridRules: [],
      gridLines: gbt9704.grid.lines,
      tightenFrom: 0,
      pageNumber: true,
    });
    this.cursor = 0;
  }

  /** Places one line on the next grid line, starting a page when this one is full. */
  place(line: FlowLine): void {
    if (this.cursor >= this.page.gridLines) this.newPage();
    this.page.lines.push({ index: this.cursor, line });
    this.cursor++;
  }

  /** Places a line at a given grid line of the current page (header zone). */
  placeAt(index: number, line: FlowLine): void {
    this.page.lines.push({ index, line });
  }

  /** Leaves blank lines; none at the top of a page. */
  skip(count: number): void {
    if (this.cursor === 0) return;
    this.cursor += count;
    if (this.cursor >= this.page.gridLines) this.newPage();
  }

  get remaining(): number {
    return this.page.gridLines - this.cursor;
  }

  /**
   * Places a block that must not be split and must not stand alone on a page: first with
   * fewer blank lines before it, then with tighter line spacing on this page (below the
   * heading zone on page 1), and only then by carrying the last lines of text over with it.
   * Never a page that holds the block alone.
   */
  placeKept(block: KeptBlock): void {
    const height = block.lines.length;
    let blanks = block.blankBefore;
    if (this.cursor === 0 && this.pageIndex > 0) this.carryLines();
    if (blanks + height > this.remaining) blanks = Math.max(block.minBlankBefore, this.remaining - height);
    if (blanks + height > this.remaining) {
      const needed = this.cursor + blanks + height;
      const tightened = (geometry.height - this.page.tightenFrom * geometry.pitch) / (needed - this.page.tightenFrom);
      if (tightened >= minTightenedPitch * geometry.pitch) this.page.gridLines = needed;
      else this.carryLines();
    }
    const start = this.cursor + blanks;
    for (const [offset, line] of block.lines.entries()) this.placeAt(start + offset, line);
    for (const seal of block.seals) {
      const base = seal.from === 'text' ? start - blanks : start;
      this.seals.push({ ...seal, page: this.pageIndex, linesDown: seal.linesDown + base });
    }
    this.cursor = start + height;
  }

  /** Moves the last lines of this page to a new page. */
  private carryLines(): void {
    const from = this.cursor === 0 && this.pageIndex > 0 ? this.pages[this.pageIndex - 1]! : this.page;
    const moved = from.lines.splice(-carriedLines, carriedLines);
    if (from === this.page) this.newPage();
    for (const { line } of moved) this.place(line);
  }

  /** Rows anchored on the bottom of the type area of the last page (版记). */
  placeAtBottom(lines: FlowLine[], rules: { line: number; width: number; color?: Rule['color'] }[]): void {
    if (this.cursor + lines.length > this.page.gridLines) this.newPage();
    const first = this.page.gridLines - lines.length;
    lines.forEach((line, i) => this.placeAt(first + i, line));
    for (const rule of rules) this.page.gridRules.push({ ...rule, line: first + rule.line });
    this.cursor = this.page.gridLines;
  }

  /** Resolves every page with its pitch into drawable runs and rules. */
  finish(): { pages: PageLayout[]; seals: ResolvedSeal[]; pageNumbers: boolean[] } {
    const pages = this.pages.map((draft) => {
      const runs: PlacedRun[] = [...draft.runs];
      for (const { index, line } of draft.lines) {
        const centre = lineY(draft, index + 0.5);
        for (const run of line.runs) runs.push({ ...run, baseline: baselineFor(centre, run.size) });
      }
      const rules: Rule[] = [
        ...draft.rules,
        ...draft.gridRules.map((r) => ({
          x1: geometry.left,
          x2: geometry.right,
          y: lineY(draft, r.line) + (r.line === draft.gridLines ? r.width / 2 : 0),
          width: r.width,
          ...(r.color ? { color: r.color } : {}),
        })),
      ];
      return { runs, rules };
    });
    const seals: ResolvedSeal[] = this.seals.map((seal) => {
      const draft = this.pages[seal.page]!;
      const pitch = (lineY(draft, seal.linesDown) - lineY(draft, seal.linesDown + 1)) / geometry.pitch;
      return {
        issuerIndex: seal.issuerIndex,
        page: seal.page,
        centerX: seal.x,
        centerY: lineY(draft, seal.linesDown) - seal.pointsDown * pitch,
        diameter: seal.diameter,
      };
    });
    return { pages, seals, pageNumbers: this.pages.map((p) => p.pageNumber) };
  }
}

/**
 * Height (from the page bottom) of a line boundary counted in grid lines from the type-area top:
 * the standard pitch, or on a tightened page a smaller one below `tightenFrom`.
 */
function lineY(draft: PageDraft, lines: number): number {
  const fixed = Math.min(lines, draft.tightenFrom);
  const rest = lines - fixed;
  const tightPitch = (geometry.height - draft.tightenFrom * geometry.pitch) / (draft.gridLines - draft.tightenFrom);
  return geometry.top - fixed * geometry.pitch - rest * tightPitch;
}

export const closingRuleWidth = { thick: mmToPt(gbt9704.closingRule.thick), thin: mmToPt(gbt9704.closingRule.thin) };

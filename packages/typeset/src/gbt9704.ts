/**
 * The numbers of GB/T 9704-2012 the layout uses, as one table (millimetres unless named
 * otherwise) so a correction is one edit. ../../../../shared/GONGWEN.md §1–2 lists them.
 */
export const mmToPt = (mm: number): number => (mm * 72) / 25.4;
export const ptToMm = (pt: number): number => (pt * 25.4) / 72;

export const gbt9704 = {
  page: { width: 210, height: 297 },
  /** 天头 (top margin) and 订口 (binding-side margin). */
  margin: { top: 37, left: 28 },
  /** 版心 (type area). */
  typeArea: { width: 156, height: 225 },
  grid: { lines: 22, chars: 28 },
  /** Font sizes in points: 2号, 3号, 4号. */
  size: { hao2: 22, hao3: 16, hao4: 14 },
  /** 发文机关标志: top edge below the top of the type area, per format. */
  headerTop: { standard: 35, order: 20, minutes: 35 },
  /**
   * Largest and smallest size of the red header's characters (points), line spacing of a
   * joint header, and the most height (mm) a stack of joint agencies may take.
   */
  headerSize: { max: 52, min: 30, lineGap: 1.15, maxStackHeight: 45 },
  /** 红色分隔线: distance below 发文字号 and stroke width (mm). */
  separator: { below: 4, width: 0.5 },
  /** 版记 lines: thick (first and last) and thin (between). */
  closingRule: { thick: 0.35, thin: 0.25 },
  /** 页码: distance of the dash line below the type area. */
  pageNumberBelow: 7,
  /** A standard round 公章 is 42 mm; the order format's 签名章 is smaller. */
  seal: { diameter: 42, signatureStamp: 20 },
  /** Horizontal distance between centres of joint seals, and most seals per row. */
  jointSeal: { pitch: 47, perRow: 3, rowLines: 5 },
  /** 信函格式 (letter format). */
  letter: {
    headerTopFromPage: 30,
    doubleLineBelow: 4,
    doubleLineLength: 170,
    bottomLineFromPageBottom: 20,
    /** The red double lines: thick and thin strokes and the distance between their centres. */
    doubleLine: { thick: 0.5, thin: 0.2, gap: 0.9 },
  },
  /** Red as used for 发文机关标志, separator lines and seals (RGB 0..1). */
  red: [0.9, 0, 0.07] as const,
} as const;

/** Derived geometry in PDF points, origin bottom left. */
export const geometry = (() => {
  const pageWidth = mmToPt(gbt9704.page.width);
  const pageHeight = mmToPt(gbt9704.page.height);
  const left = mmToPt(gbt9704.margin.left);
  const width = mmToPt(gbt9704.typeArea.width);
  const top = pageHeight - mmToPt(gbt9704.margin.top);
  const height = mmToPt(gbt9704.typeArea.height);
  return {
    pageWidth,
    pageHeight,
    left,
    right: left + width,
    width,
    top,
    bottom: top - height,
    height,
    /** Line pitch of the 22-line grid. */
    pitch: height / gbt9704.grid.lines,
    /** Character cell of the 28-character grid. */
    cell: width / gbt9704.grid.chars,
  };
})();

/** The vertical centre of grid line `index` (0-based) of the type area. */
export function lineCentre(index: number): number {
  return geometry.top - (index + 0.5) * geometry.pitch;
}

/**
 * Baseline of text of `size` whose ideographic em box (0.88 above, 0.12 below the
 * baseline) is centred on `centre`.
 */
export function baselineFor(centre: number, size: number): number {
  return centre - 0.38 * size;
}

import type { FontRole } from '@oa/shared';
import type { LineGlyph } from './line-break';

export type Rgb = readonly [number, number, number];

/** Text set in one font at one size: glyph offsets are from `x`. */
export interface Run {
  role: FontRole;
  size: number;
  x: number;
  glyphs: LineGlyph[];
  color?: Rgb;
  /** Horizontal scaling in percent (the red header of a long name). */
  hScale?: number;
}

/** A run placed on the page: `baseline` in points from the page bottom. */
export interface PlacedRun extends Run {
  baseline: number;
}

export interface Rule {
  x1: number;
  x2: number;
  y: number;
  /** Stroke width in points. */
  width: number;
  color?: Rgb;
}

/** One page, ready to draw. */
export interface PageLayout {
  runs: PlacedRun[];
  rules: Rule[];
}

/** A line of the grid: runs that share a grid line. */
export interface FlowLine {
  runs: Run[];
}

import { describe, expect, it } from 'vitest';
import { isOaError } from '@oa/shared';
import { pathToOperators, svgToDrawing } from './svg';

const code = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (error) {
    return isOaError(error) ? error.code : String(error);
  }
  return undefined;
};

describe('seal SVG subset', () => {
  it('converts relative and absolute path commands to the same PDF operators', () => {
    expect(pathToOperators('m 10 10 l 20 0 v 20 h -20 z')).toBe(pathToOperators('M10 10 L30 10 V30 H10 Z'));
    expect(pathToOperators('M0 0 Q 10 10 20 0')).toBe('0 0 m\n6.667 6.667 13.333 6.667 20 0 c');
  });

  it('flips the y axis into PDF space and paints fill and stroke', () => {
    const drawing = svgToDrawing(
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50"><circle cx="50" cy="25" r="20" fill="none" stroke="#e60012" stroke-width="4"/><polygon points="0,0 10,0 5,8" fill="red"/></svg>',
    );
    expect(drawing).toMatchObject({ width: 100, height: 50 });
    expect(drawing.operators.startsWith('1 0 0 -1 0 50 cm')).toBe(true);
    expect(drawing.operators).toContain('0.902 0 0.071 RG\n4 w');
    expect(drawing.operators).toContain('1 0 0 rg');
  });

  it('refuses what it cannot draw exactly (text, images, transforms, arcs) with SEAL_IMAGE_UNSUPPORTED', () => {
    const svg = (body: string): string => `<svg viewBox="0 0 10 10">${body}</svg>`;
    expect(code(() => svgToDrawing(svg('<text x="1" y="1">印</text>')))).toBe('SEAL_IMAGE_UNSUPPORTED');
    expect(code(() => svgToDrawing(svg('<image href="x.png"/>')))).toBe('SEAL_IMAGE_UNSUPPORTED');
    expect(code(() => svgToDrawing(svg('<path d="M0 0 L1 1" transform="rotate(3)"/>')))).toBe('SEAL_IMAGE_UNSUPPORTED');
    expect(code(() => svgToDrawing(svg('<path d="M0 0 A 5 5 0 0 1 10 10"/>')))).toBe('SEAL_IMAGE_UNSUPPORTED');
    expect(code(() => svgToDrawing('<svg><path d="M0 0"/></svg>'))).toBe('SEAL_IMAGE_UNSUPPORTED');
    expect(code(() => svgToDrawing(svg('<path d="M0 0" fill="url(#g)"/>')))).toBe('SEAL_IMAGE_UNSUPPORTED');
  });
});

import { signatureError } from '../errors';

/**
 * The SVG subset seal images may use: <svg viewBox>, <g> (no attributes that change drawing),
 * <path d>, <circle>, <polygon>, with fill / stroke / stroke-width / fill-rule. Everything a
 * round seal needs, and small enough to convert to PDF operators exactly (so the verifier can
 * recompute the stamp from the seal record and compare).
 */
export interface SvgDrawing {
  width: number;
  height: number;
  /** PDF content operators in the SVG's own units, y already flipped to PDF's upward axis. */
  operators: string;
}

const unsupported = (what: string): Error =>
  signatureError(
    'SEAL_IMAGE_UNSUPPORTED',
    `印章 SVG 含有不支持的内容：${what}。`,
    `The seal SVG uses something unsupported: ${what}.`,
  );

const namedColors: Record<string, string> = { red: '#ff0000', black: '#000000', white: '#ffffff' };

function color(value: string | undefined): [number, number, number] | undefined {
  if (value === undefined || value === 'none') return undefined;
  const hex = namedColors[value.toLowerCase()] ?? value;
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(hex);
  const long = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  const parts = short ? short.slice(1).map((c) => c + c) : long?.slice(1);
  if (!parts) throw unsupported(`color ${value}`);
  return parts.map((p) => parseInt(p, 16) / 255) as [number, number, number];
}

const fmt = (n: number): string => {
  const rounded = Math.round(n * 1000) / 1000;
  return Object.is(rounded, -0) ? '0' : String(rounded);
};

function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const match of tag.matchAll(/([a-zA-Z:-]+)\s*=\s*"([^"]*)"|([a-zA-Z:-]+)\s*=\s*'([^']*)'/g)) {
    out[match[1] ?? match[3]!] = match[2] ?? match[4]!;
  }
  return out;
}

/** SVG path data (M L H V C S Q T Z, absolute and relative) to PDF path operators. */
export function pathToOperators(d: string): string {
  const tokens = d.match(/[a-zA-Z]|-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?/gi) ?? [];
  const ops: string[] = [];
  let i = 0;
  let command = '';
  let x = 0;
  let y = 0;
  let startX = 0;
  let startY = 0;
  let lastControl: [number, number] | undefined;
  let lastQuad: [number, number] | undefined;
  const num = (): number => {
    const token = tokens[i++];
    if (token === undefined || /[a-z]/i.test(token)) throw unsupported('malformed path data');
    return Number(token);
  };
  while (i < tokens.length) {
    if (/[a-z]/i.test(tokens[i]!)) command = tokens[i++]!;
    else if (!command) throw unsupported('path data without a command');
    const relative = command === command.toLowerCase();
    const ox = relative ? x : 0;
    const oy = relative ? y : 0;
    const upper = command.toUpperCase();
    if (upper !== 'C' && upper !== 'S') lastControl = undefined;
    if (upper !== 'Q' && upper !== 'T') lastQuad = undefined;
    switch (upper) {
      case 'M':
        x = ox + num();
        y = oy + num();
        startX = x;
        startY = y;
        ops.push(`${fmt(x)} ${fmt(y)} m`);
        command = relative ? 'l' : 'L';
        break;
      case 'L':
        x = ox + num();
        y = oy + num();
        ops.push(`${fmt(x)} ${fmt(y)} l`);
        break;
      case 'H':
        x = ox + num();
        ops.push(`${fmt(x)} ${fmt(y)} l`);
        break;
      case 'V':
        y = oy + num();
        ops.push(`${fmt(x)} ${fmt(y)} l`);
        break;
      case 'C':
      case 'S': {
        let x1: number;
        let y1: number;
        if (upper === 'C') {
          x1 = ox + num();
          y1 = oy + num();
        } else {
          x1 = lastControl ? 2 * x - lastControl[0] : x;
          y1 = lastControl ? 2 * y - lastControl[1] : y;
        }
        const x2 = ox + num();
        const y2 = oy + num();
        x = ox + num();
        y = oy + num();
        lastControl = [x2, y2];
        ops.push(`${fmt(x1)} ${fmt(y1)} ${fmt(x2)} ${fmt(y2)} ${fmt(x)} ${fmt(y)} c`);
        break;
      }
      case 'Q':
      case 'T': {
        let qx: number;
        let qy: number;
        if (upper === 'Q') {
          qx = ox + num();
          qy = oy + num();
        } else {
          qx = lastQuad ? 2 * x - lastQuad[0] : x;
          qy = lastQuad ? 2 * y - lastQuad[1] : y;
        }
        const ex = ox + num();
        const ey = oy + num();
        // A quadratic Bézier is a cubic with controls 2/3 of the way to the quadratic control.
        ops.push(
          `${fmt(x + (2 / 3) * (qx - x))} ${fmt(y + (2 / 3) * (qy - y))} ${fmt(ex + (2 / 3) * (qx - ex))} ${fmt(ey + (2 / 3) * (qy - ey))} ${fmt(ex)} ${fmt(ey)} c`,
        );
        lastQuad = [qx, qy];
        x = ex;
        y = ey;
        break;
      }
      case 'Z':
        ops.push('h');
        x = startX;
        y = startY;
        break;
      default:
        throw unsupported(`path command ${command}`);
    }
  }
  return ops.join('\n');
}

/** A circle as four cubic Béziers. */
function circleOperators(cx: number, cy: number, r: number): string {
  const k = 0.5522847498 * r;
  return [
    `${fmt(cx + r)} ${fmt(cy)} m`,
    `${fmt(cx + r)} ${fmt(cy + k)} ${fmt(cx + k)} ${fmt(cy + r)} ${fmt(cx)} ${fmt(cy + r)} c`,
    `${fmt(cx - k)} ${fmt(cy + r)} ${fmt(cx - r)} ${fmt(cy + k)} ${fmt(cx - r)} ${fmt(cy)} c`,
    `${fmt(cx - r)} ${fmt(cy - k)} ${fmt(cx - k)} ${fmt(cy - r)} ${fmt(cx)} ${fmt(cy - r)} c`,
    `${fmt(cx + k)} ${fmt(cy - r)} ${fmt(cx + r)} ${fmt(cy - k)} ${fmt(cx + r)} ${fmt(cy)} c`,
    'h',
  ].join('\n');
}

function paint(attrs: Record<string, string>, geometry: string): string {
  const fill = color(attrs['fill'] ?? '#000000');
  const stroke = color(attrs['stroke']);
  const evenOdd = attrs['fill-rule'] === 'evenodd';
  const out = ['q'];
  if (fill) out.push(`${fill.map(fmt).join(' ')} rg`);
  if (stroke) out.push(`${stroke.map(fmt).join(' ')} RG`, `${fmt(Number(attrs['stroke-width'] ?? '1'))} w`);
  out.push(geometry);
  const op = fill && stroke ? (evenOdd ? 'B*' : 'B') : fill ? (evenOdd ? 'f*' : 'f') : stroke ? 'S' : 'n';
  out.push(op, 'Q');
  return out.join('\n');
}

const drawingAttributes = new Set([
  'fill',
  'stroke',
  'stroke-width',
  'fill-rule',
  'id',
  'class',
  'd',
  'cx',
  'cy',
  'r',
  'points',
]);

/** Converts a seal SVG (the subset above) to PDF operators; anything else is SEAL_IMAGE_UNSUPPORTED. */
export function svgToDrawing(svg: string): SvgDrawing {
  const text = svg
    .replace(/<\?xml[\s\S]*?\?>/g, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<!DOCTYPE[^>]*>/gi, '');
  const root = /<svg\b([^>]*)>/i.exec(text);
  if (!root) throw unsupported('no <svg> element');
  const rootAttrs = attributes(root[1]!);
  const viewBox = (rootAttrs['viewBox'] ?? '')
    .trim()
    .split(/[\s,]+/)
    .map(Number);
  if (viewBox.length !== 4 || viewBox.some((n) => !Number.isFinite(n)) || viewBox[2]! <= 0 || viewBox[3]! <= 0) {
    throw unsupported('viewBox must be "minX minY width height"');
  }
  const [minX, minY, width, height] = viewBox as [number, number, number, number];
  const body = text.slice(root.index + root[0].length).replace(/<\/svg>\s*$/i, '');
  const ops: string[] = [`1 0 0 -1 ${fmt(-minX)} ${fmt(height + minY)} cm`];
  for (const match of body.matchAll(/<\s*(\/?)([a-zA-Z]+)\b([^>]*?)(\/?)>/g)) {
    const [, closing, name, rawAttrs] = match;
    if (closing || name === 'g' || name === 'title' || name === 'desc') {
      if (name === 'g' && !closing && /\b(transform|fill|stroke)\s*=/.test(rawAttrs!))
        throw unsupported('attributes on <g>');
      continue;
    }
    const attrs = attributes(rawAttrs!);
    for (const key of Object.keys(attrs)) {
      if (!drawingAttributes.has(key) && !key.startsWith('xmlns') && !key.startsWith('data-'))
        throw unsupported(`attribute ${key} on <${name}>`);
    }
    if (name === 'path') ops.push(paint(attrs, pathToOperators(attrs['d'] ?? '')));
    else if (name === 'circle')
      ops.push(
        paint(attrs, circleOperators(Number(attrs['cx'] ?? 0), Number(attrs['cy'] ?? 0), Number(attrs['r'] ?? 0))),
      );
    else if (name === 'polygon') {
      const points = (attrs['points'] ?? '')
        .trim()
        .split(/[\s,]+/)
        .map(Number);
      if (points.length < 6 || points.length % 2 || points.some((n) => !Number.isFinite(n)))
        throw unsupported('polygon points');
      const path = points.reduce<string[]>(
        (acc, _, j) => (j % 2 ? acc : [...acc, `${fmt(points[j]!)} ${fmt(points[j + 1]!)} ${j === 0 ? 'm' : 'l'}`]),
        [],
      );
      ops.push(paint(attrs, `${path.join('\n')}\nh`));
    } else throw unsupported(`<${name}>`);
  }
  return { width, height, operators: ops.join('\n') };
}

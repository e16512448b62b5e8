import { createHash } from 'node:crypto';
import { PNG } from 'pngjs';
import { PDFDict, PDFName, PDFRawStream, PDFRef, type PDFDocument, type PDFObject } from 'pdf-lib';
import { signatureError } from '../errors';
import type { AppearanceBuilder } from '../pdf/sign-pdf';
import { svgToDrawing } from './svg';
import { decodeStream } from '../pdf/stream-data';

export type SealPictureType = 'png' | 'svg';

/** A seal image (印模) as registered: the original file bytes and its physical size. */
export interface SealPicture {
  type: SealPictureType;
  data: Buffer;
  widthMm: number;
  heightMm: number;
}

/** Name of the seal image inside the appearance's resources. */
const imageName = 'SealImg';

interface Pixels {
  width: number;
  height: number;
  rgb: Buffer;
  alpha: Buffer;
}

function decodePng(data: Buffer): Pixels {
  let png: { width: number; height: number; data: Buffer };
  try {
    png = PNG.sync.read(data);
  } catch (error) {
    throw signatureError(
      'SEAL_IMAGE_UNSUPPORTED',
      '印章图像不是有效的 PNG 文件。',
      `The seal image is not a valid PNG (${(error as Error).message}).`,
    );
  }
  const count = png.width * png.height;
  const rgb = Buffer.alloc(count * 3);
  const alpha = Buffer.alloc(count);
  for (let i = 0; i < count; i++) {
    rgb[i * 3] = png.data[i * 4]!;
    rgb[i * 3 + 1] = png.data[i * 4 + 1]!;
    rgb[i * 3 + 2] = png.data[i * 4 + 2]!;
    alpha[i] = png.data[i * 4 + 3]!;
  }
  return { width: png.width, height: png.height, rgb, alpha };
}

/** Sniffs the type from the bytes: PNG signature, or an <svg> document. */
export function detectPictureType(data: Buffer): SealPictureType | undefined {
  if (data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (/<svg\b/i.test(data.subarray(0, 4096).toString('utf8'))) return 'svg';
  return undefined;
}

const pixelFingerprint = (p: Pixels): string =>
  createHash('sha256').update(`png:${p.width}x${p.height}:`).update(p.rgb).update(p.alpha).digest('hex');
const vectorFingerprint = (width: number, height: number, operators: string): string =>
  createHash('sha256').update(`svg:${width}x${height}:`).update(operators).digest('hex');

/**
 * Fingerprints computed so far, by picture type and content hash: an agency's seal picture is
 * the same in every document it seals, and drawing an SVG is the costly part of checking one.
 */
const fingerprints = new Map<string, string>();
const fingerprintsKept = 256;

/**
 * What the stamp looks like, as a hash: of the decoded pixels (PNG) or of the exact drawing
 * operators (SVG). The same value is computed from a seal record's picture and from the
 * appearance stream in a signed PDF, so a verifier can tell whether the visible stamp is the
 * registered seal.
 */
export function pictureFingerprint(picture: SealPicture): string {
  const key = `${picture.type}:${createHash('sha256').update(picture.data).digest('hex')}`;
  let fingerprint = fingerprints.get(key);
  if (fingerprint === undefined) {
    fingerprint = drawnFingerprint(picture);
    if (fingerprints.size >= fingerprintsKept) fingerprints.delete(fingerprints.keys().next().value!);
    fingerprints.set(key, fingerprint);
  }
  return fingerprint;
}

function drawnFingerprint(picture: SealPicture): string {
  if (picture.type === 'png') return pixelFingerprint(decodePng(picture.data));
  const drawing = svgToDrawing(picture.data.toString('utf8'));
  return vectorFingerprint(drawing.width, drawing.height, drawing.operators);
}

/** Throws SEAL_IMAGE_UNSUPPORTED unless the picture can be drawn. */
export function checkPicture(picture: SealPicture): void {
  pictureFingerprint(picture);
  if (!(picture.widthMm > 0 && picture.heightMm > 0)) {
    throw signatureError(
      'SEAL_IMAGE_UNSUPPORTED',
      '印章尺寸必须大于 0 毫米。',
      'The seal size must be greater than 0 mm.',
    );
  }
}

/** Embeds the picture as an XObject (image with soft mask, or a vector form). */
function embedPicture(doc: PDFDocument, picture: SealPicture): { ref: PDFRef; width: number; height: number } {
  const context = doc.context;
  if (picture.type === 'png') {
    const pixels = decodePng(picture.data);
    const mask = context.flateStream(pixels.alpha, {
      Type: 'XObject',
      Subtype: 'Image',
      Width: pixels.width,
      Height: pixels.height,
      ColorSpace: 'DeviceGray',
      BitsPerComponent: 8,
    });
    const image = context.flateStream(pixels.rgb, {
      Type: 'XObject',
      Subtype: 'Image',
      Width: pixels.width,
      Height: pixels.height,
      ColorSpace: 'DeviceRGB',
      BitsPerComponent: 8,
      SMask: context.register(mask),
    });
    return { ref: context.register(image), width: pixels.width, height: pixels.height };
  }
  const drawing = svgToDrawing(picture.data.toString('utf8'));
  const form = context.flateStream(drawing.operators, {
    Type: 'XObject',
    Subtype: 'Form',
    BBox: [0, 0, drawing.width, drawing.height],
  });
  return { ref: context.register(form), width: drawing.width, height: drawing.height };
}

/** The visible seal: the registered picture fitted (aspect kept) and centred in the widget. */
export function sealAppearance(picture: SealPicture): AppearanceBuilder {
  return (doc, width, height) => {
    const embedded = embedPicture(doc, picture);
    const aspect = embedded.width / embedded.height;
    const drawWidth = Math.min(width, height * aspect);
    const drawHeight = drawWidth / aspect;
    const x = (width - drawWidth) / 2;
    const y = (height - drawHeight) / 2;
    // An image paints the unit square; a form XObject paints its BBox in its own units.
    const [sx, sy] =
      picture.type === 'png' ? [drawWidth, drawHeight] : [drawWidth / embedded.width, drawHeight / embedded.height];
    const content = `q ${sx.toFixed(4)} 0 0 ${sy.toFixed(4)} ${x.toFixed(4)} ${y.toFixed(4)} cm /${imageName} Do Q`;
    const appearance = doc.context.stream(content, {
      Type: 'XObject',
      Subtype: 'Form',
      BBox: [0, 0, width, height],
      Resources: { XObject: { [imageName]: embedded.ref } },
    });
    return doc.context.register(appearance);
  };
}

function decoded(stream: PDFObject | undefined): Buffer | undefined {
  if (!(stream instanceof PDFRawStream)) return undefined;
  const data = decodeStream(stream);
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/** The fingerprint of the stamp drawn by a widget's normal appearance, if it draws a seal picture. */
export function stampFingerprint(doc: PDFDocument, widget: PDFDict): string | undefined {
  const context = doc.context;
  const ap = widget.lookupMaybe(PDFName.of('AP'), PDFDict);
  const normal = ap ? context.lookup(ap.get(PDFName.of('N'))) : undefined;
  if (!(normal instanceof PDFRawStream)) return undefined;
  const content = decoded(normal)?.toString('latin1') ?? '';
  if (!content.includes(`/${imageName} Do`)) return undefined;
  const resources = normal.dict.lookupMaybe(PDFName.of('Resources'), PDFDict);
  const xobjects = resources?.lookupMaybe(PDFName.of('XObject'), PDFDict);
  const picture = xobjects ? context.lookup(xobjects.get(PDFName.of(imageName))) : undefined;
  if (!(picture instanceof PDFRawStream)) return undefined;
  const number = (key: string): number => Number(String(picture.dict.get(PDFName.of(key))));
  const subtype = picture.dict.get(PDFName.of('Subtype'));
  if (subtype === PDFName.of('Image')) {
    const rgb = decoded(picture);
    const alpha = decoded(context.lookup(picture.dict.get(PDFName.of('SMask'))));
    if (!rgb || !alpha) return undefined;
    return pixelFingerprint({ width: number('Width'), height: number('Height'), rgb, alpha });
  }
  const bbox = picture.dict.get(PDFName.of('BBox'))?.toString().replace(/[[\]]/g, '').trim().split(/\s+/).map(Number);
  const operators = decoded(picture)?.toString('latin1');
  if (!bbox || bbox.length !== 4 || operators === undefined) return undefined;
  return vectorFingerprint(bbox[2]! - bbox[0]!, bbox[3]! - bbox[1]!, operators);
}

/**
 * A small DER encoder and reader. We build X.509, CRL, CMS and seal-record structures from
 * bytes we control instead of through node-forge's object model, whose re-encoding of
 * non-ASCII names is broken (forge #847/#1047: Chinese issuer names come out double-encoded).
 */

export const Tag = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  utf8String: 0x0c,
  printableString: 0x13,
  ia5String: 0x16,
  utcTime: 0x17,
  generalizedTime: 0x18,
  bmpString: 0x1e,
  sequence: 0x30,
  set: 0x31,
} as const;

function lengthBytes(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** One TLV from a tag byte and its content. */
export function tlv(tag: number, content: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([tag]), lengthBytes(content.length), content]);
}

export const sequence = (...items: Uint8Array[]): Buffer => tlv(Tag.sequence, Buffer.concat(items));

/** A SET OF, its elements sorted by their encodings as DER requires. */
export function setOf(...items: Uint8Array[]): Buffer {
  const sorted = [...items].map((i) => Buffer.from(i)).sort(Buffer.compare);
  return tlv(Tag.set, Buffer.concat(sorted));
}

/** Context-specific [n]: explicit (constructed, wraps one TLV) or implicit (replaces the tag). */
export const explicit = (n: number, inner: Uint8Array): Buffer => tlv(0xa0 | n, inner);
export function implicit(n: number, encoded: Uint8Array, constructed: boolean): Buffer {
  const element = readElement(Buffer.from(encoded), 0);
  return tlv((constructed ? 0xa0 : 0x80) | n, element.content);
}

export function integer(value: bigint | number | Uint8Array): Buffer {
  let bytes: Buffer;
  if (typeof value === 'number' || typeof value === 'bigint') {
    const big = BigInt(value);
    if (big < 0n) throw new RangeError('negative INTEGERs are not used here');
    const hex = big.toString(16);
    bytes = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
  } else {
    bytes = Buffer.from(value);
    let start = 0;
    while (start < bytes.length - 1 && bytes[start] === 0 && (bytes[start + 1]! & 0x80) === 0) start++;
    bytes = bytes.subarray(start);
  }
  if (bytes[0]! & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return tlv(Tag.integer, bytes);
}

export function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map((p) => BigInt(p));
  const [first = 0n, second = 0n, ...rest] = parts;
  const out: number[] = [];
  for (const arc of [first * 40n + second, ...rest]) {
    const chunk: number[] = [];
    let value = arc;
    do {
      chunk.unshift(Number(value & 0x7fn));
      value >>= 7n;
    } while (value > 0n);
    for (let i = 0; i < chunk.length - 1; i++) chunk[i]! |= 0x80;
    out.push(...chunk);
  }
  return tlv(Tag.oid, Buffer.from(out));
}

export const octetString = (bytes: Uint8Array): Buffer => tlv(Tag.octetString, bytes);
export const bitString = (bytes: Uint8Array): Buffer => tlv(Tag.bitString, Buffer.concat([Buffer.from([0]), bytes]));
export const utf8String = (text: string): Buffer => tlv(Tag.utf8String, Buffer.from(text, 'utf8'));
export const ia5String = (text: string): Buffer => tlv(Tag.ia5String, Buffer.from(text, 'ascii'));
export const printableString = (text: string): Buffer => tlv(Tag.printableString, Buffer.from(text, 'ascii'));
export const boolean = (value: boolean): Buffer => tlv(Tag.boolean, Buffer.from([value ? 0xff : 0]));
export const nullValue = (): Buffer => Buffer.from([Tag.null, 0]);

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** UTCTime for years 1950–2049, GeneralizedTime otherwise (RFC 5280 §4.1.2.5). */
export function time(date: Date): Buffer {
  const y = date.getUTCFullYear();
  const rest = `${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`;
  if (y >= 1950 && y < 2050) return tlv(Tag.utcTime, Buffer.from(`${pad(y % 100)}${rest}`, 'ascii'));
  return generalizedTime(date);
}

export function generalizedTime(date: Date): Buffer {
  const text = `${pad(date.getUTCFullYear(), 4)}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`;
  return tlv(Tag.generalizedTime, Buffer.from(text, 'ascii'));
}

// ---- reading ----

export interface Element {
  tag: number;
  /** Offset of the tag byte in the buffer it was read from. */
  start: number;
  /** Offset just past the element. */
  end: number;
  /** The whole TLV. */
  raw: Buffer;
  /** The content octets. */
  content: Buffer;
}

export class DerError extends Error {}

export function readElement(buffer: Buffer, offset: number): Element {
  if (offset + 2 > buffer.length) throw new DerError('truncated DER');
  const tag = buffer[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new DerError('multi-byte tags are not supported');
  let length = buffer[offset + 1]!;
  let header = 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4) throw new DerError('unsupported DER length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + buffer[offset + 2 + i]!;
    header += count;
  }
  const end = offset + header + length;
  if (end > buffer.length) throw new DerError('truncated DER');
  return {
    tag,
    start: offset,
    end,
    raw: buffer.subarray(offset, end),
    content: buffer.subarray(offset + header, end),
  };
}

/** Reads a whole buffer as one element (trailing bytes are an error unless allowed). */
export function parse(buffer: Uint8Array, allowTrailing = false): Element {
  const element = readElement(Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength), 0);
  if (!allowTrailing && element.end !== buffer.byteLength) throw new DerError('trailing bytes after DER');
  return element;
}

export function children(element: Element): Element[] {
  const out: Element[] = [];
  let offset = 0;
  while (offset < element.content.length) {
    const child = readElement(element.content, offset);
    out.push(child);
    offset = child.end;
  }
  return out;
}

/** The child at index, or a DerError naming what was expected. */
export function child(element: Element, index: number, what = 'element'): Element {
  const found = children(element)[index];
  if (!found) throw new DerError(`missing ${what}`);
  return found;
}

export function expectTag(element: Element, tag: number, what: string): Element {
  if (element.tag !== tag)
    throw new DerError(`${what}: expected tag 0x${tag.toString(16)}, got 0x${element.tag.toString(16)}`);
  return element;
}

export function readOid(element: Element): string {
  expectTag(element, Tag.oid, 'OID');
  const bytes = element.content;
  const arcs: bigint[] = [];
  let value = 0n;
  for (const byte of bytes) {
    value = (value << 7n) | BigInt(byte & 0x7f);
    if (!(byte & 0x80)) {
      arcs.push(value);
      value = 0n;
    }
  }
  const first = arcs.shift() ?? 0n;
  const head = first < 80n ? [first / 40n, first % 40n] : [2n, first - 80n];
  return [...head, ...arcs].join('.');
}

export function readInteger(element: Element): bigint {
  expectTag(element, Tag.integer, 'INTEGER');
  return element.content.length === 0 ? 0n : BigInt(`0x${element.content.toString('hex')}`);
}

export function readString(element: Element): string {
  switch (element.tag) {
    case Tag.utf8String:
      return element.content.toString('utf8');
    case Tag.bmpString:
      return Buffer.from(element.content).swap16().toString('utf16le');
    default:
      return element.content.toString('latin1');
  }
}

export function readTime(element: Element): Date {
  const text = element.content.toString('ascii');
  const match = /^(\d{2}|\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!match) throw new DerError(`unsupported time ${text}`);
  let year = Number(match[1]);
  if (element.tag === Tag.utcTime) year += year < 50 ? 2000 : 1900;
  return new Date(
    Date.UTC(year, Number(match[2]) - 1, Number(match[3]), Number(match[4]), Number(match[5]), Number(match[6])),
  );
}

/** The bytes of a BIT STRING with no unused bits. */
export function readBitString(element: Element): Buffer {
  expectTag(element, Tag.bitString, 'BIT STRING');
  return element.content.subarray(1);
}

import { hubError } from '../errors';

/**
 * The binary form of a send (`Content-Type: application/vnd.oa.exchange-send`): the same
 * parts as the JSON form — envelope text, its detached signature, the PDF, the attachments —
 * each as a 4-byte big-endian length and its bytes, in that order. No base64 (a third smaller)
 * and nothing to parse but the lengths, so a hub reads a 100 KB document without copying it.
 */
export const sendFramesMediaType = 'application/vnd.oa.exchange-send';

export interface SendParts {
  envelope: string;
  signature: Uint8Array;
  document: Uint8Array;
  attachments: Uint8Array[];
}

const lengthBytes = 4;

export function encodeSendFrames(parts: SendParts): Buffer {
  const all = [Buffer.from(parts.envelope, 'utf8'), parts.signature, parts.document, ...parts.attachments];
  const out = Buffer.allocUnsafe(all.reduce((n, part) => n + lengthBytes + part.byteLength, 0));
  let at = 0;
  for (const part of all) {
    out.writeUInt32BE(part.byteLength, at);
    out.set(part, at + lengthBytes);
    at += lengthBytes + part.byteLength;
  }
  return out;
}

function malformed(why: { zh: string; en: string }) {
  return hubError('BAD_REQUEST', {
    zh: `二进制发文请求格式有误：${why.zh}`,
    en: `The binary send is malformed: ${why.en}`,
  });
}

/** Splits a binary send into its parts (views into `body`); malformed framing is BAD_REQUEST. */
export function decodeSendFrames(body: Buffer): SendParts {
  const parts: Buffer[] = [];
  for (let at = 0; at < body.byteLength;) {
    if (at + lengthBytes > body.byteLength) {
      throw malformed({
        zh: `第 ${parts.length + 1} 部分的长度不完整。`,
        en: `part ${parts.length + 1} has a cut-off length.`,
      });
    }
    const length = body.readUInt32BE(at);
    at += lengthBytes;
    if (at + length > body.byteLength) {
      throw malformed({
        zh: `第 ${parts.length + 1} 部分声明 ${length} 字节，但请求只剩 ${body.byteLength - at} 字节。`,
        en: `part ${parts.length + 1} declares ${length} bytes but only ${body.byteLength - at} remain.`,
      });
    }
    parts.push(body.subarray(at, at + length));
    at += length;
  }
  const [envelope, signature, document, ...attachments] = parts;
  if (!envelope || !signature || !document) {
    throw malformed({
      zh: '至少需要信封、信封签名和公文 PDF 三部分。',
      en: 'it needs at least three parts: the envelope, its signature and the PDF.',
    });
  }
  const text = new TextDecoder('utf-8', { fatal: true });
  let envelopeText: string;
  try {
    envelopeText = text.decode(envelope);
  } catch {
    throw malformed({ zh: '信封不是 UTF-8 文本。', en: 'the envelope is not UTF-8 text.' });
  }
  return { envelope: envelopeText, signature, document, attachments };
}

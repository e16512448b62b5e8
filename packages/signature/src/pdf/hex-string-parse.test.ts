import { PDFContext, PDFDict, PDFHexString, PDFName, PDFObjectParser, PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';

/**
 * patches/pdf-lib@1.17.1.patch makes pdf-lib read a hex string in one scan (signature /Contents
 * are tens of thousands of digits). It must read exactly what the original did: every byte up
 * to `>` as one character, and leave the stream where, and on the line and column, it did.
 */
describe('pdf-lib hex strings (patched parser)', () => {
  const parse = (bytes: Uint8Array) => {
    const parser = PDFObjectParser.forBytes(bytes, PDFContext.create());
    const object = parser.parseObject();
    const stream = (parser as unknown as { bytes: { position(): unknown } }).bytes;
    return { object, position: stream.position() };
  };

  it('reads every byte up to > as one character, across lines and outside ASCII', () => {
    const bytes = Buffer.concat([
      Buffer.from('<< /A <41 42\n43\n44> /B <'),
      Buffer.from([0xe9, 0x80, 0x41]),
      Buffer.from('> /C <> /D 7 >>'),
    ]);
    const { object, position } = parse(bytes);
    expect(object).toBeInstanceOf(PDFDict);
    const dict = object as PDFDict;
    expect(dict.get(PDFName.of('A'))?.toString()).toBe('<41 42\n43\n44>');
    expect(dict.get(PDFName.of('B'))?.toString()).toBe(`<${String.fromCharCode(0xe9, 0x80, 0x41)}>`);
    expect(dict.get(PDFName.of('C'))?.toString()).toBe('<>');
    expect(dict.get(PDFName.of('D'))?.toString()).toBe('7');
    // What unpatched pdf-lib 1.17.1 reports here (its column also counts number look-ahead).
    expect(position).toEqual({ line: 2, column: 35, offset: bytes.length });
  });

  it('still refuses a hex string without its closing >', () => {
    expect(() => parse(Buffer.from('<4142'))).toThrow();
  });

  it('round-trips a long signature-sized hex string through a saved PDF', async () => {
    const digits = Buffer.alloc(40_000, 0xab).toString('hex');
    const doc = await PDFDocument.create();
    doc.addPage();
    doc.catalog.set(PDFName.of('Probe'), PDFHexString.of(digits));
    const reloaded = await PDFDocument.load(await doc.save({ useObjectStreams: false }));
    expect(reloaded.catalog.get(PDFName.of('Probe'))?.toString()).toBe(`<${digits}>`);
  });
});

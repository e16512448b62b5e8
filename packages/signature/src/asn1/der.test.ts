import { describe, expect, it } from 'vitest';
import { children, integer, oid, parse, readInteger, readOid, readTime, sequence, setOf, time, Tag } from './der';

describe('DER', () => {
  it('encodes OIDs with large arcs (UUID OIDs) and reads them back', () => {
    for (const value of ['1.2.840.113549.1.1.11', '2.5.4.97', '2.25.190816730232367366744655306413417931520.1']) {
      expect(readOid(parse(oid(value)))).toBe(value);
    }
    expect(oid('1.2.840.113549').toString('hex')).toBe('06062a864886f70d');
  });

  it('encodes INTEGERs minimally with a sign byte only when the high bit is set', () => {
    expect(integer(0).toString('hex')).toBe('020100');
    expect(integer(127).toString('hex')).toBe('02017f');
    expect(integer(128).toString('hex')).toBe('02020080');
    expect(integer(Buffer.from([0, 0, 0x12])).toString('hex')).toBe('020112');
    expect(readInteger(parse(integer(2n ** 100n)))).toBe(2n ** 100n);
  });

  it('uses UTCTime before 2050 and GeneralizedTime from 2050 (RFC 5280)', () => {
    const early = new Date(Date.UTC(2049, 11, 31, 23, 59, 59));
    const late = new Date(Date.UTC(2050, 0, 1, 0, 0, 0));
    expect(parse(time(early)).tag).toBe(Tag.utcTime);
    expect(parse(time(late)).tag).toBe(Tag.generalizedTime);
    expect(readTime(parse(time(early))).getTime()).toBe(early.getTime());
    expect(readTime(parse(time(late))).getTime()).toBe(late.getTime());
  });

  it('sorts SET OF elements and handles long lengths', () => {
    const set = parse(setOf(integer(3), integer(1), integer(2)));
    expect(children(set).map((c) => readInteger(c))).toEqual([1n, 2n, 3n]);
    const big = sequence(Buffer.alloc(70_000, 0x05));
    expect(parse(big).content.length).toBe(70_000);
    expect(() => parse(Buffer.concat([big, Buffer.from([0])]))).toThrow(/trailing/);
    expect(() => parse(big.subarray(0, 100))).toThrow(/truncated/);
  });
});

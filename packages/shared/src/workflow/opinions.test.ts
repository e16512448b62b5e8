import { describe, expect, it } from 'vitest';
import { defaultOutgoingDefinition as outgoing } from './defaults';
import { opinionLine, opinionsOf, signOffsOf } from './opinions';
import { at, outgoingScript, people, ref, run, start, stateAt } from './test-support';

describe('opinions (意见) and sign-off (签发)', () => {
  const final = run(outgoing, start(outgoing, people.zhang), ...outgoingScript);

  it('lists the opinions of a step, with name and full date in China time', () => {
    expect(opinionsOf(final, 'countersign').map(opinionLine)).toEqual([
      '同意。 王五 2026年11月23日',
      '同意。 赵六 2026年11月23日',
      '无意见。 孙七 2026年11月23日',
    ]);
    expect(opinionsOf(final)).toHaveLength(11);
    const bare = { ...final.history[9]!, at: '2026-11-23T16:30:00.000Z' };
    expect(opinionLine(bare)).toBe('圈阅 刘文书 2026年11月24日');
  });

  it('gives the signing leader and the date that becomes 成文日期', () => {
    expect(signOffsOf(outgoing, final)).toEqual([
      { leader: ref(people.chen), opinion: '同意印发。', at: at(6), date: { year: 2026, month: 11, day: 23 } },
    ]);
  });

  it('forgets a sign-off once the document went back before 签发', () => {
    const signed = run(outgoing, stateAt(outgoing, outgoingScript, people.zhang, 'recheck'));
    expect(signOffsOf(outgoing, signed)).toHaveLength(1);
    const back = run(outgoing, signed, {
      type: 'return',
      stepId: 'recheck',
      actor: people.li,
      at: at(7),
      to: 'draft',
      opinion: '主要内容调整，请重拟。',
    });
    expect(signOffsOf(outgoing, back)).toEqual([]);
  });
});

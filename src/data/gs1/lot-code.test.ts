import { describe, expect, it } from 'vitest';
import { compactLotCode, lotCodeDistance, lotCodeParts, matchLotCode, nearestLotCode } from './lot-code.ts';

const code = (lot: string) => lot;

describe('lot codes as typed, matched to lot codes as printed', () => {
  it('ignores case, separators and full-width forms', () => {
    for (const typed of ['l2609-2943', 'L2609 2943', 'L26092943', ' L2609–2943 ', 'Ｌ２６０９-２９４３', 'L.2609/2943']) {
      expect(compactLotCode(typed), typed).toBe('L26092943');
    }
  });

  it('ignores leading zeros of each number without fusing two different lots', () => {
    expect(lotCodeParts('L2609-02943')).toBe(lotCodeParts('L2609-2943'));
    expect(lotCodeParts('004512')).toBe(lotCodeParts('4512'));
    expect(lotCodeParts('L26091-02')).not.toBe(lotCodeParts('L2609-12'));
  });

  it('prefers the lot typed exactly over one that only reads alike', () => {
    expect(matchLotCode('L12', ['L0012', 'L12'], code)).toEqual(['L12']);
    expect(matchLotCode('l12', ['L0012', 'X1'], code)).toEqual(['L0012']);
    expect(matchLotCode('L26092943', ['L2609-2943', 'L2609-2944'], code)).toEqual(['L2609-2943']);
    expect(matchLotCode('  ', ['L1'], code)).toEqual([]);
  });

  it('counts a swap of neighbours as one slip and suggests only close lots', () => {
    expect(lotCodeDistance('L2609-2943', 'l2609 2934')).toBe(1);
    expect(lotCodeDistance('L2609-2943', 'L2690-2934')).toBe(2);
    expect(nearestLotCode('L2609-2934', ['L2609-2999', 'L2609-2943'], code)).toBe('L2609-2943');
    expect(nearestLotCode('ZZ-99', ['L2609-2943'], code)).toBeUndefined();
    // A three-character code is not "close" to every other three-character code.
    expect(nearestLotCode('A17', ['A18'], code)).toBeUndefined();
  });
});

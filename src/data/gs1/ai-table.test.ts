import { describe, expect, it } from 'vitest';
import { AI_TABLE, findAiAt, hasPredefinedLength } from './ai-table.ts';

describe('AI table', () => {
  const ais = [...AI_TABLE.keys()];

  it('has no AI that is the prefix of another, so reading left to right is unambiguous', () => {
    for (const shorter of ais) {
      const clash = ais.find((longer) => longer !== shorter && longer.startsWith(shorter));
      expect(clash, `(${shorter}) is a prefix of (${clash})`).toBeUndefined();
    }
  });

  it('gives every predefined-length AI a fixed length', () => {
    for (const definition of AI_TABLE.values()) {
      if (hasPredefinedLength(definition.ai)) expect(definition.fixedLength, definition.ai).toBeDefined();
    }
  });

  it('covers the AIs Rebound reads', () => {
    for (const ai of ['00', '01', '02', '10', '11', '13', '15', '16', '17', '21', '22', '30', '37', '240', '241', '3103', '3160', '414', '7003', '91', '92', '93']) {
      expect(AI_TABLE.has(ai), ai).toBe(true);
    }
  });

  it('knows which AIs need no separator after them', () => {
    expect(hasPredefinedLength('01')).toBe(true);
    expect(hasPredefinedLength('17')).toBe(true);
    expect(hasPredefinedLength('3103')).toBe(true);
    expect(hasPredefinedLength('414')).toBe(true);
    // Fixed length, yet not in GS1's predefined list: a GS must still follow.
    expect(hasPredefinedLength('422')).toBe(false);
    expect(hasPredefinedLength('7003')).toBe(false);
    expect(hasPredefinedLength('21')).toBe(false);
  });
});

describe('findAiAt', () => {
  it('finds 2-, 3- and 4-digit AIs', () => {
    expect(findAiAt('0104006381333931', 0)?.ai).toBe('01');
    expect(findAiAt('xx4140614141000012', 2)?.ai).toBe('414');
    expect(findAiAt('3103000500', 0)?.ai).toBe('3103');
    expect(findAiAt('7003250101', 0)?.title).toBe('EXPIRY TIME');
  });

  it('returns undefined for unknown or non-digit input', () => {
    expect(findAiAt('2399', 0)).toBeUndefined();
    expect(findAiAt('3106000500', 0)).toBeUndefined(); // decimals run 0–5 only
    expect(findAiAt('ab', 0)).toBeUndefined();
    expect(findAiAt('0', 0)).toBeUndefined();
  });
});

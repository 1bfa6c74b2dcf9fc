import { describe, expect, it } from 'vitest';
import { newVoucherCodes } from '../../compensation/index.ts';
import { signToken } from './signed-token.ts';
import { MASK, maskSecrets, maskSecretsDeep } from './mask-secrets.ts';

describe('masking what acts for a customer', () => {
  const token = signToken('k'.repeat(48), { purpose: 'survey', subject: '42' }, new Date('2027-01-01T00:00:00Z'));

  it('masks a signed link token wherever it sits in a link or text, keeping the rest of the link', () => {
    expect(maskSecrets(`Answer here: https://rebound.example/surveys/respond?t=${token}&lang=sv.`)).toBe(`Answer here: https://rebound.example/surveys/respond?t=${MASK}&lang=sv.`);
    expect(maskSecrets(`<a href="https://rebound.example/p/claims/${token}">Claim</a>`)).toBe(`<a href="https://rebound.example/p/claims/${MASK}">Claim</a>`);
    expect(maskSecrets(`<https://rebound.example/comms/unsubscribe?t=${token}>`)).toBe(`<https://rebound.example/comms/unsubscribe?t=${MASK}>`);
  });

  it('keeps the first group of a voucher code and masks the rest, for every code the generator makes', () => {
    for (const code of newVoucherCodes(200)) {
      const masked = maskSecrets(`a voucher worth €10 (code ${code}, valid until 1 March)`);
      expect(masked).toBe(`a voucher worth €10 (code ${code.slice(0, 4)}-${MASK}-${MASK}-${MASK}, valid until 1 March)`);
    }
  });

  it('masks API tokens', () => {
    expect(maskSecrets('Authorization: Bearer rbd_AbCdEf0123456789xyz')).toBe(`Authorization: Bearer rbd_${MASK}`);
  });

  it('leaves what is not a secret alone: lots, GTINs, dates, UUIDs, Message-IDs, addresses', () => {
    const text = 'Lot L2401 of GTIN 07350053850019, 2026-11-18T11:00:00Z, id 123e4567-e89b-12d3-a456-426614174000, <msg.1.abc@rebound.local>, https://example.com/recalls/42, ABCD-EFGH';
    expect(maskSecrets(text)).toBe(text);
  });

  it('masks every string inside variables and leaves numbers, booleans and dates as they are', () => {
    const when = new Date('2026-11-18T11:00:00Z');
    expect(maskSecretsDeep({ survey_url: `https://x.example/surveys/respond?t=${token}`, n: 3, ok: true, at: when, list: ['7K2M-QX9D-R4TB-W1HZ'], nested: { none: null } }))
      .toEqual({ survey_url: `https://x.example/surveys/respond?t=${MASK}`, n: 3, ok: true, at: when, list: [`7K2M-${MASK}-${MASK}-${MASK}`], nested: { none: null } });
  });
});

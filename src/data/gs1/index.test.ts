import { describe, expect, expectTypeOf, it } from 'vitest';
import * as gs1 from './index.ts';
import type { EpcIdentity, Gs1Identity, Gs1Result, TypedCode } from './index.ts';

/** Other modules code against this surface; changing it is a breaking change for them. */
describe('gs1 public API', () => {
  it('exports exactly the agreed functions', () => {
    expect(Object.keys(gs1).sort()).toEqual([
      'gtinCheckDigit',
      'isValidGln',
      'isValidGtin',
      'matchLotCode',
      'nearestLotCode',
      'normalizeGtin',
      'parseDigitalLink',
      'parseElementString',
      'parseEpcUri',
      'parseProductCode',
      'readTypedCode',
    ]);
  });

  it('keeps the agreed signatures', () => {
    expectTypeOf(gs1.gtinCheckDigit).toEqualTypeOf<(digitsWithoutCheck: string) => number>();
    expectTypeOf(gs1.isValidGtin).toEqualTypeOf<(code: string) => boolean>();
    expectTypeOf(gs1.normalizeGtin).toEqualTypeOf<(code: string) => string | null>();
    expectTypeOf(gs1.isValidGln).toEqualTypeOf<(code: string) => boolean>();
    expectTypeOf(gs1.parseElementString).parameter(0).toEqualTypeOf<string>();
    expectTypeOf(gs1.parseElementString).returns.toEqualTypeOf<Gs1Result<Gs1Identity>>();
    expectTypeOf(gs1.parseDigitalLink).returns.toEqualTypeOf<Gs1Result<Gs1Identity>>();
    expectTypeOf(gs1.parseProductCode).returns.toEqualTypeOf<Gs1Result<Gs1Identity>>();
    expectTypeOf(gs1.readTypedCode).returns.toEqualTypeOf<Gs1Result<TypedCode>>();
    expectTypeOf(gs1.matchLotCode<string>).toEqualTypeOf<(typed: string, lots: readonly string[], codeOf: (lot: string) => string) => string[]>();
    expectTypeOf(gs1.parseEpcUri).toEqualTypeOf<(uri: string) => Gs1Result<EpcIdentity>>();
    expectTypeOf<EpcIdentity['kind']>().toEqualTypeOf<'sgtin' | 'lgtin' | 'gtin-class' | 'sgln' | 'sscc' | 'other'>();
  });
});

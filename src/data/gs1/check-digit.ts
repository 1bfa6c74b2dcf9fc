/**
 * The GS1 mod-10 check digit shared by GTIN, GLN, SSCC and the other GS1 keys:
 * weights 3,1,3,1… counted from the digit next to the check digit.
 */
export function gs1Mod10CheckDigit(digitsWithoutCheck: string): number {
  if (!/^\d+$/.test(digitsWithoutCheck)) {
    throw new RangeError(`GS1 check digit needs a non-empty string of digits, got "${digitsWithoutCheck}"`);
  }
  let sum = 0;
  for (let fromRight = 0; fromRight < digitsWithoutCheck.length; fromRight++) {
    const digit = digitsWithoutCheck.charCodeAt(digitsWithoutCheck.length - 1 - fromRight) - 48;
    sum += fromRight % 2 === 0 ? digit * 3 : digit;
  }
  return (10 - (sum % 10)) % 10;
}

/** True when `code` is all digits and its last digit is the mod-10 check digit of the rest. */
export function endsWithValidCheckDigit(code: string): boolean {
  if (!/^\d{2,}$/.test(code)) return false;
  return gs1Mod10CheckDigit(code.slice(0, -1)) === Number(code.at(-1));
}

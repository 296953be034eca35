/** Weights of the 全国地方公共団体コード check digit, applied to the first five digits. */
const WEIGHTS = [6, 5, 4, 3, 2] as const;

/**
 * The sixth digit of a 全国地方公共団体コード checks the first five: 11 minus (Σ digit × weight mod 11),
 * keeping the last digit (so a remainder of 0 gives 1 and a remainder of 1 gives 0).
 */
export function municipalityCheckDigit(firstFiveDigits: string): number {
  const sum = WEIGHTS.reduce((total, weight, i) => total + Number(firstFiveDigits[i]) * weight, 0);
  return (11 - (sum % 11)) % 10;
}

export function isValidMunicipalityCode(code: string): boolean {
  return /^\d{6}$/.test(code) && municipalityCheckDigit(code.slice(0, 5)) === Number(code[5]);
}

/** Tokyo is prefecture 13. */
export function isTokyoMunicipalityCode(code: string): boolean {
  return code.startsWith('13');
}

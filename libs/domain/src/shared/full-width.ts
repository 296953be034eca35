/**
 * Labels typed with Japanese input methods often carry full-width digits, letters and slashes
 * (Ｈ２７, ３／４); NFKC folds them to ASCII so that they compare as the same label.
 */
export function toHalfWidth(text: string): string {
  return text.normalize('NFKC');
}

/** User-facing text is always given in Japanese (the official wording) and English. */
export interface LocalizedText {
  readonly ja: string;
  readonly en: string;
}

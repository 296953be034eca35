import type { LocalizedText } from './localized-text.ts';

/**
 * One line of an explanation: what was computed, its value, and how, in words an API response and a
 * printed report can show as is.
 */
export interface TraceStep {
  readonly key: string;
  readonly label: LocalizedText;
  readonly value: number | string;
  readonly formula: string;
}

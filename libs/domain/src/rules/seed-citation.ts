/** Where a rule value comes from: a seed document and the section (heading or table) that states it. */
export interface SeedCitation {
  readonly seed: string;
  readonly section: string;
}

export function formatCitation(citation: SeedCitation): string {
  return `${citation.seed} § ${citation.section}`;
}

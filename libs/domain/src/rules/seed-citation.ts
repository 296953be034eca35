/** Where a rule value comes from: a seed document and the section (heading or table) that states it. */
export interface SeedCitation {
  readonly seed: string;
  readonly section: string;
}

export function formatCitation(citation: SeedCitation): string {
  return `${citation.seed} § ${citation.section}`;
}

export function cite(seed: string, section: string): SeedCitation {
  return { seed, section };
}

/** Tokyo's home-care programmes around 平成29年度 (the catalogue of DESIGN.md). */
export const SEED_000 = '000_0408eb867b5967d4.txt';
/** Tokyo's 平成23年度 home-care programme and budget (the earlier 先駆 / 選択 version). */
export const SEED_003 = '003_9cb320aed5e28b3f.txt';

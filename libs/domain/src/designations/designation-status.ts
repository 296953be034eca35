import type { PublishedDesignation } from './recommendation-round-events.ts';

export interface DesignationStatus {
  /** Municipalities with at least one designated institution. */
  readonly municipalitiesWithDesignations: number;
  readonly designatedInstitutions: number;
  /** 調整中: notified municipalities without a designation yet. */
  readonly municipalitiesInAdjustment: number;
  readonly municipalityCodesInAdjustment: readonly string[];
}

/** The seed's status line: "41自治体、171医療機関 … 調整中の21自治体". */
export function designationStatus(
  municipalityCodes: readonly string[],
  designations: readonly PublishedDesignation[],
): DesignationStatus {
  const withDesignation = new Set(designations.map((d) => d.municipalityCode));
  const inAdjustment = municipalityCodes.filter((code) => !withDesignation.has(code));
  return {
    municipalitiesWithDesignations: municipalityCodes.length - inAdjustment.length,
    designatedInstitutions: designations.length,
    municipalitiesInAdjustment: inAdjustment.length,
    municipalityCodesInAdjustment: inAdjustment,
  };
}

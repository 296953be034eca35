import type { SubsidyProgramVersion } from '../programme-catalogue.ts';
import { periodCheck, programYearCheck, recipientCheck } from './common-checks.ts';
import type { EligibilityCheck } from './eligibility-check.ts';
import type { EligibilityFacts } from './eligibility-facts.ts';
import type { TrainingObligation } from './staff-training.ts';

/** What a programme's own rules add to the checks every programme shares. */
export interface ProgramChecks {
  readonly checks: readonly EligibilityCheck[];
  readonly obligations?: readonly TrainingObligation[];
}

export type ProgramEligibilityRule = (
  version: SubsidyProgramVersion,
  facts: EligibilityFacts,
) => ProgramChecks;

export function sharedChecks(version: SubsidyProgramVersion, facts: EligibilityFacts): EligibilityCheck[] {
  return [
    periodCheck(version, facts.fiscalYear),
    recipientCheck(version, facts.applicant),
    programYearCheck(version, facts.programYear),
  ];
}

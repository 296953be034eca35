import type { FiscalYear } from '../../shared/fiscal-year.ts';
import {
  type SubsidyProgramCatalogue,
  type SubsidyProgramVersion,
  isInForce,
} from '../programme-catalogue.ts';
import { ictNetworkEligibility, physicianMutualSupportEligibility } from './association-eligibility.ts';
import { hasPassedAll, longTermCareAccountCheck } from './common-checks.ts';
import type { EligibilityCheck } from './eligibility-check.ts';
import type { EligibilityFacts } from './eligibility-facts.ts';
import { type ProgramEligibilityRule, sharedChecks } from './program-eligibility.ts';
import type { TrainingObligation } from './staff-training.ts';
import { transitionStaffingEligibility } from './transition-staffing-eligibility.ts';
import { transitionSupportEligibility } from './transition-support-eligibility.ts';

export interface EligibilityResult {
  readonly programId: string;
  readonly versionId: string;
  readonly fiscalYear: FiscalYear;
  readonly eligible: boolean;
  readonly checks: readonly EligibilityCheck[];
  readonly obligations: readonly TrainingObligation[];
}

/**
 * Municipal programmes and the residence allowance have no requirements beyond the shared ones; so has a
 * programme imported for a new fiscal year until its own rules are written.
 */
const sharedRequirementsOnly: ProgramEligibilityRule = (version, facts) => ({
  checks: [longTermCareAccountCheck(version, facts)],
});

const RULES: Readonly<Record<string, ProgramEligibilityRule>> = {
  'home-care-environment': sharedRequirementsOnly,
  'municipal-home-care-promotion': sharedRequirementsOnly,
  'pediatric-home-care': sharedRequirementsOnly,
  'end-of-life-environment': sharedRequirementsOnly,
  'end-of-life-care-allowance': sharedRequirementsOnly,
  'physician-mutual-support': physicianMutualSupportEligibility,
  'ict-network': ictNetworkEligibility,
  'transition-support': transitionSupportEligibility,
  'transition-staffing': transitionStaffingEligibility,
};

/** Outside every period the checks still run against the nearest version, so the answer explains itself. */
function versionToCheck(
  catalogue: SubsidyProgramCatalogue,
  programId: string,
  fy: FiscalYear,
): SubsidyProgramVersion {
  const versions = catalogue.versionsOf(programId);
  const inForce = versions.filter((v) => isInForce(v, fy)).at(-1);
  const startedBefore = versions.filter((v) => v.period.value.from <= fy).at(-1);
  return inForce ?? startedBefore ?? (versions[0] as SubsidyProgramVersion);
}

export function evaluateEligibility(
  catalogue: SubsidyProgramCatalogue,
  programId: string,
  facts: EligibilityFacts,
): EligibilityResult {
  const version = versionToCheck(catalogue, programId, facts.fiscalYear);
  const rule = RULES[programId] ?? sharedRequirementsOnly;
  const own = rule(version, facts);
  const checks = [...sharedChecks(version, facts), ...own.checks];
  return {
    programId,
    versionId: version.versionId,
    fiscalYear: facts.fiscalYear,
    eligible: hasPassedAll(checks),
    checks,
    obligations: own.obligations ?? [],
  };
}

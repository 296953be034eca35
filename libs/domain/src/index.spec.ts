import { describe, expect, it } from '@jest/globals';
import * as domain from '#domain';

describe('the public API of #domain', () => {
  it.each([
    'calculateSubsidyAmount',
    'calculateProgramAmount',
    'SEED_CATALOGUE',
    'importCatalogueJson',
    'parseFiscalYearLabel',
    'formatFiscalYearLabel',
    'fiscalYearOfInstant',
    'resolveMonthDayInFiscalYear',
    'evaluateEligibility',
    'importMunicipalities',
    'importDistrictMedicalAssociations',
    'importMedicalInstitutions',
    'DomainError',
    'IllegalTransitionError',
    'DOMAIN_ERROR_CLASSES',
    'domainErrorClassOf',
    'DEFAULT_PROGRAM_SCHEDULE',
    'applicationDecider',
    'applicationStreamId',
    'APPLICATION_EVENT_SCHEMA_VERSIONS',
    'APPLICATION_ALLOWED_COMMANDS',
    'nextApplicationAction',
    'trainingOfferingDecider',
    'TRAINING_COURSES',
    'trainingCompletionFacts',
    'recipientProgramTimelineProjection',
  ])('exports %s', (name) => {
    expect(domain).toHaveProperty(name);
  });

  it('answers an amount end to end from a label and yen', () => {
    const result = domain.calculateProgramAmount(domain.SEED_CATALOGUE, {
      programId: 'transition-staffing',
      menuId: 'per-hospital',
      fiscalYear: domain.parseFiscalYearLabel('平成28年度'),
      programYear: 1,
      actualExpenditure: domain.yen(4_000_000),
      otherIncome: domain.yen(0),
    });
    expect(result.amount).toBe(3_600_000);
  });
});

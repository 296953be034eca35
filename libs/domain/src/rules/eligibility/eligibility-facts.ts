import type { FiscalYear } from '../../shared/fiscal-year.ts';
import type { RecipientKind } from '../programme-catalogue.ts';

/** The training courses of DESIGN.md; ① ② ③ are the courses of the 在宅療養移行 programmes. */
export type TrainingCourseId =
  | 'common' // ① 共通研修
  | 'dischargeSupportAdvanced' // ② 退院支援強化研修(応用編)
  | 'dischargeSupportBasic' // ③ 退院支援人材育成研修(基礎編)
  | 'regionalLeader' // 在宅療養地域リーダー研修
  | 'supportStaff' // 在宅療養支援員養成研修
  | 'endOfLife'; // 看取り研修

export interface TrainingCompletionFact {
  /** A pseudonymous id: persons are personal data and their names stay out of the rules. */
  readonly personId: string;
  readonly course: TrainingCourseId;
  readonly fiscalYear: FiscalYear;
}

export interface ApplicantFacts {
  readonly kind: RecipientKind | 'clinic';
  readonly beds?: number;
  readonly designatedSecondaryEmergency?: boolean;
  readonly psychiatric?: boolean;
  /** 市町村立 */
  readonly municipal?: boolean;
  /** 都立 */
  readonly metropolitan?: boolean;
  /** 独立行政法人 */
  readonly independentAdministrativeAgency?: boolean;
}

export interface PriorParticipationFact {
  readonly programId: string;
  readonly fiscalYear: FiscalYear;
}

/** 退院支援加算 (診療報酬) facility standard: discharge unit plus the nurse / social worker staffing. */
export interface DischargeSupportStandardFact {
  readonly metThisFiscalYear: boolean;
  /** Whether the standard was already met before the first programme year ("newly" means it was not). */
  readonly metBeforeFirstProgramYear: boolean;
}

export interface IctNetworkRequirementFacts {
  readonly municipalityCooperation: boolean;
  readonly privacyAndAccidentPreventionMeasures: boolean;
  readonly liaisonMeetingsAmongUsers: boolean;
}

/** Everything the eligibility rules look at; facts a programme does not need may be left out. */
export interface EligibilityFacts {
  readonly fiscalYear: FiscalYear;
  /** 補助何年目 for the applicant in this programme (1 = first funded year). */
  readonly programYear: number;
  readonly applicant: ApplicantFacts;
  readonly dischargeSupportStandard?: DischargeSupportStandardFact;
  readonly staffTrainingCompletions?: readonly TrainingCompletionFact[];
  readonly priorParticipation?: readonly PriorParticipationFact[];
  readonly acceptsPatientsOnConditionChange?: boolean;
  readonly expensesInLongTermCareSpecialAccount?: boolean;
  readonly ictNetwork?: IctNetworkRequirementFacts;
}

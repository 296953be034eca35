import { formatFiscalYearLabel } from '../../shared/era.ts';
import { SEED_000, cite } from '../seed-citation.ts';
import { flagCheck, notProvided } from './common-checks.ts';
import { failed, notApplicable, requirement } from './eligibility-check.ts';
import type { ProgramEligibilityRule } from './program-eligibility.ts';

const MUTUAL_SUPPORT = cite(SEED_000, '在宅医等相互支援体制構築事業 / 【平成29年度変更】補助内容');
const ICT_REQUIREMENTS = cite(SEED_000, '多職種ネットワーク構築事業 / ○補助要件');

/** 在宅医等相互支援体制構築事業: 補助対象は本事業未実施地区医師会 (平成29年度). */
export const physicianMutualSupportEligibility: ProgramEligibilityRule = (version, facts) => {
  if (facts.applicant.kind !== 'districtMedicalAssociation') {
    return {
      checks: [
        notApplicable('notRunBefore', {
          ja: '地区医師会のみの要件',
          en: 'a district association requirement only',
        }),
      ],
    };
  }
  const before = (facts.priorParticipation ?? []).filter(
    (p) => p.programId === version.programId && p.fiscalYear < facts.fiscalYear,
  );
  const years = before.map((p) => formatFiscalYearLabel(p.fiscalYear)).join('・');
  return {
    checks: [
      requirement(
        'notRunBefore',
        before.length === 0,
        { ja: '本事業未実施の地区医師会', en: 'the association has not run this programme before' },
        { ja: `本事業を実施済み(${years})`, en: `the association already ran this programme (${years})` },
        MUTUAL_SUPPORT,
      ),
    ],
  };
};

const ICT_FLAGS = [
  {
    key: 'municipalityCooperation',
    ja: '行政(各区市町村)との協力体制のもとで実施',
    en: 'run with the cooperation of the municipality',
  },
  {
    key: 'privacyAndAccidentPreventionMeasures',
    ja: '個人情報保護・事故防止の対策',
    en: 'privacy and accident-prevention measures',
  },
  {
    key: 'liaisonMeetingsAmongUsers',
    ja: 'システム利用者間の連絡会の開催',
    en: 'liaison meetings among the system users',
  },
] as const;

/** 多職種ネットワーク構築事業 (ICT): the three 補助要件. */
export const ictNetworkEligibility: ProgramEligibilityRule = (_version, facts) => {
  const ict = facts.ictNetwork;
  if (!ict)
    return { checks: [failed('ictRequirements', notProvided('補助要件', 'ictNetwork'), ICT_REQUIREMENTS)] };
  return {
    checks: ICT_FLAGS.map((flag) =>
      flagCheck(
        flag.key,
        ict[flag.key],
        true,
        { ja: flag.ja, en: flag.en, field: `ictNetwork.${flag.key}` },
        ICT_REQUIREMENTS,
      ),
    ),
  };
};

import { DomainError } from '../shared/domain-error.ts';
import { formatIssue } from '../shared/validation.ts';
import type { CatalogueDefinition, ProgramYearRangeDefinition } from './catalogue-definition.ts';
import { importCatalogue } from './catalogue-import.ts';
import { SubsidyProgramCatalogue, type SubsidyProgramVersion } from './programme-catalogue.ts';
import { SEED_000, SEED_003, type SeedCitation, cite } from './seed-citation.ts';

const SEED_H29 = SEED_000;
const SEED_H23 = SEED_003;

const ENVIRONMENT_H29 = cite(SEED_H29, '在宅療養環境整備支援事業 / 事業内容');
const ENVIRONMENT_H23 = cite(SEED_H23, '２ 区市町村支援の取組 / 在宅療養環境整備支援事業 (先駆・選択 表)');
const PROMOTION = cite(SEED_H29, '区市町村在宅療養推進事業 / 事業内容');
const PEDIATRIC = cite(SEED_H29, '【新規】小児等在宅医療推進事業 / 事業内容');
const MUTUAL_SUPPORT = cite(SEED_H29, '在宅医等相互支援体制構築事業 / 【平成29年度変更】補助内容');
const ICT = cite(SEED_H29, '多職種ネットワーク構築事業 / ○補助基準額及び補助対象経費, ○補助率');
const TRANSITION_SUPPORT = cite(SEED_H29, '在宅療養移行支援事業 / 補助概要');
const TRANSITION_STAFFING = cite(SEED_H29, '在宅療養移行体制確保事業 / 【補助基準額／補助率】');
const END_OF_LIFE = cite(SEED_H29, '暮らしの場における看取り支援事業 / ③環境整備に対する支援');

function fixed(
  thousandYen: number,
  unit: 'menu' | 'hospital' | 'association' | 'facility',
  source: SeedCitation,
  fromProgramYear = 1,
  toProgramYear?: number,
): ProgramYearRangeDefinition<{ kind: 'perUnit'; thousandYen: number; unit: typeof unit }> {
  const range = toProgramYear === undefined ? { fromProgramYear } : { fromProgramYear, toProgramYear };
  return { ...range, value: { kind: 'perUnit', thousandYen, unit }, source };
}

function rate(
  value: string,
  source: SeedCitation,
  fromProgramYear = 1,
  toProgramYear?: number,
): ProgramYearRangeDefinition<string> {
  const range = toProgramYear === undefined ? { fromProgramYear } : { fromProgramYear, toProgramYear };
  return { ...range, value, source };
}

/** 1–3年目 10/10, 4年目以降 1/2: the schedule of the municipal programmes. */
function firstThreeYearsFull(source: SeedCitation): ProgramYearRangeDefinition<string>[] {
  return [rate('10/10', source, 1, 3), rate('1/2', source, 4)];
}

const environmentH29Menu = (menuId: string, ja: string, en: string, laterThousandYen: number) => ({
  menuId,
  name: { ja, en },
  baseAmounts: [
    fixed(10_000, 'menu', ENVIRONMENT_H29, 1, 3),
    fixed(laterThousandYen, 'menu', ENVIRONMENT_H29, 4),
  ],
  subsidyRates: firstThreeYearsFull(ENVIRONMENT_H29),
});

const environmentH23Selective = (menuId: string, ja: string, en: string, thousandYen: number) => ({
  menuId,
  name: { ja, en },
  baseAmounts: [fixed(thousandYen, 'menu', ENVIRONMENT_H23, 4)],
  subsidyRates: [rate('1/2', ENVIRONMENT_H23, 4)],
});

/** A menu with one base amount and one rate for every programme year. */
const flatMenu = (
  menuId: string,
  name: { ja: string; en: string },
  thousandYen: number,
  unit: 'menu' | 'hospital' | 'association' | 'facility',
  subsidyRate: string,
  source: SeedCitation,
  recipientKind?: 'districtMedicalAssociation' | 'tokyoMedicalAssociation',
) => ({
  menuId,
  name,
  ...(recipientKind ? { recipientKind } : {}),
  baseAmounts: [fixed(thousandYen, unit, source)],
  subsidyRates: [rate(subsidyRate, source)],
});

const fullRateMenu = (menuId: string, ja: string, en: string, thousandYen: number, source: SeedCitation) =>
  flatMenu(menuId, { ja, en }, thousandYen, 'menu', '10/10', source);

const NO_LONG_TERM_CARE_ACCOUNT = (source: SeedCitation) => ({
  ja: '介護保険特別会計に計上している経費は原則申請できない',
  en: 'expenses booked in the long-term-care special account are in principle not eligible',
  source,
});

export const SEED_CATALOGUE_DEFINITION: CatalogueDefinition = {
  programs: [
    {
      programId: 'home-care-environment',
      versionId: 'H23',
      name: { ja: '在宅療養環境整備支援事業', en: 'Home-care environment support' },
      period: {
        // 003 is the 平成23年度 budget; the version of 000 supersedes it (its start year is not stated).
        value: { from: '平成23年度', until: '平成28年度' },
        source: cite(SEED_H23, '（平成 23 年度東京都予算案抜粋）'),
      },
      recipientKinds: { value: ['municipality'], source: cite(SEED_H23, '２ 区市町村支援の取組') },
      menus: [
        {
          menuId: 'pioneer',
          name: {
            ja: '先駆（3年間）: 区市町村の創意工夫によるもの（提案型事業）',
            en: 'pioneer (3 years): proposals',
          },
          baseAmounts: [fixed(10_000, 'menu', ENVIRONMENT_H23, 1, 3)],
          subsidyRates: [rate('10/10', ENVIRONMENT_H23, 1, 3)],
        },
        environmentH23Selective(
          'consultation-desk',
          '選択: 在宅療養支援窓口事業',
          'selective: consultation desk',
          10_000,
        ),
        environmentH23Selective(
          'backup-beds',
          '選択: 在宅療養後方支援病床確保事業',
          'selective: backup beds',
          5_580,
        ),
        environmentH23Selective('council', '選択: 在宅療養推進協議会', 'selective: promotion council', 3_600),
      ],
    },
    {
      programId: 'home-care-environment',
      versionId: 'H29',
      name: { ja: '在宅療養環境整備支援事業', en: 'Home-care environment support' },
      period: {
        value: { from: '平成29年度', until: '平成29年度' },
        source: cite(SEED_H29, '在宅療養環境整備支援事業 / ※平成29年度までは、現行メニューで実施'),
      },
      recipientKinds: { value: ['municipality'], source: cite(SEED_H29, '【区市町村への支援】') },
      menus: [
        environmentH29Menu('consultation-desk', '① 在宅療養支援窓口', 'consultation desk', 10_000),
        environmentH29Menu('council', '② 在宅療養推進協議会', 'promotion council', 3_583),
        environmentH29Menu('backup-beds', '③ 在宅療養後方支援病床確保', 'backup beds', 5_607),
      ],
      notes: [NO_LONG_TERM_CARE_ACCOUNT(ENVIRONMENT_H29)],
    },
    {
      programId: 'municipal-home-care-promotion',
      versionId: 'H27',
      name: { ja: '区市町村在宅療養推進事業', en: 'Municipal home-care promotion' },
      period: { value: { from: '平成27年度', until: '平成29年度' }, source: PROMOTION },
      recipientKinds: { value: ['municipality'], source: PROMOTION },
      menus: [
        fullRateMenu(
          'medical-coordination',
          '① 医療コーディネーター体制の整備',
          'medical coordination',
          10_000,
          PROMOTION,
        ),
        fullRateMenu(
          'discharge-support',
          '② 退院患者への医療・介護連携支援',
          'medical and care support for discharged patients',
          10_000,
          PROMOTION,
        ),
        fullRateMenu(
          'gp-hospital-liaison',
          '③ かかりつけ医と入院医療機関の連携促進',
          'liaison of family doctors and hospitals',
          10_000,
          PROMOTION,
        ),
      ],
      notes: [NO_LONG_TERM_CARE_ACCOUNT(PROMOTION)],
    },
    {
      programId: 'pediatric-home-care',
      versionId: 'H29',
      name: { ja: '小児等在宅医療推進事業', en: 'Pediatric home care promotion' },
      period: { value: { from: '平成29年度' }, source: cite(SEED_H29, '■小児等在宅医療推進事業【新規】※1') },
      recipientKinds: { value: ['municipality'], source: PEDIATRIC },
      menus: [
        {
          menuId: 'pediatric-home-care',
          name: { ja: '小児等在宅医療推進事業', en: 'pediatric home care' },
          baseAmounts: [fixed(10_000, 'menu', PEDIATRIC)],
          subsidyRates: firstThreeYearsFull(PEDIATRIC),
        },
      ],
    },
    {
      programId: 'physician-mutual-support',
      versionId: 'H29',
      name: { ja: '在宅医等相互支援体制構築事業', en: 'Mutual support among home-care physicians' },
      period: { value: { from: '平成29年度', until: '平成29年度' }, source: MUTUAL_SUPPORT },
      recipientKinds: {
        value: ['districtMedicalAssociation', 'tokyoMedicalAssociation'],
        source: MUTUAL_SUPPORT,
      },
      maxProgramYears: { value: 1, source: MUTUAL_SUPPORT },
      menus: [
        flatMenu(
          'district-association',
          { ja: '地区医師会(1地区医師会当たり)', en: 'district medical association' },
          1_200,
          'association',
          '10/10',
          MUTUAL_SUPPORT,
          'districtMedicalAssociation',
        ),
        // The seed states 10/10 next to the district amount only; DESIGN.md reads it for both.
        flatMenu(
          'tokyo-secretariat',
          { ja: '東京都医師会(事務局経費)', en: 'Tokyo Medical Association (secretariat)' },
          600,
          'association',
          '10/10',
          MUTUAL_SUPPORT,
          'tokyoMedicalAssociation',
        ),
      ],
      notes: [
        {
          ja: '補助対象は本事業未実施地区医師会',
          en: 'only district medical associations that have not run this programme',
          source: MUTUAL_SUPPORT,
        },
      ],
    },
    {
      programId: 'ict-network',
      versionId: 'H29',
      name: { ja: '多職種ネットワーク構築事業', en: 'Multi-profession ICT network' },
      period: {
        value: { from: '平成29年度' },
        source: cite(SEED_H29, '■在宅療養推進基盤整備事業【62,044千円】'),
      },
      recipientKinds: { value: ['districtMedicalAssociation', 'tokyoMedicalAssociation'], source: ICT },
      menus: [
        flatMenu(
          'district-association',
          { ja: '地区医師会(1地区医師会当たり): システム運用経費等', en: 'district medical association' },
          920,
          'association',
          '10/10',
          ICT,
          'districtMedicalAssociation',
        ),
        flatMenu(
          'tokyo-secretariat',
          { ja: '東京都医師会(事務局経費)', en: 'Tokyo Medical Association (secretariat)' },
          281,
          'association',
          '10/10',
          ICT,
          'tokyoMedicalAssociation',
        ),
      ],
      notes: [
        {
          ja: '行政(各区市町村)との協力体制のもとで実施すること',
          en: 'run with the cooperation of the municipality',
          source: cite(SEED_H29, '多職種ネットワーク構築事業 / ○補助要件'),
        },
      ],
    },
    {
      programId: 'transition-support',
      versionId: 'H28',
      name: { ja: '在宅療養移行支援事業', en: 'Transition-to-home-care support' },
      period: {
        value: { from: '平成28年度', until: '平成29年度' },
        source: cite(SEED_H29, '在宅療養移行支援事業 / 補助対象期間'),
      },
      recipientKinds: { value: ['hospital'], source: cite(SEED_H29, '在宅療養移行支援事業 / 【補助要件】') },
      subsidyMethod: { value: 'direct', source: TRANSITION_SUPPORT },
      maxProgramYears: { value: 2, source: TRANSITION_SUPPORT },
      bedLimit: {
        value: 200,
        source: cite(SEED_H29, '在宅療養移行支援事業 / 【補助要件】 (200床未満の指定二次救急医療機関)'),
      },
      menus: [
        {
          menuId: 'discharge-staff',
          name: { ja: '退院調整を行う看護師又は社会福祉士等の人件費', en: 'discharge coordination staff' },
          baseAmounts: [
            {
              fromProgramYear: 1,
              toProgramYear: 2,
              value: { kind: 'perPerson', thousandYenPerPerson: 3_600, maxPersons: 2 },
              source: TRANSITION_SUPPORT,
            },
          ],
          subsidyRates: [rate('10/10', TRANSITION_SUPPORT, 1, 1), rate('1/2', TRANSITION_SUPPORT, 2, 2)],
        },
      ],
    },
    {
      programId: 'transition-staffing',
      versionId: 'H27',
      name: { ja: '在宅療養移行体制確保事業', en: 'Transition staffing assurance' },
      period: {
        value: { from: '平成27年度', until: '平成29年度' },
        source: cite(SEED_H29, '在宅療養移行体制確保事業 / 【補助期間】'),
      },
      recipientKinds: {
        value: ['hospital'],
        source: cite(SEED_H29, '在宅療養移行体制確保事業 / 【補助対象者】'),
      },
      bedLimit: {
        value: 200,
        source: cite(SEED_H29, '在宅療養移行体制確保事業 / 【補助対象者】 (200床未満の病院)'),
      },
      // 27研修修了者: 27申請・支払, 28申請・支払, 29申請 — completers apply in their own year once trained,
      // and again in every later year of the period (研修修了 → 翌年度申請 is the second year, not a ban on the first).
      trainingToApplicationOffset: {
        value: 0,
        source: cite(
          SEED_H29,
          'スケジュール / ④在宅療養移行体制確保事業 (27研修修了者: 27申請・支払, 28申請・支払, 29申請)',
        ),
      },
      menus: [
        flatMenu(
          'per-hospital',
          { ja: '1病院当たり', en: 'per hospital' },
          3_600,
          'hospital',
          '10/10',
          TRANSITION_STAFFING,
        ),
      ],
    },
    {
      programId: 'end-of-life-environment',
      versionId: 'H29',
      name: { ja: '看取り環境整備支援事業', en: 'End-of-life care environment' },
      period: {
        value: { from: '平成29年度' },
        source: cite(SEED_H29, '■暮らしの場における看取り支援事業【108,354千円】'),
      },
      recipientKinds: { value: ['municipality'], source: END_OF_LIFE },
      subsidyMethod: { value: 'indirect', source: END_OF_LIFE },
      menus: [
        flatMenu(
          'renovation',
          {
            ja: '(1) 既存施設において看取りを行うために実施する改修等',
            en: '(1) renovation of existing facilities',
          },
          6_000,
          'facility',
          '3/4',
          END_OF_LIFE,
        ),
        flatMenu(
          'small-residence',
          {
            ja: '(2) 「看取り期まで対応する小規模な地域の住まい」を整備・開設する事業',
            en: '(2) new small residence up to the end of life',
          },
          10_000,
          'facility',
          '10/10',
          END_OF_LIFE,
        ),
      ],
    },
    {
      programId: 'end-of-life-care-allowance',
      versionId: 'H29',
      name: { ja: '看取り対応支援費補助', en: 'End-of-life care allowance' },
      period: {
        value: { from: '平成29年度' },
        source: cite(SEED_H29, '■暮らしの場における看取り支援事業【108,354千円】'),
      },
      recipientKinds: { value: ['residence'], source: END_OF_LIFE },
      subsidyMethod: { value: 'direct', source: END_OF_LIFE },
      menus: [
        {
          menuId: 'monthly-allowance',
          name: { ja: '月額(1人当たり)', en: 'monthly, per person' },
          baseAmounts: [
            {
              fromProgramYear: 1,
              value: { kind: 'perPersonPerMonth', thousandYenPerPersonMonth: 24, monthlyCapThousandYen: 120 },
              source: END_OF_LIFE,
            },
          ],
          subsidyRates: [rate('10/10', END_OF_LIFE)],
        },
      ],
    },
  ],
};

function loadSeedVersions(): readonly SubsidyProgramVersion[] {
  const result = importCatalogue(SEED_CATALOGUE_DEFINITION);
  if (!result.ok) {
    throw new DomainError('INVALID_CATALOGUE', {
      field: 'SEED_CATALOGUE_DEFINITION',
      value: result.issues.length,
      reason: result.issues.map(formatIssue).join('; '),
      expected: 'a valid catalogue definition',
    });
  }
  return result.value;
}

/** The catalogue as the seeds state it; a new fiscal year is added with importCatalogue / importCatalogueJson. */
export const SEED_CATALOGUE: SubsidyProgramCatalogue = new SubsidyProgramCatalogue(loadSeedVersions());

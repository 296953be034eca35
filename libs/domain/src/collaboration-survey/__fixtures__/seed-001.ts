import {
  answeredQuestionIds,
  COLLABORATION_SURVEY_ITEMS_H27,
  COLLABORATION_SURVEY_ITEMS_H28,
  surveyQuestions,
  type SurveyAnswer,
  type SurveyItemSet,
} from '../collaboration-survey-items.ts';
import type { CollaborationSurveyRound, SurveyAnswers } from '../collaboration-survey-events.ts';
import type { CollaborationSurveyReport } from '../collaboration-survey-report.ts';

/**
 * Seed 001's table (集計結果(27年度・28年度比較), n=53) line by line as it prints: the question, its
 * 内容, 28年度's count and share, 27年度's (null: blank), and 増(△)減.
 */
export const SEED_001_TABLE: readonly {
  readonly item: string;
  readonly questionId: string;
  readonly labels: readonly string[];
  readonly current: readonly [number, string];
  readonly previous: readonly [number, string] | null;
  readonly change: string;
}[] = [
  {
    item: 'ア',
    questionId: 'a-1',
    labels: ['地域の医療機関、介護事業者等の住所、連絡先、機能等の把握に向けた取組'],
    current: [53, '100.0%'],
    previous: [53, '100.0%'],
    change: '0.0%',
  },
  {
    item: 'ア',
    questionId: 'a-2',
    labels: ['地域の医療・介護の資源のリスト又はマップの作成等'],
    current: [45, '84.9%'],
    previous: [43, '81.1%'],
    change: '3.8%',
  },
  {
    item: 'イ',
    questionId: 'i-1',
    labels: ['地域の医療・介護関係者等が参画する会議等を開催'],
    current: [47, '88.7%'],
    previous: [47, '88.7%'],
    change: '0.0%',
  },
  {
    item: 'ウ',
    questionId: 'u-1',
    labels: ['体制の構築に向けた取組'],
    current: [41, '77.4%'],
    previous: [33, '62.3%'],
    change: '15.1%',
  },
  {
    item: 'エ',
    questionId: 'e-1',
    labels: ['情報共有ツールについて検討または作成'],
    current: [35, '66.0%'],
    previous: [32, '60.4%'],
    change: '5.7%',
  },
  {
    item: 'オ',
    questionId: 'o-1',
    labels: ['地域の在宅医療と介護の連携を支援する相談窓口の設置'],
    current: [35, '66.0%'],
    previous: [32, '60.4%'],
    change: '5.7%',
  },
  {
    item: 'カ',
    questionId: 'ka',
    labels: ['医療・介護関係者の研修について、下記のいずれかを実施'],
    current: [47, '88.7%'],
    previous: [42, '79.2%'],
    change: '9.4%',
  },
  {
    item: 'カ',
    questionId: 'ka-1',
    labels: ['医療関係者、介護関係者の多職種でのグループワーク等の研修'],
    current: [43, '81.1%'],
    previous: [38, '71.7%'],
    change: '9.4%',
  },
  {
    item: 'カ',
    questionId: 'ka-2',
    labels: ['医療関係者に対する研修'],
    current: [27, '50.9%'],
    previous: [30, '56.6%'],
    change: '△5.7%',
  },
  {
    item: 'カ',
    questionId: 'ka-3',
    labels: ['介護関係者に対する研修'],
    current: [41, '77.4%'],
    previous: null,
    change: '',
  },
  {
    item: 'キ',
    questionId: 'ki',
    labels: ['地域住民への普及啓発について、下記のいずれかを実施'],
    current: [41, '77.4%'],
    previous: [34, '64.2%'],
    change: '13.2%',
  },
  {
    item: 'キ',
    questionId: 'ki-1',
    labels: ['地域住民向け在宅医療・介護サービスに関する講演会や出前講座等'],
    current: [32, '60.4%'],
    previous: [33, '62.3%'],
    change: '△1.9%',
  },
  {
    item: 'キ',
    questionId: 'ki-2-1',
    labels: ['地域住民向けの普及啓発', 'パンフレット等'],
    current: [32, '60.4%'],
    previous: [21, '39.6%'],
    change: '20.8%',
  },
  {
    item: 'キ',
    questionId: 'ki-2-2',
    labels: ['地域住民向けの普及啓発', 'ホームページ等'],
    current: [29, '54.7%'],
    previous: [19, '35.8%'],
    change: '18.9%',
  },
  {
    item: 'ク',
    questionId: 'ku-1',
    labels: ['隣接区市町村等との情報交換等の実施'],
    current: [53, '100.0%'],
    previous: [31, '58.5%'],
    change: '41.5%',
  },
];

/** A report's rows in the shape of SEED_001_TABLE, to compare the two whole. */
export function asSeed001Table(report: CollaborationSurveyReport): typeof SEED_001_TABLE {
  return report.rows.map((r) => ({
    item: r.item,
    questionId: r.questionId,
    labels: r.labels,
    current: [r.current.count, r.current.shareText] as const,
    previous: r.previous && ([r.previous.count, r.previous.shareText] as const),
    change: r.changeText,
  }));
}

/** The two rounds of seed 001: 27年度 at 年度末; 28年度 as of 28年10月31日 re-surveyed as 「28年度末時点」. */
export function seed001Rounds(municipalityCodes: readonly string[]): {
  readonly h27: CollaborationSurveyRound;
  readonly h28: CollaborationSurveyRound;
} {
  return {
    h27: {
      fiscalYear: 2015,
      basis: { referenceDate: '2016-03-31', note: '27年度末時点の実施数', countedAnswers: ['implemented'] },
      itemSet: COLLABORATION_SURVEY_ITEMS_H27,
      municipalityCodes: [...municipalityCodes],
    },
    h28: {
      fiscalYear: 2016,
      basis: {
        referenceDate: '2017-03-31',
        note: '28年10月31日時点（今年度実施予定、検討中を含む）から「28年度末時点」として再調査をした実施数',
        countedAnswers: ['implemented', 'planned', 'considering'],
      },
      itemSet: COLLABORATION_SURVEY_ITEMS_H28,
      municipalityCodes: [...municipalityCodes],
    },
  };
}

/**
 * Answers of each municipality that give seed 001's counts for one year. Within a line's count the
 * answers are counted ones (28年度 mixes 実施予定 and 検討中 in, which its basis counts); outside it 未実施,
 * and in 27年度 sometimes 実施予定, which that year's basis does not count. Under an any-of line the
 * first line takes the first municipalities and the others the last of the any-of's count, so exactly
 * that many have at least one.
 */
export function seed001Answers(
  year: 'h27' | 'h28',
  municipalityCodes: readonly string[],
): Map<string, SurveyAnswers> {
  const set: SurveyItemSet = year === 'h27' ? COLLABORATION_SURVEY_ITEMS_H27 : COLLABORATION_SURVEY_ITEMS_H28;
  const countOf = (id: string): number => {
    const row = SEED_001_TABLE.find((r) => r.questionId === id)!;
    return (year === 'h27' ? row.previous : row.current)![0];
  };
  const ranges = new Map<string, readonly [number, number]>();
  for (const id of answeredQuestionIds(set)) ranges.set(id, [0, countOf(id)]);
  for (const { question } of surveyQuestions(set)) {
    if (question.kind !== 'anyOf') continue;
    const total = countOf(question.id);
    const leaves = surveyQuestions({ ...set, items: [{ item: '', title: '', questions: [question] }] })
      .filter(({ question: q }) => q.kind === 'answered')
      .map(({ question: q }) => q.id);
    leaves.forEach((id, i) => {
      const c = countOf(id);
      ranges.set(id, i === 0 ? [0, c] : [total - c, total]);
    });
  }
  const answers = new Map<string, SurveyAnswers>();
  municipalityCodes.forEach((code, m) => {
    const mine: Record<string, SurveyAnswer> = {};
    for (const [id, [from, to]] of ranges) {
      const inside = m >= from && m < to;
      mine[id] = inside
        ? year === 'h28' && m % 5 === 4
          ? 'planned'
          : year === 'h28' && m % 7 === 6
            ? 'considering'
            : 'implemented'
        : year === 'h27' && m % 3 === 0
          ? 'planned'
          : 'notImplemented';
    }
    answers.set(code, mine);
  });
  return answers;
}

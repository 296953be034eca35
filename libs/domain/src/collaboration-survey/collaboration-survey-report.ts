import { isCounted, surveyQuestions } from './collaboration-survey-items.ts';
import type {
  CollaborationSurveyState,
  SurveyAnswers,
  SurveyRoundBasis,
} from './collaboration-survey-events.ts';

/** A count of municipalities and its share of n, in tenths of a percent (84.9% → 849). */
export interface SurveyFigure {
  readonly count: number;
  /** Share of n in percent, rounded half up at the second decimal (84.9). */
  readonly sharePercent: number;
  /** As the table prints it: 84.9% */
  readonly shareText: string;
}

export interface CollaborationSurveyReportRow {
  /** (ア)…(ク) */
  readonly item: string;
  readonly itemTitle: string;
  readonly questionId: string;
  /** 内容: the headings above the line within its item, then the line (地域住民向けの普及啓発 › パンフレット等). */
  readonly labels: readonly string[];
  /** anyOf: computed from the lines below it. */
  readonly kind: 'answered' | 'anyOf';
  readonly current: SurveyFigure;
  /** Last year's figure; null when last year's round did not ask this line (or there is no such round). */
  readonly previous: SurveyFigure | null;
  /** 増(△)減 in points, computed from the counts and rounded once at the end (−5.7); null: blank. */
  readonly changePoints: number | null;
  /** As the table prints it: 5.7%, △5.7%, 0.0%, or '' when there is no figure last year. */
  readonly changeText: string;
}

export interface CollaborationSurveyReport {
  readonly title: string;
  readonly fiscalYear: number;
  readonly previousFiscalYear: number;
  /** n: the municipalities the round asked (53 outside the islands). */
  readonly n: number;
  /** Last year's n; null when there is no previous round. */
  readonly previousN: number | null;
  readonly basis: SurveyRoundBasis;
  readonly previousBasis: SurveyRoundBasis | null;
  readonly itemSetVersion: string;
  /** How many of the n answered (the others count as not 実施). */
  readonly answered: number;
  readonly rows: readonly CollaborationSurveyReportRow[];
}

export const COLLABORATION_SURVEY_REPORT_TITLE = '在宅医療・介護連携推進事業の取組状況 集計結果';

/**
 * This year against last year, per line of this year's items: counts under each round's own basis,
 * shares of each round's n, and the change in points computed from the counts — ((this/n − last/n′) ×
 * 100, rounded half up to one decimal only at the end), so 35 vs 32 of 53 is 5.7, not 66.0 − 60.4.
 */
export function collaborationSurveyReport(
  current: CollaborationSurveyState,
  previous: CollaborationSurveyState | undefined,
): CollaborationSurveyReport {
  const round = current.round;
  if (!round) throw new RangeError('no survey round to report on');
  const last = previous?.round ? previous : undefined;
  const lastQuestions = new Map(
    last ? surveyQuestions(last.round!.itemSet).map(({ question }) => [question.id, question]) : [],
  );
  const n = round.municipalityCodes.length;
  const previousN = last?.round?.municipalityCodes.length ?? null;
  const rows = surveyQuestions(round.itemSet)
    .filter(({ question }) => question.kind !== 'group')
    .map(({ item, question, parents }): CollaborationSurveyReportRow => {
      const count = countOf(current, (answers) => isCounted(question, answers, round.basis.countedAnswers));
      const lastQuestion = lastQuestions.get(question.id);
      const lastCount =
        last && lastQuestion
          ? countOf(last, (answers) => isCounted(lastQuestion, answers, last.round!.basis.countedAnswers))
          : null;
      const change =
        lastCount === null || previousN === null
          ? null
          : roundedTenths(count * previousN - lastCount * n, n * previousN);
      return {
        item: item.item,
        itemTitle: item.title,
        questionId: question.id,
        labels: [...parents.filter((p) => p.kind === 'group').map((p) => p.label), question.label],
        kind: question.kind as 'answered' | 'anyOf',
        current: figure(count, n),
        previous: lastCount === null || previousN === null ? null : figure(lastCount, previousN),
        changePoints: change === null ? null : change / 10,
        changeText: change === null ? '' : `${tenthsText(change)}%`,
      };
    });
  return {
    title: COLLABORATION_SURVEY_REPORT_TITLE,
    fiscalYear: round.fiscalYear,
    previousFiscalYear: round.fiscalYear - 1,
    n,
    previousN,
    basis: round.basis,
    previousBasis: last?.round?.basis ?? null,
    itemSetVersion: round.itemSet.version,
    answered: [...current.answers.keys()].filter((code) => round.municipalityCodes.includes(code)).length,
    rows,
  };
}

/** The municipalities of the round whose latest answer counts; one that has not answered does not. */
function countOf(state: CollaborationSurveyState, counted: (answers: SurveyAnswers) => boolean): number {
  return state.round!.municipalityCodes.filter((code) => {
    const answer = state.answers.get(code);
    return answer !== undefined && counted(answer.answers);
  }).length;
}

function figure(count: number, n: number): SurveyFigure {
  const tenths = roundedTenths(count, n);
  return { count, sharePercent: tenths / 10, shareText: `${tenthsText(tenths)}%` };
}

/** numerator / denominator in tenths of a percent, rounded half away from zero (四捨五入), in integers. */
export function roundedTenths(numerator: number, denominator: number): number {
  if (!Number.isInteger(numerator) || !Number.isInteger(denominator) || denominator <= 0) {
    throw new RangeError(`cannot take ${numerator} / ${denominator} as a share`);
  }
  const magnitude = Math.floor((2 * 1000 * Math.abs(numerator) + denominator) / (2 * denominator));
  return numerator < 0 ? -magnitude : magnitude;
}

/** 849 → 84.9; −57 → △5.7; 0 → 0.0 */
export function tenthsText(tenths: number): string {
  const abs = Math.abs(tenths);
  return `${tenths < 0 ? '△' : ''}${Math.floor(abs / 10)}.${abs % 10}`;
}

import { cite, type SeedCitation } from '../rules/seed-citation.ts';

/**
 * 在宅医療・介護連携推進事業 (介護保険の地域支援事業) — the municipal survey of its items (ア)–(ク), as
 * Tokyo's 医療政策課 tallies it (seed 001). The items are data, carried by each survey round: a round
 * asks the item set of its year (27年度 had no 介護関係者に対する研修).
 */
export const SEED_001 = '001_98448e6d75c2e6ed.txt';

/** 実施 / 実施予定 / 検討中 / 未実施: which of them a round counts as 実施 is the round's basis. */
export const SURVEY_ANSWERS = ['implemented', 'planned', 'considering', 'notImplemented'] as const;
export type SurveyAnswer = (typeof SURVEY_ANSWERS)[number];

/** One line a municipality is asked about, or one computed from its sub-lines. */
export interface SurveyQuestion {
  /** Stable id across rounds (`ka-3`): last year's figure is found by it. */
  readonly id: string;
  /** 内容 as the table shows it. */
  readonly label: string;
  /**
   * answered: each municipality answers it; anyOf: 実施 when any line below it is (computed, never
   * entered); group: a heading over its lines, with no figure of its own.
   */
  readonly kind: 'answered' | 'anyOf' | 'group';
  readonly children?: readonly SurveyQuestion[];
}

/** (ア)…(ク): the programme's 事業項目 and the lines asked under it. */
export interface SurveyItem {
  readonly item: string;
  readonly title: string;
  readonly questions: readonly SurveyQuestion[];
}

export interface SurveyItemSet {
  readonly version: string;
  readonly source: SeedCitation;
  readonly items: readonly SurveyItem[];
}

const answered = (id: string, label: string): SurveyQuestion => ({ id, label, kind: 'answered' });

function seed001Items(withCareWorkerTraining: boolean): SurveyItem[] {
  return [
    {
      item: 'ア',
      title: '地域の医療・介護資源の把握',
      questions: [
        answered('a-1', '地域の医療機関、介護事業者等の住所、連絡先、機能等の把握に向けた取組'),
        answered('a-2', '地域の医療・介護の資源のリスト又はマップの作成等'),
      ],
    },
    {
      item: 'イ',
      title: '在宅医療・介護連携の課題の抽出と対応策の検討',
      questions: [answered('i-1', '地域の医療・介護関係者等が参画する会議等を開催')],
    },
    {
      item: 'ウ',
      title: '切れ目のない在宅医療と介護の提供体制の構築推進',
      questions: [answered('u-1', '体制の構築に向けた取組')],
    },
    {
      item: 'エ',
      title: '医療・介護関係者の情報共有の支援',
      questions: [answered('e-1', '情報共有ツールについて検討または作成')],
    },
    {
      item: 'オ',
      title: '在宅医療・介護連携に関する相談支援',
      questions: [answered('o-1', '地域の在宅医療と介護の連携を支援する相談窓口の設置')],
    },
    {
      item: 'カ',
      title: '医療・介護関係者の研修',
      questions: [
        {
          id: 'ka',
          label: '医療・介護関係者の研修について、下記のいずれかを実施',
          kind: 'anyOf',
          children: [
            answered('ka-1', '医療関係者、介護関係者の多職種でのグループワーク等の研修'),
            answered('ka-2', '医療関係者に対する研修'),
            ...(withCareWorkerTraining ? [answered('ka-3', '介護関係者に対する研修')] : []),
          ],
        },
      ],
    },
    {
      item: 'キ',
      title: '地域住民への普及啓発',
      questions: [
        {
          id: 'ki',
          label: '地域住民への普及啓発について、下記のいずれかを実施',
          kind: 'anyOf',
          children: [
            answered('ki-1', '地域住民向け在宅医療・介護サービスに関する講演会や出前講座等'),
            {
              id: 'ki-2',
              label: '地域住民向けの普及啓発',
              kind: 'group',
              children: [answered('ki-2-1', 'パンフレット等'), answered('ki-2-2', 'ホームページ等')],
            },
          ],
        },
      ],
    },
    {
      item: 'ク',
      title: '在宅医療・介護連携に関する関係市町村の連携',
      questions: [answered('ku-1', '隣接区市町村等との情報交換等の実施')],
    },
  ];
}

const SOURCE = cite(SEED_001, '在宅医療・介護連携推進事業の取組状況 集計結果(27年度・28年度比較)');

/** 27年度's items: (カ) asked グループワーク等 and 医療関係者に対する研修 only. */
export const COLLABORATION_SURVEY_ITEMS_H27: SurveyItemSet = {
  version: 'H27',
  source: SOURCE,
  items: seed001Items(false),
};

/** 28年度's items: (カ) adds 介護関係者に対する研修. */
export const COLLABORATION_SURVEY_ITEMS_H28: SurveyItemSet = {
  version: 'H28',
  source: SOURCE,
  items: seed001Items(true),
};

/** Every question of a set, depth first, with the labels of the lines above it within its item. */
export function surveyQuestions(set: SurveyItemSet): {
  readonly item: SurveyItem;
  readonly question: SurveyQuestion;
  readonly parents: readonly SurveyQuestion[];
}[] {
  const out: { item: SurveyItem; question: SurveyQuestion; parents: readonly SurveyQuestion[] }[] = [];
  const walk = (item: SurveyItem, question: SurveyQuestion, parents: readonly SurveyQuestion[]): void => {
    out.push({ item, question, parents });
    for (const child of question.children ?? []) walk(item, child, [...parents, question]);
  };
  for (const item of set.items) for (const q of item.questions) walk(item, q, []);
  return out;
}

/** The questions a municipality answers (not the computed ones, not the headings). */
export function answeredQuestionIds(set: SurveyItemSet): string[] {
  return surveyQuestions(set)
    .filter(({ question }) => question.kind === 'answered')
    .map(({ question }) => question.id);
}

/**
 * Whether a municipality counts as 実施 for a question under the round's basis: an answered line when
 * its answer is counted, an any-of line when any answered line below it is; a heading has no figure.
 */
export function isCounted(
  question: SurveyQuestion,
  answers: Readonly<Record<string, SurveyAnswer>>,
  counted: readonly SurveyAnswer[],
): boolean {
  if (question.kind === 'answered') {
    const answer = answers[question.id];
    return answer !== undefined && counted.includes(answer);
  }
  return (question.children ?? []).some((child) => isCounted(child, answers, counted));
}

const QUESTION_ID = /^[a-z0-9][a-z0-9-]{0,31}$/;

/** Problems of an item set sent as data: ids, kinds and nesting. Empty when it is sound. */
export function itemSetIssues(set: SurveyItemSet): { field: string; value: unknown; reason: string }[] {
  const issues: { field: string; value: unknown; reason: string }[] = [];
  const seen = new Set<string>();
  if (!set || typeof set !== 'object')
    return [{ field: 'itemSet', value: set ?? null, reason: 'not an object' }];
  if (typeof set.version !== 'string' || set.version.trim() === '')
    issues.push({
      field: 'itemSet.version',
      value: set.version ?? null,
      reason: 'a non-empty version is required',
    });
  if (!Array.isArray(set.items) || set.items.length === 0)
    return [...issues, { field: 'itemSet.items', value: set.items ?? null, reason: 'at least one item' }];
  const check = (q: SurveyQuestion, path: string): void => {
    if (!q || typeof q !== 'object')
      return void issues.push({ field: path, value: q ?? null, reason: 'not an object' });
    if (typeof q.id !== 'string' || !QUESTION_ID.test(q.id))
      issues.push({ field: `${path}.id`, value: q.id ?? null, reason: 'lower-case letters, digits and "-"' });
    else if (seen.has(q.id))
      issues.push({ field: `${path}.id`, value: q.id, reason: 'used twice in the set' });
    else seen.add(q.id);
    if (typeof q.label !== 'string' || q.label.trim() === '')
      issues.push({
        field: `${path}.label`,
        value: q.label ?? null,
        reason: 'a non-empty label is required',
      });
    const children = q.children ?? [];
    if (!['answered', 'anyOf', 'group'].includes(q.kind))
      issues.push({ field: `${path}.kind`, value: q.kind ?? null, reason: 'one of answered, anyOf, group' });
    else if (q.kind === 'answered' && children.length > 0)
      issues.push({
        field: `${path}.children`,
        value: children.length,
        reason: 'an answered line has no lines below it',
      });
    else if (q.kind !== 'answered' && (!Array.isArray(children) || children.length === 0))
      issues.push({ field: `${path}.children`, value: null, reason: `${q.kind} needs lines below it` });
    if (Array.isArray(children)) children.forEach((c, i) => check(c, `${path}.children[${i}]`));
  };
  set.items.forEach((item, i) => {
    const path = `itemSet.items[${i}]`;
    if (typeof item?.item !== 'string' || item.item.trim() === '')
      issues.push({ field: `${path}.item`, value: item?.item ?? null, reason: 'the item mark, e.g. ア' });
    if (typeof item?.title !== 'string' || item.title.trim() === '')
      issues.push({
        field: `${path}.title`,
        value: item?.title ?? null,
        reason: 'a non-empty title is required',
      });
    if (!Array.isArray(item?.questions) || item.questions.length === 0)
      issues.push({ field: `${path}.questions`, value: null, reason: 'at least one line' });
    else item.questions.forEach((q: SurveyQuestion, j: number) => check(q, `${path}.questions[${j}]`));
  });
  return issues;
}

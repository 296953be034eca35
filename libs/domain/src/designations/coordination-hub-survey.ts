import { cite, type SeedCitation } from '../rules/seed-citation.ts';
import type { LocalizedText } from '../shared/localized-text.ts';

export const SEED_002 = '002_d1c4dd057511ce3a.txt';

/** The five 求められる事項 of a coordination hub (在宅療養に必要な連携を担う拠点), as the survey asks them. */
export interface HubSurveyItem {
  readonly item: 1 | 2 | 3 | 4 | 5;
  readonly label: LocalizedText;
  readonly source: SeedCitation;
}

const SOURCE = cite(SEED_002, '在宅療養に必要な連携を担う拠点について（2/2） 調査結果');

export const HUB_SURVEY_ITEMS: readonly HubSurveyItem[] = [
  {
    item: 1,
    label: {
      ja: '地域の医療及び介護、障害福祉の関係者による会議の定期的な開催',
      en: 'Regular meetings of local medical, long-term care and disability welfare stakeholders',
    },
    source: SOURCE,
  },
  {
    item: 2,
    label: {
      ja: '医療・介護・障害福祉サービスの把握と関係機関との調整',
      en: 'Knowing local services and coordinating the agencies from discharge to end of life',
    },
    source: SOURCE,
  },
  {
    item: 3,
    label: {
      ja: '急変時の対応や24時間体制の構築、多職種による情報共有の促進',
      en: 'Response to sudden changes, 24-hour coverage, information sharing among professions',
    },
    source: SOURCE,
  },
  {
    item: 4,
    label: {
      ja: '関係者への研修の実施や情報の共有',
      en: 'Training and information sharing for the professionals',
    },
    source: SOURCE,
  },
  {
    item: 5,
    label: { ja: '地域住民への普及啓発', en: 'Public awareness among local residents' },
    source: SOURCE,
  },
];

/** 実施済 / 今後実施 / 無回答 */
export type HubSurveyAnswer = 'done' | 'planned' | 'noAnswer';
export const HUB_SURVEY_ANSWERS: readonly HubSurveyAnswer[] = ['done', 'planned', 'noAnswer'];

import type { TrainingCourseId } from '../rules/eligibility/eligibility-facts.ts';
import { SEED_000, type SeedCitation, cite } from '../rules/seed-citation.ts';
import { refuse } from '../shared/command-guards.ts';
import type { LocalizedText } from '../shared/localized-text.ts';

export type TrainingSessionKind = 'lecture' | 'practicum' | 'actionPlan' | 'course';

export interface TrainingSessionDefinition {
  readonly sessionId: string;
  readonly name: LocalizedText;
  readonly kind: TrainingSessionKind;
  /** Completion needs every required session attended. */
  readonly required: boolean;
}

export interface TrainingCourse {
  readonly courseId: TrainingCourseId;
  readonly name: LocalizedText;
  readonly sessions: readonly TrainingSessionDefinition[];
  readonly source: SeedCitation;
}

/** A course the seeds describe as one event of training: one required session. */
const singleSession = (courseId: TrainingCourseId, name: LocalizedText, section: string): TrainingCourse => ({
  courseId,
  name,
  sessions: [{ sessionId: 'course', name, kind: 'course', required: true }],
  source: cite(SEED_000, section),
});

const lecture = (n: number, ja: string, en: string): TrainingSessionDefinition => ({
  sessionId: `lecture-${n}`,
  name: { ja: `第${n}回 講義: ${ja}`, en: `session ${n}, lecture: ${en}` },
  kind: 'lecture',
  required: true,
});

/** The courses of DESIGN.md, ids as in the eligibility rules (TrainingCourseId). */
export const TRAINING_COURSES: Readonly<Record<TrainingCourseId, TrainingCourse>> = {
  common: singleSession(
    'common',
    { ja: '①共通研修', en: '① common training' },
    '在宅療養移行体制の強化について / 事業内容 ①',
  ),
  dischargeSupportAdvanced: singleSession(
    'dischargeSupportAdvanced',
    { ja: '②退院支援強化研修(応用編)', en: '② discharge support, advanced' },
    '在宅療養移行体制の強化について / 事業内容 ②',
  ),
  dischargeSupportBasic: singleSession(
    'dischargeSupportBasic',
    { ja: '③退院支援人材育成研修(基礎編)', en: '③ discharge support, basic' },
    '在宅療養移行体制の強化について / 事業内容 ③',
  ),
  regionalLeader: singleSession(
    'regionalLeader',
    { ja: '在宅療養地域リーダー研修', en: 'regional home-care leader training' },
    '事業内容 / I 在宅療養地域リーダーの育成',
  ),
  supportStaff: {
    courseId: 'supportStaff',
    name: { ja: '在宅療養支援員養成研修', en: 'home-care support staff training' },
    sessions: [
      lecture(
        1,
        '地域における在宅療養の推進と在宅療養支援窓口の役割・在宅医療移行に関する課題と連携の在り方',
        'home care in the region and the role of the support desk',
      ),
      lecture(
        2,
        '在宅医療の実際・在宅療養支援員の役割',
        'home medical care in practice; the support staff role',
      ),
      lecture(3, '制度利用・訪問看護の実際', 'using the schemes; visiting nursing in practice'),
      lecture(4, '病院の機能と退院調整の実際', 'hospital functions and discharge coordination'),
      lecture(5, '移行支援のプロセス', 'the transition support process'),
      {
        sessionId: 'station-visit',
        name: { ja: '第6回 訪問看護ステーション見学実習', en: 'session 6: visiting-nurse station visit' },
        kind: 'practicum',
        required: true,
      },
      {
        sessionId: 'action-plan',
        name: { ja: '第7回 アクションプラン作成', en: 'session 7: action plan' },
        kind: 'actionPlan',
        required: true,
      },
    ],
    source: cite(SEED_000, '在宅療養支援員養成事業 / 回数・講義内容例 (1–7)'),
  },
  endOfLife: singleSession(
    'endOfLife',
    { ja: '看取り研修', en: 'end-of-life care training' },
    '暮らしの場における看取り支援事業 / ②看取り研修の実施',
  ),
};

export function trainingCourse(courseId: string): TrainingCourse {
  const course = (TRAINING_COURSES as Readonly<Record<string, TrainingCourse | undefined>>)[courseId];
  if (!course) {
    return refuse(
      'INVALID_COMMAND_DATA',
      'courseId',
      courseId,
      'no such training course',
      `one of ${Object.keys(TRAINING_COURSES).join(', ')}`,
    );
  }
  return course;
}

/**
 * The columns of a past-cases file (過年度案件の一括取込), one row per case, headed in Japanese as the
 * offices' ledgers are. Any order; optional columns may be left out of the header. docs/import.md
 * describes each one.
 */
export const PAST_CASE_COLUMNS = {
  applicationId: '受付番号',
  programId: '事業',
  menuId: 'メニュー',
  fiscalYear: '年度',
  programYear: '補助年目',
  recipientKind: '交付先種別',
  recipientId: '交付先ID',
  municipalityCode: '団体コード',
  units: '単位数',
  persons: '人数',
  personsPerMonth: '月別人数',
  plannedExpenditure: '支出予定額',
  otherIncome: '寄付金その他の収入',
  applicant: '申請者',
  draftedOn: '作成日',
  submittedOn: '申請日',
  reviewer: '審査者',
  reviewedOn: '審査日',
  beds: '病床数',
  reviewFacts: '審査事実',
  decision: '決定',
  approver: '決定者',
  decidedOn: '決定日',
  decisionReason: '理由',
  grantedAmount: '交付決定額',
  clerk: '担当者',
  advancePaidOn: '概算払日',
  advancePaid: '概算払額',
  reportedOn: '実績報告日',
  actualExpenditure: '実支出額',
  actualOtherIncome: '実績その他の収入',
  confirmer: '確定者',
  confirmedOn: '額確定日',
  confirmedAmount: '確定額',
  settlementPaidOn: '精算払日',
  settlementPaid: '精算払額',
  refundedOn: '返還日',
  refunded: '返還額',
  closedOn: '完了日',
  note: '出典',
} as const;

export type PastCaseColumn = keyof typeof PAST_CASE_COLUMNS;

/** Without these a row is no case. */
export const REQUIRED_PAST_CASE_COLUMNS: readonly PastCaseColumn[] = [
  'applicationId',
  'programId',
  'menuId',
  'fiscalYear',
  'recipientKind',
  'recipientId',
  'municipalityCode',
  'plannedExpenditure',
  'applicant',
  'submittedOn',
];

/** 決定: what the case came to. */
export const PAST_CASE_DECISIONS = { 交付: 'granted', 不交付: 'rejected', 取下げ: 'withdrawn' } as const;

export type PastCaseDecision = (typeof PAST_CASE_DECISIONS)[keyof typeof PAST_CASE_DECISIONS];

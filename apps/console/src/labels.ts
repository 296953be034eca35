/** Japanese labels of the api's codes (the stages as the office's tables name them, the roles). */
export const STAGE_LABELS: Readonly<Record<string, string>> = {
  New: '未作成',
  Draft: '作成中',
  Submitted: '申請済',
  UnderReview: '審査中',
  CorrectionRequested: '補正依頼中',
  Resubmitted: '再提出',
  GrantDecided: '交付決定',
  ChangeRequested: '変更申請中',
  Rejected: '不交付',
  Withdrawn: '取下げ',
  PerformanceReported: '実績報告済',
  AmountConfirmed: '額確定',
  RefundOrdered: '返還命令中',
  Closed: '完結',
};

export const ROLE_LABELS: Readonly<Record<string, string>> = {
  caseworker: '担当職員',
  approver: '決裁者',
  municipality: '区市町村',
  institution: '医療機関等',
  auditor: '監査',
  admin: '管理者',
  system: 'システム',
};

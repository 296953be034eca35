export const signIn = {
  ja: {
    title: 'サインイン（開発用）',
    intro:
      '開発環境とサンドボックス専用です。役割と氏名（仮名）を選んでください。本番環境ではこの画面は使えません。',
    role: '役割',
    name: '氏名（職員ID）',
    municipalityCode: '団体コード（6桁）',
    institutionId: '医療機関等ID',
    submit: 'サインイン',
  },
  en: {
    title: 'Sign in (development)',
    intro:
      'For development and the sandbox only. Choose a role and a (pseudonymous) name. Production does not offer this page.',
    role: 'Role',
    name: 'Name (staff id)',
    municipalityCode: 'Municipality code (6 digits)',
    institutionId: 'Institution id',
    submit: 'Sign in',
  },
} as const;

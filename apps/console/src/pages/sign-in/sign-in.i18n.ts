export const signIn = {
  ja: {
    title: 'サインイン（開発用）',
    titleOrganisation: 'サインイン',
    organisationIntro: '所属する組織のアカウント（シングルサインオン）でサインインします。',
    organisation: '組織のアカウントでサインイン',
    developmentHeading: '開発用サインイン',
    intro:
      '開発環境とサンドボックス専用です。役割と氏名（仮名）を選んでください。本番環境ではこの画面は使えません。',
    role: '役割',
    name: '氏名（職員ID）',
    municipalityCode: '団体コード（6桁）',
    institutionId: '医療機関等ID',
    submit: 'サインイン',
    errors: {
      OIDC_FLOW_EXPIRED: 'サインインの手続きが期限切れになりました。もう一度サインインしてください。',
      OIDC_CLAIMS_REFUSED:
        'アカウントに役割（role）または団体コード・医療機関等IDが設定されていません。システム管理者に連絡してください。',
      OIDC_SIGN_IN_FAILED: '組織のアカウントでサインインできませんでした。もう一度お試しください。',
    },
  },
  en: {
    title: 'Sign in (development)',
    titleOrganisation: 'Sign in',
    organisationIntro: 'Sign in with your organisation’s account (single sign-on).',
    organisation: 'Sign in with your organisation’s account',
    developmentHeading: 'Development sign-in',
    intro:
      'For development and the sandbox only. Choose a role and a (pseudonymous) name. Production does not offer this page.',
    role: 'Role',
    name: 'Name (staff id)',
    municipalityCode: 'Municipality code (6 digits)',
    institutionId: 'Institution id',
    submit: 'Sign in',
    errors: {
      OIDC_FLOW_EXPIRED: 'The sign-in took too long. Please sign in again.',
      OIDC_CLAIMS_REFUSED:
        'Your account has no role (or no municipality code / institution id) for Zaitaku. Ask your administrator.',
      OIDC_SIGN_IN_FAILED: 'Signing in with your organisation’s account failed. Please try again.',
    },
  },
} as const;

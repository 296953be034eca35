import { useTranslation } from 'react-i18next';
import { common } from '../i18n/common.i18n.ts';

type StageCode = keyof typeof common.ja.stage;
type RoleCode = keyof typeof common.ja.role;

const isStage = (code: string): code is StageCode => code in common.ja.stage;
const isRole = (code: string): code is RoleCode => code in common.ja.role;

/** The hook behind StageName and RoleName: an api code in the current language, or the code itself. */
export function useCodeNames() {
  const { t } = useTranslation('common');
  return {
    stage: (code: string): string => (isStage(code) ? t(`stage.${code}`) : code),
    role: (code: string): string => (isRole(code) ? t(`role.${code}`) : code),
  };
}

/** A case's stage as the office's tables name it (審査中), or in English. */
export function StageName({ stage }: { stage: string }) {
  return <>{useCodeNames().stage(stage)}</>;
}

/** A role as the office says it (担当職員), or in English. */
export function RoleName({ role }: { role: string }) {
  return <>{useCodeNames().role(role)}</>;
}

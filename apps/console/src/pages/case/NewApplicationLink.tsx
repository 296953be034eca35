import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { COMMAND_SCHEMAS } from '../../api/command-schemas.ts';
import { ui } from '../../components/ui.ts';
import { useCurrentSession } from '../../components/current-session.tsx';
import type { Session } from '../../session.ts';

/** Whether the signed-in role drafts applications (POST /applications's roles). */
export const draftsApplications = (session: Session): boolean =>
  COMMAND_SCHEMAS.DraftApplication?.roles.includes(session.role) ?? false;

/** The way to 新規申請 from the work queue, for the roles that draft. */
export function NewApplicationLink() {
  const { t } = useTranslation('casePage');
  if (!draftsApplications(useCurrentSession())) return null;
  return (
    <p className="mb-4">
      <Link to="/new-application" className={ui.primaryButton + ' inline-block no-underline'}>
        {t('newApplication')}
      </Link>
    </p>
  );
}

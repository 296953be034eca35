import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { Layout } from '../../components/Layout.tsx';
import { useCurrentSession } from '../../components/current-session.tsx';
import type { Session } from '../../session.ts';
import { NotFoundPage } from '../not-found/NotFoundPage.tsx';
import { CommandForm } from './CommandForm.tsx';
import { draftsApplications } from './NewApplicationLink.tsx';

/** The recipient a municipality or an institution applies as: itself (the form starts with it). */
function ownRecipient(session: Session): Record<string, string> {
  if (session.role === 'municipality' && session.municipalityCode) {
    return {
      'recipient.kind': 'municipality',
      'recipient.id': `muni-${session.municipalityCode}`,
      'recipient.municipalityCode': session.municipalityCode,
    };
  }
  if (session.role === 'institution' && session.institutionId)
    return { 'recipient.id': session.institutionId };
  return {};
}

/** 新規申請: the 交付申請書 form from the schema of POST /applications; the new case's page after it. */
export default function NewApplicationPage() {
  const { t } = useTranslation('casePage');
  const session = useCurrentSession();
  const navigate = useNavigate();
  if (!draftsApplications(session)) return <NotFoundPage />;
  return (
    <Layout title={t('newTitle')} session={session}>
      <CommandForm
        command="DraftApplication"
        initial={{ programYear: '1', otherIncome: '0', ...ownRecipient(session) }}
        onCancel={() => void navigate('/')}
        onDone={(answer) => void navigate(`/cases/${encodeURIComponent(answer.applicationId)}`)}
      />
    </Layout>
  );
}

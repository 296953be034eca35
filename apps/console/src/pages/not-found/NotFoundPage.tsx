import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Layout } from '../../components/Layout.tsx';
import { ui } from '../../components/ui.ts';
import { useCurrentSession } from '../../components/current-session.tsx';

/** A page that does not exist, or a record the api answers 404 for (another's case looks the same). */
export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Layout title={t('notFound')} session={useCurrentSession()}>
      <p className="mb-4">{t('notFoundBody')}</p>
      <Link to="/" className={ui.link}>
        {t('backToQueue')}
      </Link>
    </Layout>
  );
}

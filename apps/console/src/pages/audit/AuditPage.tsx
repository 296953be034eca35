import { useTranslation } from 'react-i18next';
import { NavLink, useLocation } from 'react-router';
import { Layout } from '../../components/Layout.tsx';
import { useCurrentSession } from '../../components/current-session.tsx';
import { AccessLogs } from './AccessLogs.tsx';
import { AsOfView } from './AsOfView.tsx';
import { HistorySearch } from './HistorySearch.tsx';
import { Verification } from './Verification.tsx';

const SECTIONS = [
  { key: 'history', to: '/audit' },
  { key: 'asOf', to: '/audit/as-of' },
  { key: 'logs', to: '/audit/logs' },
] as const;

/**
 * 監査: the tamper check and the history search (`/audit`), the as-of view (`/audit/as-of`), the access
 * and security logs (`/audit/logs`). None of these paths is an api route, so a reload reaches the console.
 */
export default function AuditPage() {
  const { t } = useTranslation('audit');
  const session = useCurrentSession();
  const { pathname } = useLocation();
  return (
    <Layout title={t('title')} session={session}>
      <nav aria-label={t('sections.label')} className="mb-6">
        <ul className="flex flex-wrap gap-2">
          {SECTIONS.map((section) => (
            <li key={section.key}>
              <NavLink
                to={section.to}
                end
                className={({ isActive }) =>
                  `block rounded-8 border px-3 py-1 ${isActive ? 'border-key-900 bg-key-50 font-bold text-key-900' : 'border-solid-gray-420 hover:bg-solid-gray-50'}`
                }
              >
                {t(`sections.${section.key}`)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      {pathname === '/audit/as-of' ? (
        <AsOfView />
      ) : pathname === '/audit/logs' ? (
        <AccessLogs />
      ) : (
        <>
          <Verification />
          <HistorySearch />
        </>
      )}
    </Layout>
  );
}

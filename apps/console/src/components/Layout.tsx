import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, useNavigate } from 'react-router';
import { api } from '../api/client.ts';
import { setLanguage } from '../i18n/i18n.ts';
import type { Session } from '../session.ts';

type Role = Session['role'];
type NavKey = 'workQueue' | 'trainings' | 'designations' | 'reports' | 'audit' | 'rules';

/** The menu: each page for the roles that use it (the api still decides what each may see). */
const MENU: ReadonlyArray<{ key: NavKey; to: string; roles: readonly Role[] }> = [
  { key: 'workQueue', to: '/', roles: ['caseworker', 'approver', 'municipality', 'institution', 'admin'] },
  { key: 'trainings', to: '/trainings', roles: ['caseworker', 'approver', 'institution', 'auditor'] },
  { key: 'designations', to: '/designations', roles: ['caseworker', 'approver', 'municipality', 'auditor'] },
  { key: 'reports', to: '/reports', roles: ['caseworker', 'approver', 'auditor'] },
  { key: 'audit', to: '/audit', roles: ['auditor', 'admin'] },
  { key: 'rules', to: '/rules', roles: ['caseworker', 'approver', 'admin'] },
];

/** The page frame: the service's name, the menu, who is signed in, the language toggle, sign-out. */
export function Layout({
  title,
  session,
  children,
}: {
  title: string;
  session?: Session;
  children: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const signOut = useMutation({
    mutationFn: () => api.POST('/session/sign-out'),
    onSuccess: async () => {
      queryClient.clear();
      await navigate('/sign-in');
    },
  });
  const menu = session ? MENU.filter((item) => item.roles.includes(session.role)) : [];
  return (
    <>
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:p-2">
        {i18n.language === 'en' ? 'Skip to content' : '本文へ移動'}
      </a>
      <header className="border-b border-solid-gray-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-4 px-6 py-4">
          <p className="text-lg font-bold text-key-900">{t('service')}</p>
          <div className="flex items-center gap-4 text-sm">
            {session && (
              <span>
                {session.id}（{t(`role.${session.role}`)}
                {session.municipalityCode ? `・${session.municipalityCode}` : ''}
                {session.institutionId ? `・${session.institutionId}` : ''}）
              </span>
            )}
            <button
              type="button"
              lang={i18n.language === 'en' ? 'ja' : 'en'}
              aria-label={t('languageLabel')}
              className="rounded-8 border border-solid-gray-600 px-3 py-1 hover:bg-solid-gray-50"
              onClick={() => void setLanguage(i18n.language === 'en' ? 'ja' : 'en')}
            >
              {t('language')}
            </button>
            {session && (
              <button
                type="button"
                className="rounded-8 border border-key-900 px-3 py-1 text-key-900 hover:bg-key-50"
                onClick={() => signOut.mutate()}
                disabled={signOut.isPending}
              >
                {t('signOut')}
              </button>
            )}
          </div>
        </div>
        {menu.length > 0 && (
          <nav aria-label={t('nav.label')} className="mx-auto max-w-6xl px-6">
            <ul className="flex flex-wrap gap-1">
              {menu.map((item) => (
                <li key={item.key}>
                  <NavLink
                    to={item.to}
                    end={item.to === '/'}
                    className={({ isActive }) =>
                      `block border-b-4 px-3 py-2 ${isActive ? 'border-key-900 font-bold text-key-900' : 'border-transparent hover:bg-solid-gray-50'}`
                    }
                  >
                    {t(`nav.${item.key}`)}
                  </NavLink>
                </li>
              ))}
              {session?.role === 'admin' && (
                <li>
                  {/* The BullMQ dashboard is not part of this single-page app: a full page load. */}
                  <a
                    href="/admin/queues"
                    className="block border-b-4 border-transparent px-3 py-2 hover:bg-solid-gray-50"
                  >
                    {t('nav.queues')}
                  </a>
                </li>
              )}
            </ul>
          </nav>
        )}
      </header>
      <main id="main" className="mx-auto max-w-6xl px-6 py-8">
        <h1 className="mb-6 text-2xl font-bold">{title}</h1>
        {children}
      </main>
    </>
  );
}

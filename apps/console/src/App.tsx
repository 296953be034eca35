import { lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { ErrorAlert } from './components/ErrorAlert.tsx';
import { SessionProvider } from './components/current-session.tsx';
import { NotFoundPage } from './pages/not-found/NotFoundPage.tsx';
import { SignInPage } from './pages/sign-in/SignInPage.tsx';
import { WorkQueuePage } from './pages/work-queue/WorkQueuePage.tsx';
import { useSession } from './session.ts';

// Pages past the work queue load on first visit: the queue's first load stays small (docs/benchmarks.md).
const CasePage = lazy(() => import('./pages/case/CasePage.tsx'));
const NewApplicationPage = lazy(() => import('./pages/case/NewApplicationPage.tsx'));
const TrainingsPage = lazy(() => import('./pages/trainings/TrainingsPage.tsx'));
const TrainingOfferingPage = lazy(() => import('./pages/trainings/TrainingOfferingPage.tsx'));
const RecipientTimelinePage = lazy(() => import('./pages/recipient-timeline/RecipientTimelinePage.tsx'));
const DesignationRoundPage = lazy(() => import('./pages/designations/DesignationRoundPage.tsx'));
const ReportsPage = lazy(() => import('./pages/reports/ReportsPage.tsx'));
const AuditPage = lazy(() => import('./pages/audit/AuditPage.tsx'));
const RulesPage = lazy(() => import('./pages/rules/RulesPage.tsx'));

/** Every page but the sign-in needs a session: without one the visitor is sent to `/sign-in`. */
function SignedIn({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const session = useSession();
  const location = useLocation();
  if (session.isPending) return <p className="p-8">{t('loading')}</p>;
  if (session.isError) {
    return (
      <div className="p-8">
        <ErrorAlert error={session.error} />
      </div>
    );
  }
  if (session.data === null) {
    const back = location.pathname + location.search;
    return <Navigate to={back === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(back)}`} replace />;
  }
  return (
    <SessionProvider session={session.data}>
      <Suspense fallback={<p className="p-8">{t('loading')}</p>}>{children}</Suspense>
    </SessionProvider>
  );
}

/**
 * The console's pages (README, "Console"). A page's path is never an api route's (`/cases/…`, not
 * `/applications/…`): the api answers its routes first, and a reload of a page must reach the console.
 */
export function App() {
  const page = (element: ReactNode) => <SignedIn>{element}</SignedIn>;
  return (
    <Routes>
      <Route path="/sign-in" element={<SignInPage />} />
      <Route path="/" element={page(<WorkQueuePage />)} />
      <Route path="/cases/:applicationId" element={page(<CasePage />)} />
      <Route path="/new-application" element={page(<NewApplicationPage />)} />
      <Route path="/trainings" element={page(<TrainingsPage />)} />
      <Route path="/trainings/offerings/:offeringId" element={page(<TrainingOfferingPage />)} />
      <Route path="/recipient-timelines/:kind/:recipientId" element={page(<RecipientTimelinePage />)} />
      <Route path="/designations" element={page(<DesignationRoundPage />)} />
      <Route path="/designations/:fiscalYear" element={page(<DesignationRoundPage />)} />
      <Route path="/reports" element={page(<ReportsPage />)} />
      <Route path="/audit" element={page(<AuditPage />)} />
      <Route path="/audit/as-of" element={page(<AuditPage />)} />
      <Route path="/audit/logs" element={page(<AuditPage />)} />
      <Route path="/rules" element={page(<RulesPage />)} />
      <Route path="*" element={page(<NotFoundPage />)} />
    </Routes>
  );
}

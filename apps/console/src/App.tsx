import { lazy, Suspense, useEffect, useState, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { ErrorAlert } from './components/ErrorAlert.tsx';
import { SessionProvider } from './components/current-session.tsx';
import { NotFoundPage } from './pages/not-found/NotFoundPage.tsx';
import { SignInPage } from './pages/sign-in/SignInPage.tsx';
import { WorkQueuePage } from './pages/work-queue/WorkQueuePage.tsx';
import { useSession } from './session.ts';

/** A page's component; a lazy one says whether its code is here and can fetch it before it renders. */
type PageComponent = ComponentType & {
  readonly loaded?: () => boolean;
  readonly preload?: () => Promise<unknown>;
};

/**
 * A page loaded on first visit (the work queue's first load stays small, docs/benchmarks.md). Its code
 * is fetched as soon as its route matches, beside GET /session, and the page renders once both are
 * here: rendered before, it would suspend, and React holds a revealed Suspense boundary back ~300 ms.
 */
function lazyPage(load: () => Promise<{ default: ComponentType }>): PageComponent {
  let Loaded: ComponentType | undefined;
  const preload = () =>
    load().then((module) => {
      Loaded = module.default;
      return module;
    });
  const Lazy = lazy(preload);
  const Page = () => (Loaded ? <Loaded /> : <Lazy />);
  return Object.assign(Page, { loaded: () => Loaded !== undefined, preload });
}

const CasePage = lazyPage(() => import('./pages/case/CasePage.tsx'));
const NewApplicationPage = lazyPage(() => import('./pages/case/NewApplicationPage.tsx'));
const TrainingsPage = lazyPage(() => import('./pages/trainings/TrainingsPage.tsx'));
const TrainingOfferingPage = lazyPage(() => import('./pages/trainings/TrainingOfferingPage.tsx'));
const RecipientTimelinePage = lazyPage(() => import('./pages/recipient-timeline/RecipientTimelinePage.tsx'));
const DesignationRoundPage = lazyPage(() => import('./pages/designations/DesignationRoundPage.tsx'));
const ReportsPage = lazyPage(() => import('./pages/reports/ReportsPage.tsx'));
const AuditPage = lazyPage(() => import('./pages/audit/AuditPage.tsx'));
const RulesPage = lazyPage(() => import('./pages/rules/RulesPage.tsx'));

/** Every page but the sign-in needs a session: without one the visitor is sent to `/sign-in`. */
function SignedIn({ page: Page }: { page: PageComponent }) {
  const { t } = useTranslation();
  const session = useSession();
  const location = useLocation();
  // Settled: the page's code arrived, or its fetch failed (then the lazy page tries again as it renders).
  const [codeSettled, setCodeSettled] = useState<PageComponent | null>(null);
  useEffect(() => {
    let current = true;
    const settle = () => current && setCodeSettled(() => Page);
    void Page.preload?.().then(settle, settle);
    return () => {
      current = false;
    };
  }, [Page]);
  const codePending = Page.loaded?.() === false && codeSettled !== Page;
  if (session.isPending || codePending) return <p className="p-8">{t('loading')}</p>;
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
      <Suspense fallback={<p className="p-8">{t('loading')}</p>}>
        <Page />
      </Suspense>
    </SessionProvider>
  );
}

/**
 * The console's pages (README, "Console"). A page's path is never an api route's (`/cases/…`, not
 * `/applications/…`): the api answers its routes first, and a reload of a page must reach the console.
 */
export function App() {
  const page = (component: PageComponent) => <SignedIn page={component} />;
  return (
    <Routes>
      <Route path="/sign-in" element={<SignInPage />} />
      <Route path="/" element={page(WorkQueuePage)} />
      <Route path="/cases/:applicationId" element={page(CasePage)} />
      <Route path="/new-application" element={page(NewApplicationPage)} />
      <Route path="/trainings" element={page(TrainingsPage)} />
      <Route path="/trainings/offerings/:offeringId" element={page(TrainingOfferingPage)} />
      <Route path="/recipient-timelines/:kind/:recipientId" element={page(RecipientTimelinePage)} />
      <Route path="/designations" element={page(DesignationRoundPage)} />
      <Route path="/designations/:fiscalYear" element={page(DesignationRoundPage)} />
      <Route path="/reports" element={page(ReportsPage)} />
      <Route path="/audit" element={page(AuditPage)} />
      <Route path="/audit/as-of" element={page(AuditPage)} />
      <Route path="/audit/logs" element={page(AuditPage)} />
      <Route path="/rules" element={page(RulesPage)} />
      <Route path="*" element={page(NotFoundPage)} />
    </Routes>
  );
}

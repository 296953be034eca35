import { useEffect, useSyncExternalStore } from 'react';
import { SignInPage } from './pages/SignInPage.tsx';
import { WorkQueuePage } from './pages/WorkQueuePage.tsx';
import { navigate, useSession } from './session.ts';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  return () => window.removeEventListener('popstate', onChange);
}
const location = (): string => window.location.pathname + window.location.search;

/** `/sign-in` and `/` (作業一覧); without a session every page leads to the sign-in. */
export function App() {
  const [path, search = ''] = useSyncExternalStore(subscribe, location).split(/(?=\?)/);
  const session = useSession();
  const signedOut = session.isSuccess && session.data === null;
  useEffect(() => {
    if (signedOut && path !== '/sign-in') navigate('/sign-in');
  }, [signedOut, path]);

  if (path === '/sign-in') return <SignInPage />;
  if (session.isPending || signedOut) return <p className="p-8">読み込み中…</p>;
  if (session.isError) {
    return (
      <p role="alert" className="p-8 text-error-2">
        {session.error.message}
      </p>
    );
  }
  return <WorkQueuePage key={search} session={session.data!} search={search} />;
}

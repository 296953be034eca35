import { createContext, useContext, type ReactNode } from 'react';
import type { Session } from '../session.ts';

const CurrentSession = createContext<Session | null>(null);

export function SessionProvider({ session, children }: { session: Session; children: ReactNode }) {
  return <CurrentSession.Provider value={session}>{children}</CurrentSession.Provider>;
}

/** The signed-in session of a page behind `SignedIn` (App.tsx). */
export function useCurrentSession(): Session {
  const session = useContext(CurrentSession);
  if (session === null) throw new Error('useCurrentSession outside a signed-in page');
  return session;
}

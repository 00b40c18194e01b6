// Who is signed in: read once from /api/auth/me, set by signing in, cleared by signing out or when
// the server answers 401. Permissions come from the server, so the pages never restate its rules.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiProblem, setCsrfToken, setOnUnauthorized } from '../api/client';
import type { Me, SessionUser } from '../api/types';

export interface Session {
  /** undefined while the first /api/auth/me is on its way; null when nobody is signed in. */
  user: SessionUser | null | undefined;
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
  can(permission: string): boolean;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<SessionUser | null | undefined>(undefined);
  const accept = useCallback((me: Me | null) => {
    setCsrfToken(me?.csrfToken);
    setUser(me ? me.user : null);
  }, []);
  useEffect(() => {
    setOnUnauthorized(() => accept(null));
    api.get<Me>('/api/auth/me').then(accept, (error: unknown) => {
      if (error instanceof ApiProblem && error.status === 401) accept(null);
      else accept(null);
    });
    return () => setOnUnauthorized(undefined);
  }, [accept]);
  const value = useMemo<Session>(
    () => ({
      user,
      login: async (username, password) => accept(await api.post<Me>('/api/auth/login', { username, password })),
      logout: async () => {
        await api.post('/api/auth/logout').catch(() => undefined);
        accept(null);
      },
      can: (permission) => Boolean(user?.permissions.includes(permission)),
    }),
    [user, accept],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

// Who is signed in: read once from /api/auth/me, set by signing in, cleared by signing out.
// When the server says the session ended (401), the user is kept and `expired` is set, so the page
// stays as it is — with whatever was typed — while they sign in again over it.
// Permissions come from the server, so the pages never restate its rules.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, setCsrfToken, setOnUnauthorized } from '../api/client';
import type { Me, SessionUser } from '../api/types';

export interface Session {
  /** undefined while the first /api/auth/me is on its way; null when nobody is signed in. */
  user: SessionUser | null | undefined;
  /** The server ended the session while a page was open: sign in again before going on. */
  expired: boolean;
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
  can(permission: string): boolean;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<SessionUser | null | undefined>(undefined);
  const [expired, setExpired] = useState(false);
  const accept = useCallback((me: Me | null) => {
    setCsrfToken(me?.csrfToken);
    setUser(me ? me.user : null);
    setExpired(false);
  }, []);
  useEffect(() => {
    setOnUnauthorized(() => setExpired(true));
    api.get<Me>('/api/auth/me').then(accept, () => accept(null));
    return () => setOnUnauthorized(undefined);
  }, [accept]);
  const value = useMemo<Session>(
    () => ({
      user,
      expired: expired && Boolean(user),
      login: async (username, password) => accept(await api.post<Me>('/api/auth/login', { username, password })),
      logout: async () => {
        await api.post('/api/auth/logout').catch(() => undefined);
        accept(null);
      },
      can: (permission) => Boolean(user?.permissions.includes(permission)),
    }),
    [user, expired, accept],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

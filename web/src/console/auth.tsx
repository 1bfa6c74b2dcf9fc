import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, setUnauthorizedHandler } from '../shared/api.ts';

/** The signed-in person as /api/auth/me describes them. */
export interface Me {
  kind: 'user' | 'token';
  id: number;
  name: string;
  email?: string;
  roles?: string[];
  permissions: string[];
}

interface Auth {
  /** undefined while asking the server, null when nobody is signed in. */
  me: Me | null | undefined;
  can(permission: string): boolean;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>();

  useEffect(() => {
    api<Me>('/api/auth/me', { quiet401: true }).then(setMe, () => setMe(null));
    // Any later 401 means the session ended (expired or signed out elsewhere).
    setUnauthorizedHandler(() => setMe(null));
    return () => setUnauthorizedHandler(undefined);
  }, []);

  const signIn = useCallback(async (email: string, password: string) => {
    setMe(await api<Me>('/api/auth/login', { method: 'POST', body: { email, password }, quiet401: true }));
  }, []);

  const signOut = useCallback(async () => {
    await api('/api/auth/logout', { method: 'POST' });
    setMe(null);
  }, []);

  const value = useMemo<Auth>(() => {
    const permissions = new Set(me?.permissions ?? []);
    return { me, can: (permission) => permissions.has(permission), signIn, signOut };
  }, [me, signIn, signOut]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

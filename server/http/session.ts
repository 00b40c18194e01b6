// The session cookie: HttpOnly, SameSite=Strict, Secure when the server is reached over HTTPS.
import type { Request, Response } from 'express';

export const SESSION_COOKIE = 'oficio_session';

/** The session id the request's cookie carries; undefined without one, or when it is not one Oficio could have set. */
export function readSessionCookie(req: Request): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name !== SESSION_COOKIE) continue;
    // A malformed escape ('%', '%zz') is no session: the request goes on as signed out (401 where a user is needed).
    try {
      return decodeURIComponent(rest.join('='));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export function setSessionCookie(res: Response, sessionId: string, options: { secure: boolean; maxAgeSeconds: number }) {
  res.setHeader('Set-Cookie', `${SESSION_COOKIE}=${encodeURIComponent(sessionId)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${options.maxAgeSeconds}${options.secure ? '; Secure' : ''}`);
}

export function clearSessionCookie(res: Response, options: { secure: boolean }) {
  res.setHeader('Set-Cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${options.secure ? '; Secure' : ''}`);
}

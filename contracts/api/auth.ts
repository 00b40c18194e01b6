// Signing in and out, and who am I.
import { z } from 'zod';

export const LoginBody = z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(256) });

export const SessionUser = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  email: z.string().optional(),
  roles: z.array(z.string()),
  groups: z.array(z.string()),
  /** The permissions the user holds through their roles ('models.edit', 'audit.read', …): what the pages may offer. */
  permissions: z.array(z.string()),
});
export type SessionUser = z.infer<typeof SessionUser>;

/** The signed-in user, the CSRF token every state-changing call sends back, and when the session ends. */
export const Me = z.object({ user: SessionUser, csrfToken: z.string(), expiresAt: z.string() });
export type Me = z.infer<typeof Me>;

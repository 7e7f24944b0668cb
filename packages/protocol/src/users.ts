import { z } from 'zod'
import { Id, IsoDate } from './common.js'

/** Owners manage users; members only see their own agents (spec 1.2). */
export const UserRole = z.enum(['owner', 'member'])
export type UserRole = z.infer<typeof UserRole>

/** A dashboard user as the API returns it; the password hash never leaves the server. */
export const User = z.object({
  id: Id,
  email: z.string(),
  displayName: z.string(),
  role: UserRole,
  mustChangePassword: z.boolean(),
  createdAt: IsoDate,
})
export type User = z.infer<typeof User>

/** The `user` object of the auth endpoints (spec 3.1). */
export const SessionUser = User.pick({
  id: true,
  email: true,
  displayName: true,
  role: true,
  mustChangePassword: true,
})
export type SessionUser = z.infer<typeof SessionUser>

/** `POST /api/auth/login`. */
export const LoginBody = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email()),
  password: z.string().min(1).max(1024),
})
export type LoginBody = z.infer<typeof LoginBody>

/** Answer of login, refresh and me: `{user}`. */
export const SessionResponse = z.object({ user: SessionUser })
export type SessionResponse = z.infer<typeof SessionResponse>

/** `POST /api/auth/change-password`. */
export const ChangePasswordBody = z.object({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().min(8).max(1024),
})
export type ChangePasswordBody = z.infer<typeof ChangePasswordBody>

/** `POST /api/auth/ws-ticket`: a single-use ticket for the dashboard's socket (30 s). */
export const WsTicketResponse = z.object({ ticket: z.string() })
export type WsTicketResponse = z.infer<typeof WsTicketResponse>

/** `POST /api/users` (owners only). */
export const CreateUserBody = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email()),
  displayName: z.string().trim().min(1).max(128),
  password: z.string().min(8).max(1024),
  role: UserRole.optional(),
})
export type CreateUserBody = z.infer<typeof CreateUserBody>

/** `PATCH /api/users/:id` (owners only). */
export const UpdateUserBody = z.object({
  displayName: z.string().trim().min(1).max(128).optional(),
  role: UserRole.optional(),
})
export type UpdateUserBody = z.infer<typeof UpdateUserBody>

/** The dashboard's colour scheme; `system` follows the device (spec 1.10). */
export const Theme = z.enum(['light', 'dark', 'system'])
export type Theme = z.infer<typeof Theme>

/** `GET /api/preferences`: a user's dashboard settings, defaults until first changed (spec 3.7). */
export const Preferences = z.object({
  theme: Theme,
  managementDashboard: z.boolean(),
  updatedAt: IsoDate.nullable(),
})
export type Preferences = z.infer<typeof Preferences>

/** `PATCH /api/preferences`: only the given keys change. */
export const UpdatePreferencesBody = z.object({
  theme: Theme.optional(),
  managementDashboard: z.boolean().optional(),
})
export type UpdatePreferencesBody = z.infer<typeof UpdatePreferencesBody>

/** An API key without its secret (spec 1.4). */
export const ApiKey = z.object({
  id: Id,
  label: z.string(),
  keyPrefix: z.string(),
  lastUsedAt: IsoDate.nullable(),
  createdAt: IsoDate,
})
export type ApiKey = z.infer<typeof ApiKey>

/** Create and rotate answers: the raw `key` (`hp_` + 48 hex) is shown this once. */
export const ApiKeyWithSecret = ApiKey.extend({ key: z.string().regex(/^hp_[0-9a-f]{48}$/) })
export type ApiKeyWithSecret = z.infer<typeof ApiKeyWithSecret>

/** `POST /api/api-keys`. */
export const CreateApiKeyBody = z.object({
  label: z.string().trim().min(1).max(64).optional(),
})
export type CreateApiKeyBody = z.infer<typeof CreateApiKeyBody>

/** `GET /health`. */
export const HealthResponse = z.object({
  status: z.enum(['ok', 'degraded']),
  db: z.enum(['up', 'down']),
  version: z.string(),
})
export type HealthResponse = z.infer<typeof HealthResponse>

import { Theme, type Preferences, type UpdatePreferencesBody } from '@placet/protocol'
import type { Tx } from './database.ts'

type PreferencesRow = Awaited<ReturnType<Tx['userPreferences']['findUniqueOrThrow']>>

/** What a user who never changed a setting gets (spec 1.10 defaults). */
const DEFAULT_PREFERENCES: Preferences = {
  theme: 'system',
  managementDashboard: false,
  updatedAt: null,
}

function toPreferences(row: PreferencesRow): Preferences {
  return {
    // The column is free text; anything but a known theme reads as the default.
    theme: Theme.catch(DEFAULT_PREFERENCES.theme).parse(row.theme),
    managementDashboard: row.managementDashboard,
    updatedAt: row.updatedAt.toISOString(),
  }
}

export async function findPreferences(tx: Tx, userId: string): Promise<Preferences> {
  const row = await tx.userPreferences.findUnique({ where: { userId } })
  return row ? toPreferences(row) : DEFAULT_PREFERENCES
}

/** Creates the row on the first change; only the given keys are written. */
export async function upsertPreferences(
  tx: Tx,
  userId: string,
  changes: UpdatePreferencesBody,
): Promise<Preferences> {
  const row = await tx.userPreferences.upsert({
    where: { userId },
    create: { userId, ...changes },
    update: changes,
  })
  return toPreferences(row)
}

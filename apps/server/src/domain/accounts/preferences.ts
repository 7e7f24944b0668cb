import type { Preferences, UpdatePreferencesBody } from '@placet/protocol'
import type { Database } from '../../store/database.ts'
import { findPreferences, upsertPreferences } from '../../store/preferences.ts'

/** A user's dashboard settings (spec 3.7): theme and the management dashboard toggle. */
export class PreferencesService {
  constructor(private readonly db: Database) {}

  get(userId: string): Promise<Preferences> {
    return this.db.read((tx) => findPreferences(tx, userId))
  }

  update(userId: string, changes: UpdatePreferencesBody): Promise<Preferences> {
    return this.db.transaction((tx) => upsertPreferences(tx, userId, changes))
  }
}

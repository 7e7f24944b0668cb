/** `pnpm db:migrate`: applies pending migrations to DATABASE_URL (or the default SQLite file). */
import { loadConfig } from './config.ts'
import { applyLogLevel, logger } from './logger.ts'
import { migrateDatabase } from './store/migrate.ts'

const config = loadConfig()
applyLogLevel(config)
migrateDatabase(config.storage.databaseUrl).then(
  (applied) =>
    logger.info({ applied }, applied.length ? 'migrations applied' : 'database is up to date'),
  (error) => {
    logger.fatal({ err: error }, 'migration failed')
    process.exit(1)
  },
)

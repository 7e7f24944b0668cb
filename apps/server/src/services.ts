import type { Config } from './config.ts'
import { EventBus } from './domain/event-bus.ts'
import { EventLog } from './domain/event-log.ts'
import type { Job } from './jobs/job.ts'
import { AccountService } from './domain/accounts.ts'
import { AgentService } from './domain/agents.ts'
import { ApiKeyService } from './domain/api-keys.ts'
import { SessionService } from './domain/sessions.ts'
import { LoginRateLimiter } from './http/login-rate-limit.ts'
import type { Database } from './store/database.ts'

/** Every service of one server instance, built once and handed to the edges. */
export type Services = ReturnType<typeof createServices>

export function createServices(db: Database, config: Config) {
  const bus = new EventBus()
  const eventLog = new EventLog(db, bus)
  return {
    config,
    db,
    bus,
    eventLog,
    /** Background jobs, started after the server listens and stopped before it closes. */
    jobs: [] as Job[],
    accounts: new AccountService(db, config),
    agents: new AgentService(db),
    sessions: new SessionService(db, config),
    apiKeys: new ApiKeyService(db),
    loginLimiter: new LoginRateLimiter(config.auth.loginRateLimit, config.auth.loginRateWindowMs),
  }
}

import type { Config } from './config.ts'
import { EventBus } from './domain/events/event-bus.ts'
import { EventLog } from './domain/events/event-log.ts'
import { ChannelAccess } from './domain/agents/channel-access.ts'
import { EventReplay } from './domain/events/event-replay.ts'
import type { Job } from './jobs/job.ts'
import { AccountService } from './domain/accounts/accounts.ts'
import { AgentService } from './domain/agents/agents.ts'
import { AgentInboxService } from './domain/agents/agent-inbox.ts'
import { AgentStatusService } from './domain/agents/agent-status.ts'
import { ApiLogService } from './domain/agents/api-logs.ts'
import { AgentOfflineJob } from './jobs/agent-offline.ts'
import { FileStorage } from './domain/messages/file-storage.ts'
import { MessagePosting } from './domain/messages/message-posting.ts'
import { MessageService } from './domain/messages/messages.ts'
import { ReviewWaiters } from './domain/reviews/review-waiters.ts'
import { ReviewService } from './domain/reviews/reviews.ts'
import { StreamService } from './domain/messages/streams.ts'
import { ReviewExpiryJob } from './jobs/review-expiry-job.ts'
import { StaleStreamJob } from './jobs/stale-stream-job.ts'
import { ApiKeyService } from './domain/accounts/api-keys.ts'
import { SessionService } from './domain/accounts/sessions.ts'
import { LoginRateLimiter } from './http/login-rate-limit.ts'
import { WebhookDeliveryService } from './domain/webhooks/webhook-deliveries.ts'
import { WebhookDispatcher } from './domain/webhooks/webhook-dispatcher.ts'
import { WebhookOutbox } from './domain/webhooks/webhook-outbox.ts'
import { WebhookDeliveryJob } from './jobs/webhook-delivery-job.ts'
import type { Database } from './store/database.ts'

/** Every service of one server instance, built once and handed to the edges. */
export type Services = ReturnType<typeof createServices>

export function createServices(db: Database, config: Config) {
  const bus = new EventBus()
  const eventLog = new EventLog(db, bus)
  // Webhook deliveries are written in the transaction of the event that owes them (issue 5).
  const webhookOutbox = new WebhookOutbox()
  eventLog.onAppend(webhookOutbox.hook)
  const webhookJob = new WebhookDeliveryJob(
    db,
    bus,
    webhookOutbox,
    new WebhookDispatcher(db, eventLog, config.webhooks),
    config.webhooks,
  )
  const agentStatus = new AgentStatusService(db, eventLog, config.agents.offlineAfterMs)
  // Messaging and reviews (issue 3).
  const fileStorage = new FileStorage(config.storage.dataDir)
  const reviewWaiters = new ReviewWaiters(bus)
  const reviews = new ReviewService(db, eventLog, reviewWaiters, fileStorage, config)
  const streams = new StreamService(db, eventLog, fileStorage, config)
  return {
    config,
    db,
    bus,
    eventLog,
    /** Background jobs, started after the server listens and stopped before it closes. */
    jobs: [
      new AgentOfflineJob(agentStatus, bus, config.agents.offlineAfterMs),
      webhookJob,
      new ReviewExpiryJob(reviews, bus),
      new StaleStreamJob(streams, bus, config),
    ] as Job[],
    accounts: new AccountService(db, config, bus),
    agents: new AgentService(db, config),
    agentStatus,
    agentInbox: new AgentInboxService(db),
    apiLogs: new ApiLogService(db),
    sessions: new SessionService(db, config, bus),
    apiKeys: new ApiKeyService(db, bus),
    fileStorage,
    posting: new MessagePosting(db, eventLog, fileStorage, config),
    messages: new MessageService(db, eventLog, fileStorage),
    streams,
    reviewWaiters,
    reviews,
    access: new ChannelAccess(db),
    replay: new EventReplay(db),
    webhookDeliveries: new WebhookDeliveryService(db, () => webhookJob.wake()),
    loginLimiter: new LoginRateLimiter(config.auth.loginRateLimit, config.auth.loginRateWindowMs),
  }
}

import type { Config } from './config.ts'
import { AccountService } from './domain/accounts/accounts.ts'
import { ApiKeyService } from './domain/accounts/api-keys.ts'
import { LoginRateLimiter } from './domain/accounts/login-rate-limit.ts'
import { RateLimitBackend } from './domain/accounts/rate-limit-backend.ts'
import { SessionService } from './domain/accounts/sessions.ts'
import { AgentAvatarService } from './domain/agents/agent-avatars.ts'
import { AgentInboxService } from './domain/agents/agent-inbox.ts'
import { ApiKeyRateLimiter } from './domain/agents/api-key-rate-limit.ts'
import { AgentStatusService } from './domain/agents/agent-status.ts'
import { AgentService } from './domain/agents/agents.ts'
import { ApiLogService } from './domain/agents/api-logs.ts'
import { ChannelAccess } from './domain/agents/channel-access.ts'
import { NodeRegistry } from './domain/cluster/node-registry.ts'
import { EventBus } from './domain/events/event-bus.ts'
import { EventLog } from './domain/events/event-log.ts'
import { EventReplay } from './domain/events/event-replay.ts'
import type { FileStorage } from './domain/files/file-storage.ts'
import { FileService } from './domain/files/files.ts'
import { LocalFileStorage } from './domain/files/local-file-storage.ts'
import { S3FileStorage } from './domain/files/s3-file-storage.ts'
import { MessagePosting } from './domain/messages/message-posting.ts'
import { MessageService } from './domain/messages/messages.ts'
import { StreamService } from './domain/messages/streams.ts'
import { PreferencesService } from './domain/accounts/preferences.ts'
import { ReviewWaiters } from './domain/reviews/review-waiters.ts'
import { ReviewService } from './domain/reviews/reviews.ts'
import { WebhookDeliveryService } from './domain/webhooks/webhook-deliveries.ts'
import { WebhookDispatcher } from './domain/webhooks/webhook-dispatcher.ts'
import { WebhookOutbox } from './domain/webhooks/webhook-outbox.ts'
import { PushNotifier } from './domain/notifications/push-notifications.ts'
import { PushSubscriptionService } from './domain/notifications/push-subscriptions.ts'
import type { Database } from './store/database.ts'

/** Every domain service of one server instance, built once and handed to the edges and jobs. */
export type Services = ReturnType<typeof createServices>

export function createServices(db: Database, config: Config) {
  const bus = new EventBus()
  const eventLog = new EventLog(db, bus)
  // Webhook deliveries are written in the transaction of the event that owes them (issue 5).
  const webhookOutbox = new WebhookOutbox()
  eventLog.onAppend(webhookOutbox.hook)
  // Files on disk by default, in S3 when S3_BUCKET is set (issue 11).
  const fileStorage: FileStorage = config.files.s3
    ? new S3FileStorage(config.files.s3)
    : new LocalFileStorage(config.storage.dataDir)
  // Web Push for agent messages: owed in the event's transaction, sent after it (issue 10).
  const pushNotifier = new PushNotifier(db, config.push)
  eventLog.onAppend(pushNotifier.hook)
  // Messaging and reviews (issue 3).
  const reviewWaiters = new ReviewWaiters(bus)
  const posting = new MessagePosting(db, eventLog, fileStorage, config)
  const rateLimits = new RateLimitBackend(config.storage.redisUrl, config.storage.redisPrefix)
  // This process's node id, recorded on the leases it takes (issue 14).
  const nodes = new NodeRegistry(config.storage.redisUrl, config.storage.redisPrefix)
  return {
    config,
    db,
    bus,
    eventLog,
    accounts: new AccountService(db, config, fileStorage, bus),
    agents: new AgentService(db, config, fileStorage),
    avatars: new AgentAvatarService(db, fileStorage, config.files.maxAvatarBytes),
    agentStatus: new AgentStatusService(db, eventLog, config.agents.offlineAfterMs),
    agentInbox: new AgentInboxService(db),
    apiLogs: new ApiLogService(db),
    sessions: new SessionService(db, config, bus),
    apiKeys: new ApiKeyService(db, bus),
    preferences: new PreferencesService(db),
    fileStorage,
    posting,
    files: new FileService(db, eventLog, fileStorage, posting, config),
    messages: new MessageService(db, eventLog, fileStorage),
    streams: new StreamService(db, eventLog, fileStorage, config),
    reviewWaiters,
    reviews: new ReviewService(db, eventLog, reviewWaiters, fileStorage, config),
    access: new ChannelAccess(db),
    replay: new EventReplay(db),
    webhookOutbox,
    nodes,
    webhookDispatcher: new WebhookDispatcher(db, eventLog, config.webhooks, nodes),
    webhookDeliveries: new WebhookDeliveryService(db),
    pushNotifier,
    pushSubscriptions: new PushSubscriptionService(db, config.push, pushNotifier),
    rateLimits,
    loginLimiter: new LoginRateLimiter(
      rateLimits,
      config.auth.loginRateLimit,
      config.auth.loginRateWindowMs,
    ),
    apiKeyLimiter: new ApiKeyRateLimiter(rateLimits, config.auth.agentRateLimit),
  }
}

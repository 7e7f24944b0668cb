import type { Config } from '../config.ts'
import type { AgentStatusService } from '../domain/agents/agent-status.ts'
import type { EventBus } from '../domain/events/event-bus.ts'
import type { PushNotifier } from '../domain/notifications/push-notifications.ts'
import type { StreamService } from '../domain/messages/streams.ts'
import type { ReviewService } from '../domain/reviews/reviews.ts'
import type { WebhookDeliveryService } from '../domain/webhooks/webhook-deliveries.ts'
import type { WebhookDispatcher } from '../domain/webhooks/webhook-dispatcher.ts'
import type { WebhookOutbox } from '../domain/webhooks/webhook-outbox.ts'
import type { NodeRegistry } from '../domain/cluster/node-registry.ts'
import { AgentOfflineJob } from './agent-offline.ts'
import type { Job } from './job.ts'
import { NodeHeartbeatJob } from './node-heartbeat-job.ts'
import { PushNotificationJob } from './push-notification-job.ts'
import { ReviewExpiryJob } from './review-expiry-job.ts'
import { StaleStreamJob } from './stale-stream-job.ts'
import { WebhookDeliveryJob } from './webhook-delivery-job.ts'

/**
 * The background jobs of one server, over its domain services; started after it listens, in
 * this order, and stopped in the reverse one (the heartbeat outlives the webhook worker).
 */
export function createJobs(
  services: {
    bus: EventBus
    agentStatus: AgentStatusService
    reviews: ReviewService
    streams: StreamService
    webhookOutbox: WebhookOutbox
    webhookDispatcher: WebhookDispatcher
    webhookDeliveries: WebhookDeliveryService
    pushNotifier: PushNotifier
    nodes: NodeRegistry
  },
  config: Config,
): Job[] {
  const { bus } = services
  return [
    new NodeHeartbeatJob(services.nodes),
    new AgentOfflineJob(services.agentStatus, bus, config.agents.offlineAfterMs),
    new WebhookDeliveryJob(
      bus,
      services.webhookOutbox,
      services.webhookDispatcher,
      services.webhookDeliveries,
      config.webhooks,
      services.nodes,
    ),
    new ReviewExpiryJob(services.reviews, bus),
    new StaleStreamJob(services.streams, bus, config),
    new PushNotificationJob(bus, services.pushNotifier),
  ]
}

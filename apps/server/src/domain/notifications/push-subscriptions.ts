import type { PushSubscribeBody, VapidKeyResponse } from '@placet/protocol'
import type { Config } from '../../config.ts'
import type { Database } from '../../store/database.ts'
import {
  deleteUserPushSubscription,
  upsertPushSubscription,
} from '../../store/push-subscriptions.ts'
import { assertPushEndpointAllowed } from './push-endpoint-guard.ts'
import type { PushNotifier } from './push-notifications.ts'

/** The browser side of Web Push (spec 3.7): the server's key, and subscribing a browser. */
export class PushSubscriptionService {
  constructor(
    private readonly db: Database,
    private readonly settings: Config['push'],
    private readonly notifier: PushNotifier,
  ) {}

  vapidKey(): VapidKeyResponse {
    return { publicKey: this.settings.vapid.publicKey }
  }

  async subscribe(userId: string, { endpoint, keys }: PushSubscribeBody): Promise<void> {
    await assertPushEndpointAllowed(endpoint, this.settings.allowPrivate)
    await this.db.transaction((tx) =>
      upsertPushSubscription(tx, userId, { endpoint, p256dh: keys.p256dh, auth: keys.auth }),
    )
    this.notifier.forgetSubscriptions()
  }

  /** Idempotent, like the browser's own unsubscribe: an unknown endpoint is no error. */
  async unsubscribe(userId: string, endpoint: string): Promise<void> {
    await this.db.transaction((tx) => deleteUserPushSubscription(tx, userId, endpoint))
    this.notifier.forgetSubscriptions()
  }
}

'use client'

import { useEffect, useId, useState } from 'react'
import { describeRequestError } from '../../../../lib/describe-request-error'
import { disablePush, enablePush, readPushState, type PushState } from '../../../../lib/web-push'

const EXPLANATIONS: Record<PushState, string> = {
  unsupported: 'This browser cannot receive push notifications.',
  denied: 'Notifications are blocked for this site; allow them in the browser’s site settings.',
  off: 'Get a notification on this device for every new review and agent message.',
  on: 'This device gets a notification for every new review and agent message.',
}

/** The notifications toggle of Settings (spec 6.7, 6.8): Web Push for this browser. */
export function NotificationsSection() {
  const id = useId()
  const [state, setState] = useState<PushState | null>(null)
  const [isBusy, setIsBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    readPushState().then(setState, () => setState('unsupported'))
  }, [])

  const toggle = async (isOn: boolean) => {
    setIsBusy(true)
    setError(null)
    try {
      setState(isOn ? await enablePush() : await disablePush())
    } catch (failure) {
      setError(
        failure instanceof Error && !(failure instanceof TypeError)
          ? `Could not ${isOn ? 'turn on' : 'turn off'} notifications: ${failure.message}`
          : describeRequestError(failure),
      )
    } finally {
      setIsBusy(false)
    }
  }

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Notifications</h2>
      <label className="toggle" htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          role="switch"
          checked={state === 'on'}
          disabled={isBusy || state === null || state === 'unsupported' || state === 'denied'}
          onChange={(event) => void toggle(event.target.checked)}
          data-testid="push-toggle"
        />
        Push notifications on this device
      </label>
      <p className="hint" data-testid="push-state">
        {state === null ? 'Checking this browser…' : EXPLANATIONS[state]}
      </p>
      {error && (
        <p className="alert" role="alert" data-testid="push-error">
          {error}
        </p>
      )}
    </section>
  )
}

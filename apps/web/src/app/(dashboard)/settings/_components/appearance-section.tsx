'use client'

import { Theme } from '@placet/protocol'
import { useState } from 'react'
import { describeRequestError } from '../../../../lib/describe-request-error'
import { usePreferences } from '../../../../lib/use-preferences'

const LABELS: Record<Theme, string> = { light: 'Light', dark: 'Dark', system: 'Same as the device' }

/** Theme choice, saved per user on the server (`PATCH /api/preferences`). */
export function AppearanceSection() {
  const { preferences, update } = usePreferences()
  // The radio follows the click at once, not only after the cache has caught up.
  const [choice, setChoice] = useState<Theme | null>(null)
  const shown = choice ?? preferences?.theme
  return (
    <section className="card" aria-labelledby="appearance-title">
      <h2 id="appearance-title">Appearance</h2>
      <fieldset className="choice-list" disabled={!preferences}>
        <legend>Theme</legend>
        {Theme.options.map((theme) => (
          <label key={theme} className="choice">
            <input
              type="radio"
              name="theme"
              value={theme}
              checked={shown === theme}
              onChange={() => {
                setChoice(theme)
                update.mutate({ theme })
              }}
            />
            <span>{LABELS[theme]}</span>
          </label>
        ))}
      </fieldset>
      {update.error && (
        <p className="alert" role="alert">
          {describeRequestError(update.error)}
        </p>
      )}
    </section>
  )
}

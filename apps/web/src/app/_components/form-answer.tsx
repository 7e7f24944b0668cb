import { FormPayload, REDACTED } from '@placet/protocol'

/** A submitted form, read-only. Password values are never shown, redacted or not (spec 1.6). */
export function FormAnswer({ payload, response }: { payload: unknown; response: object }) {
  const answer = response as Record<string, unknown>
  if (answer._dismissed === true) return <p className="review-answer-line">Dismissed</p>
  const parsed = FormPayload.safeParse(payload)
  const fields = parsed.success ? parsed.data.fields : []
  return (
    <dl className="form-answer">
      {fields.map((field) => {
        const value = answer[field.name]
        let shown: string
        if (field.type === 'password' && value !== null && value !== undefined) shown = '••••••'
        else if (value === undefined || value === null || value === '') shown = '—'
        else if (typeof value === 'boolean') shown = value ? 'Yes' : 'No'
        else shown = value === REDACTED ? '••••••' : String(value)
        return (
          <div key={field.name} className="form-answer-row">
            <dt>{field.label || field.name}</dt>
            <dd data-testid={`answer-${field.name}`}>{shown}</dd>
          </div>
        )
      })}
    </dl>
  )
}

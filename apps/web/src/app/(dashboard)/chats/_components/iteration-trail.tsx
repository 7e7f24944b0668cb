import type { Message } from '@placet/protocol'
import { diffWords } from 'diff'

/**
 * Where a revised review sits in its chain (spec 1.7, 6.2): breadcrumbs to every loaded
 * version, and what changed in the text since the previous one (added green, removed red).
 */
export function IterationTrail({
  message,
  chain,
  isDiffOpen = false,
}: {
  message: Message
  chain: Message[]
  /** Shows the changes at once (the inbox's diff toggle) instead of behind a disclosure. */
  isDiffOpen?: boolean
}) {
  const index = chain.findIndex(({ id }) => id === message.id)
  const previous = index > 0 ? chain[index - 1] : undefined
  return (
    <div className="iteration-trail">
      <nav aria-label={`Versions of this review`}>
        <ol className="breadcrumbs">
          {chain.map((version) => (
            <li key={version.id}>
              <a
                href={`#message-${version.id}`}
                aria-current={version.id === message.id ? 'step' : undefined}
              >
                Version {version.iteration ?? 1}
              </a>
            </li>
          ))}
        </ol>
      </nav>
      {previous && (
        <details className="iteration-diff" open={isDiffOpen}>
          <summary>Changes since version {previous.iteration ?? 1}</summary>
          <p className="diff-text" data-testid="iteration-diff">
            {diffWords(previous.text ?? '', message.text ?? '').map((part, at) =>
              part.added ? (
                <ins key={at}>{part.value}</ins>
              ) : part.removed ? (
                <del key={at}>{part.value}</del>
              ) : (
                <span key={at}>{part.value}</span>
              ),
            )}
          </p>
        </details>
      )}
    </div>
  )
}

import { uploadedAvatarVersion, type AgentStatus } from '@placet/protocol'
import { env } from '../../../../env'

/** Up to two initials of a name: "Deploy bot" → "DB". */
function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean)
  const letters =
    words.length > 1 ? [words[0]![0], words[1]![0]] : [...(words[0] ?? '?')].slice(0, 2)
  return letters.join('').toUpperCase()
}

/**
 * Where the page may load an agent's avatar from, or null: an uploaded one through
 * `GET /api/agents/:id/avatar`, versioned so the hour the server lets it be cached never shows a
 * replaced image; a same-origin path or a `data:` image as given. The server's CSP allows
 * images from its own origin and `data:` URLs only, so other URLs would show a broken image.
 */
function avatarSourceOf(agentId: string, avatarUrl: string | null): string | null {
  const version = uploadedAvatarVersion(agentId, avatarUrl)
  if (version)
    return `${env.NEXT_PUBLIC_API_URL}/api/agents/${encodeURIComponent(agentId)}/avatar?v=${version}`
  return avatarUrl !== null && /^(\/(?!\/)|data:image\/)/.test(avatarUrl) ? avatarUrl : null
}

/**
 * An agent's avatar: its image when there is one the page may load, its initials otherwise
 * (spec 6.2), with the live status dot (hidden when offline).
 */
export function AgentAvatar({
  agentId,
  name,
  avatarUrl,
  status,
  size = 40,
}: {
  agentId: string
  name: string
  avatarUrl: string | null
  status?: AgentStatus
  size?: number
}) {
  const source = avatarSourceOf(agentId, avatarUrl)
  return (
    <span className="avatar" style={{ width: size, height: size }} aria-hidden="true">
      {source ? (
        <img src={source} alt="" width={size} height={size} data-testid="avatar-image" />
      ) : (
        <span className="avatar-initials">{initialsOf(name)}</span>
      )}
      {status && status !== 'offline' && <span className={`status-dot status-${status}`} />}
    </span>
  )
}

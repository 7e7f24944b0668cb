import type { AgentStatus } from '@placet/protocol'

/** Up to two initials of a name: "Deploy bot" → "DB". */
function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean)
  const letters =
    words.length > 1 ? [words[0]![0], words[1]![0]] : [...(words[0] ?? '?')].slice(0, 2)
  return letters.join('').toUpperCase()
}

/**
 * An agent's avatar: its image when the page may load it, its initials otherwise (spec 6.2),
 * with the live status dot (hidden when offline). The server's CSP allows images from its own
 * origin and `data:` URLs only, so other URLs would show a broken image.
 */
export function AgentAvatar({
  name,
  avatarUrl,
  status,
  size = 40,
}: {
  name: string
  avatarUrl: string | null
  status?: AgentStatus
  size?: number
}) {
  const hasImage = avatarUrl !== null && /^(\/(?!\/)|data:image\/)/.test(avatarUrl)
  return (
    <span className="avatar" style={{ width: size, height: size }} aria-hidden="true">
      {hasImage ? (
        <img src={avatarUrl} alt="" width={size} height={size} />
      ) : (
        <span className="avatar-initials">{initialsOf(name)}</span>
      )}
      {status && status !== 'offline' && <span className={`status-dot status-${status}`} />}
    </span>
  )
}

'use client'

import type { AgentCommand } from '@placet/protocol'
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react'
import { loadComposerDraft, saveComposerDraft } from '../../../../lib/unsent-messages'

/** A command's name without its slash, as agents register either form. */
function nameOf(command: AgentCommand): string {
  return command.command.replace(/^\//, '')
}

/**
 * The chat input (spec 6.2): Enter sends on desktop (Shift+Enter breaks the line; on touch
 * screens Enter always breaks it and the Send button sends). Typing `/` opens the agent's
 * slash commands: type to filter, ↑ ↓ to move, Tab to complete, Enter to pick, Esc to close;
 * a command without arguments is sent at once. "Attach file" picks files to upload. What is
 * typed and not sent yet is kept per chat in localStorage, so a reload does not lose it.
 */
export function MessageComposer({
  channelId,
  commands,
  onSend,
  onAttach,
}: {
  channelId: string
  commands: AgentCommand[]
  onSend: (text: string) => void
  onAttach: (files: File[]) => void
}) {
  const fileInput = useRef<HTMLInputElement>(null)
  // The composer mounts in the browser only (the chat renders once the agents are loaded).
  const [text, setText] = useState(() => loadComposerDraft(window.localStorage, channelId))
  const [activeIndex, setActiveIndex] = useState(0)
  const [isPaletteDismissed, setIsPaletteDismissed] = useState(false)
  const paletteId = useId()

  useEffect(() => saveComposerDraft(window.localStorage, channelId, text), [channelId, text])

  const commandQuery = /^\/\S*$/.test(text) ? text.slice(1).toLowerCase() : null
  const matches =
    commandQuery === null || isPaletteDismissed
      ? []
      : commands.filter((command) => nameOf(command).toLowerCase().startsWith(commandQuery))
  const isPaletteOpen = matches.length > 0
  const active = matches[Math.min(activeIndex, matches.length - 1)]

  function send(value: string) {
    if (!value.trim()) return
    onSend(value)
    setText('')
    setActiveIndex(0)
    setIsPaletteDismissed(false)
  }

  function pick(command: AgentCommand) {
    if (command.acceptsArgs) {
      setText(`/${nameOf(command)} `)
      return
    }
    send(`/${nameOf(command)}`)
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (isPaletteOpen && active) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault()
        const step = event.key === 'ArrowDown' ? 1 : -1
        setActiveIndex((matches.indexOf(active) + step + matches.length) % matches.length)
        return
      }
      if (event.key === 'Tab') {
        event.preventDefault()
        setText(`/${nameOf(active)}${active.acceptsArgs ? ' ' : ''}`)
        return
      }
      if (event.key === 'Enter' && !event.shiftKey) {
        event.preventDefault()
        pick(active)
        return
      }
      if (event.key === 'Escape') {
        event.preventDefault()
        setIsPaletteDismissed(true)
        return
      }
    }
    const isTouch = window.matchMedia('(pointer: coarse)').matches
    if (event.key === 'Enter' && !event.shiftKey && !isTouch && !event.nativeEvent.isComposing) {
      event.preventDefault()
      send(text)
    }
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault()
    send(text)
  }

  return (
    <form className="composer" onSubmit={onSubmit}>
      {isPaletteOpen && (
        <ul className="command-palette" id={paletteId} role="listbox" aria-label="Commands">
          {matches.map((command) => (
            <li
              key={command.command}
              id={`${paletteId}-${nameOf(command)}`}
              role="option"
              aria-selected={command === active}
              className="command-option"
              // mousedown, not click: the textarea keeps focus, so the keyboard flow goes on.
              onMouseDown={(event) => {
                event.preventDefault()
                pick(command)
              }}
            >
              <span className="command-name">
                /{nameOf(command)}
                {command.argHint && <span className="command-args"> {command.argHint}</span>}
              </span>
              <span className="command-description">{command.description}</span>
            </li>
          ))}
        </ul>
      )}
      <input
        ref={fileInput}
        type="file"
        multiple
        hidden
        data-testid="attach-input"
        onChange={(event) => {
          onAttach([...(event.target.files ?? [])])
          // Cleared, so picking the same file again still fires a change.
          event.target.value = ''
        }}
      />
      <button
        type="button"
        className="icon-button composer-attach"
        aria-label="Attach file"
        title="Attach file"
        onClick={() => fileInput.current?.click()}
      >
        <svg aria-hidden="true" width="20" height="20" viewBox="0 0 24 24" fill="none">
          <path
            d="M21 11.5 12.5 20a5.5 5.5 0 0 1-7.8-7.8l8.9-8.9a3.7 3.7 0 0 1 5.2 5.2l-8.9 8.9a1.8 1.8 0 0 1-2.6-2.6l8.2-8.2"
            stroke="currentColor"
            strokeWidth="2"
            strokeLinecap="round"
            strokeLinejoin="round"
          />
        </svg>
      </button>
      <textarea
        className="composer-input"
        aria-label="Message"
        placeholder={commands.length > 0 ? 'Message, or / for commands' : 'Message'}
        rows={1}
        value={text}
        onChange={(event) => {
          setText(event.target.value)
          setIsPaletteDismissed(false)
          setActiveIndex(0)
        }}
        onKeyDown={onKeyDown}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={isPaletteOpen}
        aria-controls={isPaletteOpen ? paletteId : undefined}
        aria-activedescendant={
          isPaletteOpen && active ? `${paletteId}-${nameOf(active)}` : undefined
        }
      />
      <button type="submit" className="button" disabled={!text.trim()}>
        Send
      </button>
    </form>
  )
}

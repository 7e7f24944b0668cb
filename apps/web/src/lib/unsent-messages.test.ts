import { describe, expect, it } from 'vitest'
import {
  composerDraftKey,
  loadComposerDraft,
  loadUnsentMessages,
  pendingMessagesKey,
  saveComposerDraft,
  saveUnsentMessages,
} from './unsent-messages'

/** localStorage's contract over a Map (node has no localStorage). */
function memoryStorage(initial: Record<string, string> = {}) {
  const values = new Map(Object.entries(initial))
  return {
    values,
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => void values.set(key, value),
    removeItem: (key: string) => void values.delete(key),
  }
}

describe('unsent messages', () => {
  it('keeps each chat’s pending messages under its own key, and drops the key when empty', () => {
    const storage = memoryStorage()
    saveUnsentMessages(storage, 'c1', [{ clientId: 'a', text: 'hello' }])
    saveUnsentMessages(storage, 'c2', [{ clientId: 'b', text: 'other chat' }])
    expect(loadUnsentMessages(storage, 'c1')).toEqual([{ clientId: 'a', text: 'hello' }])
    expect(storage.values.has(pendingMessagesKey('c1'))).toBe(true)
    saveUnsentMessages(storage, 'c1', [])
    expect(storage.values.has(pendingMessagesKey('c1'))).toBe(false)
    expect(loadUnsentMessages(storage, 'c2')).toHaveLength(1)
  })

  it('reads garbage as nothing', () => {
    for (const value of ['{', '42', '[{"clientId":1}]', '[{"text":"no id"}]'])
      expect(loadUnsentMessages(memoryStorage({ [pendingMessagesKey('c')]: value }), 'c')).toEqual(
        [],
      )
  })

  it('keeps the composer’s text per chat, and an empty text removes it', () => {
    const storage = memoryStorage()
    saveComposerDraft(storage, 'c1', 'half a thought')
    expect(loadComposerDraft(storage, 'c1')).toBe('half a thought')
    expect(loadComposerDraft(storage, 'c2')).toBe('')
    saveComposerDraft(storage, 'c1', '')
    expect(storage.values.has(composerDraftKey('c1'))).toBe(false)
  })

  it('survives a storage that refuses to write', () => {
    const full = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError')
      },
      removeItem: () => undefined,
    }
    expect(() => saveUnsentMessages(full, 'c', [{ clientId: 'a', text: 'x' }])).not.toThrow()
    expect(() => saveComposerDraft(full, 'c', 'x')).not.toThrow()
  })
})

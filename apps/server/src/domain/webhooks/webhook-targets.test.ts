import { describe, expect, it } from 'vitest'
import {
  resolveChannelTarget,
  resolveReviewTarget,
  type ChannelEndpoint,
} from './webhook-targets.ts'

const channel: ChannelEndpoint = {
  webhookUrl: 'https://agent.example/hook',
  webhookDisabledAt: null,
  webhookEvents: null,
}
const none: ChannelEndpoint = { webhookUrl: null, webhookDisabledAt: null, webhookEvents: null }
const callback = {
  url: 'https://legacy.example/cb',
  method: 'PUT' as const,
  headers: { 'x-token': 'abc' },
}

describe('resolveReviewTarget (spec 4.2)', () => {
  it('prefers the message URL, without the channel credentials', () => {
    expect(
      resolveReviewTarget({
        metadata: { webhookUrl: 'https://once.example/x' },
        channel,
        callback,
      }),
    ).toEqual({
      url: 'https://once.example/x',
      method: 'POST',
      useChannelCredentials: false,
      headers: null,
    })
  })

  it('then the channel URL, with its credentials', () => {
    expect(resolveReviewTarget({ metadata: { other: 1 }, channel, callback })).toEqual({
      url: 'https://agent.example/hook',
      method: 'POST',
      useChannelCredentials: true,
      headers: null,
    })
  })

  it('then the legacy callback, with its own method and headers only', () => {
    expect(resolveReviewTarget({ metadata: null, channel: none, callback })).toEqual({
      url: 'https://legacy.example/cb',
      method: 'PUT',
      useChannelCredentials: false,
      headers: { 'x-token': 'abc' },
    })
  })

  it('skips a disabled channel endpoint, and finds nothing when nothing is set', () => {
    const disabled = { ...channel, webhookDisabledAt: new Date() }
    expect(resolveReviewTarget({ metadata: null, channel: disabled, callback })?.url).toBe(
      'https://legacy.example/cb',
    )
    expect(resolveReviewTarget({ metadata: null, channel: disabled, callback: null })).toBeNull()
    expect(
      resolveReviewTarget({ metadata: { webhookUrl: '' }, channel: none, callback: undefined }),
    ).toBeNull()
  })
})

describe('resolveChannelTarget', () => {
  it('sends Placet events to the channel webhook', () => {
    expect(resolveChannelTarget(channel, 'message:created')?.useChannelCredentials).toBe(true)
    expect(resolveChannelTarget(none, 'message:created')).toBeNull()
  })

  it('sends opt-in events only to endpoints that subscribed', () => {
    expect(resolveChannelTarget(channel, 'agent:status')).toBeNull()
    expect(resolveChannelTarget(channel, 'review:cancelled')).toBeNull()
    const subscribed = { ...channel, webhookEvents: ['agent:status'] }
    expect(resolveChannelTarget(subscribed, 'agent:status')?.url).toBe('https://agent.example/hook')
    expect(resolveChannelTarget(subscribed, 'review:cancelled')).toBeNull()
  })
})

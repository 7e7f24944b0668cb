import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import {
  Agent,
  AgentCommand,
  AgentListItem,
  AgentStats,
  AgentStatus,
  AgentStatusHistory,
  AgentWithWebhookSecret,
  AgentsOverviewStats,
  ChannelBody,
  CreateAgentBody,
  MASKED_SECRET,
  SetCommandsBody,
  SetManagementBody,
  SetSubagentBody,
  SetTagBody,
  SetWebhookBody,
  StatusPingBody,
  UpdateAgentBody,
  WebhookAuth,
  WebhookHeaders,
  uploadedAvatarVersion,
  webhookSecretKey,
} from './agents.js'

const pathOf = (schema: z.ZodType, input: unknown) => schema.safeParse(input).error?.issues[0]?.path

const agent = {
  id: 'clxyz456',
  ownerId: 'clusr001',
  name: 'Deploy bot',
  description: null,
  avatarUrl: null,
  webhookUrl: 'https://bot.example.com/placet',
  webhookHeaders: { 'X-Env': 'prod' },
  webhookAuth: { username: 'placet', password: MASKED_SECRET },
  webhookEvents: null,
  status: 'active',
  statusMessage: 'Processing batch job',
  statusSince: '2026-04-01T14:00:00.000Z',
  lastActiveAt: '2026-04-01T14:29:00.000Z',
  commands: [
    {
      command: '/deploy',
      description: 'Deploy a version',
      acceptsArgs: true,
      argHint: '<version>',
    },
  ],
  tag: 'ops',
  managementUrl: null,
  managementApiKey: null,
  isSubagent: false,
  parentAgentId: null,
  createdAt: '2026-03-01T09:00:00.000Z',
}
const statusRow = {
  id: 'clhis001',
  agentId: 'clxyz456',
  status: 'busy',
  message: null,
  createdAt: '2026-04-01T14:00:00.000Z',
}

describe('AgentStatus', () => {
  it('accepts the four heartbeat states only', () => {
    expect(AgentStatus.options).toEqual(['active', 'busy', 'error', 'offline'])
    expect(AgentStatus.safeParse('idle').success).toBe(false)
  })
})

describe('AgentCommand', () => {
  it('accepts a slash command (spec 1.3)', () => {
    expect(AgentCommand.safeParse({ command: '/status', description: 'Show status' }).success).toBe(
      true,
    )
  })

  it('rejects a blank command', () => {
    expect(pathOf(AgentCommand, { command: '  ', description: 'x' })).toEqual(['command'])
  })
})

describe('WebhookAuth', () => {
  it('accepts Basic credentials', () => {
    expect(WebhookAuth.safeParse({ username: 'placet', password: 's3cret' }).success).toBe(true)
    expect(pathOf(WebhookAuth, { username: 'placet' })).toEqual(['password'])
  })
})

describe('WebhookHeaders', () => {
  it('accepts string headers', () => {
    expect(WebhookHeaders.safeParse({ 'X-Token': 'abc' }).success).toBe(true)
  })

  it('rejects an empty name and a non-string value', () => {
    expect(pathOf(WebhookHeaders, { '': 'abc' })).toEqual([''])
    expect(pathOf(WebhookHeaders, { 'X-Retry': 1 })).toEqual(['X-Retry'])
  })
})

describe('Agent', () => {
  it('accepts a masked agent', () => {
    expect(Agent.safeParse(agent).success).toBe(true)
  })

  it('rejects an unknown status and a missing isSubagent', () => {
    expect(pathOf(Agent, { ...agent, status: 'sleeping' })).toEqual(['status'])
    expect(pathOf(Agent, { ...agent, isSubagent: undefined })).toEqual(['isSubagent'])
  })
})

describe('AgentListItem', () => {
  const item = {
    ...agent,
    lastMessage: 'Deploy?',
    lastMessageTime: '2026-04-01T14:30:00.000Z',
    unreadCount: 2,
  }

  it('accepts an agent with its inbox figures (spec 3.4)', () => {
    expect(AgentListItem.safeParse(item).success).toBe(true)
  })

  it('rejects a fractional unreadCount', () => {
    expect(pathOf(AgentListItem, { ...item, unreadCount: 1.5 })).toEqual(['unreadCount'])
  })
})

describe('CreateAgentBody', () => {
  it('accepts the body of spec 2.3', () => {
    const body = {
      name: 'Deploy bot',
      description: 'Ships',
      webhookUrl: 'https://bot.example.com/hook',
      tag: 'ops',
    }
    expect(CreateAgentBody.safeParse(body).success).toBe(true)
  })

  it('rejects a blank name, a non-http webhook and a long tag', () => {
    expect(pathOf(CreateAgentBody, { name: ' ' })).toEqual(['name'])
    expect(pathOf(CreateAgentBody, { name: 'bot', webhookUrl: 'ftp://bot.example.com' })).toEqual([
      'webhookUrl',
    ])
    expect(pathOf(CreateAgentBody, { name: 'bot', tag: 'x'.repeat(65) })).toEqual(['tag'])
  })
})

describe('UpdateAgentBody', () => {
  it('accepts null to clear a field, and the masked password', () => {
    const body = {
      webhookUrl: null,
      webhookHeaders: null,
      tag: null,
      webhookAuth: { username: 'placet', password: '***' },
    }
    expect(UpdateAgentBody.safeParse(body).success).toBe(true)
  })

  it('does not let the name be cleared', () => {
    expect(pathOf(UpdateAgentBody, { name: null })).toEqual(['name'])
  })
})

describe('SetWebhookBody', () => {
  const body = {
    channelId: 'clxyz456',
    url: 'https://bot.example.com/hook',
    headers: { 'X-Env': 'prod' },
    auth: { username: 'placet', password: 's3cret' },
    management: { url: 'https://bot.example.com/manage', apiKey: 'mk_1' },
    isSubagent: true,
    parentChannelId: 'clxyz123',
    events: ['review:cancelled', 'agent:status'],
  }

  it('accepts the body of spec 2.3', () => {
    expect(SetWebhookBody.safeParse(body).success).toBe(true)
    expect(
      SetWebhookBody.safeParse({ channelId: 'clxyz456', url: 'http://10.0.0.1:8080/hook' }).success,
    ).toBe(true)
  })

  it('rejects a missing url and an event that cannot be opted into', () => {
    expect(pathOf(SetWebhookBody, { ...body, url: undefined })).toEqual(['url'])
    expect(pathOf(SetWebhookBody, { ...body, events: ['message:updated'] })).toEqual(['events', 0])
  })

  // Spec 2.3: "isSubagent:true needs a parentChannelId. isSubagent:false forbids one. A channel
  // cannot be its own parent." Fails today: SetWebhookBody has no such refinement (bug report).
  it.each([
    ['a subagent without a parent', { isSubagent: true, parentChannelId: undefined }],
    ['a parent on a non-subagent', { isSubagent: false, parentChannelId: 'clxyz123' }],
    ['a channel that is its own parent', { isSubagent: true, parentChannelId: 'clxyz456' }],
  ])('rejects %s', (_, patch) => {
    expect(SetWebhookBody.safeParse({ ...body, ...patch }).success).toBe(false)
  })
})

describe('webhookSecretKey', () => {
  it('reads the base64 key after the whsec_ prefix, and a bare key as it is', () => {
    expect(webhookSecretKey('whsec_c2VjcmV0+/==')).toBe('c2VjcmV0+/==')
    expect(webhookSecretKey('c2VjcmV0')).toBe('c2VjcmV0')
  })
})

describe('AgentWithWebhookSecret', () => {
  it('accepts the agent with its signing secret', () => {
    expect(
      AgentWithWebhookSecret.safeParse({ ...agent, webhookSecret: 'whsec_c2VjcmV0+/==' }).success,
    ).toBe(true)
    expect(pathOf(AgentWithWebhookSecret, { ...agent, webhookSecret: 'secret' })).toEqual([
      'webhookSecret',
    ])
  })
})

describe('ChannelBody', () => {
  it('accepts {channelId}', () => {
    expect(ChannelBody.safeParse({ channelId: 'clxyz456' }).success).toBe(true)
    expect(pathOf(ChannelBody, {})).toEqual(['channelId'])
  })
})

describe('SetTagBody', () => {
  it('accepts a tag or null', () => {
    expect(SetTagBody.safeParse({ channelId: 'clxyz456', tag: 'ops' }).success).toBe(true)
    expect(SetTagBody.safeParse({ channelId: 'clxyz456', tag: null }).success).toBe(true)
  })

  it('requires the tag key and caps it at 64', () => {
    expect(pathOf(SetTagBody, { channelId: 'clxyz456' })).toEqual(['tag'])
    expect(pathOf(SetTagBody, { channelId: 'clxyz456', tag: 'x'.repeat(65) })).toEqual(['tag'])
  })
})

describe('SetManagementBody', () => {
  const channelId = 'clxyz456'

  it('accepts both set or both null (spec 2.3)', () => {
    expect(
      SetManagementBody.safeParse({
        channelId,
        url: 'https://bot.example.com/manage',
        apiKey: 'mk_1',
      }).success,
    ).toBe(true)
    expect(SetManagementBody.safeParse({ channelId, url: null, apiKey: null }).success).toBe(true)
  })

  it('rejects one without the other', () => {
    expect(
      pathOf(SetManagementBody, { channelId, url: 'https://bot.example.com/manage', apiKey: null }),
    ).toEqual(['apiKey'])
    expect(pathOf(SetManagementBody, { channelId, url: null, apiKey: 'mk_1' })).toEqual(['apiKey'])
  })

  it('requires both keys to be present', () => {
    expect(pathOf(SetManagementBody, { channelId })).toEqual(['url'])
  })
})

describe('SetSubagentBody', () => {
  it('accepts the body of spec 2.3', () => {
    expect(
      SetSubagentBody.safeParse({
        channelId: 'clxyz456',
        isSubagent: true,
        parentChannelId: 'clxyz123',
      }).success,
    ).toBe(true)
    expect(
      SetSubagentBody.safeParse({ channelId: 'clxyz456', isSubagent: false, parentChannelId: null })
        .success,
    ).toBe(true)
  })

  it('rejects a non-boolean isSubagent', () => {
    expect(pathOf(SetSubagentBody, { channelId: 'clxyz456', isSubagent: 'yes' })).toEqual([
      'isSubagent',
    ])
  })
})

describe('SetCommandsBody', () => {
  it('accepts a list of commands, empty included', () => {
    expect(SetCommandsBody.safeParse({ commands: agent.commands }).success).toBe(true)
    expect(SetCommandsBody.safeParse({ commands: [] }).success).toBe(true)
  })

  it('rejects a bad command and more than 100', () => {
    expect(pathOf(SetCommandsBody, { commands: [{ command: '/x' }] })).toEqual([
      'commands',
      0,
      'description',
    ])
    const commands = Array.from({ length: 101 }, (_, index) => ({
      command: `/c${index}`,
      description: '',
    }))
    expect(pathOf(SetCommandsBody, { commands })).toEqual(['commands'])
  })
})

describe('StatusPingBody', () => {
  it('accepts the ping of spec 2.4, message optional or null', () => {
    expect(
      StatusPingBody.safeParse({
        agentId: 'clxyz456',
        status: 'active',
        message: 'Processing batch job',
      }).success,
    ).toBe(true)
    expect(
      StatusPingBody.safeParse({ agentId: 'clxyz456', status: 'offline', message: null }).success,
    ).toBe(true)
  })

  it('rejects an unknown status and a message over 500 characters', () => {
    expect(pathOf(StatusPingBody, { agentId: 'clxyz456', status: 'sleeping' })).toEqual(['status'])
    expect(
      pathOf(StatusPingBody, { agentId: 'clxyz456', status: 'busy', message: 'x'.repeat(501) }),
    ).toEqual(['message'])
  })
})

describe('AgentStatusHistory', () => {
  it('accepts a history row', () => {
    expect(AgentStatusHistory.safeParse(statusRow).success).toBe(true)
    expect(pathOf(AgentStatusHistory, { ...statusRow, message: undefined })).toEqual(['message'])
  })
})

describe('AgentsOverviewStats', () => {
  const stats = {
    totalAgents: 3,
    activeAgents: 2,
    totalMessages: 120,
    successRequests: 300,
    errorRequests: 4,
  }

  it('accepts the figures of spec 3.4', () => {
    expect(AgentsOverviewStats.safeParse(stats).success).toBe(true)
    expect(pathOf(AgentsOverviewStats, { ...stats, totalAgents: '3' })).toEqual(['totalAgents'])
  })
})

describe('AgentStats', () => {
  const stats = {
    totalMessages: 120,
    totalInbound: 80,
    totalOutbound: 40,
    successRequests: 300,
    errorRequests: 4,
    statusHistory: [statusRow],
  }

  it('accepts the figures of spec 3.4 with the status history', () => {
    expect(AgentStats.safeParse(stats).success).toBe(true)
  })

  it('checks each history row', () => {
    expect(
      pathOf(AgentStats, { ...stats, statusHistory: [{ ...statusRow, status: 'gone' }] }),
    ).toEqual(['statusHistory', 0, 'status'])
  })
})

describe('uploadedAvatarVersion', () => {
  it('reads the version of this agent’s uploaded avatar key', () => {
    expect(uploadedAvatarVersion('ag1', 'avatars/ag1/1767225600000')).toBe('1767225600000')
  })

  it('refuses anything that is not this agent’s upload', () => {
    for (const avatarUrl of [
      null,
      'https://example.com/a.png',
      'avatars/ag2/1767225600000',
      'avatars/ag1/../../uploads/x',
      'avatars/ag1/',
      'avatars/ag1/12a',
      'uploads/ag1/1',
    ])
      expect(uploadedAvatarVersion('ag1', avatarUrl), String(avatarUrl)).toBeNull()
  })
})

import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js'
import type { ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js'
import {
  AgentStatus,
  CreateAgentBody,
  CreateMessageBody,
  Id,
  JsonObject,
  ListMessagesQuery,
  ReviewType,
} from '@placet/protocol'
import { PlacetError, type Placet } from '@placet/sdk'
import { z } from 'zod'
import { waitWithinLimit, type WaitLimits } from './bounded-wait.js'

/** What the tools need: an SDK client and the limits of one wait. */
export type PlacetMcpOptions = WaitLimits & {
  placet: Placet
  /** Makes `channelId` optional in every tool (PLACET_DEFAULT_CHANNEL). */
  defaultChannelId?: string
  version?: string
}

const ChannelArg = Id.optional().describe(
  'The channel (agent id); the default channel when left out',
)
const MessageIdArg = Id.describe('The message id')

/** Tool results are JSON text, as Placet's MCP server answers. */
function json(value: unknown) {
  return { content: [{ type: 'text' as const, text: JSON.stringify(value, null, 2) }] }
}

/**
 * Placet's MCP tools with Placet's names and arguments (spec 7), plus `cancel_review`, each a
 * call of `@placet/sdk`. Waits return within `maxWaitMs` with `status: 'timeout'` and a hint
 * to call `wait_for_review` again; the review lives on in the server.
 *
 * @example
 * const server = createPlacetMcpServer({ placet, maxWaitMs: 50_000 })
 * await server.connect(new StdioServerTransport())
 */
export function createPlacetMcpServer(options: PlacetMcpOptions): McpServer {
  const { placet } = options
  const server = new McpServer({ name: 'placet', version: options.version ?? '0.1.0' })
  const channelOf = (channelId: string | undefined): string => {
    const resolved = channelId ?? options.defaultChannelId
    if (!resolved) throw new Error('channelId is required (no PLACET_DEFAULT_CHANNEL is set)')
    return resolved
  }
  // An API refusal becomes a tool error the model can read, with the server's status and reason.
  const run =
    <Args>(handler: (args: Args, extra: ToolExtra) => Promise<unknown>) =>
    async (args: Args, extra: ToolExtra) => {
      try {
        return json(await handler(args, extra))
      } catch (error) {
        if (!(error instanceof PlacetError)) throw error
        return {
          isError: true,
          content: [{ type: 'text' as const, text: `${error.statusCode}: ${error.message}` }],
        }
      }
    }

  server.registerTool(
    'list_channels',
    { description: 'List your channels (agents)', inputSchema: {} },
    run(() => placet.listAgents()),
  )

  server.registerTool(
    'create_channel',
    {
      description: 'Create a channel (an agent) for conversations with people',
      inputSchema: {
        name: CreateAgentBody.shape.name,
        description: CreateAgentBody.shape.description,
        webhookUrl: CreateAgentBody.shape.webhookUrl,
      },
    },
    run((args) => placet.createAgent(args)),
  )

  server.registerTool(
    'send_message',
    {
      description: 'Send a message to a channel; it does not wait for anything',
      inputSchema: {
        channelId: ChannelArg,
        text: CreateMessageBody.shape.text,
        status: CreateMessageBody.shape.status,
        metadata: CreateMessageBody.shape.metadata,
        iterationOf: CreateMessageBody.shape.iterationOf,
      },
    },
    run(async ({ channelId, ...body }) => {
      const channel = channelOf(channelId)
      const message = await placet.sendMessage({ channelId: channel, ...body })
      await placet.acknowledge(message.id, channel)
      return message
    }),
  )

  server.registerTool(
    'get_messages',
    {
      description: 'List the messages of a channel, newest first',
      inputSchema: {
        channelId: ChannelArg,
        limit: z.number().int().min(1).max(100).optional(),
        cursor: ListMessagesQuery.shape.cursor,
        search: ListMessagesQuery.shape.search,
      },
    },
    run(({ channelId, ...rest }) =>
      placet.getMessages({ channelId: channelOf(channelId), ...rest }),
    ),
  )

  server.registerTool(
    'get_message',
    {
      description: 'Get one message',
      inputSchema: { messageId: MessageIdArg, channelId: ChannelArg },
    },
    run(({ messageId, channelId }) => placet.getMessage(messageId, channelId)),
  )

  server.registerTool(
    'delete_message',
    {
      description: 'Retract a message',
      inputSchema: { messageId: MessageIdArg, channelId: ChannelArg },
    },
    run(({ messageId, channelId }) => placet.deleteMessage(messageId, channelId)),
  )

  server.registerTool(
    'get_iteration_chain',
    {
      description: 'Get every iteration of a message (revisions sent with iterationOf)',
      inputSchema: { messageId: MessageIdArg, channelId: ChannelArg },
    },
    run(({ messageId, channelId }) => placet.getIterationChain(messageId, channelId)),
  )

  server.registerTool(
    'send_review_message',
    {
      description:
        'Ask a person: approval, selection, form, text-input or freeform. Returns pending with the messageId (then call wait_for_review), or waits in this call with waitInline.',
      inputSchema: {
        channelId: ChannelArg,
        text: CreateMessageBody.shape.text,
        reviewType: ReviewType,
        reviewPayload: JsonObject.optional().describe(
          'The payload of the review type, e.g. {options:[{id,label}]} for an approval',
        ),
        expiresInSeconds: z.number().int().positive().optional(),
        webhookUrl: CreateMessageBody.shape.webhookUrl,
        waitInline: z.boolean().optional().describe('Wait for the answer in this call'),
        iterationOf: CreateMessageBody.shape.iterationOf,
      },
    },
    run(async (args, extra) => {
      const channelId = channelOf(args.channelId)
      const body = CreateMessageBody.parse({
        channelId,
        text: args.text,
        webhookUrl: args.webhookUrl,
        iterationOf: args.iterationOf,
        review: {
          type: args.reviewType,
          payload: args.reviewPayload,
          expiresInSeconds: args.expiresInSeconds,
        },
      })
      const message = await placet.sendMessage(body)
      await placet.acknowledge(message.id, channelId)
      if (args.waitInline) return waitWithinLimit(placet, message.id, channelId, extra, options)
      return {
        status: 'pending',
        messageId: message.id,
        expiresAt: message.review?.expiresAt,
        hint: 'Call wait_for_review with this messageId to wait for the answer.',
      }
    }),
  )

  server.registerTool(
    'wait_for_review',
    {
      description:
        'Wait for the answer to a review. Returns completed, expired or cancelled, or timeout after a while: then call it again, the review stays open.',
      inputSchema: { messageId: MessageIdArg, channelId: ChannelArg },
    },
    run(async ({ messageId, channelId }, extra) => {
      const channel = channelId ?? (await placet.getReview(messageId)).channelId
      return waitWithinLimit(placet, messageId, channel, extra, options)
    }),
  )

  server.registerTool(
    'get_pending_reviews',
    {
      description: 'List reviews still waiting for a person',
      inputSchema: { channelId: ChannelArg },
    },
    run(({ channelId }) => placet.getPendingReviews(channelId ?? options.defaultChannelId)),
  )

  server.registerTool(
    'cancel_review',
    {
      description: 'Withdraw a pending review; waiting calls then return cancelled',
      inputSchema: { messageId: MessageIdArg, channelId: ChannelArg },
    },
    run(({ messageId, channelId }) => placet.cancelReview(messageId, channelId)),
  )

  server.registerTool(
    'ping_status',
    {
      description: 'Report your status (active, busy, error, offline) on the dashboard',
      inputSchema: {
        agentId: ChannelArg,
        status: AgentStatus,
        message: z.string().max(500).optional(),
      },
    },
    run(({ agentId, status, message }) =>
      placet.pingStatus({ agentId: channelOf(agentId), status, message }),
    ),
  )

  return server
}

/** The context of a tool call: its signal, progress token and notifier. */
type ToolExtra = RequestHandlerExtra<ServerRequest, ServerNotification>

import { z } from 'zod'
import {
  Agent,
  AgentListItem,
  AgentStats,
  AgentWithWebhookSecret,
  AgentsOverviewStats,
  ChannelBody,
  CreateAgentBody,
  SetCommandsBody,
  SetManagementBody,
  SetSubagentBody,
  SetTagBody,
  SetWebhookBody,
  StatusPingBody,
  UpdateAgentBody,
} from './agents.js'
import { DeletedResponse, JsonObject, MessageResponse } from './common.js'
import { EventsPage, EventsQuery } from './events.js'
import {
  AckResponse,
  ChannelQuery,
  CreateMessageBody,
  CreateStatusEventBody,
  CreateUserMessageBody,
  IterationChain,
  ListMessagesQuery,
  Message,
  MessagePage,
  MessageStatusEvent,
  RetryResponse,
  UpdateStreamBody,
  WaitResult,
} from './messages.js'
import { RespondBody, ReviewListQuery, WaitQuery } from './reviews.js'
import {
  ApiKey,
  ApiKeyWithSecret,
  ChangePasswordBody,
  CreateApiKeyBody,
  CreateUserBody,
  HealthResponse,
  LoginBody,
  SessionResponse,
  UpdateUserBody,
  User,
  WsTicketResponse,
} from './users.js'
import { WebhookDelivery, WebhookDeliveryListQuery, WebhookDeliveryPage } from './webhooks.js'

/** How a route is authenticated: an agent's API key, a person's session, or not at all. */
export type ApiAuth = 'apiKey' | 'session' | 'none'

/**
 * One HTTP route of the server, described with the protocol's schemas. The OpenAPI document is
 * generated from this table, and a server test checks it against the routes express mounts, so
 * neither can drift from the other.
 *
 * @example
 * const route: ApiRoute = { method: 'get', path: '/api/v1/agents', auth: 'apiKey', tag: 'Agent API', summary: 'Agents', status: 200, response: z.array(Agent) }
 */
export type ApiRoute = {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete'
  /** Express-style path, `:name` for parameters. */
  path: string
  auth: ApiAuth
  tag: 'Agent API' | 'Dashboard API' | 'MCP' | 'Server'
  summary: string
  query?: z.ZodObject
  body?: z.ZodType
  /** The success status and its body; `undefined` for an empty answer (204). */
  status: 200 | 201 | 204
  response?: z.ZodType
  /** Of the success body; JSON unless said otherwise. */
  contentType?: 'application/json' | 'text/html'
}

const agent = (route: Omit<ApiRoute, 'auth' | 'tag'>): ApiRoute => ({
  ...route,
  auth: 'apiKey',
  tag: 'Agent API',
})
const dashboard = (route: Omit<ApiRoute, 'auth' | 'tag'>): ApiRoute => ({
  ...route,
  auth: 'session',
  tag: 'Dashboard API',
})
const AgentOrSecret = z.union([AgentWithWebhookSecret, Agent])

/**
 * Every route of the agent API (spec 2) and the dashboard API (spec 3) that the server mounts.
 *
 * @example
 * const agentPaths = API_ROUTES.filter((route) => route.auth === 'apiKey').map((route) => route.path)
 */
export const API_ROUTES: readonly ApiRoute[] = [
  {
    method: 'get',
    path: '/health',
    auth: 'none',
    tag: 'Server',
    summary: 'Liveness and database state',
    status: 200,
    response: HealthResponse,
  },
  {
    method: 'get',
    path: '/api/openapi.json',
    auth: 'none',
    tag: 'Server',
    summary: 'This document',
    status: 200,
    response: JsonObject,
  },
  {
    method: 'get',
    path: '/api/docs',
    auth: 'none',
    tag: 'Server',
    summary: 'This document as a readable API reference page',
    status: 200,
    response: z.string(),
    contentType: 'text/html',
  },
  // Agent API: messages and streams (spec 2.1).
  agent({
    method: 'post',
    path: '/api/v1/messages',
    summary: 'Send a message or a review',
    body: CreateMessageBody,
    status: 201,
    response: Message,
  }),
  agent({
    method: 'get',
    path: '/api/v1/messages',
    summary: 'List messages of a channel, newest first',
    query: ListMessagesQuery,
    status: 200,
    response: MessagePage,
  }),
  agent({
    method: 'patch',
    path: '/api/v1/messages/streams/:streamId',
    summary: 'Update a streaming draft with the full text so far',
    body: UpdateStreamBody,
    status: 200,
    response: Message,
  }),
  agent({
    method: 'post',
    path: '/api/v1/messages/streams/:streamId/status',
    summary: 'Add a progress step to a streamed turn',
    body: CreateStatusEventBody,
    status: 201,
    response: MessageStatusEvent,
  }),
  agent({
    method: 'get',
    path: '/api/v1/messages/iterations/:id',
    summary: 'The iteration chain of a message',
    query: ChannelQuery,
    status: 200,
    response: IterationChain,
  }),
  agent({
    method: 'get',
    path: '/api/v1/messages/:id',
    summary: 'One message (answers unredacted)',
    query: ChannelQuery,
    status: 200,
    response: Message,
  }),
  agent({
    method: 'delete',
    path: '/api/v1/messages/:id',
    summary: 'Retract a message',
    query: ChannelQuery,
    status: 200,
    response: DeletedResponse,
  }),
  agent({
    method: 'post',
    path: '/api/v1/messages/:id/ack',
    summary: 'Acknowledge a message (delivery status agent_received)',
    query: ChannelQuery,
    status: 200,
    response: AckResponse,
  }),
  // Agent API: reviews (spec 2.2).
  agent({
    method: 'get',
    path: '/api/v1/reviews/pending',
    summary: 'Pending reviews, newest first',
    query: ChannelQuery,
    status: 200,
    response: z.array(Message),
  }),
  agent({
    method: 'get',
    path: '/api/v1/reviews/:id',
    summary: 'A review and its message',
    query: ChannelQuery,
    status: 200,
    response: Message,
  }),
  agent({
    method: 'get',
    path: '/api/v1/reviews/:id/wait',
    summary: 'Long-poll until the review is answered, expires or is cancelled',
    query: WaitQuery,
    status: 200,
    response: WaitResult,
  }),
  agent({
    method: 'post',
    path: '/api/v1/reviews/:id/cancel',
    summary: 'Withdraw a pending review',
    query: ChannelQuery,
    status: 200,
    response: Message,
  }),
  // Agent API: agents, status, events (spec 2.3, 2.4, 5).
  agent({
    method: 'get',
    path: '/api/v1/agents',
    summary: 'Agents (channels) of the key’s user',
    status: 200,
    response: z.array(Agent),
  }),
  agent({
    method: 'post',
    path: '/api/v1/agents',
    summary: 'Create an agent',
    body: CreateAgentBody,
    status: 201,
    response: AgentOrSecret,
  }),
  ...(
    [
      ['setWebhook', SetWebhookBody, AgentOrSecret, 'Register the channel webhook'],
      ['deleteWebhook', ChannelBody, Agent, 'Remove the channel webhook'],
      ['rotateWebhookSecret', ChannelBody, AgentWithWebhookSecret, 'Rotate the signing secret'],
      ['setTag', SetTagBody, Agent, 'Set or clear the tag'],
      ['setManagement', SetManagementBody, Agent, 'Set or clear the management API'],
      ['setSubagent', SetSubagentBody, Agent, 'Make the agent a sub-agent or a top-level one'],
    ] as const
  ).map(([verb, body, response, summary]) =>
    agent({ method: 'post', path: `/api/v1/agents/${verb}`, summary, body, status: 200, response }),
  ),
  agent({
    method: 'patch',
    path: '/api/v1/agents/:id',
    summary: 'Update an agent',
    body: UpdateAgentBody,
    status: 200,
    response: AgentOrSecret,
  }),
  agent({
    method: 'delete',
    path: '/api/v1/agents/:id',
    summary: 'Delete an agent and its messages',
    status: 200,
    response: DeletedResponse,
  }),
  agent({
    method: 'put',
    path: '/api/v1/agents/:id/commands',
    summary: 'Replace the slash commands',
    body: SetCommandsBody,
    status: 200,
    response: Agent,
  }),
  agent({
    method: 'get',
    path: '/api/v1/agents/:id/webhook-deliveries',
    summary: 'The agent’s webhook delivery log',
    query: WebhookDeliveryListQuery,
    status: 200,
    response: WebhookDeliveryPage,
  }),
  agent({
    method: 'post',
    path: '/api/v1/status/ping',
    summary: 'Report the agent’s status (heartbeat)',
    body: StatusPingBody,
    status: 201,
    response: Agent,
  }),
  agent({
    method: 'get',
    path: '/api/v1/events',
    summary: 'Events after a sequence number: what a client missed',
    query: EventsQuery,
    status: 200,
    response: EventsPage,
  }),
  {
    method: 'post',
    path: '/mcp',
    auth: 'apiKey',
    tag: 'MCP',
    summary:
      'MCP over Streamable HTTP (stateless): a JSON-RPC message in, its answer as JSON or an SSE stream out',
    body: JsonObject,
    status: 200,
    response: JsonObject,
  },
  // Dashboard API: auth (spec 3.1).
  {
    method: 'post',
    path: '/api/auth/login',
    auth: 'none',
    tag: 'Dashboard API',
    summary: 'Sign in; sets the session cookie',
    body: LoginBody,
    status: 200,
    response: SessionResponse,
  },
  {
    method: 'post',
    path: '/api/auth/logout',
    auth: 'none',
    tag: 'Dashboard API',
    summary: 'Sign out; clears the session cookie',
    status: 200,
    response: MessageResponse,
  },
  dashboard({
    method: 'post',
    path: '/api/auth/refresh',
    summary: 'Renew the session cookie',
    status: 200,
    response: SessionResponse,
  }),
  dashboard({
    method: 'get',
    path: '/api/auth/me',
    summary: 'The signed-in user',
    status: 200,
    response: SessionResponse,
  }),
  dashboard({
    method: 'post',
    path: '/api/auth/change-password',
    summary: 'Change the password',
    body: ChangePasswordBody,
    status: 200,
    response: MessageResponse,
  }),
  dashboard({
    method: 'post',
    path: '/api/auth/ws-ticket',
    summary: 'A single-use Socket.IO ticket',
    status: 200,
    response: WsTicketResponse,
  }),
  // Dashboard API: users and keys (spec 3.2, 3.3).
  dashboard({
    method: 'get',
    path: '/api/users',
    summary: 'Users (owners only)',
    status: 200,
    response: z.array(User),
  }),
  dashboard({
    method: 'post',
    path: '/api/users',
    summary: 'Create a user (owners only)',
    body: CreateUserBody,
    status: 201,
    response: User,
  }),
  dashboard({
    method: 'patch',
    path: '/api/users/:id',
    summary: 'Update a user (owners only)',
    body: UpdateUserBody,
    status: 200,
    response: User,
  }),
  dashboard({
    method: 'delete',
    path: '/api/users/:id',
    summary: 'Delete a user (owners only)',
    status: 200,
    response: DeletedResponse,
  }),
  dashboard({
    method: 'get',
    path: '/api/api-keys',
    summary: 'API keys (never the secret)',
    status: 200,
    response: z.array(ApiKey),
  }),
  dashboard({
    method: 'post',
    path: '/api/api-keys',
    summary: 'Create an API key; the key is shown this once',
    body: CreateApiKeyBody,
    status: 201,
    response: ApiKeyWithSecret,
  }),
  dashboard({
    method: 'post',
    path: '/api/api-keys/:id/rotate',
    summary: 'Rotate an API key',
    status: 200,
    response: ApiKeyWithSecret,
  }),
  dashboard({
    method: 'delete',
    path: '/api/api-keys/:id',
    summary: 'Delete an API key',
    status: 200,
    response: DeletedResponse,
  }),
  // Dashboard API: messages and reviews (spec 3.5).
  dashboard({
    method: 'get',
    path: '/api/messages/reviews',
    summary: 'The review inbox; the next cursor is in the X-Next-Cursor header',
    query: ReviewListQuery,
    status: 200,
    response: z.array(Message),
  }),
  dashboard({
    method: 'get',
    path: '/api/messages',
    summary: 'Messages of a channel',
    query: ListMessagesQuery,
    status: 200,
    response: MessagePage,
  }),
  dashboard({
    method: 'post',
    path: '/api/messages',
    summary: 'Write in a channel',
    body: CreateUserMessageBody,
    status: 201,
    response: Message,
  }),
  dashboard({
    method: 'get',
    path: '/api/messages/:id',
    summary: 'One message',
    status: 200,
    response: Message,
  }),
  dashboard({
    method: 'get',
    path: '/api/messages/:id/iterations',
    summary: 'The iteration chain of a message',
    query: ChannelQuery,
    status: 200,
    response: IterationChain,
  }),
  dashboard({
    method: 'post',
    path: '/api/messages/:id/respond',
    summary: 'Answer a review',
    body: RespondBody,
    status: 201,
    response: Message,
  }),
  dashboard({
    method: 'post',
    path: '/api/messages/:id/retry',
    summary: 'Deliver a message’s webhook again',
    status: 200,
    response: RetryResponse,
  }),
  // Dashboard API: agents, deliveries, events (spec 3.4, issue 5).
  dashboard({
    method: 'get',
    path: '/api/agents',
    summary: 'Agents with their inbox figures',
    status: 200,
    response: z.array(AgentListItem),
  }),
  dashboard({
    method: 'get',
    path: '/api/agents/stats',
    summary: 'Figures over all agents',
    status: 200,
    response: AgentsOverviewStats,
  }),
  dashboard({
    method: 'post',
    path: '/api/agents',
    summary: 'Create an agent',
    body: CreateAgentBody,
    status: 201,
    response: AgentOrSecret,
  }),
  dashboard({
    method: 'patch',
    path: '/api/agents/:id',
    summary: 'Update an agent',
    body: UpdateAgentBody,
    status: 200,
    response: AgentOrSecret,
  }),
  dashboard({
    method: 'delete',
    path: '/api/agents/:id',
    summary: 'Delete an agent',
    status: 200,
    response: DeletedResponse,
  }),
  dashboard({
    method: 'post',
    path: '/api/agents/:id/read',
    summary: 'Mark the channel read',
    status: 204,
  }),
  dashboard({
    method: 'post',
    path: '/api/agents/:id/rotate-webhook-secret',
    summary: 'Rotate the webhook signing secret',
    status: 200,
    response: AgentWithWebhookSecret,
  }),
  dashboard({
    method: 'get',
    path: '/api/agents/:id/stats',
    summary: 'Figures of one agent',
    status: 200,
    response: AgentStats,
  }),
  dashboard({
    method: 'get',
    path: '/api/agents/:id/webhook-deliveries',
    summary: 'The agent’s webhook delivery log',
    query: WebhookDeliveryListQuery,
    status: 200,
    response: WebhookDeliveryPage,
  }),
  dashboard({
    method: 'get',
    path: '/api/webhook-deliveries/:id',
    summary: 'One webhook delivery with its attempts',
    status: 200,
    response: WebhookDelivery,
  }),
  dashboard({
    method: 'post',
    path: '/api/webhook-deliveries/:id/replay',
    summary: 'Deliver again',
    status: 200,
    response: WebhookDelivery,
  }),
  dashboard({
    method: 'get',
    path: '/api/events',
    summary: 'Events after a sequence number (answers redacted)',
    query: EventsQuery,
    status: 200,
    response: EventsPage,
  }),
]

import type { Socket } from 'node:net'

/**
 * Requests that node's HTTP parser refuses before express sees them (headers or a URL over
 * node's 16 KB limit, a malformed request line) get the protocol's JSON error body too, instead
 * of node's bare `400 Bad Request` with no body.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket) {
  if (!socket.writable || (socket as Socket & { _httpMessage?: unknown })._httpMessage) {
    socket.destroy()
    return
  }
  const [statusCode, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request header fields too large']
      : [400, 'Malformed HTTP request']
  const body = JSON.stringify({ statusCode, message })
  socket.end(
    `HTTP/1.1 ${statusCode} ${message}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  )
}

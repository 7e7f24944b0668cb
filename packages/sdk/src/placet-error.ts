import { ErrorBody } from '@placet/protocol'

/**
 * Thrown by the SDK for every non-2xx answer; carries the parsed error body.
 *
 * @example
 * try { await client.getMessage(id) } catch (error) { if (error instanceof PlacetError && error.statusCode === 404) … }
 */
export class PlacetError extends Error {
  override name = 'PlacetError'
  constructor(
    readonly statusCode: number,
    readonly body: ErrorBody | undefined,
  ) {
    super(
      body
        ? Array.isArray(body.message)
          ? body.message.join('; ')
          : body.message
        : `HTTP ${statusCode}`,
    )
  }

  /** Builds the error from a failed response, whatever its body. */
  static async fromResponse(response: Response): Promise<PlacetError> {
    const parsed = ErrorBody.safeParse(await response.json().catch(() => undefined))
    return new PlacetError(response.status, parsed.success ? parsed.data : undefined)
  }
}

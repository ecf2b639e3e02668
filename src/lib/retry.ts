// What counts as a transient failure, and the capped, jittered backoff that retries it.
// Neither `@heroku-cli/command` (only 401 and two-factor) nor `@heroku/http-call` (network errors
// only, writes included) retries the way a CI script needs, so this is ours.

export interface HttpResponseLike {
  body: unknown
  headers: Record<string, string | string[] | undefined>
  status: number
}

const NOT_CONNECTED = new Set(['EAI_AGAIN', 'ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND'])
const NETWORK = new Set(['ECONNABORTED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'UND_ERR_SOCKET', ...NOT_CONNECTED])
const NETWORK_WORDS: Record<string, string> = {
  EAI_AGAIN: 'DNS lookup failed',
  ECONNABORTED: 'connection aborted',
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'host not found',
  EPIPE: 'connection closed',
  ETIMEDOUT: 'timed out',
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined
}

/**
 * The HTTP answer behind an error from `@heroku/http-call` (`HTTPError`), or from a Platform client
 * (`@heroku-cli/command`'s `HerokuAPIError`, or `PlatformApiError`), which wraps an `HTTPError`.
 */
export function responseOf(error: unknown): HttpResponseLike | undefined {
  for (let candidate = error; candidate; candidate = field(candidate, 'http')) {
    const status = field(candidate, 'statusCode')
    const http = field(candidate, 'http')
    if (typeof status === 'number' && http) {
      return {
        body: field(candidate, 'body'),
        headers: (field(http, 'headers') ?? {}) as HttpResponseLike['headers'],
        status,
      }
    }
  }

  return undefined
}

/** The network error code of a failed request (`ECONNRESET`…), with http-call's own timeout as ETIMEDOUT. */
export function networkCodeOf(error: unknown): string | undefined {
  const code = field(error, 'code')
  if (typeof code === 'string' && NETWORK.has(code)) return code
  if (error instanceof Error && error.message === 'Request timed out') return 'ETIMEDOUT'
  return undefined
}

export function describeNetworkCode(code: string): string {
  return `${NETWORK_WORDS[code] ?? 'network error'} (${code})`
}

/** True when the request provably never reached the server, so even a write may be sent again. */
export function neverReachedServer(error: unknown): boolean {
  const code = networkCodeOf(error)
  return code !== undefined && NOT_CONNECTED.has(code)
}

/** Why an error is worth retrying, in a few words, or undefined when it is not transient. */
export function transientReason(error: unknown): string | undefined {
  const response = responseOf(error)
  if (response) {
    if (response.status === 429) return 'rate limited (429)'
    if (response.status >= 500) return `server error (${response.status})`
    return undefined
  }

  const code = networkCodeOf(error)
  return code ? describeNetworkCode(code) : undefined
}

/** `Retry-After` in milliseconds (seconds or an HTTP date), when the answer carries one. */
export function retryAfterMs(error: unknown, now = Date.now()): number | undefined {
  const header = responseOf(error)?.headers['retry-after']
  const value = Array.isArray(header) ? header[0] : header
  if (!value) return undefined
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

export interface Backoff {
  baseMs: number
  maxMs: number
  random: () => number
}

/** How long one request may be retried before its failure is reported. */
export const RETRY_BUDGET_MS = 20_000

export const DEFAULT_BACKOFF: Backoff = {baseMs: 500, maxMs: 8000, random: Math.random}

/** Delay before retry number `attempt` (1-based): exponential, capped, with full jitter over its upper half. */
export function backoffDelay(attempt: number, backoff: Backoff = DEFAULT_BACKOFF): number {
  const ceiling = Math.min(backoff.maxMs, backoff.baseMs * (2 ** (attempt - 1)))
  return Math.round((ceiling / 2) + ((backoff.random() * ceiling) / 2))
}

export interface RetryOptions {
  backoff?: Backoff
  /** Whether sending the request twice is harmless (reads). Writes are resent only when they never left. */
  idempotent: boolean
  /** Upper bound of the time spent retrying, in milliseconds. */
  maxTotalMs: number
  now?: () => number
  /** Told once per streak of failures, before the first retry. */
  onRetry: (reason: string) => void
  sleep?: (ms: number) => Promise<void>
}

export const sleep = (ms: number) => new Promise<void>(resolve => {
  setTimeout(resolve, ms)
})

export async function withRetries<T>(request: () => Promise<T>, options: RetryOptions): Promise<T> {
  const now = options.now ?? Date.now
  const wait = options.sleep ?? sleep
  const deadline = now() + options.maxTotalMs
  for (let attempt = 1; ; attempt++) {
    try {
      // eslint-disable-next-line no-await-in-loop
      return await request()
    } catch (error) {
      const reason = transientReason(error)
      const resendable = options.idempotent || neverReachedServer(error)
      // An HTTP-date Retry-After is measured on the same clock as the deadline.
      const delay = retryAfterMs(error, now()) ?? backoffDelay(attempt, options.backoff)
      if (!reason || !resendable || now() + delay > deadline) throw error
      if (attempt === 1) options.onRetry(reason)
      // eslint-disable-next-line no-await-in-loop
      await wait(delay)
    }
  }
}

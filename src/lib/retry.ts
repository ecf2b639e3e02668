// What counts as a transient failure, the capped, jittered backoff that retries it, and the bounds
// of every request: no answer within REQUEST_TIMEOUT_MS, and the command's deadline (--timeout).
// Neither `@heroku-cli/command` (only 401 and two-factor) nor `@heroku/http-call` (network errors
// only, writes included) retries the way a CI script needs, so this is ours. The bounds wrap
// whatever client makes the request.
import type {ClientRequest} from 'node:http'

import {AsyncLocalStorage} from 'node:async_hooks'
import {subscribe} from 'node:diagnostics_channel'
import {setTimeout as delay} from 'node:timers/promises'

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

/**
 * How long a request may go without an answer. A read is then abandoned and retried within the
 * retry budget; a write is abandoned and not sent again, its outcome unknown.
 */
export const REQUEST_TIMEOUT_MS = 30_000

/** For tests only: shortens REQUEST_TIMEOUT_MS to this many milliseconds, so a hung API needs no 30 s wait. */
export const REQUEST_TIMEOUT_TEST_ENV = 'PRIVATELINK_TEST_REQUEST_TIMEOUT_MS'

export function requestTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env[REQUEST_TIMEOUT_TEST_ENV])
  return Number.isInteger(value) && value > 0 ? value : REQUEST_TIMEOUT_MS
}

/** A request abandoned after its timeout without an answer. */
export class NoAnswerError extends Error {
  constructor(readonly afterMs: number) {
    super(`no answer within ${afterMs >= 1000 ? `${Math.round(afterMs / 1000)}s` : `${afterMs}ms`}`)
  }
}

/** The command's deadline (--timeout) came while a request or a pause was under way. */
export class DeadlineReached extends Error {
  /** The transient failure being retried when the deadline came, if any. */
  readonly lastFailure?: string

  constructor(lastFailure?: string) {
    super('the deadline (--timeout) was reached')
    this.lastFailure = lastFailure
  }
}

/**
 * Work given up by its caller (`signal`): a read started on a guess that the add-on lookup proved
 * wrong. Nobody reads its outcome, so it is never reported.
 */
export class Abandoned extends Error {
  constructor() {
    super('the request was abandoned')
  }
}

/** Why an error is worth retrying, in a few words, or undefined when it is not transient. */
export function transientReason(error: unknown): string | undefined {
  if (error instanceof NoAnswerError) return error.message
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

/** The pause before retry number `attempt` (1-based): the answer's Retry-After, else the backoff. */
export function retryDelay(error: unknown, attempt: number, now: number, backoff: Backoff = DEFAULT_BACKOFF): number {
  return retryAfterMs(error, now) ?? backoffDelay(attempt, backoff)
}

/** The longest pause of a polling loop after a failure, whatever Retry-After asks for. */
export const MAX_POLL_DELAY_MS = 30_000

/** The pause of a polling loop after `failures` failures in a row: retryDelay, never below the interval nor above MAX_POLL_DELAY_MS. */
export function pollDelay(error: unknown, failures: number, intervalMs: number, now: number): number {
  return Math.min(MAX_POLL_DELAY_MS, Math.max(intervalMs, retryDelay(error, failures, now)))
}

/** Resolves after `ms`, or rejects as soon as `signal` aborts (so no timer outlives its use). */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>

export const sleep: Sleep = (ms, signal) => delay(ms, undefined, {signal})

// The HTTP requests each bounded piece of work starts, whatever client starts them (node's
// diagnostics channel sees them all): abandoned work ends its requests, whose open sockets would
// otherwise keep the process alive until the server answers, if ever.
interface Started {
  abandoned: boolean
  requests: Set<ClientRequest>
}

const startedRequests = new AsyncLocalStorage<Started[]>()
let watchingRequests = false

/** Ends a request with an error that carries no network code, so that no client retries it. */
function end(request: ClientRequest): void {
  request.destroy(new Error('request abandoned'))
}

function watchRequests(): void {
  if (watchingRequests) return
  watchingRequests = true
  subscribe('http.client.request.start', message => {
    const {request} = message as {request: ClientRequest}
    for (const started of startedRequests.getStore() ?? []) {
      // A client may try again after its request was ended: that one is ended at once.
      if (started.abandoned) end(request)
      else started.requests.add(request)
    }
  })
}

/**
 * Runs `work` for at most `ms`: past that, the error `onTimeout` makes is thrown at once, and the
 * requests `work` started (or starts later) are ended. The same when `signal` aborts, with
 * `Abandoned`.
 */
export async function within<T>(ms: number, work: () => Promise<T>, onTimeout: () => Error, {signal, wait = sleep}: {signal?: AbortSignal; wait?: Sleep} = {}): Promise<T> {
  if (!Number.isFinite(ms) && !signal) return work()
  watchRequests()
  const started: Started = {abandoned: false, requests: new Set()}
  const running = startedRequests.run([...(startedRequests.getStore() ?? []), started], work)
  // An abandoned request may still fail later: nobody listens any more.
  running.catch(() => {})
  const stop = new AbortController()
  const never = new Promise<never>(() => {})
  const timer = Number.isFinite(ms)
    ? wait(Math.max(0, ms), stop.signal).then(() => {
      started.abandoned = true
      throw onTimeout()
    })
    : never
  timer.catch(() => {})
  const given = signal
    ? new Promise<never>((_resolve, reject) => {
      const giveUp = () => {
        started.abandoned = true
        reject(new Abandoned())
      }

      if (signal.aborted) giveUp()
      else signal.addEventListener('abort', giveUp, {once: true, signal: stop.signal})
    })
    : never
  given.catch(() => {})
  try {
    return await Promise.race([running, timer, given])
  } finally {
    stop.abort()
    if (started.abandoned) for (const request of started.requests) end(request)
    started.requests.clear()
  }
}

/** How a command's requests are bounded and retried. */
export interface RequestPolicy {
  /** The command's deadline in ms since the epoch (from --timeout): no request or pause outlives it. */
  deadline?: number
  /** Told once per streak of transient failures. */
  onRetry: (reason: string) => void
  /** How long reads may be retried (default RETRY_BUDGET_MS); 0 when a polling loop retries instead. */
  readRetryMs?: number
  /** How long a request may go without an answer (default REQUEST_TIMEOUT_MS). */
  requestTimeoutMs?: number
  /** Aborted when the request is no longer wanted (a read on a wrong guess): it is ended, and its retries stop, with `Abandoned`. */
  signal?: AbortSignal
}

export interface RetryOptions {
  backoff?: Backoff
  /** The command's deadline in ms since the epoch: past it, DeadlineReached is thrown. */
  deadline?: number
  /** Whether sending the request twice is harmless (reads). Writes are resent only when they never left. */
  idempotent: boolean
  /** Upper bound of the time spent retrying after the first failure, in milliseconds. */
  maxTotalMs: number
  now?: () => number
  /** Told once per streak of failures, before the first retry. */
  onRetry: (reason: string) => void
  /** An attempt without an answer after this long is abandoned with NoAnswerError (default REQUEST_TIMEOUT_MS). */
  requestTimeoutMs?: number
  /** Aborting it ends the attempt under way and any pause, with `Abandoned`. */
  signal?: AbortSignal
  sleep?: Sleep
}

/**
 * The one retry policy: lookups and reads are resent (reads within `readRetryMs`), writes only
 * when they provably never left.
 */
export function retryOptions(policy: RequestPolicy, request: 'lookup' | 'read' | 'write'): RetryOptions {
  return {
    deadline: policy.deadline,
    idempotent: request !== 'write',
    maxTotalMs: request === 'read' ? policy.readRetryMs ?? RETRY_BUDGET_MS : RETRY_BUDGET_MS,
    onRetry: policy.onRetry,
    requestTimeoutMs: policy.requestTimeoutMs,
    signal: policy.signal,
  }
}

export async function withRetries<T>(request: () => Promise<T>, options: RetryOptions): Promise<T> {
  const now = options.now ?? Date.now
  const wait = options.sleep ?? sleep
  const deadline = options.deadline ?? Number.POSITIVE_INFINITY
  const noAnswerMs = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS
  let retryUntil: number | undefined
  let lastFailure: string | undefined
  const {signal} = options
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw new Abandoned()
    const remaining = deadline - now()
    try {
      // eslint-disable-next-line no-await-in-loop
      return await within(Math.min(noAnswerMs, remaining), request, () => (remaining <= noAnswerMs ? new DeadlineReached(lastFailure) : new NoAnswerError(noAnswerMs)), {signal, wait})
    } catch (error) {
      if (error instanceof DeadlineReached || error instanceof Abandoned) throw error
      const reason = transientReason(error)
      const resendable = options.idempotent || neverReachedServer(error)
      // The budget starts at the first failure, so that a request abandoned for no answer is retried too.
      retryUntil ??= now() + options.maxTotalMs
      // An HTTP-date Retry-After is measured on the same clock as the deadline.
      const pause = retryDelay(error, attempt, now(), options.backoff)
      if (!reason || !resendable || now() + pause > retryUntil) throw error
      if (now() + pause >= deadline) throw new DeadlineReached(reason)
      if (attempt === 1) options.onRetry(reason)
      lastFailure = reason
      // eslint-disable-next-line no-await-in-loop
      await wait(pause, signal).catch(error => {
        throw signal?.aborted ? new Abandoned() : error
      })
    }
  }
}

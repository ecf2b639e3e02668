// Polling an endpoint until it is operational (and, when asked, until a VPC endpoint connection is
// available with its config vars), with a deadline, transient faults ridden out, and terminal states
// reported. Time is injected so tests never really sleep.
import type {ConfigVars, PrivateLinkConnection, PrivateLinkEndpoint} from './types.js'

import {configVarNamesFor} from './config-vars.js'
import {isOperational} from './endpoint-view.js'
import {ExitCode, PrivateLinkError} from './failures.js'
import {backoffDelay, retryAfterMs, transientReason} from './retry.js'

export interface WaitSettings {
  /** Also wait for this VPC endpoint connection to be Available with its config vars. */
  endpointId?: string
  intervalMs: number
  /** 0 waits without a deadline. */
  timeoutMs: number
}

export interface WaitDependencies {
  fetchConfigVars(): Promise<ConfigVars>
  fetchEndpoint(): Promise<PrivateLinkEndpoint>
  now(): number
  /** Told each time the status changes, and on every poll (for a spinner's elapsed time). */
  onPoll(status: string, elapsedMs: number, changed: boolean): void
  /** Told once per streak of transient failures. */
  onRetry(reason: string): void
  /** Resolves after `ms`, or rejects as soon as `signal` aborts (so no timer outlives the wait). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
}

export interface WaitResult {
  configVars: ConfigVars
  endpoint: PrivateLinkEndpoint
}

const FAILED_ENDPOINT = /deprovision|delet|fail|error|reject|expired|suspend/i
const FAILED_CONNECTION = /reject|fail|delet|expired/i
const MAX_RETRY_DELAY_MS = 30_000

export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000)
  const minutes = Math.floor(seconds / 60)
  return minutes > 0 ? `${minutes}m ${String(seconds % 60).padStart(2, '0')}s` : `${seconds}s`
}

/** The original failure behind an explained error, for deciding whether it is transient. */
function sourceOf(error: unknown): unknown {
  return error instanceof PrivateLinkError && error.source !== undefined ? error.source : error
}

class DeadlineReached extends Error {}

interface Poll {
  done: boolean
  result?: WaitResult
  status: string
}

async function pollOnce(settings: WaitSettings, deps: WaitDependencies, who: string): Promise<Poll> {
  const endpoint = await deps.fetchEndpoint()
  if (FAILED_ENDPOINT.test(endpoint.status)) {
    throw new PrivateLinkError(`The PrivateLink endpoint for ${who} is ${endpoint.status}: it will not become operational.`, {exit: ExitCode.EndpointFailed, reason: 'endpoint_failed'})
  }

  if (!isOperational(endpoint)) return {done: false, status: endpoint.status}
  if (!settings.endpointId) return {done: true, result: {configVars: {}, endpoint}, status: endpoint.status}

  const connection: PrivateLinkConnection | undefined = (endpoint.connections ?? []).find(candidate => candidate.endpoint_id === settings.endpointId)
  if (!connection) return {done: false, status: `${endpoint.status}, waiting for connection ${settings.endpointId}`}
  if (FAILED_CONNECTION.test(connection.status)) {
    throw new PrivateLinkError(`Connection ${connection.endpoint_id} to ${who} is ${connection.status}: it will not become available. Check the VPC endpoint in your AWS account.`, {exit: ExitCode.EndpointFailed, reason: 'connection_failed'})
  }

  const status = `${endpoint.status}, connection ${connection.endpoint_id} ${connection.status}`
  if (connection.status.toLowerCase() !== 'available') return {done: false, status}
  const configVars = await deps.fetchConfigVars()
  return configVarNamesFor(connection.endpoint_id, configVars).length > 0
    ? {done: true, result: {configVars, endpoint}, status}
    : {done: false, status: `${status}, waiting for its config vars`}
}

/** `who` names the add-on and app in messages. */
export async function waitForEndpoint(settings: WaitSettings, deps: WaitDependencies, who: string): Promise<WaitResult> {
  const start = deps.now()
  const deadline = settings.timeoutMs > 0 ? start + settings.timeoutMs : Number.POSITIVE_INFINITY
  const untilDeadline = async <T>(work: Promise<T>): Promise<T> => {
    const remaining = deadline - deps.now()
    if (!Number.isFinite(remaining)) return work
    const stop = new AbortController()
    const timer = deps.sleep(Math.max(0, remaining), stop.signal).then(() => {
      throw new DeadlineReached();
    })
    timer.catch(() => {})
    try {
      return await Promise.race([work, timer])
    } finally {
      stop.abort()
    }
  }

  let lastStatus = 'no answer yet'
  let lastFailure: string | undefined
  let failures = 0
  for (;;) {
    let delay = settings.intervalMs
    try {
      // eslint-disable-next-line no-await-in-loop
      const poll = await untilDeadline(pollOnce(settings, deps, who))
      failures = 0
      lastFailure = undefined
      deps.onPoll(poll.status, deps.now() - start, poll.status !== lastStatus)
      lastStatus = poll.status
      if (poll.done && poll.result) return poll.result
    } catch (error) {
      if (!(error instanceof DeadlineReached)) {
        const reason = transientReason(sourceOf(error))
        if (!reason) throw error
        if (failures === 0) deps.onRetry(reason)
        failures++
        lastFailure = reason
        delay = Math.min(MAX_RETRY_DELAY_MS, retryAfterMs(sourceOf(error), deps.now()) ?? Math.max(settings.intervalMs, backoffDelay(failures)))
      }
    }

    const remaining = deadline - deps.now()
    if (remaining <= 0) {
      throw new PrivateLinkError(`Timed out after ${formatDuration(deps.now() - start)} waiting for ${who}; last status: ${lastStatus}${lastFailure ? `, then ${lastFailure}` : ''}.\nRun the wait again, or give it longer with --timeout SECONDS (0 waits without a deadline).`, {exit: ExitCode.TimedOut, reason: 'timeout'})
    }

    // eslint-disable-next-line no-await-in-loop
    await deps.sleep(Math.min(delay, remaining))
  }
}

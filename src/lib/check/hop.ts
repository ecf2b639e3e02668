// Runs one probe as one hop: within its own timeout and the command's deadline, timed, its
// failure explained with likely causes, every word of it scrubbed of the credentials. A probe
// settles as soon as its signal aborts, and ends what it opened.
import type {HopName, HopResult, Remedy} from './types.js'

import {scrub, type Secrets} from './secrets.js'

/** What a probe found. */
export type HopOutcome = Pick<HopResult, 'addresses' | 'detail' | 'tls'>

export type Probe = (signal: AbortSignal) => Promise<HopOutcome>

/** Why a hop failed, in words, with what to do about it. */
export interface Explanation {
  detail: string
  remedies: Remedy[]
}

export type Explain = (error: unknown) => Explanation

/** A hop's probe and what explains its failure. */
export interface HopPlan {
  explain: Explain
  probe: Probe
}

export interface HopLimits {
  /** The command's deadline (--timeout), in ms since the epoch. */
  deadline?: number
  now?: () => number
  /** The time one hop of one host and port may take (--hop-timeout). */
  timeoutMs: number
}

/** A hop that took longer than its time: its own timeout, or the command's deadline. */
export class HopTimeout extends Error {
  constructor(readonly afterMs: number, readonly byDeadline: boolean) {
    super(byDeadline ? 'the deadline (--timeout) came first' : `no answer within ${formatSeconds(afterMs)}`)
  }
}

/** A failure a probe has already put in words. */
export class HopFailure extends Error {
  constructor(message: string, readonly remedies: Remedy[] = []) {
    super(message)
  }
}

/** `no answer within 5s`, or `no answer before the deadline (--timeout)`. */
export function timeoutDetail(error: HopTimeout, what: string): string {
  return error.byDeadline ? `${what} before the deadline (--timeout)` : `${what} within ${formatSeconds(error.afterMs)}`
}

export function formatSeconds(ms: number): string {
  return ms >= 1000 ? `${Number((ms / 1000).toFixed(1))}s` : `${ms}ms`
}

export interface HopRun {
  /** Cut short by the command's deadline: the command then times out (exit 3), whatever the other hops say. */
  cutByDeadline: boolean
  result: HopResult
}

/** The message of an error, whatever was thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** Runs the probe as `hop`, bounded by `limits`; any failure becomes a failed result through `explain`, scrubbed of `secrets`. */
export async function runHop(hop: HopName, limits: HopLimits, secrets: Secrets, {explain, probe}: HopPlan): Promise<HopRun> {
  const now = limits.now ?? Date.now
  const started = now()
  const left = limits.deadline === undefined ? Number.POSITIVE_INFINITY : limits.deadline - started
  const byDeadline = left < limits.timeoutMs
  const ms = Math.max(0, Math.min(limits.timeoutMs, left))
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(new HopTimeout(ms, byDeadline)), ms)
  // The keys in reading order: which hop, its outcome, then what it found.
  /* eslint-disable perfectionist/sort-objects */
  const timed = ({status, ...result}: Omit<HopResult, 'duration_ms' | 'hop'>): HopResult => ({
    hop, status, duration_ms: Math.round(now() - started), ...result, detail: scrub(result.detail, secrets),
  })
  /* eslint-enable perfectionist/sort-objects */
  try {
    const outcome = await probe(controller.signal)
    return {cutByDeadline: false, result: timed({...outcome, remedies: [], status: 'passed'})}
  } catch (error) {
    const {detail, remedies} = explain(error)
    return {
      cutByDeadline: controller.signal.aborted && (controller.signal.reason as HopTimeout).byDeadline,
      result: timed({detail, remedies: remedies.map(remedy => ({...remedy, cause: scrub(remedy.cause, secrets)})), status: 'failed'}),
    }
  } finally {
    clearTimeout(timer)
  }
}

// Work that `abortable` gave up on and that still runs: a DNS lookup (getaddrinfo) can't be
// cancelled, and keeps the process alive until it returns, however long the resolver takes.
const abandoned = new Set<Promise<unknown>>()

/** Settles with `work`, or rejects with the signal's reason as soon as it aborts: for work that can't be cancelled (a DNS lookup). */
export function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      abandoned.add(work)
      work.catch(() => {}).finally(() => abandoned.delete(work))
      reject(signal.reason)
    }

    if (signal.aborted) {
      onAbort()
      return
    }

    signal.addEventListener('abort', onAbort, {once: true})
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}

/** How much given-up work is still running. */
export function abandonedWork(): number {
  return abandoned.size
}

/**
 * For a command whose result is decided: work it gave up on (a lookup past its timeout) must not
 * hold the process after the result is printed, which oclif does synchronously once `run` returns.
 * The timer is unref'd, so it never holds the process by itself.
 */
export function exitDespiteAbandonedWork(): void {
  // eslint-disable-next-line n/no-process-exit, unicorn/no-process-exit
  if (abandoned.size > 0) setTimeout(() => process.exit(), 100).unref()
}

/** A hop that was not made, and why. */
export function skipped(hop: HopName, detail: string): HopResult {
  /* eslint-disable perfectionist/sort-objects -- in reading order, as runHop's */
  return {
    hop, status: 'skipped', duration_ms: 0, detail, remedies: [],
  }
  /* eslint-enable perfectionist/sort-objects */
}

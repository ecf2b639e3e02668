// The one polling loop of every command that waits, and the readiness checks it is handed: the
// loop owns the deadline, the pauses and the transient faults; a check reads the endpoint once and
// says whether it is ready, what is still pending, or that it never will be (a terminal state).
// Time is injected so tests never really sleep.
import type {
  AllowedAccount, ConfigVars, PrivateLinkConnection, PrivateLinkEndpoint,
} from './types.js'

import {configVarNamesFor} from './config-vars.js'
import {
  accountState, isClosedConnection, isOperational, type Read,
} from './endpoint-view.js'
import {ExitCode, PrivateLinkError} from './failures.js'
import {accountArn, accountKey} from './input.js'
import {
  DeadlineReached, pollDelay, responseOf, type Sleep, transientReason, within,
} from './retry.js'

export interface WaitSettings {
  intervalMs: number
  /** When the command started (ms since the epoch): the deadline counts from there. Default: the wait's start. */
  startedAt?: number
  /** 0 waits without a deadline. */
  timeoutMs: number
}

export interface WaitDependencies {
  now(): number
  /** Told each time the status changes, and on every poll (for a spinner's elapsed time). */
  onPoll(status: string, elapsedMs: number, changed: boolean): void
  /** Told once per streak of transient failures. */
  onRetry(reason: string): void
  sleep: Sleep
}

/** One look at the thing waited for: ready with a result, or what is still pending. */
export type Poll<T> = {done: false; status: string} | {done: true; result: T; status: string}

/** Reads once and answers a Poll; throws a PrivateLinkError (exit 4) on a terminal state. */
export type ReadinessCheck<T> = () => Promise<Poll<T>>

/** Where the checks read from (the Session). */
export interface EndpointSource {
  /** The app's config vars, or why they can't be read (a read that fails never fails the wait). */
  configVars(): Promise<Read<ConfigVars>>
  endpoint(): Promise<PrivateLinkEndpoint>
}

export interface WaitResult {
  configVars: Read<ConfigVars>
  endpoint: PrivateLinkEndpoint
}

// Deprovisioning and Deprovisioned are terminal for readiness: a destroyed endpoint never becomes ready.
const FAILED_ENDPOINT = /deprovision|delet|fail|error|reject|expired|suspend/i
const NOT_LISTED = 'not listed'
const NOT_READ: Read<ConfigVars> = {error: null, value: {}}

export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000)
  const minutes = Math.floor(seconds / 60)
  return minutes > 0 ? `${minutes}m ${String(seconds % 60).padStart(2, '0')}s` : `${seconds}s`
}

/** The end of the wait in ms since the epoch; undefined without a deadline. */
export function deadlineOf(settings: WaitSettings, now: number): number | undefined {
  return settings.timeoutMs > 0 ? (settings.startedAt ?? now) + settings.timeoutMs : undefined
}

/** The original failure behind an explained error, for deciding whether it is transient. */
function sourceOf(error: unknown): unknown {
  return error instanceof PrivateLinkError && error.source !== undefined ? error.source : error
}

/** Polls `check` until it is done, a terminal state or a non-transient failure is met, or the deadline comes. `who` names the add-on and app. */
export async function waitUntil<T>(check: ReadinessCheck<T>, settings: WaitSettings, deps: WaitDependencies, who: string): Promise<T> {
  const start = settings.startedAt ?? deps.now()
  const deadline = deadlineOf(settings, start) ?? Number.POSITIVE_INFINITY
  let lastStatus = 'no answer yet'
  let lastFailure: string | undefined
  let failures = 0
  for (;;) {
    let pause = settings.intervalMs
    try {
      // eslint-disable-next-line no-await-in-loop
      const poll = await within(deadline - deps.now(), check, () => new DeadlineReached(), {wait: deps.sleep})
      failures = 0
      lastFailure = undefined
      deps.onPoll(poll.status, deps.now() - start, poll.status !== lastStatus)
      lastStatus = poll.status
      if (poll.done) return poll.result
    } catch (error) {
      const source = sourceOf(error)
      if (!(source instanceof DeadlineReached)) {
        const reason = transientReason(source)
        if (!reason) throw error
        if (failures === 0) deps.onRetry(reason)
        failures++
        lastFailure = reason
        pause = pollDelay(source, failures, settings.intervalMs, deps.now())
      }
    }

    const remaining = deadline - deps.now()
    if (remaining <= 0) {
      throw new PrivateLinkError(`Timed out after ${formatDuration(deps.now() - start)} waiting for ${who}; last status: ${lastStatus}${lastFailure ? `, then ${lastFailure}` : ''}.\nRun the wait again, or give it longer with --timeout SECONDS (0 waits without a deadline).`, {exit: ExitCode.TimedOut, reason: 'timeout'})
    }

    // eslint-disable-next-line no-await-in-loop
    await deps.sleep(Math.min(pause, remaining))
  }
}

function endpointFailed(endpoint: PrivateLinkEndpoint, who: string): PrivateLinkError {
  return new PrivateLinkError(`The PrivateLink endpoint for ${who} is ${endpoint.status}: it will not become operational.`, {exit: ExitCode.EndpointFailed, reason: 'endpoint_failed'})
}

function throwOnFailedAccount(accounts: AllowedAccount[], who: string): void {
  const failed = accounts.find(account => accountState(account) === 'failed')
  if (failed) {
    throw new PrivateLinkError(`Allowed account ${failed.arn} of ${who} is ${failed.status}: it will not become ready.`, {exit: ExitCode.EndpointFailed, reason: 'account_failed'})
  }
}

/**
 * Whether the API's entry is `account`, in the form `parseAwsAccount` returns: by its ARN, or by
 * the API's `account_id` (the account as it was sent) when it gives one.
 */
function isAccount(entry: AllowedAccount, account: string): boolean {
  return entry.arn === accountArn(account) || (entry.account_id !== undefined && accountKey(entry.account_id) === account)
}

/** `1 of 2 accounts still Provisioning: arn:…`, or with several words, each account's own. */
function describePending(pending: AllowedAccount[], total: number, what = 'account'): string {
  const words = [...new Set(pending.map(account => account.status))]
  const list = words.length === 1
    ? `still ${words[0]}: ${pending.map(account => account.arn).join(', ')}`
    : `not yet done: ${pending.map(account => `${account.arn} (${account.status})`).join(', ')}`
  return `${pending.length} of ${total} ${what}${total === 1 ? '' : 's'} ${list}`
}

/** The connections an endpoint has, for a progress line that must show a mistyped endpoint id. */
function existingConnections(endpoint: PrivateLinkEndpoint): string {
  const connections = endpoint.connections ?? []
  return connections.length === 0
    ? 'no connections yet'
    : `connections: ${connections.map(connection => `${connection.endpoint_id} (${connection.status})`).join(', ')}`
}

/**
 * Ready for `wait` and `create --wait`: the endpoint Operational and every allowed account ready;
 * with `endpointId`, also that connection Available with its config vars (or, when the app's
 * config vars can't be read, with them unknown: the connection itself is ready).
 */
export function endpointReady(source: EndpointSource, who: string, endpointId?: string): ReadinessCheck<WaitResult> {
  return async () => {
    const endpoint = await source.endpoint()
    if (FAILED_ENDPOINT.test(endpoint.status)) throw endpointFailed(endpoint, who)
    if (!isOperational(endpoint)) return {done: false, status: endpoint.status}
    const accounts = endpoint.allowed_accounts ?? []
    throwOnFailedAccount(accounts, who)
    const connection: PrivateLinkConnection | undefined = (endpoint.connections ?? []).find(candidate => candidate.endpoint_id === endpointId)
    if (connection && isClosedConnection(connection)) {
      throw new PrivateLinkError(`Connection ${connection.endpoint_id} to ${who} is ${connection.status}: it will not become available. Check the VPC endpoint in your AWS account.`, {exit: ExitCode.EndpointFailed, reason: 'connection_failed'})
    }

    const pending = accounts.filter(account => accountState(account) === 'pending')
    if (pending.length > 0) return {done: false, status: `${endpoint.status}; ${describePending(pending, accounts.length)}`}
    if (!endpointId) return {done: true, result: {configVars: NOT_READ, endpoint}, status: endpoint.status}
    if (!connection) return {done: false, status: `${endpoint.status}, waiting for connection ${endpointId}; ${existingConnections(endpoint)}`}
    const status = `${endpoint.status}, connection ${connection.endpoint_id} ${connection.status}`
    if (connection.status.toLowerCase() !== 'available') return {done: false, status}
    const configVars = await source.configVars()
    if (configVars.error) return {done: true, result: {configVars, endpoint}, status: `${status}, its config vars unknown`}
    return configVarNamesFor(connection.endpoint_id, configVars.value).length > 0
      ? {done: true, result: {configVars, endpoint}, status}
      : {done: false, status: `${status}, waiting for its config vars`}
  }
}

/** One look from this host at the connection waited for: whether every hop passed, and in a few words what fails. */
export interface ReachableLook<R> {
  ok: boolean
  report: R
  summary: string
}

/**
 * Ready for `wait --endpoint-id ID --reachable`: `ready` (the connection Available, its config
 * vars there), then `look` from this host passes: DNS and security groups lag behind Available.
 */
export function endpointReachable<R>(ready: ReadinessCheck<WaitResult>, look: (result: WaitResult) => Promise<ReachableLook<R>>): ReadinessCheck<WaitResult & {report: R}> {
  return async () => {
    const poll = await ready()
    if (!poll.done) return poll
    const {ok, report, summary} = await look(poll.result)
    return ok
      ? {done: true, result: {...poll.result, report}, status: `${poll.status}, reachable: ${summary}`}
      : {done: false, status: `${poll.status}, not reachable yet: ${summary}`}
  }
}

/** Ready for `access:add --wait`: every added account (as `parseAwsAccount` returns them) listed and ready. */
export function accountsActive(source: EndpointSource, who: string, accounts: string[]): ReadinessCheck<PrivateLinkEndpoint> {
  return async () => {
    const endpoint = await source.endpoint()
    if (FAILED_ENDPOINT.test(endpoint.status)) throw endpointFailed(endpoint, who)
    const listed = endpoint.allowed_accounts ?? []
    const added = accounts.map(account => listed.find(entry => isAccount(entry, account)) ?? {arn: accountArn(account), status: NOT_LISTED})
    throwOnFailedAccount(added, who)
    const pending = added.filter(account => account.status === NOT_LISTED || accountState(account) === 'pending')
    return pending.length === 0
      ? {done: true, result: endpoint, status: `${added.length} of ${added.length} added account${added.length === 1 ? '' : 's'} ready`}
      : {done: false, status: describePending(pending, added.length, 'added account')}
  }
}

/** Ready for `access:remove --wait`: none of the removed accounts (as `parseAwsAccount` returns them) listed any more. */
export function accountsRemoved(source: EndpointSource, who: string, accounts: string[]): ReadinessCheck<PrivateLinkEndpoint> {
  return async () => {
    const endpoint = await source.endpoint()
    if (FAILED_ENDPOINT.test(endpoint.status)) throw endpointFailed(endpoint, who)
    const listed = (endpoint.allowed_accounts ?? []).filter(entry => accounts.some(account => isAccount(entry, account)))
    return listed.length === 0
      ? {done: true, result: endpoint, status: `${accounts.length} of ${accounts.length} removed account${accounts.length === 1 ? '' : 's'} gone`}
      : {done: false, status: describePending(listed, accounts.length, 'removed account')}
  }
}

/** The accounts (as `parseAwsAccount` returns them) that `access:add`, `access:remove` or `access:set` changed. */
export interface AccountChanges {
  added: string[]
  removed: string[]
}

/**
 * Ready for `access:add --wait`, `access:remove --wait` and `access:set --wait`: the checks of
 * `accountsActive` and `accountsRemoved` for the lists that are not empty, on one read per poll.
 */
export function accountsChanged(source: EndpointSource, who: string, changes: AccountChanges): ReadinessCheck<PrivateLinkEndpoint> {
  const checksOf = (read: EndpointSource): Array<ReadinessCheck<PrivateLinkEndpoint>> => [
    ...(changes.added.length > 0 ? [accountsActive(read, who, changes.added)] : []),
    ...(changes.removed.length > 0 ? [accountsRemoved(read, who, changes.removed)] : []),
  ]
  return async () => {
    const endpoint = await source.endpoint()
    const polls = await Promise.all(checksOf({configVars: () => source.configVars(), endpoint: async () => endpoint}).map(check => check()))
    const pending = polls.filter(poll => !poll.done)
    const status = (pending.length > 0 ? pending : polls).map(poll => poll.status).join('; ')
    return pending.length === 0 ? {done: true, result: endpoint, status} : {done: false, status}
  }
}

/**
 * Ready for `destroy --wait` and `wait --destroyed`: the endpoint gone, which only a 404 says.
 * After a DELETE the API answers Deprovisioning or Deprovisioned until then, and refuses a
 * create: those are progress, never the end.
 */
export function endpointDestroyed(source: EndpointSource): ReadinessCheck<null> {
  return async () => {
    try {
      const endpoint = await source.endpoint()
      return {done: false, status: endpoint.status}
    } catch (error) {
      if (responseOf(sourceOf(error))?.status === 404) return {done: true, result: null, status: 'gone'}
      throw error
    }
  }
}

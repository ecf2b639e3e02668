// Every command that waits (`wait`, and `create`, `destroy`, `access:add`, `access:remove` with
// --wait): the readiness check it picks, run by the one polling loop with progress on stderr, and
// SIGINT/SIGTERM ending the wait at once with their exit codes.
import {ux} from '@oclif/core/ux'

import type {Session} from './session.js'
import type {Database} from './types.js'

import {
  type AllowedAccountsView, type DestroyedView, type EndpointView, toEndpointView,
} from './endpoint-view.js'
import {ExitCode, PrivateLinkError, warnRetry} from './failures.js'
import {sleep} from './retry.js'
import {
  accountsChanged, endpointDestroyed, endpointReachable, endpointReady, formatDuration, type ReachableLook, type ReadinessCheck, type WaitResult, type WaitSettings, waitUntil,
} from './wait.js'

/** What a waiting command provides (PrivateLinkCommand). */
export interface Waiter {
  /** Reports `error` as the command's failure (on stdout too under --json) and exits at once. */
  exitNow(error: PrivateLinkError): void
  notify(message: string): void
}

const STOPS = {
  SIGINT: {exit: ExitCode.Interrupted, reason: 'interrupted', spinner: 'interrupted'},
  SIGTERM: {exit: ExitCode.Terminated, reason: 'terminated', spinner: 'terminated'},
} as const

/**
 * Resolves the database, then polls the check made for it with a spinner on a TTY, or one stderr
 * line per status change elsewhere (CI). A signal stops it at once, whatever is under way.
 */
async function waitWithProgress<T>(waiter: Waiter, session: Session, settings: WaitSettings, checkFor: (who: string) => ReadinessCheck<T>): Promise<{database: Database; result: T}> {
  let who = `${session.target.database} on ${session.target.app}`
  const spinner = ux.action.type === 'spinner'
  const stop = (signal: keyof typeof STOPS) => {
    const {exit, reason, spinner: word} = STOPS[signal]
    if (spinner) ux.action.stop(word)
    waiter.exitNow(new PrivateLinkError(`Stopped waiting for ${who}.`, {exit, reason}))
  }

  const onInterrupt = () => stop('SIGINT')
  const onTerminate = () => stop('SIGTERM')
  process.once('SIGINT', onInterrupt)
  process.once('SIGTERM', onTerminate)
  try {
    // The first poll goes beside the lookup, when DATABASE is the add-on's name.
    session.readEndpointEarly()
    const database = await session.database()
    who = `${database.name} on ${database.app}`
    if (spinner) ux.action.start(`Waiting for ${who}`)
    else waiter.notify(`Waiting for ${who} (timeout ${settings.timeoutMs > 0 ? formatDuration(settings.timeoutMs) : 'none'}, polling every ${formatDuration(settings.intervalMs)})`)
    let last = ''
    const result = await waitUntil(checkFor(who), settings, {
      now: Date.now,
      onPoll(status, elapsedMs, changed) {
        last = status
        if (spinner) ux.action.status = `${status} (${formatDuration(elapsedMs)})`
        else if (changed) waiter.notify(`${status} after ${formatDuration(elapsedMs)}`)
      },
      onRetry: warnRetry,
      sleep,
    }, who)
    if (spinner) ux.action.stop(last)
    return {database, result}
  } catch (error) {
    if (spinner) ux.action.stop('failed')
    throw error
  } finally {
    process.removeListener('SIGINT', onInterrupt)
    process.removeListener('SIGTERM', onTerminate)
  }
}

/** `wait` and `create --wait`: the endpoint Operational with every allowed account ready (and, with `endpointId`, that connection Available with its config vars). */
export async function waitUntilReady(waiter: Waiter, session: Session, settings: WaitSettings, endpointId?: string): Promise<EndpointView> {
  const {database, result} = await waitWithProgress(waiter, session, settings, who => endpointReady(session, who, endpointId))
  return toEndpointView(database, result.endpoint, {configVars: result.configVars})
}

/** The connection `wait --reachable` waits for, and the look at it from this host (a `check`). */
export interface Reach<R> {
  endpointId: string
  look: (database: Database, result: WaitResult) => Promise<ReachableLook<R>>
}

/**
 * `wait --endpoint-id ID --reachable`: ready with that connection, then `check` from this host
 * passing, polled like the rest: the same --timeout, --interval and exit codes.
 */
export async function waitUntilReachable<R>(waiter: Waiter, session: Session, settings: WaitSettings, reach: Reach<R>): Promise<{report: R; view: EndpointView}> {
  const ready = (who: string) => endpointReady(session, who, reach.endpointId)
  const {database, result} = await waitWithProgress(waiter, session, settings, who => endpointReachable(ready(who), async found => reach.look(await session.database(), found)))
  return {report: result.report, view: toEndpointView(database, result.endpoint, {configVars: result.configVars})}
}

/** The accounts `access:add`, `access:remove` or `access:set` sent, as `parseAwsAccount` returns them. */
export interface AccountChange {
  added?: string[]
  removed?: string[]
}

/** `access:add --wait`, `access:remove --wait` and `access:set --wait`: every added account ready, and every removed one gone. */
export async function waitForAccounts(waiter: Waiter, session: Session, settings: WaitSettings, change: AccountChange): Promise<AllowedAccountsView> {
  const changes = {added: change.added ?? [], removed: change.removed ?? []}
  const {database, result} = await waitWithProgress(waiter, session, settings, who => accountsChanged(session, who, changes))
  const {addon, allowed_accounts, app} = toEndpointView(database, result)
  return {addon, allowed_accounts, app}
}

/** `destroy --wait` and `wait --destroyed`: the endpoint gone (404), Deprovisioning and Deprovisioned being progress. */
export async function waitUntilDestroyed(waiter: Waiter, session: Session, settings: WaitSettings): Promise<DestroyedView> {
  const {database} = await waitWithProgress(waiter, session, settings, () => endpointDestroyed(session))
  return {addon: database.name, app: database.app, status: null}
}

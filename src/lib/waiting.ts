// `wait` and `create --wait`: the polling loop with progress on stderr and Ctrl-C handling.
import {ux} from '@oclif/core/ux'
import {setTimeout as delay} from 'node:timers/promises'

import type {Session} from './session.js'

import {type EndpointView, toEndpointView} from './endpoint-view.js'
import {ExitCode, warnRetry} from './failures.js'
import {formatDuration, waitForEndpoint, type WaitSettings} from './wait.js'

export interface Progress {
  notify(message: string): void
}

/** Waits with a spinner on a TTY, or one stderr line per status change elsewhere (CI). */
export async function waitWithProgress(session: Session, settings: WaitSettings, progress: Progress): Promise<EndpointView> {
  const database = await session.database()
  const who = `${database.name} on ${database.app}`
  const spinner = ux.action.type === 'spinner'
  const interrupt = () => {
    if (spinner) ux.action.stop('interrupted')
    process.stderr.write(`\nStopped waiting for ${who}.\n`)
    // eslint-disable-next-line n/no-process-exit, unicorn/no-process-exit
    process.exit(ExitCode.Interrupted)
  }

  process.once('SIGINT', interrupt)
  if (spinner) ux.action.start(`Waiting for ${who}`)
  else progress.notify(`Waiting for ${who} (timeout ${settings.timeoutMs > 0 ? formatDuration(settings.timeoutMs) : 'none'}, polling every ${formatDuration(settings.intervalMs)})`)
  try {
    const {configVars, endpoint} = await waitForEndpoint(settings, {
      fetchConfigVars: () => session.configVars(),
      fetchEndpoint: () => session.endpoint(),
      now: Date.now,
      onPoll(status, elapsedMs, changed) {
        if (spinner) ux.action.status = `${status} (${formatDuration(elapsedMs)})`
        else if (changed) progress.notify(`${status} after ${formatDuration(elapsedMs)}`)
      },
      onRetry: warnRetry,
      sleep: (ms, signal) => delay(ms, undefined, {signal}),
    }, who)
    if (spinner) ux.action.stop(endpoint.status)
    return toEndpointView(database, endpoint, configVars)
  } catch (error) {
    if (spinner) ux.action.stop('failed')
    throw error
  } finally {
    process.removeListener('SIGINT', interrupt)
  }
}

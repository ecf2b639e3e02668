import {Command, Interfaces} from '@oclif/core'
import {ux} from '@oclif/core/ux'
import {stripVTControlCharacters} from 'node:util'

import type {Session, SessionTarget} from './session.js'
import type {WaitSettings} from './wait.js'

import {
  ExitCode, PrivateLinkError, REJECTED_TOKEN, usageError, warnRetry,
} from './failures.js'
import * as flags from './flags.js'
import {InvalidInputError, typographicDashHint} from './input.js'

export interface SessionOptions {
  /** Told once per streak of transient failures of a request (default: a warning each time). */
  onRetry?: (reason: string) => void
  /** How long reads may be retried; 0 when the caller has a polling loop of its own. */
  readRetryMs?: number
  /** A command that waits: its --timeout bounds every request of the session too. */
  wait?: WaitFlags
}

export interface WaitFlags {
  interval: number
  timeout: number
}

/**
 * Base of every `data:privatelink` command. Start-up stays light: the API clients are imported only
 * once a command needs the network, so `--help` and refused input never pay for them, and
 * `@heroku-cli/command` only for a stored login (see platform-client.ts).
 */
export abstract class PrivateLinkCommand extends Command {
  static baseFlags = {
    app: flags.app,
    remote: flags.remote,
  }
  /** A wait's --timeout counts from the session's start, which precedes every request. */
  private startedAt = Date.now()
  private token?: string

  async catch(thrown: Interfaces.CommandError): Promise<unknown> {
    // Refused input was parsed, not forgotten: oclif's development-mode warning that a command
    // "did not parse its arguments" is for commands that never call parse.
    this.parsed = true
    const error = asCommandError(thrown)
    const exit = (error as {oclif?: {exit?: number}}).oclif?.exit ?? ExitCode.Failure
    // A safety net for messages that echo the token; shorter "tokens" would mangle any text.
    if (this.token && this.token.length >= MIN_REDACTED_TOKEN) error.message = error.message.replaceAll(this.token, '[REDACTED]')
    if (!this.jsonEnabled()) return super.catch(error)
    process.exitCode = exit
    this.logJson(jsonError(error, exit))
  }

  /**
   * Reports `error` and exits at once, whatever requests or timers are pending (a signal during a
   * wait): its message on stderr, and under --json the one JSON error object on stdout.
   */
  exitNow(error: PrivateLinkError): void {
    const exit = error.oclif.exit ?? ExitCode.Failure
    process.stderr.write(`\n${error.message}\n`)
    if (this.jsonEnabled()) this.logJson(jsonError(error, exit))
    // eslint-disable-next-line n/no-process-exit, unicorn/no-process-exit
    process.exit(exit)
  }

  async init(): Promise<void> {
    await super.init()
    const names = Object.entries({...this.ctor.baseFlags, ...this.ctor.flags}).flatMap(([name, flag]) => [`--${name}`, ...(flag.char ? [`-${flag.char}`] : [])])
    for (const arg of this.argv) {
      if (arg === '--') break
      const hint = typographicDashHint(arg, names)
      if (hint) throw usageError(hint)
    }
  }

  /** Writes a progress line to stderr, which stays free of results even under `--json`. */
  notify(message: string): void {
    ux.stderr(message)
  }

  /** Starts a mutation's progress line on stderr: a spinner on a TTY, a plain line elsewhere. */
  protected progress(action: string): void {
    if (!this.jsonEnabled()) ux.action.start(action)
  }

  protected progressDone(status = 'done'): void {
    if (!this.jsonEnabled()) ux.action.stop(status)
  }

  /**
   * The renderer of human output, loading while the requests are under way; undefined under --json.
   * With `tables`, hux too (about half a second), for a rendering that draws tables or key/value blocks.
   */
  protected renderer({tables}: {tables: boolean}): Promise<typeof import('./render.js')> | undefined {
    if (this.jsonEnabled()) return undefined
    const render = import('./render.js')
    if (tables) render.then(module => module.loadHux()).catch(() => {})
    return render
  }

  protected async session(target: SessionTarget, options: SessionOptions = {}): Promise<Session> {
    const [{dataApiBaseUrl, DataApiClient}, {connectPlatform, herokuHeaders}, {Session}, {requestTimeoutMs}, {deadlineOf}] = await Promise.all([
      import('./data-api.js'),
      import('./platform-client.js'),
      import('./session.js'),
      import('./retry.js'),
      import('./wait.js'),
      // Loaded before the renderer can hold it up, so that the lookup leaves with the reads beside it.
      target.database === undefined ? undefined : import('./platform.js').then(({loadResolver}) => loadResolver()),
    ])
    const baseUrl = dataApiBaseUrl()
    // Checked before either client is made: both send them.
    const extraHeaders = herokuHeaders()
    const {heroku, token} = await connectPlatform(this.config, {
      debug: process.env.HEROKU_DEBUG === '1' || process.env.HEROKU_DEBUG?.toLowerCase() === 'true',
    })
    if (!token) {
      throw new PrivateLinkError('You are not logged in to Heroku. Run heroku login, or set HEROKU_API_KEY.', {reason: 'unauthorized'})
    }

    this.token = token
    this.startedAt = Date.now()
    const policy = {
      deadline: options.wait && deadlineOf(this.waitSettings(options.wait), this.startedAt),
      onRetry: options.onRetry ?? warnRetry,
      readRetryMs: options.readRetryMs,
      requestTimeoutMs: requestTimeoutMs(),
    }
    const dataApi = new DataApiClient({
      ...policy, baseUrl, extraHeaders, token, userAgent: `heroku-data-privatelink ${this.config.userAgent}`,
    })
    return new Session(heroku, dataApi, target, policy)
  }

  /** The --timeout and --interval of a command that waits, counted from the session's start. */
  protected waitSettings(flags: WaitFlags): WaitSettings {
    return {intervalMs: flags.interval * 1000, startedAt: this.startedAt, timeoutMs: flags.timeout * 1000}
  }
}

function jsonError(error: Error, exit: number): {error: {exit_code: number; message: string; reason: string}} {
  const reason = error instanceof PrivateLinkError ? error.reason : (exit === ExitCode.Usage ? 'usage' : 'error')
  return {error: {exit_code: exit, message: stripVTControlCharacters(error.message), reason}}
}

const MIN_REDACTED_TOKEN = 8

/**
 * Our input errors become usage errors (exit 2), and plain `Error`s thrown with a message meant for
 * people (both Platform clients' "The token provided to HEROKU_API_KEY is invalid") are shown like
 * ours. Other errors (bugs) keep their type.
 */
function asCommandError(error: Interfaces.CommandError): Interfaces.CommandError {
  if (error instanceof InvalidInputError) return new PrivateLinkError(error.detail, {exit: ExitCode.Usage, reason: 'invalid_input'})
  if (error.constructor === Error) {
    return new PrivateLinkError(error.message, {reason: REJECTED_TOKEN.test(error.message) ? 'unauthorized' : 'error', source: error})
  }

  return error
}

/** The hidden `pg:`, `kafka:` and `redis:` spellings of a `data:privatelink` command. */
export function hiddenAliasesFor(command: string): string[] {
  return ['pg', 'kafka', 'redis'].map(topic => command.replace(/^data:/, `${topic}:`))
}

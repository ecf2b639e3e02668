import {Command, Interfaces} from '@oclif/core'
import {ux} from '@oclif/core/ux'
import {stripVTControlCharacters} from 'node:util'

import type {Session, Target} from './session.js'

import {ExitCode, PrivateLinkError, warnRetry} from './failures.js'
import * as flags from './flags.js'
import {InvalidInputError, typographicDashHint} from './input.js'

export interface SessionOptions {
  /** How long reads may be retried; 0 when the caller has a polling loop of its own. */
  readRetryMs?: number
}

/**
 * Base of every `data:privatelink` command. Start-up stays light: `@heroku-cli/command` (auth and
 * the Platform client) and the Data API client are imported only once a command needs the network,
 * so `--help` and refused input never pay for them.
 */
export abstract class PrivateLinkCommand extends Command {
  static baseFlags = {
    app: flags.app,
    remote: flags.remote,
  }
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
    const reason = error instanceof PrivateLinkError ? error.reason : (exit === ExitCode.Usage ? 'usage' : 'error')
    this.logJson({error: {exit_code: exit, message: stripVTControlCharacters(error.message), reason}})
  }

  async init(): Promise<void> {
    await super.init()
    const names = Object.entries({...this.ctor.baseFlags, ...this.ctor.flags}).flatMap(([name, flag]) => [`--${name}`, ...(flag.char ? [`-${flag.char}`] : [])])
    for (const arg of this.argv) {
      if (arg === '--') break
      const hint = typographicDashHint(arg, names)
      if (hint) throw new PrivateLinkError(hint, {exit: ExitCode.Usage, reason: 'usage'})
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

  protected async session(target: Target, options: SessionOptions = {}): Promise<Session> {
    const [{APIClient}, {dataApiBaseUrl, DataApiClient}, {Session}] = await Promise.all([
      import('@heroku-cli/command'),
      import('./data-api.js'),
      import('./session.js'),
    ])
    const baseUrl = dataApiBaseUrl()
    const heroku = new APIClient(this.config, {
      debug: process.env.HEROKU_DEBUG === '1' || process.env.HEROKU_DEBUG?.toLowerCase() === 'true',
    })
    // Auth is asynchronous in @heroku-cli/command 13: read the token before building the Data client.
    const token = await heroku.getAuth()
    if (!token) {
      throw new PrivateLinkError('You are not logged in to Heroku. Run heroku login, or set HEROKU_API_KEY.', {reason: 'unauthorized'})
    }

    this.token = token
    const dataApi = new DataApiClient({
      baseUrl,
      onRetry: warnRetry,
      readRetryMs: options.readRetryMs,
      token,
      userAgent: `heroku-data-privatelink ${this.config.userAgent}`,
    })
    return new Session(heroku, dataApi, target, {onRetry: warnRetry, readRetryMs: options.readRetryMs})
  }
}

const MIN_REDACTED_TOKEN = 8

/**
 * Our input errors become usage errors (exit 2), and plain `Error`s that libraries throw with a
 * message meant for people (`@heroku-cli/command`'s "The token provided to HEROKU_API_KEY is
 * invalid") are shown like ours. Other errors (bugs) keep their type.
 */
function asCommandError(error: Interfaces.CommandError): Interfaces.CommandError {
  if (error instanceof InvalidInputError) return new PrivateLinkError(error.detail, {exit: ExitCode.Usage, reason: 'invalid_input'})
  if (error.constructor === Error) return new PrivateLinkError(error.message, {source: error})
  return error
}

/** The hidden `pg:`, `kafka:` and `redis:` spellings of a `data:privatelink` command. */
export function hiddenAliasesFor(command: string): string[] {
  return ['pg', 'kafka', 'redis'].map(topic => command.replace(/^data:/, `${topic}:`))
}

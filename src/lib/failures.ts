// Turns whatever a request failed with into one paragraph a person can act on: what failed, for
// which add-on and app, and the command that helps.
import {CLIError} from '@oclif/core/errors'
import {ux} from '@oclif/core/ux'
import {stripVTControlCharacters} from 'node:util'

import type {PrivateLinkEndpoint, Target} from './types.js'

import {isDeprovisioning} from './endpoint-view.js'
import {
  DeadlineReached, describeNetworkCode, networkCodeOf, neverReachedServer, NoAnswerError, responseOf, retryAfterMs,
} from './retry.js'
import {privatelinkCommand} from './suggestions.js'

/** Exit codes, documented in the README and in `wait`'s help. */
export const ExitCode = {
  /** `check`: some hop from this host to the database failed. */
  CheckFailed: 5,
  EndpointFailed: 4,
  Failure: 1,
  /** `data:privatelink --space/--team --fail-on-findings`: the audit found something (a finding). */
  Findings: 6,
  /** SIGINT (Ctrl-C), as shells report a process ended by it. */
  Interrupted: 130,
  /** SIGTERM, what CI runners send on cancel. */
  Terminated: 143,
  TimedOut: 3,
  Usage: 2,
} as const

export class PrivateLinkError extends CLIError {
  /** A stable identifier for scripts (`--json` errors). */
  readonly reason: string
  /** The failure this error explains (not `cause`: oclif would print that one too). */
  readonly source?: unknown

  constructor(message: string, options: {exit?: number; reason?: string; source?: unknown} = {}) {
    super(message, {exit: options.exit ?? ExitCode.Failure})
    this.reason = options.reason ?? 'error'
    this.source = options.source
  }
}

/** Bad flags or arguments, refused before any request (exit 2). */
export function usageError(message: string): PrivateLinkError {
  return new PrivateLinkError(message, {exit: ExitCode.Usage, reason: 'usage'})
}

export type Api = 'Heroku Data API' | 'Heroku Platform API'

export interface FailureContext extends Target {
  /** The resolved add-on name, once known. */
  addon?: string
  api: Api
  /** What was being done, e.g. "create the PrivateLink endpoint". */
  doing: string
  /** Whether the request changes state (a write whose outcome may be unknown after a failure). */
  write?: boolean
}

const STATUS_WORDS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  406: 'Not Acceptable',
  409: 'Conflict',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
}

/** What `@heroku-cli/command`'s APIClient (and our light client, in its words) throws when the Platform API refuses HEROKU_API_KEY (401). */
export const REJECTED_TOKEN = /token provided to HEROKU_API_KEY is invalid/i

/** Says on stderr, once per streak of transient failures, what is being retried. */
export function warnRetry(reason: string): void {
  ux.warn(`Retrying after a transient failure: ${reason}`)
}

/** Strips control characters and bounds the length of text that came from a server. */
export function sanitize(text: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replaceAll(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/g, '').trim()
  return clean.length > 500 ? `${clean.slice(0, 500)}…` : clean
}

function apiMessage(body: unknown): string | undefined {
  if (typeof body === 'object' && body !== null) {
    const {message} = body as {message?: unknown}
    if (typeof message === 'string' && message.trim()) return sanitize(message)
  }

  return undefined
}

function apiId(body: unknown): string | undefined {
  const id = typeof body === 'object' && body !== null ? (body as {id?: unknown}).id : undefined
  return typeof id === 'string' ? sanitize(id) : undefined
}

function bodyDescription(body: unknown): string {
  if (body === undefined || body === null || body === '') return 'an empty body'
  if (typeof body === 'string') {
    return /<html|<!doctype/i.test(body) ? 'an HTML page instead of JSON (likely from a proxy or gateway)' : 'a body that is not JSON'
  }

  return 'a JSON body without a message'
}

/** Ends a sentence whose end came from the server, which often brings its own period. */
function period(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`
}

function whose(context: FailureContext): string {
  const who = context.addon ?? context.database
  // The overview of an app's databases names no DATABASE.
  return who ? `${who} on ${context.app}` : context.app
}

function uncertainOutcome(context: FailureContext): string {
  return context.write
    ? `\nThe change may or may not have been made. Check the current state with: ${privatelinkCommand('', context)}`
    : ''
}

function explainStatus(status: number, body: unknown, error: unknown, context: FailureContext): PrivateLinkError {
  const message = apiMessage(body)
  const said = message ?? `it answered with ${bodyDescription(body)}`
  const head = `Couldn't ${context.doing} for ${whose(context)}`
  const statusText = `${status}${STATUS_WORDS[status] ? ` ${STATUS_WORDS[status]}` : ''}`
  const reason = apiId(body) ?? `http_${status}`

  if (status === 401) {
    return new PrivateLinkError(`${head}: the ${context.api} rejected your credentials (401).\nLog in again with: heroku login (or set HEROKU_API_KEY to a valid API key)`, {reason: 'unauthorized', source: error})
  }

  if (status === 403) {
    const twoFactor = apiId(body) === 'two_factor'
      ? '\nThis action needs two-factor authentication: run the command in a terminal, where you will be asked for a code.'
      : `\nCheck that your account has access to ${context.app}: heroku access --app ${context.app}`
    return new PrivateLinkError(`${head}: ${said} (403 Forbidden).${twoFactor}`, {reason, source: error})
  }

  if (status === 404 && context.api === 'Heroku Data API') {
    // The same 404 may mean that the Data API does not know the add-on at all: its own words say which.
    const apiSaid = message ? ` The Heroku Data API said: ${period(message)}` : ''
    return new PrivateLinkError(`No PrivateLink endpoint exists for ${whose(context)}.${apiSaid}\nCreate one with: ${privatelinkCommand('create', context, '--aws-account-id', 'ACCOUNT_ID')}`, {reason: 'not_found', source: error})
  }

  if (status === 429) {
    const after = retryAfterMs(error)
    const when = after === undefined ? 'in a minute' : `in ${Math.ceil(after / 1000)} seconds`
    return new PrivateLinkError(`${head}: the ${context.api} is rate limiting requests (429 Too Many Requests): ${period(said)}\nTry again ${when}.`, {reason: 'rate_limited', source: error})
  }

  if (status >= 500) {
    return new PrivateLinkError(`${head}: the ${context.api} failed with ${statusText}: ${period(said)}${uncertainOutcome(context)}`, {reason, source: error})
  }

  return new PrivateLinkError(`${head}: ${said} (${statusText}).`, {reason, source: error})
}

/** One clear error for any failure of a request, never a stack trace. */
export function explainFailure(error: unknown, context: FailureContext): Error {
  if (error instanceof CLIError && !responseOf(error)) return error
  if (error instanceof DeadlineReached) {
    const last = error.lastFailure ? ` (it was retrying after ${error.lastFailure})` : ''
    return new PrivateLinkError(`Timed out: couldn't ${context.doing} for ${whose(context)} within --timeout${last}.\nRun the command again, or give it longer with --timeout SECONDS (0 waits without a deadline).${uncertainOutcome(context)}`, {exit: ExitCode.TimedOut, reason: 'timeout', source: error})
  }

  if (error instanceof NoAnswerError) {
    return new PrivateLinkError(`Couldn't ${context.doing} for ${whose(context)}: the ${context.api} gave ${error.message}.${uncertainOutcome(context)}`, {reason: 'no_answer', source: error})
  }

  const response = responseOf(error)
  if (response) return explainStatus(response.status, response.body, error, context)

  const code = networkCodeOf(error)
  if (code) {
    const proxy = process.env.HTTPS_PROXY || process.env.https_proxy ? ' (through the proxy in HTTPS_PROXY)' : ''
    const outcome = neverReachedServer(error) ? '' : uncertainOutcome(context)
    return new PrivateLinkError(`Couldn't ${context.doing} for ${whose(context)}: the ${context.api} could not be reached${proxy}: ${describeNetworkCode(code)}.${outcome}`, {reason: 'network', source: error})
  }

  if (error instanceof SyntaxError) {
    return new PrivateLinkError(`Couldn't ${context.doing} for ${whose(context)}: the ${context.api} answered with malformed JSON.${uncertainOutcome(context)}`, {reason: 'malformed_response', source: error})
  }

  return error instanceof Error ? error : new PrivateLinkError(String(error))
}

/** What `--json` says beside a value a failed read leaves null: the error's reason and message. */
export function readFailure(error: unknown): {message: string; reason: string} {
  const explained = error instanceof Error ? error : new PrivateLinkError(String(error))
  return {message: stripVTControlCharacters(explained.message), reason: explained instanceof PrivateLinkError ? explained.reason : 'error'}
}

/** The first line of an error's message, for a one-line warning. */
export function firstLine(error: unknown): string {
  return stripVTControlCharacters(error instanceof Error ? error.message : String(error)).split('\n')[0]
}

/** The status of a refused request, whether the error is raw or already explained. */
export function refusedStatus(error: unknown): number | undefined {
  return responseOf(error instanceof PrivateLinkError ? error.source : error)?.status
}

/**
 * A create the API refused because the database has an endpoint already: the one to use, or,
 * while the previous one is being destroyed, the wait that must come first.
 */
export function existingEndpointError(endpoint: PrivateLinkEndpoint, context: FailureContext, refusal: unknown): PrivateLinkError {
  if (isDeprovisioning(endpoint)) {
    return new PrivateLinkError(`The previous PrivateLink endpoint for ${whose(context)} is still being destroyed (${sanitize(endpoint.status)}), so the ${context.api} refused to create a new one. Wait for the destroy to finish, then create it again:
  ${privatelinkCommand('wait', context, '--destroyed')}`, {reason: 'destroy_in_progress', source: refusal})
  }

  return new PrivateLinkError([
    `${whose(context)} already has a PrivateLink endpoint (${sanitize(endpoint.status)}), and a database has only one, so the ${context.api} refused to create another.`,
    `Show it with: ${privatelinkCommand('', context)}`,
    `Allow more AWS accounts to connect with: ${privatelinkCommand('access:add', context, '--aws-account-id', 'ACCOUNT_ID')}`,
  ].join('\n'), {reason: 'already_exists', source: refusal})
}

// The Platform API client of a run. With HEROKU_API_KEY there is no stored login to read, so a
// small client on `@heroku/http-call` (the library under `@heroku-cli/command`'s APIClient) sends
// what APIClient sends, without loading that package: its credential store statically imports
// telemetry code, about a second of start-up. APIClient is loaded for a stored login (netrc or
// credential store) and for a two-factor prompt on a terminal.
import type {Config} from '@oclif/core/interfaces'
import type {IncomingMessage, OutgoingHttpHeaders} from 'node:http'

import {HTTP, HTTPError} from '@heroku/http-call'
import {CLIError, warn} from '@oclif/core/errors'
import {ux} from '@oclif/core/ux'
import {randomUUID} from 'node:crypto'
import {createRequire} from 'node:module'

import {PrivateLinkError} from './failures.js'

export interface PlatformRequestOptions {
  body?: unknown
  headers?: Record<string, string>
  /** Leave the answer unread: `response` is then the stream to read. */
  raw?: boolean
}

export interface PlatformResponse<T> {
  body: T
  response: IncomingMessage
}

/** The Platform API calls of `platform.ts`: `@heroku-cli/command`'s APIClient and LightPlatformClient both make them. */
export interface PlatformClient {
  get<T>(path: string, options?: PlatformRequestOptions): Promise<PlatformResponse<T>>
  post<T>(path: string, options?: PlatformRequestOptions): Promise<PlatformResponse<T>>
}

/** A session's client: Platform calls, and the two-factor pre-authorization the Data API may ask for. */
export interface SessionPlatformClient extends PlatformClient {
  preauth(app: string, factor: string): Promise<unknown>
  /** Asks for a two-factor code on the terminal; rejects when there is none. */
  twoFactorPrompt(): Promise<string>
}

// The hosts `@heroku-cli/command` 13 accepts in HEROKU_HOST and sends the token to (api-client.ts, vars.ts).
const HEROKU_DOMAINS = ['heroku.com', 'herokai.com', 'herokuspace.com', 'herokudev.com']
const LOCALHOST_DOMAINS = ['localhost', '127.0.0.1']
const DEFAULT_HOST = 'heroku.com'
/** APIClient's own word for a 401 with HEROKU_API_KEY set, which users see today. */
const INVALID_API_KEY = 'The token provided to HEROKU_API_KEY is invalid. Please double-check that you have the correct token, or run `heroku login` without HEROKU_API_KEY set.'
const NO_TERMINAL = 'Two-factor authentication requires an interactive terminal.'
/** APIClient's attempts per request: the first, and up to two after a two-factor prompt. */
const ATTEMPTS = 3
const MAX_REQUEST_ID_BYTES = 7 * 1024

function isAcceptedHost(setting: string): boolean {
  const host = setting.replace(/^https?:\/\//, '')
  return HEROKU_DOMAINS.some(domain => host === domain || host.endsWith(`.${domain}`)) || LOCALHOST_DOMAINS.some(domain => host.includes(domain))
}

/**
 * HEROKU_HEADERS: a JSON object of extra headers that the Heroku CLI's APIClient sends on every
 * request, and so do both of our clients. Anything else is refused with a message, rather than
 * APIClient's bare JSON parse error.
 */
export function herokuHeaders(setting = process.env.HEROKU_HEADERS): Record<string, string> {
  if (!setting?.trim()) return {}
  let headers: unknown
  try {
    headers = JSON.parse(setting)
  } catch {
    headers = undefined
  }

  if (typeof headers !== 'object' || headers === null || Array.isArray(headers) || Object.values(headers).some(value => typeof value !== 'string' && typeof value !== 'number')) {
    throw new PrivateLinkError('HEROKU_HEADERS must be a JSON object of header names and values, such as {"X-Example": "value"}. Fix it, or unset it.', {reason: 'invalid_heroku_headers'})
  }

  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, String(value)]))
}

/**
 * The Platform API's base URL, from HEROKU_HOST as `@heroku-cli/command` reads it: a URL
 * (`http://127.0.0.1:5000`) or a host (`heroku.com` → `https://api.heroku.com`); any other host
 * is refused with a warning, for the default.
 */
export function platformApiUrl(setting = process.env.HEROKU_HOST): URL {
  let host = setting || DEFAULT_HOST
  if (setting && !isAcceptedHost(setting)) {
    ux.warn(`Invalid HEROKU_HOST '${setting}' - using default`)
    host = DEFAULT_HOST
  }

  return new URL(host.startsWith('http') ? host : `https://api.${host}`)
}

/** `HerokuAPIError`'s shape and message: the API's `message`, then its id, app and URL. */
export class PlatformApiError extends CLIError {
  constructor(readonly http: HTTPError, readonly body: {app?: {name?: string}; id?: string; message: string; url?: string}) {
    const info = [
      ...(body.id ? [`Error ID: ${body.id}`] : []),
      ...(body.app?.name ? [`App: ${body.app.name}`] : []),
      ...(body.url ? [`See ${body.url} for more information.`] : []),
    ]
    super(info.length > 0 ? [body.message, '', ...info].join('\n') : body.message)
  }
}

/** An answer without a message stays the HTTPError it was, as with APIClient. */
function apiError(error: HTTPError): Error {
  const body = error.body as undefined | {message?: unknown}
  return body && typeof body === 'object' && body.message ? new PlatformApiError(error, body as PlatformApiError['body']) : error
}

export interface LightPlatformOptions {
  /** HEROKU_DEBUG: http-call's request and response lines on stderr. */
  debug: boolean
  token: string
}

/**
 * The Platform client for HEROKU_API_KEY. Like APIClient: Accept version 3 unless the caller says
 * otherwise, its user-agent, HEROKU_HEADERS, Request-Id, the Bearer token only to Heroku hosts and
 * loopback, Warning headers shown once, a 401 reported as an invalid HEROKU_API_KEY, two-factor
 * retries, http-call's proxy, redirect and network-retry handling. Not its delinquency notices,
 * which concern GET /account and /teams only.
 */
export class LightPlatformClient implements SessionPlatformClient {
  private full?: Promise<SessionPlatformClient>
  private readonly http: typeof HTTP
  private readonly preauthorized = new Map<string, Promise<unknown>>()
  private requestIds: string[] = []
  private readonly sendsToken: boolean
  private readonly shownWarnings = new Set<string>()

  constructor(private readonly config: Config, private readonly options: LightPlatformOptions) {
    const base = platformApiUrl()
    if (options.debug) enableHttpDebug()
    this.sendsToken = HEROKU_DOMAINS.some(domain => base.hostname === domain || base.hostname.endsWith(`.${domain}`)) || LOCALHOST_DOMAINS.includes(base.hostname)
    this.http = HTTP.create({
      headers: {
        accept: 'application/vnd.heroku+json; version=3',
        'user-agent': `heroku-cli/${config.version} ${config.platform}`,
        ...herokuHeaders(),
      },
      host: base.hostname,
      port: base.port,
      protocol: base.protocol as 'http:' | 'https:',
    })
  }

  get<T>(path: string, options: PlatformRequestOptions = {}): Promise<HTTP<T>> {
    return this.request<T>('GET', path, options)
  }

  post<T>(path: string, options: PlatformRequestOptions = {}): Promise<HTTP<T>> {
    return this.request<T>('POST', path, options)
  }

  preauth(app: string, factor: string): Promise<HTTP<unknown>> {
    return this.request('PUT', `/apps/${app}/pre-authorizations`, {headers: {'Heroku-Two-Factor-Code': factor}})
  }

  async twoFactorPrompt(): Promise<string> {
    if (!process.stdin.isTTY) throw new Error(NO_TERMINAL)
    // The prompt (masked input, YubiKey support) is APIClient's own.
    this.full ??= import('@heroku-cli/command').then(({APIClient}) => new APIClient(this.config, {debug: this.options.debug}))
    return (await this.full).twoFactorPrompt()
  }

  private nextRequestId(): string {
    this.requestIds = [randomUUID(), ...this.requestIds]
    // Ids accumulate over a long poll; a header over 8 KiB would be refused.
    if (Buffer.byteLength(this.requestIds.join(',')) > MAX_REQUEST_ID_BYTES) this.requestIds = [randomUUID()]
    return this.requestIds.join(',')
  }

  private noteAnswer(headers: IncomingMessage['headers']): void {
    const ids = headers['request-id']
    const seen = (Array.isArray(ids) ? ids : ids?.split(',') ?? []).filter(id => !this.requestIds.includes(id))
    this.requestIds = [...seen, ...this.requestIds]
    const warnings = headers['x-heroku-warning'] ?? headers['warning-message']
    for (const raw of Array.isArray(warnings) ? warnings : (typeof warnings === 'string' ? [warnings] : [])) {
      const text = raw.replace(/^\s*warning:?\s*/i, '').trim()
      if (text && !this.shownWarnings.has(text)) {
        this.shownWarnings.add(text)
        warn(text)
      }
    }
  }

  private async request<T>(method: string, path: string, options: PlatformRequestOptions, attempt = 1): Promise<HTTP<T>> {
    const headers: OutgoingHttpHeaders = {...options.headers, 'Request-Id': this.nextRequestId()}
    if (this.sendsToken && !Object.keys(headers).some(name => name.toLowerCase() === 'authorization')) {
      headers.authorization = `Bearer ${this.options.token}`
    }

    try {
      const answer = await this.http.request<T>(path, {
        body: options.body, headers, method, raw: options.raw,
      })
      this.noteAnswer(answer.headers)
      return answer
    } catch (error) {
      if (!(error instanceof HTTPError)) throw error
      if (attempt < ATTEMPTS) {
        if (error.statusCode === 401) throw new Error(INVALID_API_KEY)
        const body = error.body as undefined | {app?: {name?: string}; id?: unknown}
        if (error.statusCode === 403 && body?.id === 'two_factor') {
          return this.request<T>(method, path, await this.withSecondFactor(options, body.app?.name), attempt + 1)
        }
      }

      throw apiError(error)
    }
  }

  /** As APIClient: pre-authorize the app (once for parallel requests), else send the code along. */
  private async withSecondFactor(options: PlatformRequestOptions, app?: string): Promise<PlatformRequestOptions> {
    if (!app) return {...options, headers: {...options.headers, 'Heroku-Two-Factor-Code': await this.twoFactorPrompt()}}
    if (!this.preauthorized.has(app)) this.preauthorized.set(app, this.twoFactorPrompt().then(factor => this.preauth(app, factor)))
    await this.preauthorized.get(app)
    return options
  }
}

/** HEROKU_DEBUG, as APIClient does it: the `http` namespace of the `debug` instance http-call logs through. */
function enableHttpDebug(): void {
  const requireFromHttpCall = createRequire(createRequire(import.meta.url).resolve('@heroku/http-call'))
  const debug = requireFromHttpCall('debug') as {enable(namespaces: string): void}
  debug.enable('http')
}

export interface PlatformConnection {
  heroku: SessionPlatformClient
  /** Undefined when there is no token in the environment and no stored login. */
  token?: string
}

/**
 * The Platform client of a run and its token: the light client with HEROKU_API_KEY, else
 * `@heroku-cli/command`'s APIClient, which reads the stored login (netrc or credential store).
 */
export async function connectPlatform(config: Config, options: {debug: boolean}): Promise<PlatformConnection> {
  const token = process.env.HEROKU_API_KEY
  if (token) return {heroku: new LightPlatformClient(config, {...options, token}), token}
  const {APIClient} = await import('@heroku-cli/command')
  const heroku = new APIClient(config, options)
  // Auth is asynchronous in @heroku-cli/command 13: the token is read before the Data client is built.
  return {heroku, token: await heroku.getAuth()}
}

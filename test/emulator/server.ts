// Local emulator of the Heroku Platform and Data APIs used by the plugin. It binds 127.0.0.1 only,
// checks credentials, applies injected faults, holds answers (a latency, holds until requests are
// in flight together) and keeps a log of requests with their times (never the token).

import type {AddressInfo} from 'node:net'

import {
  createServer, type Server as HttpServer, type IncomingMessage, type ServerResponse, STATUS_CODES,
} from 'node:http'
import {createServer as createHttpsServer, type Server as HttpsServer} from 'node:https'
import {setTimeout as sleep} from 'node:timers/promises'

import type {AddedApps, AppsSeed} from './directory.js'

import {ApiError, badRequest} from './errors.js'
import {type Fault, FaultList, parseFault} from './faults.js'
import {type Hold, HoldList, parseHold} from './holds.js'
import {
  type Answer, apiRoutes, controlRoutes, type Controls, DATA_API_PREFIX, findRoute, type Route,
} from './routes.js'
import {DEFAULT_TOKEN} from './seed.js'
import {
  type ConnectionOptions, type ConnectionResource, DEFAULT_SETTINGS, DEFAULT_TIMING, EmulatorState, type EndpointSeed, type Settings, type Timing,
} from './state.js'

export type {AddedApps, AppsSeed} from './directory.js'
export type {Fault, FaultKind} from './faults.js'
export type {Hold} from './holds.js'
export * from './seed.js'
export type {
  AppResource, ConnectionOptions, ConnectionResource, CreateAnswer, EndpointResource, EndpointSeed, RegionResource, Settings, SpaceResource, Timing, Transition,
} from './state.js'
export {DEFAULT_SETTINGS, DEFAULT_TIMING} from './state.js'

export type AuthKind = 'basic' | 'bearer' | 'invalid' | 'none'

export interface LoggedRequest {
  /** When its answer was sent (or the connection dropped), in ms since the emulator started; null while it has none (a hang). */
  answered_ms: null | number
  auth: AuthKind
  /** Parsed JSON body (raw text when not JSON); absent when empty. */
  body?: unknown
  /** The headers a test may check, by lower-case name: `accept` and every `x-*` one (HEROKU_HEADERS'), never the token. */
  headers: Record<string, string>
  host: string
  method: string
  /** Path as sent (still percent-encoded). */
  path: string
  /** Query string without `?`. */
  query: string
  /** When it arrived, in ms since the emulator started (performance.now(): monotonic). */
  received_ms: number
  /** 0 when a fault dropped the request or left it unanswered. */
  status: number
}

export interface EmulatorOptions {
  /** Every API answer (not the control routes') is held this long, as a remote API's round trip would (default 0). */
  latencyMs?: number
  /** 0 (default) picks a free port. */
  port?: number
  /** Don't print one line per request on stderr. */
  quiet?: boolean
  /** How the Data API answers where live clients saw it answer in more than one way (create's answer, accounts' ready word). */
  settings?: Partial<Settings>
  timing?: Partial<Timing>
  /**
   * Serve HTTPS with this PEM certificate and key instead of plain http; the URL is then
   * `https://localhost:PORT` (still bound to 127.0.0.1), so the certificate must name `localhost`
   * and the client must trust it (e.g. `NODE_EXTRA_CA_CERTS` for the plugin).
   */
  tls?: {cert: string; key: string}
  token?: string
}

export interface RunningEmulator {
  /** New apps of a team in a space (or the Common Runtime), each with one add-on of each plan: see `POST /__emulator/apps`. */
  addApps(seed: AppsSeed & {endpoint?: Omit<EndpointSeed, 'addon'>}): AddedApps
  clearLog(): void
  close(): Promise<void>
  /** HEROKU_HOST, HEROKU_DATA_HOST, HEROKU_PARTICLEBOARD_URL, HEROKU_API_KEY, DISABLE_TELEMETRY. */
  env: Record<string, string>
  /** The next `count` requests matching it are answered only once all of them are in flight (or after its safety release). */
  hold(hold: Partial<Hold> & Pick<Hold, 'count'>): void
  injectFault(fault: Fault): void
  /** The latency every API answer is held for, in ms. */
  latencyMs(): number
  log(): LoggedRequest[]
  port: number
  /** Back to the seed state, the start timing and the start latency; faults, holds and log cleared. */
  reset(): void
  seedEndpoint(seed: EndpointSeed): void
  /** Sets (null: unsets) config vars of an app, e.g. a connection's, to point at local servers. */
  setConfigVars(app: string, vars: Record<string, null | string>): void
  setLatency(ms: number): void
  setSettings(settings: Partial<Settings>): void
  setTiming(timing: Partial<Timing>): void
  simulateConnection(addon: string, options?: ConnectionOptions): ConnectionResource
  token: string
  /** `http://127.0.0.1:PORT`, or `https://localhost:PORT` with `tls`. */
  url: string
}

type Server = HttpServer | HttpsServer

const HOST = '127.0.0.1'
const CONTROL_PREFIX = '/__emulator/'
const REDACTED = '[REDACTED]'
const DATA_API_MEDIA_TYPE = 'application/vnd.heroku+json'
const NOT_ACCEPTABLE = 'Set Accept: application/vnd.heroku+json; version=3 and try again.'
const ERROR_IDS: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  406: 'not_acceptable',
  409: 'conflict',
  422: 'invalid_params',
  429: 'rate_limit',
  500: 'internal_server_error',
  502: 'bad_gateway',
  503: 'service_unavailable',
  504: 'gateway_timeout',
}

class Emulator implements Controls {
  readonly state: EmulatorState
  private readonly api: Route[]
  private readonly closing = new AbortController()
  private readonly control: Route[]
  private readonly defaultLatencyMs: number
  private entries: LoggedRequest[] = []
  private readonly faults = new FaultList()
  private readonly holds = new HoldList()
  private latency: number
  private readonly quiet: boolean
  private readonly startedAt = performance.now()
  private readonly token: string

  constructor({latencyMs, quiet, settings, timing, token}: {latencyMs: number; quiet: boolean; settings: Settings; timing: Timing; token: string}) {
    this.token = token
    this.quiet = quiet
    this.defaultLatencyMs = latencyMs
    this.latency = latencyMs
    this.state = new EmulatorState(timing, settings)
    this.api = apiRoutes(this.state)
    this.control = controlRoutes(this)
  }

  clearLog(): void {
    this.entries = []
  }

  async close(server: Server): Promise<void> {
    // Aborting ends pending delays and latencies; closing all connections ends keep-alive sockets.
    this.closing.abort()
    this.holds.clear()
    await new Promise<void>(resolve => {
      server.close(() => resolve())
      server.closeAllConnections()
    })
  }

  /** Answers 500 for an unexpected error, or just drops the socket once closing. */
  fail(response: ServerResponse, error: unknown): void {
    if (this.closing.signal.aborted || response.headersSent) {
      response.destroy()
      return
    }

    sendJson(response, {body: {id: 'internal_server_error', message: String(error)}, status: 500})
  }

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const receivedMs = this.now()
    const raw = await readBody(request)
    const method = request.method ?? 'GET'
    // Prefixing keeps a path starting with `//` from being read as a host.
    const url = new URL(`http://${HOST}${request.url ?? '/'}`)
    if (url.pathname.startsWith(CONTROL_PREFIX)) {
      sendJson(response, answer(() => {
        const {handler, params} = findRoute(this.control, method, url.pathname)
        return handler(params, parseJson(raw))
      }))
      return
    }

    const entry = this.record(request, url, raw, receivedMs)
    const path = decodePath(url.pathname)
    const fault = this.faults.take(method, path)
    // No answer at all: close() ends the socket (closeAllConnections), as does a client giving up.
    if (fault?.kind === 'hang') {
      this.finish(entry, 0, false)
      await this.holds.wait(method, path)
      return
    }

    // Held, then the latency, before anything is answered: also a fault's answer, or its dropped connection.
    await this.holds.wait(method, path)
    if (this.latency > 0) await sleep(this.latency, undefined, {signal: this.closing.signal})
    if (fault?.kind === 'drop') {
      this.finish(entry, 0, true)
      request.socket.destroy()
      return
    }

    if (fault?.kind === 'status') {
      this.finish(entry, fault.status ?? 500, true)
      sendFault(response, fault)
      return
    }

    if (fault?.kind === 'delay') await sleep(fault.delay_ms ?? 0, undefined, {signal: this.closing.signal})
    const result = answer(() => this.serveApi({
      accept: request.headers.accept, auth: entry.auth, method, path: url.pathname, raw,
    }))
    this.finish(entry, result.status, true)
    sendJson(response, result)
  }

  hold(input: unknown): Hold {
    const hold = parseHold(input)
    this.holds.add(hold)
    return hold
  }

  injectFault(input: unknown): Fault {
    const fault = parseFault(input)
    this.faults.add(fault)
    return fault
  }

  latencyMs(): number {
    return this.latency
  }

  log(): LoggedRequest[] {
    return structuredClone(this.entries)
  }

  reset(): void {
    this.state.reset()
    this.faults.clear()
    this.holds.clear()
    this.latency = this.defaultLatencyMs
    this.clearLog()
  }

  setLatency(ms: number): void {
    if (!(Number.isFinite(ms) && ms >= 0)) throw badRequest('The latency must be a number of ms, at least 0')
    this.latency = ms
  }

  /** `answered`: an answer was sent (or the connection dropped) now; else the request stays unanswered. */
  private finish(entry: LoggedRequest, status: number, answered: boolean): void {
    entry.status = status
    if (answered) entry.answered_ms = this.now()
    if (this.quiet) return
    const query = entry.query ? `?${entry.query}` : ''
    process.stderr.write(`[emulator] ${entry.method} ${entry.path}${query} → ${status || 'dropped'} (${entry.auth})\n`)
  }

  private loggedHeaders(request: IncomingMessage): Record<string, string> {
    const headers: Record<string, string> = {}
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined && (name === 'accept' || name.startsWith('x-'))) headers[name] = this.redact(Array.isArray(value) ? value.join(', ') : value)
    }

    return headers
  }

  /** The time of an event in ms since the emulator started. */
  private now(): number {
    return performance.now() - this.startedAt
  }

  private record(request: IncomingMessage, url: URL, raw: string, receivedMs: number): LoggedRequest {
    const entry: LoggedRequest = {
      answered_ms: null,
      auth: authKind(request.headers.authorization, this.token),
      headers: this.loggedHeaders(request),
      host: request.headers.host ?? '',
      method: request.method ?? 'GET',
      path: this.redact(url.pathname),
      query: this.redact(url.search.slice(1)),
      received_ms: receivedMs,
      status: 0,
    }
    if (raw !== '') entry.body = parseLogged(this.redact(raw))
    this.entries.push(entry)
    return entry
  }

  /** The log must never hold the token, wherever a client may have put it. */
  private redact(text: string): string {
    return text.replaceAll(this.token, REDACTED)
  }

  private serveApi({accept, auth, method, path, raw}: {accept?: string; auth: AuthKind; method: string; path: string; raw: string}): Answer {
    const {handler, params} = findRoute(this.api, method, path)
    if (auth === 'none' || auth === 'invalid') throw new ApiError(401, 'unauthorized', 'Invalid credentials provided.')
    // As a strict API would: the Data API's clients all send version 3 of Heroku's media type.
    if (path.startsWith(DATA_API_PREFIX) && !acceptsVersion3(accept)) throw new ApiError(406, 'not_acceptable', NOT_ACCEPTABLE)
    return handler(params, parseJson(raw))
  }
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const token = options.token ?? DEFAULT_TOKEN
  if (token === '') throw new Error('The emulator token must not be empty')
  const latencyMs = options.latencyMs ?? 0
  if (!(Number.isFinite(latencyMs) && latencyMs >= 0)) throw new Error('The emulator latency must be a number of ms, at least 0')
  const emulator = new Emulator({
    latencyMs, quiet: options.quiet ?? false, settings: {...DEFAULT_SETTINGS, ...options.settings}, timing: {...DEFAULT_TIMING, ...options.timing}, token,
  })
  const listener = (request: IncomingMessage, response: ServerResponse): void => {
    emulator.handle(request, response).catch(error => emulator.fail(response, error))
  }

  const server = options.tls ? createHttpsServer({cert: options.tls.cert, key: options.tls.key}, listener) : createServer(listener)
  await listen(server, options.port ?? 0)
  const {port} = server.address() as AddressInfo
  // A certificate names a host, and the plugin accepts https for localhost.
  const url = options.tls ? `https://localhost:${port}` : `http://${HOST}:${port}`
  return {
    addApps: seed => emulator.state.addApps(seed),
    clearLog: () => emulator.clearLog(),
    close: () => emulator.close(server),
    // The particleboard URL too: @heroku-cli/command calls it next to GET /account.
    env: {
      DISABLE_TELEMETRY: 'true',
      HEROKU_API_KEY: token,
      HEROKU_DATA_HOST: url,
      HEROKU_HOST: url,
      HEROKU_PARTICLEBOARD_URL: url,
    },
    hold(hold) {
      emulator.hold(hold)
    },
    injectFault(fault) {
      emulator.injectFault(fault)
    },
    latencyMs: () => emulator.latencyMs(),
    log: () => emulator.log(),
    port,
    reset: () => emulator.reset(),
    seedEndpoint(seed) {
      emulator.state.seedEndpoint(seed)
    },
    setConfigVars(app, vars) {
      emulator.state.setConfigVars(app, vars)
    },
    setLatency(ms) {
      emulator.setLatency(ms)
    },
    setSettings(settings) {
      emulator.state.setSettings(settings)
    },
    setTiming(timing) {
      emulator.state.setTiming(timing)
    },
    simulateConnection: (addon, connectionOptions) => emulator.state.simulateConnection(addon, connectionOptions),
    token,
    url,
  }
}

/** Whether an Accept header names `application/vnd.heroku+json; version=3` among its media ranges. */
function acceptsVersion3(header: string | undefined): boolean {
  return (header ?? '').split(',').some(range => {
    const [type, ...parameters] = range.split(';').map(part => part.trim().toLowerCase())
    return type === DATA_API_MEDIA_TYPE && parameters.some(parameter => parameter.replaceAll(/\s/g, '') === 'version=3')
  })
}

function answer(compute: () => Answer): Answer {
  try {
    return compute()
  } catch (error) {
    if (!(error instanceof ApiError)) throw error
    return {body: {id: error.id, message: error.message}, status: error.status}
  }
}

/** Bearer TOKEN, or Basic with TOKEN as the password (any user name). */
function authKind(header: string | undefined, token: string): AuthKind {
  if (!header) return 'none'
  const [, scheme = '', credentials = ''] = /^(\S+)\s+(.*)$/.exec(header) ?? []
  switch (scheme.toLowerCase()) {
  case 'basic': {
    const decoded = Buffer.from(credentials, 'base64').toString('utf8')
    return decoded.includes(':') && decoded.slice(decoded.indexOf(':') + 1) === token ? 'basic' : 'invalid'
  }

  case 'bearer': {
    return credentials === token ? 'bearer' : 'invalid'
  }

  default: {
    return 'invalid'
  }
  }
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path)
  } catch {
    return path
  }
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, HOST, () => {
      server.off('error', reject)
      resolve()
    })
  })
}

function parseJson(raw: string): unknown {
  if (raw.trim() === '') return undefined
  try {
    return JSON.parse(raw)
  } catch {
    throw badRequest('Request body is not valid JSON')
  }
}

function parseLogged(raw: string): unknown {
  try {
    return JSON.parse(raw)
  } catch {
    return raw
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

/** Answers a status fault. */
function sendFault(response: ServerResponse, fault: Fault): void {
  const status = fault.status ?? 500
  const headers: Record<string, string> = {
    ...(fault.retry_after === undefined ? {} : {'Retry-After': String(fault.retry_after)}),
    ...(fault.location === undefined ? {} : {Location: fault.location}),
  }
  if (fault.body === undefined) {
    const message = fault.message ?? STATUS_CODES[status] ?? 'Error'
    sendJson(response, {body: {id: fault.id ?? ERROR_IDS[status] ?? 'error', message}, status}, headers)
  } else {
    response.writeHead(status, {'Content-Length': Buffer.byteLength(fault.body), 'Content-Type': 'text/html', ...headers})
    response.end(fault.body)
  }
}

function sendJson(response: ServerResponse, {body, empty, status}: Answer, headers: Record<string, string> = {}): void {
  if (empty) {
    response.writeHead(status, {'Content-Length': 0, ...headers})
    response.end()
    return
  }

  const text = JSON.stringify(body)
  response.writeHead(status, {'Content-Length': Buffer.byteLength(text), 'Content-Type': 'application/json', ...headers})
  response.end(text)
}

// Route tables: the emulated Platform and Data APIs, and the control API under /__emulator/.

import type {Fault} from './faults.js'
import type {Hold} from './holds.js'

import {type AppsSeed, MAX_APPS} from './directory.js'
import {
  asRecord, badRequest, type Guard, isCount, isDuration, isRecord, isString, listOf, notFound, optional, required,
} from './errors.js'
import {ACCOUNT_EMAIL, stableId} from './seed.js'
import {
  type ConnectionOptions, type ConnectionSeed, type CreateAnswer, DEFAULT_TIMING, type EmulatorState, type EndpointSeed, type Settings, type Timing,
} from './state.js'

export interface Answer {
  /** Undefined with `empty`: the answer has no body at all. */
  body: unknown
  empty?: true
  status: number
}

type Handler = (params: string[], body: unknown) => Answer

export interface Route {
  handler: Handler
  method: string
  pattern: RegExp
}

/** What the control routes act on besides the state. */
export interface Controls {
  clearLog(): void
  /** Checks the hold (it may come straight from a request body) and arms it. */
  hold(hold: unknown): Hold
  /** Checks the fault (it may come straight from a request body) and arms it. */
  injectFault(fault: unknown): Fault
  latencyMs(): number
  log(): unknown[]
  reset(): void
  setLatency(ms: number): void
  state: EmulatorState
}

/** Where the Data API's routes are: they need `Accept: application/vnd.heroku+json; version=3`. */
export const DATA_API_PREFIX = '/private-link/'
const DATABASE = String.raw`^/private-link/v0/databases/([^/]+)`
const ENDPOINT = new RegExp(`${DATABASE}$`)
const ALLOWED_ACCOUNTS = new RegExp(`${DATABASE}/allowed_accounts$`)

export function apiRoutes(state: EmulatorState): Route[] {
  return [
    route('GET', /^\/account$/, () => ok({email: ACCOUNT_EMAIL, id: stableId(`account:${ACCOUNT_EMAIL}`)})),
    route('POST', /^\/actions\/addons\/resolve$/, (_params, body) => ok(state.resolveAddons(body))),
    route('GET', /^\/apps\/([^/]+)$/, ([app]) => ok(state.app(app))),
    route('GET', /^\/apps\/([^/]+)\/addons$/, ([app]) => ok(state.appAddons(app))),
    route('GET', /^\/apps\/([^/]+)\/config-vars$/, ([app]) => ok(state.appConfigVars(app))),
    route('GET', /^\/regions\/([^/]+)$/, ([region]) => ok(state.region(region))),
    route('GET', /^\/spaces\/([^/]+)$/, ([space]) => ok(state.space(space))),
    // Particleboard's team, which @heroku-cli/command's APIClient reads beside any /teams/ request (for delinquency notices).
    route('GET', /^\/teams\/([^/]+)$/, ([team]) => ok(state.team(team))),
    route('GET', /^\/teams\/([^/]+)\/apps$/, ([team]) => ok(state.teamApps(team))),
    route('GET', ENDPOINT, ([addon]) => ok(state.showEndpoint(addon))),
    route('POST', ENDPOINT, ([addon], body) => createAnswer(state.createEndpoint(addon, body), state.settings.create_answer)),
    route('DELETE', ENDPOINT, ([addon]) => ok(state.destroyEndpoint(addon))),
    route('PUT', ALLOWED_ACCOUNTS, ([addon], body) => ok(state.addAccounts(addon, body))),
    route('PATCH', ALLOWED_ACCOUNTS, ([addon], body) => ok(state.removeAccounts(addon, body))),
  ]
}

export function controlRoutes(controls: Controls): Route[] {
  const {state} = controls
  return [
    route('POST', /^\/__emulator\/apps$/, (_params, body) => {
      const {addons, apps} = state.addApps(parseAppsSeed(body))
      return created({addons: addons.map(addon => addon.name), apps: apps.map(app => app.name)})
    }),
    route('POST', /^\/__emulator\/config-vars$/, (_params, body) => {
      const {app, vars} = parseConfigVars(body)
      return ok(state.setConfigVars(app, vars))
    }),
    route('POST', /^\/__emulator\/connections$/, (_params, body) => {
      const {addon, options} = parseConnection(body)
      return created(state.simulateConnection(addon, options))
    }),
    route('POST', /^\/__emulator\/endpoints$/, (_params, body) => ok(state.seedEndpoint(parseEndpointSeed(body)))),
    route('POST', /^\/__emulator\/faults$/, (_params, body) => created(controls.injectFault(body))),
    route('POST', /^\/__emulator\/holds$/, (_params, body) => created(controls.hold(body))),
    route('GET', /^\/__emulator\/latency$/, () => ok({ms: controls.latencyMs()})),
    route('POST', /^\/__emulator\/latency$/, (_params, body) => {
      controls.setLatency(required(asRecord(body, 'latency'), 'ms', isDuration))
      return ok({ms: controls.latencyMs()})
    }),
    route('GET', /^\/__emulator\/log$/, () => ok(controls.log())),
    route('DELETE', /^\/__emulator\/log$/, () => done(() => controls.clearLog())),
    route('POST', /^\/__emulator\/reset$/, () => done(() => controls.reset())),
    route('POST', /^\/__emulator\/settings$/, (_params, body) => ok(state.setSettings(parseSettings(body)))),
    route('GET', /^\/__emulator\/state$/, () => ok(state.snapshot())),
    route('POST', /^\/__emulator\/timing$/, (_params, body) => ok(state.setTiming(parseTiming(body)))),
  ]
}

/** The route for a request, with its path parameters decoded; 404 when there is none. */
export function findRoute(routes: Route[], method: string, path: string): {handler: Handler; params: string[]} {
  for (const route of routes) {
    const match = route.method === method ? route.pattern.exec(path) : undefined
    if (match) return {handler: route.handler, params: match.slice(1).map(segment => decodeSegment(segment))}
  }

  throw notFound(`Unknown route: ${method} ${path}`)
}

function created(body: unknown): Answer {
  return {body, status: 201}
}

/** A create's answer as the settings say: the endpoint (201), or a 200 without it, as Heroku's own fixtures answer. */
function createAnswer(endpoint: unknown, kind: CreateAnswer): Answer {
  if (kind === 'empty-object') return ok({})
  if (kind === 'empty') return {body: undefined, empty: true, status: 200}
  return created(endpoint)
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    throw badRequest(`Malformed path segment: ${segment}`)
  }
}

function done(action: () => void): Answer {
  action()
  return ok({ok: true})
}

function ok(body: unknown): Answer {
  return {body, status: 200}
}

function route(method: string, pattern: RegExp, handler: Handler): Route {
  return {handler, method, pattern}
}

const isOptionalString = (value: unknown): boolean => value === undefined || isString(value)

const isAccountSeed: Guard<string | {arn: string; status?: string}> = (value): value is string | {arn: string; status?: string} =>
  isString(value) || (isRecord(value) && isString(value.arn) && isOptionalString(value.status))

const isConnectionSeed: Guard<ConnectionSeed> = (value): value is ConnectionSeed =>
  isRecord(value) && [value.endpoint_id, value.owner_arn, value.status].every(field => isOptionalString(field))
  && (value.config_vars === undefined || typeof value.config_vars === 'boolean')
  && (value.hostname === undefined || value.hostname === false || isString(value.hostname))

const isConfigVarValues: Guard<Record<string, null | string>> = (value): value is Record<string, null | string> =>
  isRecord(value) && Object.values(value).every(item => item === null || isString(item))

function parseConfigVars(body: unknown): {app: string; vars: Record<string, null | string>} {
  const input = asRecord(body, 'config vars')
  if (!isConfigVarValues(input.vars)) throw badRequest('vars must be an object of config var names to strings (or null, to unset one)')
  return {app: required(input, 'app', isString), vars: input.vars}
}

function parseConnection(body: unknown): {addon: string; options: ConnectionOptions} {
  const input = asRecord(body, 'connection')
  return {
    addon: required(input, 'addon', isString),
    options: {endpoint_id: optional(input, 'endpoint_id', isString), owner_arn: optional(input, 'owner_arn', isString)},
  }
}

function parseEndpointFields(input: Record<string, unknown>): Omit<EndpointSeed, 'addon'> {
  return {
    allowed_accounts: optional(input, 'allowed_accounts', listOf(isAccountSeed)),
    connections: optional(input, 'connections', listOf(isConnectionSeed)),
    status: optional(input, 'status', isString),
  }
}

function parseEndpointSeed(body: unknown): EndpointSeed {
  const input = asRecord(body, 'endpoint')
  return {addon: required(input, 'addon', isString), ...parseEndpointFields(input)}
}

const APPS_SEED_FIELDS = new Set(['addons', 'apps', 'endpoint', 'prefix', 'region', 'shield', 'space', 'team'])
const isAppCount = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 1 && (value as number) <= MAX_APPS

function parseAppsSeed(body: unknown): AppsSeed & {endpoint?: Omit<EndpointSeed, 'addon'>} {
  const input = asRecord(body, 'apps')
  const unknown = Object.keys(input).find(key => !APPS_SEED_FIELDS.has(key))
  if (unknown) throw badRequest(`Unknown field: ${unknown}`)
  if (input.apps !== undefined && !isAppCount(input.apps)) throw badRequest(`apps must be a number of apps from 1 to ${MAX_APPS}`)
  const endpoint = input.endpoint === undefined ? undefined : parseEndpointFields(asRecord(input.endpoint, 'endpoint'))
  return {
    addons: optional(input, 'addons', listOf(isString)),
    apps: required(input, 'apps', isAppCount),
    endpoint,
    prefix: optional(input, 'prefix', isString),
    region: optional(input, 'region', isString),
    shield: optional(input, 'shield', (value): value is boolean => typeof value === 'boolean'),
    space: optional(input, 'space', isString) ?? null,
    team: required(input, 'team', isString),
  }
}

const CREATE_ANSWERS: readonly CreateAnswer[] = ['empty', 'empty-object', 'endpoint']

function parseSettings(body: unknown): Partial<Settings> {
  const input = asRecord(body, 'settings')
  const unknown = Object.keys(input).find(key => !['account_ready_status', 'create_answer'].includes(key))
  if (unknown) throw badRequest(`Unknown setting: ${unknown}`)
  const settings: Partial<Settings> = {}
  const ready = optional(input, 'account_ready_status', isString)
  if (ready !== undefined) settings.account_ready_status = ready
  const answer = optional(input, 'create_answer', isString)
  if (answer !== undefined) {
    if (!CREATE_ANSWERS.includes(answer as CreateAnswer)) throw badRequest(`create_answer must be one of ${CREATE_ANSWERS.join(', ')}`)
    settings.create_answer = answer as CreateAnswer
  }

  return settings
}

function parseTiming(body: unknown): Partial<Timing> {
  const timing: Partial<Timing> = {}
  for (const [key, value] of Object.entries(asRecord(body, 'timing'))) {
    if (!(key in DEFAULT_TIMING)) throw badRequest(`Unknown timing: ${key}`)
    const transition = asRecord(value, key)
    timing[key as keyof Timing] = {ms: optional(transition, 'ms', isDuration), polls: optional(transition, 'polls', isCount)}
  }

  return timing
}

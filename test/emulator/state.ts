// Emulated apps, add-ons, config vars and PrivateLink endpoints, with their lifecycle.
import {randomBytes} from 'node:crypto'

import {toArn} from './accounts.js'
import {type AddedApps, type AppsSeed, Directory} from './directory.js'
import {
  ApiError, badRequest, isRecord, notFound, unprocessable,
} from './errors.js'
import {
  addonVars, SEED_REGIONS, type SeedAddon, type SeedApp, seedConfigVars, type SeedRegion, type SeedSpace, stableId,
} from './seed.js'

/** A transition happens after that many GETs of the endpoint or that many ms, whichever comes first. */
export interface Transition {
  ms?: number
  polls?: number
}

export interface Timing {
  accountActive: Transition
  /** A removed account stays listed (Removing) until then. */
  accountRemoved: Transition
  connectionAvailable: Transition
  /** After a DELETE, the endpoint answers Deprovisioned to that many GETs (or for that long), then 404: gone. */
  deprovision: Transition
  endpointOperational: Transition
}

/** How the emulated Data API answers where live clients have seen it answer in more than one way. */
export interface Settings {
  /** The status an allowed account reaches once ready: `Active`, or `Available` as in one of Heroku's fixtures. */
  account_ready_status: string
  /** A create's answer: `endpoint` (201 with it), `empty-object` (`200 {}`, as Heroku's fixtures) or `empty` (200, no body). */
  create_answer: CreateAnswer
}

export type CreateAnswer = 'empty' | 'empty-object' | 'endpoint'

export const DEFAULT_SETTINGS: Settings = {account_ready_status: 'Active', create_answer: 'endpoint'}

export const DEFAULT_TIMING: Timing = {
  accountActive: {polls: 1},
  accountRemoved: {polls: 1},
  connectionAvailable: {polls: 1},
  deprovision: {polls: 1},
  endpointOperational: {polls: 2},
}

export interface AddonResource {
  addon_service: {id: string; name: string}
  app: {id: string; name: string}
  config_vars: string[]
  id: string
  name: string
  plan: {id: string; name: string}
  state: string
  web_url: string
}

export interface RegionResource {
  id: string
  name: string
  private_capable: boolean
  provider: {name: string; region: string}
}

export interface SpaceResource {
  id: string
  name: string
  region: {id: string; name: string}
  shield: boolean
  state: string
  team: {id: string; name: string}
}

export interface AppResource {
  id: string
  name: string
  region: {id: string; name: string}
  space: null | {id: string; name: string; shield: boolean}
  /** null for a personal app. */
  team: null | {id: string; name: string}
}

export interface AccountResource {
  arn: string
  status: string
}

export interface ConnectionResource {
  endpoint_id: string
  /** The VPC endpoint's DNS name, also the host of the connection config vars; left out when seeded `hostname: false`. */
  hostname?: string
  owner_arn: string
  status: string
}

export interface EndpointResource {
  addon: {name: string}
  allowed_accounts: AccountResource[]
  app: {name: string}
  connections: ConnectionResource[]
  service_name: string
  status: string
}

/** A seeded connection; `config_vars: false` leaves out the config vars of an Available one (not added yet), `hostname: false` the API's hostname. */
export type ConnectionSeed = Partial<Omit<ConnectionResource, 'hostname'>> & {config_vars?: boolean; hostname?: false | string}

/** Control API input: fields left out keep the existing endpoint's values (or defaults). */
export interface EndpointSeed {
  addon: string
  allowed_accounts?: Array<string | {arn: string; status?: string}>
  connections?: ConnectionSeed[]
  /** Forced: the status stays as given until the next DELETE. */
  status?: string
}

export interface ConnectionOptions {
  endpoint_id?: string
  owner_arn?: string
}

export interface StateSnapshot {
  config_vars: Record<string, Record<string, string>>
  endpoints: EndpointResource[]
  settings: Settings
  timing: Timing
}

const GONE = '(gone)'
const REMOVING = 'Removing'
const PGBOUNCER_PORT = '5433'
/** Through a VPC endpoint, each Kafka broker has a port of its own, from this one up. */
const KAFKA_ENDPOINT_PORT = 9096
// The contract's wording (privatelink-api.md), which is also @heroku/heroku-cli-util's.
const ADDON_NOT_FOUND = 'Couldn\'t find that addon.'
const APP_NOT_FOUND = 'Couldn\'t find that app.'
const REGION_NOT_FOUND = 'Couldn\'t find that region.'
const UNSUPPORTED_PLAN = /:(advanced|performance)/
// PrivateLink needs a database networked into the space: private and shield plans.
const SPACE_PLAN = /:(?:private|shield)-/
const DATA_SERVICES = new Set(['heroku-kafka', 'heroku-postgresql', 'heroku-redis'])
const DEPROVISIONING = new Set(['Deprovisioned', 'Deprovisioning'])

/** A pending change of status, due per its Timing entry. */
interface Countdown {
  next: string
  polls: number
  since: number
  timing: keyof Timing
}

/** Whatever has a status that may change on its own: endpoints, accounts, connections. */
interface Stage {
  countdown?: Countdown
  status: string
}

interface Account extends Stage {
  arn: string
}

interface Connection extends Stage {
  endpoint_id: string
  /** The VPC endpoint's DNS name; the API's hostname unless `hidden`. */
  host: string
  hostHidden: boolean
  owner_arn: string
}

interface Endpoint extends Stage {
  accounts: Account[]
  addon: SeedAddon
  connections: Connection[]
  serviceName: string
}

export class EmulatorState {
  settings: Settings
  timing: Timing
  private configVars = seedConfigVars()
  private readonly defaultSettings: Settings
  private readonly defaultTiming: Timing
  private readonly directory = new Directory()
  private readonly endpoints = new Map<string, Endpoint>()

  constructor(timing: Timing, settings: Settings = DEFAULT_SETTINGS) {
    this.defaultTiming = timing
    this.timing = {...timing}
    this.defaultSettings = settings
    this.settings = {...settings}
  }

  addAccounts(addonName: string, body: unknown): EndpointResource {
    const endpoint = this.changeableEndpoint(addonName)
    const known = new Set(endpoint.accounts.map(account => account.arn))
    const added = accountsIn(body).filter(arn => !known.has(arn))
    endpoint.accounts.push(...added.map(arn => this.newAccount(arn)))
    return resource(endpoint)
  }

  /**
   * `POST /__emulator/apps`: new apps of a team, in a space (created when new) or the Common
   * Runtime, each with one add-on of each plan; with `endpoint`, every add-on on a private or
   * shield plan of Postgres, Kafka or Key-Value Store gets that endpoint.
   */
  addApps(seed: AppsSeed & {endpoint?: Omit<EndpointSeed, 'addon'>}): AddedApps {
    const added = this.directory.addApps(seed)
    for (const [name, vars] of seedConfigVars(added.apps, added.addons)) this.configVars.set(name, vars)
    if (seed.endpoint) {
      const inSpace = seed.space !== undefined && seed.space !== null
      for (const addon of added.addons.filter(candidate => inSpace && DATA_SERVICES.has(candidate.service) && SPACE_PLAN.test(candidate.plan))) {
        this.seedEndpoint({...seed.endpoint, addon: addon.name})
      }
    }

    return added
  }

  /** `GET /apps/{app}`: the app with its region, space (null in the Common Runtime) and team. */
  app(name: string): AppResource {
    this.varsOf(name)
    return this.appResource(this.directory.findApp(name))
  }

  /** `GET /apps/{app}/addons`: the add-ons the app owns. */
  appAddons(app: string): AddonResource[] {
    this.varsOf(app)
    return this.directory.addons.filter(addon => addon.app === app).map(addon => addonResource(addon))
  }

  appConfigVars(app: string): Record<string, string> {
    const vars = this.varsOf(app)
    // Time-based transitions may have added connection config vars since the last read.
    this.settleAll()
    return {...vars}
  }

  createEndpoint(addonName: string, body: unknown): EndpointResource {
    const addon = this.directory.findAddon(addonName)
    if (UNSUPPORTED_PLAN.test(addon.plan)) {
      throw unprocessable('PrivateLink is not supported on Heroku Postgres Advanced', 'unsupported')
    }

    if (this.directory.findApp(addon.app).space === null) {
      throw unprocessable(`PrivateLink is available only for databases in a Private Space or Shield Private Space; ${addon.app} is in the Common Runtime`, 'unsupported')
    }

    if (!SPACE_PLAN.test(addon.plan)) {
      throw unprocessable(`PrivateLink needs a private or shield plan; ${addon.name} is on ${addon.plan}, which is not in the space`, 'unsupported')
    }

    // Refused with a 422 like any invalid create until the GET answers 404: only a read of the endpoint tells which case it is.
    const existing = this.settled(addonName)
    if (existing && DEPROVISIONING.has(existing.status)) {
      throw unprocessable(`The PrivateLink endpoint for ${addonName} is still being deprovisioned; try again once it is gone`)
    }

    if (existing) throw unprocessable(`A PrivateLink endpoint already exists for ${addonName}`)
    const endpoint: Endpoint = {
      accounts: accountsIn(body).map(arn => this.newAccount(arn)),
      addon,
      connections: [],
      countdown: this.countdown('endpointOperational', 'Operational'),
      serviceName: newServiceName(this.directory.addonRegion(addon)),
      status: 'Provisioning',
    }
    this.endpoints.set(addonName, endpoint)
    return resource(endpoint)
  }

  /**
   * As the live API does (the Terraform provider waits for it): Deprovisioned at once, until the
   * GET answers 404 after the `deprovision` transition. A seeded Deprovisioning counts down too.
   */
  destroyEndpoint(addonName: string): EndpointResource {
    const endpoint = this.existingEndpoint(addonName)
    // A repeated DELETE answers the current state instead of restarting the countdown.
    if (!DEPROVISIONING.has(endpoint.status) || !endpoint.countdown) {
      endpoint.status = DEPROVISIONING.has(endpoint.status) ? endpoint.status : 'Deprovisioned'
      // Counted from -1: the DELETE answers Deprovisioned, then `deprovision.polls` GETs do, and the next one 404s.
      endpoint.countdown = {...this.countdown('deprovision', GONE), polls: -1}
    }

    return resource(endpoint)
  }

  /** `GET /regions/{id_or_name}`. */
  region(idOrName: string): RegionResource {
    const region = SEED_REGIONS.find(candidate => candidate.name === idOrName || stableId(`region:${candidate.name}`) === idOrName)
    if (!region) throw notFound(REGION_NOT_FOUND)
    return regionResource(region)
  }

  removeAccounts(addonName: string, body: unknown): EndpointResource {
    const endpoint = this.changeableEndpoint(addonName)
    const arns = accountsIn(body)
    const missing = arns.find(arn => !endpoint.accounts.some(account => account.arn === arn))
    if (missing) throw unprocessable(`${missing} is not an allowed account of ${addonName}`)
    for (const account of endpoint.accounts) {
      if (arns.includes(account.arn) && account.status !== REMOVING) {
        account.status = REMOVING
        account.countdown = this.countdown('accountRemoved', GONE)
      }
    }

    this.settled(addonName)
    return resource(endpoint)
  }

  reset(): void {
    this.settings = {...this.defaultSettings}
    this.timing = {...this.defaultTiming}
    this.directory.reset()
    this.configVars = seedConfigVars()
    this.endpoints.clear()
  }

  /** `POST /actions/addons/resolve`: by add-on name (any app), else attachment or service name on the app. */
  resolveAddons(body: unknown): AddonResource[] {
    const input = isRecord(body) ? body : {}
    const name = input.addon
    if (typeof name !== 'string' || name === '') throw unprocessable('Missing addon in request body')
    const app = typeof input.app === 'string' ? input.app : undefined
    if (app !== undefined) this.varsOf(app)
    const byName = this.directory.addons.filter(addon => addon.name === name)
    const matches = byName.length > 0
      ? byName
      : this.directory.addons.filter(addon => addon.app === app && (addon.attachment === name || addon.service === name))
    if (matches.length === 0) throw notFound(ADDON_NOT_FOUND)
    return matches.map(addon => addonResource(addon))
  }

  /** Creates or overwrites an endpoint; a given status is forced (no automatic transition). */
  seedEndpoint(seed: EndpointSeed): EndpointResource {
    const addon = this.directory.findAddon(seed.addon)
    const endpoint = this.settled(addon.name) ?? operationalEndpoint(addon, this.directory.addonRegion(addon))
    if (seed.status !== undefined) {
      endpoint.status = seed.status
      endpoint.countdown = undefined
    }

    if (seed.allowed_accounts) endpoint.accounts = seed.allowed_accounts.map(account => seedAccount(account))
    if (seed.connections) {
      this.removeConnectionVars(endpoint)
      const owner = endpoint.accounts[0]?.arn ?? ''
      endpoint.connections = seed.connections.map(connection => {
        const endpointId = connection.endpoint_id ?? newEndpointId()
        return {
          endpoint_id: endpointId,
          host: typeof connection.hostname === 'string' ? connection.hostname : this.vpcEndpointHost(endpoint, endpointId),
          hostHidden: connection.hostname === false,
          owner_arn: connection.owner_arn ?? owner,
          status: connection.status ?? 'Available',
        }
      })
      for (const [index, connection] of endpoint.connections.entries()) {
        if (connection.status === 'Available' && seed.connections[index].config_vars !== false) this.addConnectionVars(endpoint, connection)
      }
    }

    this.endpoints.set(addon.name, endpoint)
    return resource(endpoint)
  }

  /**
   * Sets (or, with null, unsets) config vars of an app, as `heroku config:set` does: for pointing a
   * connection's config vars at servers of the tests' own (`check` against real databases).
   */
  setConfigVars(app: string, vars: Record<string, null | string>): Record<string, string> {
    const appVars = this.varsOf(app)
    for (const [name, value] of Object.entries(vars)) {
      if (value === null) delete appVars[name]
      else appVars[name] = value
    }

    return {...appVars}
  }

  setSettings(settings: Partial<Settings>): Settings {
    this.settings = {...this.settings, ...settings}
    return this.settings
  }

  setTiming(timing: Partial<Timing>): Timing {
    this.timing = {...this.timing, ...timing}
    return this.timing
  }

  /** `GET` of the endpoint: the one request that counts as a poll for the poll-based transitions. */
  showEndpoint(addonName: string): EndpointResource {
    const endpoint = this.endpoints.get(addonName)
    if (endpoint) {
      for (const stage of [endpoint, ...endpoint.accounts, ...endpoint.connections]) {
        if (stage.countdown) stage.countdown.polls++
      }
    }

    return resource(this.existingEndpoint(addonName))
  }

  /** The customer creates a VPC endpoint against the service name: a connection awaiting acceptance. */
  simulateConnection(addonName: string, options: ConnectionOptions = {}): ConnectionResource {
    const endpoint = this.settled(addonName)
    if (!endpoint) throw notFound(`No PrivateLink endpoint for ${addonName}`)
    if (endpoint.status !== 'Operational') throw conflict(`The PrivateLink endpoint for ${addonName} is ${endpoint.status}, not Operational`)
    const owner = options.owner_arn ?? endpoint.accounts[0]?.arn
    if (!owner) throw conflict(`The PrivateLink endpoint for ${addonName} has no allowed account to own a connection`)
    const endpointId = options.endpoint_id ?? newEndpointId()
    if (endpoint.connections.some(connection => connection.endpoint_id === endpointId)) {
      throw conflict(`Connection ${endpointId} exists already`)
    }

    const connection: Connection = {
      countdown: this.countdown('connectionAvailable', 'Available'),
      endpoint_id: endpointId,
      host: this.vpcEndpointHost(endpoint, endpointId),
      hostHidden: false,
      owner_arn: owner,
      status: 'Pending Acceptance',
    }
    endpoint.connections.push(connection)
    return connectionResource(connection)
  }

  snapshot(): StateSnapshot {
    const endpoints = this.settleAll().map(endpoint => resource(endpoint))
    return {
      config_vars: Object.fromEntries(this.configVars), endpoints, settings: this.settings, timing: this.timing,
    }
  }

  /** `GET /spaces/{id_or_name}`, with the team it belongs to. */
  space(idOrName: string): SpaceResource {
    return spaceResource(this.directory.findSpace(idOrName))
  }

  /** `GET /teams/{team}`: the team by name or id (no delinquency: nothing scheduled). */
  team(nameOrId: string): {id: string; name: string} {
    const name = this.directory.findTeam(nameOrId)
    return {id: stableId(`team:${name}`), name}
  }

  /** `GET /teams/{team}/apps`: every app of the team, in a space or in the Common Runtime. */
  teamApps(team: string): AppResource[] {
    return this.directory.teamApps(team).map(app => this.appResource(app))
  }

  private addConnectionVars(endpoint: Endpoint, connection: Connection): void {
    const vars = this.varsOf(endpoint.addon.app)
    const prefix = connectionVarPrefix(endpoint.addon, connection.endpoint_id)
    for (const [suffix, value] of Object.entries(connectionVarValues(endpoint.addon, connection.host))) vars[`${prefix}_${suffix}`] = value
  }

  /** Applies a due countdown; true when the status changed. */
  private advance(stage: Stage): boolean {
    if (!stage.countdown || !this.isDue(stage.countdown)) return false
    stage.status = stage.countdown.next
    stage.countdown = undefined
    return true
  }

  private appResource(app: SeedApp): AppResource {
    const space = this.directory.spaces.find(candidate => candidate.name === app.space)
    return {
      id: stableId(`app:${app.name}`),
      name: app.name,
      region: {id: stableId(`region:${app.region}`), name: app.region},
      space: space ? {id: stableId(`space:${space.name}`), name: space.name, shield: space.shield} : null,
      team: app.team === null ? null : {id: stableId(`team:${app.team}`), name: app.team},
    }
  }

  private changeableEndpoint(addonName: string): Endpoint {
    const endpoint = this.existingEndpoint(addonName)
    if (DEPROVISIONING.has(endpoint.status)) throw unprocessable(`The PrivateLink endpoint for ${addonName} is ${endpoint.status}`)
    return endpoint
  }

  private countdown(timing: keyof Timing, next: string): Countdown {
    return {
      next,
      polls: 0,
      since: Date.now(),
      timing,
    }
  }

  private existingEndpoint(addonName: string): Endpoint {
    this.directory.findAddon(addonName)
    const endpoint = this.settled(addonName)
    if (!endpoint) throw notFound(`No PrivateLink endpoint for ${addonName}`)
    return endpoint
  }

  private isDue(countdown: Countdown): boolean {
    const {ms, polls} = this.timing[countdown.timing]
    if (ms === undefined && polls === undefined) return true
    return (polls !== undefined && countdown.polls >= polls) || (ms !== undefined && Date.now() - countdown.since >= ms)
  }

  private newAccount(arn: string): Account {
    // The contract's account statuses are Provisioning, then Active (or Available).
    return {arn, countdown: this.countdown('accountActive', this.settings.account_ready_status), status: 'Provisioning'}
  }

  private removeConnectionVars(endpoint: Endpoint): void {
    const vars = this.varsOf(endpoint.addon.app)
    for (const connection of endpoint.connections) {
      const prefix = connectionVarPrefix(endpoint.addon, connection.endpoint_id)
      for (const suffix of Object.keys(connectionVarValues(endpoint.addon, ''))) delete vars[`${prefix}_${suffix}`]
    }
  }

  private settleAll(): Endpoint[] {
    return [...this.endpoints.keys()]
    .map(name => this.settled(name))
    .filter(endpoint => endpoint !== undefined)
  }

  /** The endpoint with every due transition applied (time-based ones happen here); undefined once gone. */
  private settled(addonName: string): Endpoint | undefined {
    const endpoint = this.endpoints.get(addonName)
    if (!endpoint) return undefined
    for (const account of endpoint.accounts) this.advance(account)
    endpoint.accounts = endpoint.accounts.filter(account => account.status !== GONE)
    for (const connection of endpoint.connections) {
      if (this.advance(connection)) this.addConnectionVars(endpoint, connection)
    }

    while (this.advance(endpoint)) {
      if (endpoint.status === GONE) {
        this.removeConnectionVars(endpoint)
        this.endpoints.delete(addonName)
        return undefined
      }
    }

    return endpoint
  }

  private varsOf(app: string): Record<string, string> {
    const vars = this.configVars.get(app)
    if (!vars) throw notFound(APP_NOT_FOUND)
    return vars
  }

  /** The regional DNS name AWS gives an interface VPC endpoint of the endpoint's service. */
  private vpcEndpointHost(endpoint: Endpoint, endpointId: string): string {
    return `${endpointId}-${hex(8)}.${endpoint.serviceName.split('.').pop()}.${this.directory.addonRegion(endpoint.addon)}.vpce.amazonaws.com`
  }
}

function accountsIn(body: unknown): string[] {
  const accounts = isRecord(body) ? body.allowed_accounts : undefined
  if (!Array.isArray(accounts) || accounts.length === 0) {
    throw unprocessable('allowed_accounts must list at least one AWS account')
  }

  const arns = accounts.map(account => {
    const arn = typeof account === 'string' ? toArn(account) : undefined
    if (!arn) throw unprocessable(`Invalid AWS account: ${JSON.stringify(account)}`)
    return arn
  })
  return [...new Set(arns)]
}

function addonResource(addon: SeedAddon): AddonResource {
  const id = stableId(`addon:${addon.name}`)
  return {
    addon_service: {id: stableId(`service:${addon.service}`), name: addon.service},
    app: {id: stableId(`app:${addon.app}`), name: addon.app},
    config_vars: Object.keys(addonVars(addon)).filter(name => name.startsWith(`${addon.attachment}_`)),
    id,
    name: addon.name,
    plan: {id: stableId(`plan:${addon.plan}`), name: addon.plan},
    state: 'provisioned',
    web_url: `https://data.heroku.com/datastores/${id}`,
  }
}

function conflict(message: string): ApiError {
  return new ApiError(409, 'conflict', message)
}

function connectionResource({endpoint_id, host, hostHidden, owner_arn, status}: Connection): ConnectionResource {
  return hostHidden
    ? {endpoint_id, owner_arn, status}
    : {
      endpoint_id, hostname: host, owner_arn, status,
    }
}

/**
 * The config vars a connection adds (by suffix), pointing at the VPC endpoint's host: Postgres
 * direct and PgBouncer, Kafka one URL per broker (each on a port of its own), Key-Value Store one.
 */
function connectionVarValues(addon: SeedAddon, host: string): Record<string, string> {
  if (addon.service === 'heroku-kafka') {
    const brokers = addon.url.split(',')
    return {URL: brokers.map((_, index) => `kafka+ssl://${host}:${KAFKA_ENDPOINT_PORT + index}`).join(',')}
  }

  const credentials = new URL(addon.url)
  const url = (port: string) => `${credentials.protocol}//${credentials.username}:${credentials.password}@${host}:${port}${credentials.pathname}`
  return addon.service === 'heroku-postgresql' ? {PGBOUNCER_URL: url(PGBOUNCER_PORT), URL: url(credentials.port)} : {URL: url(credentials.port)}
}

function connectionVarPrefix(addon: SeedAddon, endpointId: string): string {
  return `${addon.attachment}_ENDPOINT_${endpointId.slice(-17).toUpperCase()}`
}

function regionResource(region: SeedRegion): RegionResource {
  return {
    id: stableId(`region:${region.name}`),
    name: region.name,
    private_capable: region.private_capable,
    provider: {name: 'amazon-web-services', region: region.aws},
  }
}

function spaceResource(space: SeedSpace): SpaceResource {
  return {
    id: stableId(`space:${space.name}`),
    name: space.name,
    region: {id: stableId(`region:${space.region}`), name: space.region},
    shield: space.shield,
    state: 'allocated',
    team: {id: stableId(`team:${space.team}`), name: space.team},
  }
}

function hex(length: number): string {
  return randomBytes(Math.ceil(length / 2)).toString('hex').slice(0, length)
}

function newEndpointId(): string {
  return `vpce-${hex(17)}`
}

function newServiceName(awsRegion: string): string {
  return `com.amazonaws.vpce.${awsRegion}.vpce-svc-${hex(17)}`
}

function operationalEndpoint(addon: SeedAddon, awsRegion: string): Endpoint {
  return {
    accounts: [],
    addon,
    connections: [],
    serviceName: newServiceName(awsRegion),
    status: 'Operational',
  }
}

function resource(endpoint: Endpoint): EndpointResource {
  return {
    addon: {name: endpoint.addon.name},
    allowed_accounts: endpoint.accounts.map(({arn, status}) => ({arn, status})),
    app: {name: endpoint.addon.app},
    connections: endpoint.connections.map(connection => connectionResource(connection)),
    // Heroku assigns the service name once provisioning is done.
    service_name: endpoint.status === 'Provisioning' ? '' : endpoint.serviceName,
    status: endpoint.status,
  }
}

function seedAccount(account: string | {arn: string; status?: string}): Account {
  if (typeof account !== 'string') return {arn: account.arn, status: account.status ?? 'Active'}
  const arn = toArn(account)
  if (!arn) throw badRequest(`Invalid AWS account: ${account}`)
  return {arn, status: 'Active'}
}

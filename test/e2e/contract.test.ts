// Each scenario runs twice: in-process against nock, answered from the shapes of
// /work/shared/privatelink-api.md (built here from the scenario's data), and as the built
// `bin/run.js` against the emulator seeded to the same state. Both runs must agree on the exit code,
// on stdout (once the values the emulator generates are normalised) and on the requests made.
import type {Body, ReplyFnContext} from 'nock'

import {expect} from 'chai'
import nock from 'nock'

import type {AllowedAccount, ResolvedAddon} from '../../src/lib/types.js'

import {runCommand} from '../commands/helpers.js'
import {type AuthKind, type CreateAnswer, type EndpointSeed} from '../emulator/server.js'
import {
  ADVANCED, APP, BASIC, BEARER, COMMON_APP, COMMON_POSTGRES, DATA_API, DATA_API_ACCEPT, ENDPOINT_ID, endpointPathOf, KAFKA, OTHER_APP, OTHER_POSTGRES, PAPERTRAIL,
  PLATFORM_API, POSTGRES, REDIS, SHIELD, STANDARD,
} from '../helpers/fixtures.js'
import {e2eContext, POLL_TIMING} from './helpers.js'

const ACCOUNT = {arn: 'arn:aws:iam::123456789012:user/abc', status: 'Active'}
const WRONG_TOKEN = 'wrong-token-4b9e1f0c7d2a'
const OTHER_ENDPOINT_ID = 'vpce-0a1b2c3d4e5f60718'

interface Connection {
  /** Whether Heroku has added its config vars yet, once Available (default true). */
  config_vars?: boolean
  endpoint_id: string
  /** false: the API gives no hostname for it. */
  hostname?: false
  /** Default: the first allowed account. */
  owner_arn?: string
  /** `Pending Acceptance` until the GET of the endpoint numbered `timing.connectionAvailable`, then Available. */
  pending?: true
  status?: string
}

type Timings = Record<'accountActive' | 'connectionAvailable' | 'deprovision' | 'endpointOperational', number>

interface Scenario {
  /** Prefix of the connection config vars (default DATABASE). */
  attachment?: string
  /** The command line after `heroku`. */
  command: string
  /** Data API reads made at once (the overview's): compared whatever their order. */
  concurrentReads?: true
  /** How a create is answered (default: with the endpoint); Heroku's own fixtures answer `200 {}`. */
  createAnswer?: CreateAnswer
  /** The add-on's PrivateLink endpoint, seeded as it is (no automatic transition); none (404) when absent. */
  endpoint?: {accounts?: AllowedAccount[]; connections?: Connection[]; status?: string}
  /** The exit code both runs must have (default 0). */
  exit?: number
  /** What `POST /actions/addons/resolve` finds; the first is the add-on the endpoint belongs to (default [POSTGRES]). */
  resolves?: ResolvedAddon[]
  /** After how many GETs of the endpoint a transition happens (as the emulator's poll-based timing). */
  timing?: Partial<Timings>
  title: string
  /** Run with an API token both APIs reject. */
  wrongToken?: true
}

const SCENARIOS: Scenario[] = [
  {command: 'data:privatelink DATABASE --app example-app --json', endpoint: {}, title: 'show: an operational endpoint without connections'},
  {
    command: 'data:privatelink DATABASE --app example-app --json',
    endpoint: {accounts: [{...ACCOUNT, status: 'Provisioning'}], status: 'Provisioning'},
    title: 'show: a provisioning endpoint',
  },
  {
    command: 'data:privatelink DATABASE --app example-app --json',
    endpoint: {connections: [{endpoint_id: ENDPOINT_ID, status: 'Available'}, {endpoint_id: OTHER_ENDPOINT_ID, status: 'Pending Acceptance'}]},
    title: 'show: an available and a pending connection',
  },
  {
    command: 'data:privatelink DATABASE --app example-app --json',
    endpoint: {connections: [{config_vars: false, endpoint_id: ENDPOINT_ID, status: 'Available'}]},
    title: 'show: an available connection whose config vars are not there yet',
  },
  {
    command: 'data:privatelink other-app::DATABASE --app example-app --json',
    endpoint: {connections: [{endpoint_id: ENDPOINT_ID, status: 'Available'}]},
    resolves: [OTHER_POSTGRES],
    title: 'show: OTHER_APP::ATTACHMENT, in the other app\'s region',
  },
  {
    attachment: 'KAFKA',
    command: 'data:privatelink KAFKA --app example-app --json',
    endpoint: {connections: [{endpoint_id: ENDPOINT_ID, status: 'Available'}]},
    resolves: [KAFKA],
    title: 'show: Kafka with an available connection',
  },
  {
    command: 'data:privatelink:access DATABASE --app example-app --json',
    endpoint: {accounts: [ACCOUNT, {arn: 'arn:aws:iam::210987654321:role/deploy', status: 'Provisioning'}]},
    title: 'access: the allowed accounts',
  },
  {command: 'data:privatelink:access:add DATABASE --app example-app -i 210987654321:role/deploy', endpoint: {}, title: 'access:add'},
  {command: 'data:privatelink:access:remove DATABASE --app example-app -i arn:aws:iam::123456789012:user/abc', endpoint: {}, title: 'access:remove'},
  {command: 'data:privatelink:destroy DATABASE --app example-app --confirm example-app', endpoint: {}, title: 'destroy'},
  {
    command: 'data:privatelink:destroy DATABASE --app example-app --confirm example-app --wait --interval 1',
    endpoint: {},
    timing: {deprovision: 2},
    title: 'destroy --wait: Deprovisioned twice, done on the 404',
  },
  {command: 'data:privatelink:create DATABASE --app example-app -i 123456789012:user/abc -i 210987654321 --json', title: 'create'},
  {command: 'data:privatelink:create DATABASE --app example-app -i 123456789012:root --json', title: 'create: ACCOUNT_ID:root, sent as the bare id'},
  {
    command: 'data:privatelink:create DATABASE --app example-app -i 123456789012 --json', createAnswer: 'empty-object', title: 'create answered 200 {}: one GET reads it back',
  },
  {
    command: 'data:privatelink:create DATABASE --app example-app -i 123456789012 --wait --interval 1 --json',
    createAnswer: 'empty',
    timing: {endpointOperational: 2},
    title: 'create --wait answered with an empty 200: the wait reads it',
  },
  {
    command: 'data:privatelink:create DATABASE --app example-app -i 123456789012 --wait --interval 1 --json',
    timing: {endpointOperational: 2},
    title: 'create --wait: Operational on the second GET',
  },
  {command: 'data:privatelink:wait DATABASE --app example-app --json', endpoint: {}, title: 'wait: already operational'},
  {
    command: 'data:privatelink:wait DATABASE --app example-app --json',
    endpoint: {accounts: [{...ACCOUNT, status: 'Available'}, {arn: 'arn:aws:iam::210987654321:root', status: 'Enabled'}]},
    title: 'wait: Available accounts (and a word not foreseen) are ready',
  },
  {
    command: 'data:privatelink DATABASE --app example-app --json',
    endpoint: {connections: [{endpoint_id: ENDPOINT_ID, hostname: false, status: 'Available'}]},
    title: 'show: a connection the API gives no hostname for',
  },
  {
    command: `data:privatelink:wait DATABASE --app example-app --endpoint-id ${ENDPOINT_ID} --interval 1 --json`,
    endpoint: {connections: [{endpoint_id: ENDPOINT_ID, pending: true}]},
    timing: {connectionAvailable: 2},
    title: 'wait --endpoint-id: the connection is available on the second GET',
  },
  {
    command: 'data:privatelink:wait DATABASE --app example-app --json', endpoint: {status: 'Deprovisioned'}, exit: 4, title: 'wait: a deprovisioned endpoint (exit 4)',
  },
  {
    command: 'data:privatelink --app example-app --json',
    concurrentReads: true,
    endpoint: {accounts: [ACCOUNT, {arn: 'arn:aws:iam::210987654321:role/deploy', status: 'Pending'}], connections: [{endpoint_id: ENDPOINT_ID, status: 'Available'}]},
    title: 'overview: every data add-on of the app, one with an endpoint',
  },
  {command: 'data:privatelink:aws DATABASE --app example-app --json', endpoint: {}, title: 'aws: the commands for an operational endpoint'},
  {
    command: 'data:privatelink:aws DATABASE --app example-app --secrets-manager example-app/database --ssm-parameter /example-app/database --json',
    endpoint: {connections: [{endpoint_id: ENDPOINT_ID, status: 'Available'}]},
    title: 'aws: the commands that store the connection config vars',
  },
  {
    command: 'data:privatelink DATABASE --app example-app --json --flat',
    endpoint: {connections: [{endpoint_id: ENDPOINT_ID, status: 'Available'}]},
    title: 'show --json --flat: strings only, for Terraform',
  },
  {
    command: 'data:privatelink:access:set DATABASE --app example-app -i 123456789012:user/abc -i 210987654321 --json',
    endpoint: {accounts: [ACCOUNT, {arn: 'arn:aws:iam::111122223333:root', status: 'Active'}]},
    title: 'access:set: one PUT for the missing account, one PATCH for the other',
  },
  {
    command: 'data:privatelink:access:set DATABASE --app example-app -i arn:aws:iam::123456789012:user/abc --json',
    endpoint: {},
    title: 'access:set: nothing to change, nothing sent',
  },
  {
    attachment: 'KAFKA',
    command: 'data:privatelink:aws KAFKA --app example-app --vpc-id vpc-0a1b2c3d4e5f60718 --subnet-id subnet-0a1b2c3d4e5f60718 --cidr 10.0.0.0/16 --json',
    endpoint: {connections: [{endpoint_id: ENDPOINT_ID, status: 'Available'}]},
    resolves: [KAFKA],
    title: 'aws: the Kafka brokers\' ports',
  },
  {
    command: 'data:privatelink:aws DATABASE --app example-app --json', endpoint: {status: 'Provisioning'}, exit: 1, title: 'error: aws while provisioning',
  },
  {
    command: 'data:privatelink:create DATABASE --app common-app -i 123456789012 --json', exit: 1, resolves: [COMMON_POSTGRES], title: 'error: create refused in the Common Runtime',
  },
  {command: 'data:privatelink DATABASE --app example-app --json', exit: 1, title: 'error: no endpoint (404)'},
  {command: 'data:privatelink:wait DATABASE --app example-app --json', exit: 1, title: 'error: wait for no endpoint (404)'},
  {
    command: 'data:privatelink postgresql-nosuch-00000 --app example-app --json', exit: 1, resolves: [], title: 'error: unknown add-on',
  },
  {
    command: 'data:privatelink heroku-postgresql --app example-app --json', exit: 1, resolves: [POSTGRES, SHIELD, ADVANCED, STANDARD], title: 'error: ambiguous heroku-postgresql',
  },
  {
    command: `data:privatelink:create ${STANDARD.name} --app example-app -i 123456789012 --json`,
    exit: 1,
    resolves: [STANDARD],
    title: 'error: create refused for a Standard plan, not networked into the space',
  },
  {
    command: 'data:privatelink:create DATABASE --app example-app -i 123456789012 --json', endpoint: {}, exit: 1, title: 'error: create twice (422, then one GET)',
  },
  {
    command: 'data:privatelink:create DATABASE --app example-app -i 123456789012 --json',
    endpoint: {status: 'Deprovisioning'},
    exit: 1,
    title: 'error: create while the previous endpoint is deprovisioning (422, then one GET)',
  },
  {
    command: 'data:privatelink DATABASE --app example-app --json', endpoint: {}, exit: 1, title: 'error: wrong token (401)', wrongToken: true,
  },
  {
    command: `data:privatelink:create ${ADVANCED.name} --app example-app -i 123456789012 --json`, exit: 1, resolves: [ADVANCED], title: 'error: create refused on an Advanced plan',
  },
]

interface Request {
  auth: AuthKind
  body?: unknown
  method: string
  path: string
}

interface Outcome {
  exit: number
  /** In the order made, per API: the reads of the two APIs may run at once. */
  requests: {data: Request[]; platform: Request[]}
  stdout: unknown
}

/** The requests per API, each in its order, with the ids each side makes up for regions set aside. */
function perApi(requests: Request[], scenario: Scenario): Outcome['requests'] {
  const normalised = requests.map(request => ({...request, path: request.path.replace(/^\/regions\/[^/]+$/, '/regions/ID')}))
  const data = normalised.filter(request => request.path.startsWith('/private-link/'))
  return {
    data: scenario.concurrentReads ? data.sort((a, b) => a.path.localeCompare(b.path)) : data,
    platform: normalised.filter(request => !request.path.startsWith('/private-link/')),
  }
}

/** Values the emulator generates: the service id in service names and the suffix of vpce host names. */
function normalise(stdout: string): unknown {
  const text = stdout
  .replaceAll(/vpce-svc-[\da-f]{17}/g, 'vpce-svc-ID')
  .replaceAll(/\b(vpce-[\da-f]{17})-[\da-z]+\./g, '$1-HOST.')
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

// --- the contract's answers, for nock -------------------------------------------------------------

const REGIONS: Record<string, string> = {[APP]: 'us-east-1', [COMMON_APP]: 'us-east-1', [OTHER_APP]: 'eu-west-1'}
const REGION_IDS: Record<string, string> = {[APP]: 'region-id-of-example-app', [COMMON_APP]: 'region-id-of-common-app', [OTHER_APP]: 'region-id-of-other-app'}
/** The add-ons of example-app, as the emulator seeds them. */
const APP_ADDONS = [POSTGRES, SHIELD, ADVANCED, KAFKA, REDIS, PAPERTRAIL, STANDARD]
const GONE = '(gone)'
const SERVICE_ID = 'vpce-svc-0410a2e25933fe8ec'
// A Kafka connection var lists every broker, each on a port of its own through the VPC endpoint.
const CREDENTIALS: Record<string, string> = {
  'heroku-kafka': 'kafka+ssl://HOST:9096,kafka+ssl://HOST:9097,kafka+ssl://HOST:9098',
  'heroku-postgresql': 'postgres://u1234:secretpassword1234@HOST:5432/d5678',
  'heroku-redis': 'rediss://:redispassword@HOST:6379',
}

/** A status that changes to `next` on the GET of the endpoint numbered `onGet`. */
interface Stage {
  next?: {onGet: number; status: string}
  status: string
}

interface ModelConnection extends Stage {
  config_vars: boolean
  endpoint_id: string
  hostname: boolean
  owner_arn: string
}

const apiError = (status: number, id: string, message: string) => [status, {id, message}]

/** The ARNs of an `allowed_accounts` body: `ACCOUNT_ID` → root, `ACCOUNT_ID:user/NAME` → user/NAME. */
function accountsIn(body: Body): string[] {
  return (body as {allowed_accounts: string[]}).allowed_accounts.map(account => {
    if (account.startsWith('arn:')) return account
    const [id, principal = 'root'] = account.split(/:(.*)/)
    return `arn:aws:iam::${id}:${principal}`
  })
}

/** The VPC endpoint's DNS name: the API's hostname of the connection, and the host of its config vars. */
function vpcEndpointHost(addon: ResolvedAddon, endpointId: string): string {
  return `${endpointId}-abcd.${SERVICE_ID}.${REGIONS[addon.app.name]}.vpce.amazonaws.com`
}

/** The config vars Heroku adds for a connection: `ATTACHMENT_ENDPOINT_<last 17 of the id>_URL` (and `_PGBOUNCER_URL`). */
function connectionVars(addon: ResolvedAddon, attachment: string, endpointId: string): Record<string, string> {
  const prefix = `${attachment}_ENDPOINT_${endpointId.slice(-17).toUpperCase()}`
  const url = CREDENTIALS[addon.addon_service.name].replaceAll('HOST', vpcEndpointHost(addon, endpointId))
  return addon.addon_service.name === 'heroku-postgresql' ? {[`${prefix}_PGBOUNCER_URL`]: url.replace(':5432/', ':5433/'), [`${prefix}_URL`]: url} : {[`${prefix}_URL`]: url}
}

/** `GET /apps/{app}` (in a Private Space, but common-app), its region with the AWS region behind it, example-app's add-ons. */
function appReads(app: string, path: string): undefined | unknown[] {
  if (path === `/apps/${app}`) {
    // The emulator's seeds: example-app in example-space, other-app in other-space.
    const space = app === COMMON_APP ? null : {id: 'space-id', name: app.replace(/-app$/, '-space'), shield: false}
    return [200, {name: app, region: {id: REGION_IDS[app], name: 'region'}, space}]
  }

  if (path === `/regions/${REGION_IDS[app]}`) return [200, {id: REGION_IDS[app], name: 'region', provider: {name: 'amazon-web-services', region: REGIONS[app]}}]
  if (path === `/apps/${APP}/addons`) return [200, APP_ADDONS]
  return undefined
}

/** Answers every request to both APIs as the contract describes them, for the scenario's state; returns the requests, as made. */
function contractApi(scenario: Scenario): Request[] {
  const requests: Request[] = []
  const addon = (scenario.resolves ?? [POSTGRES])[0] ?? POSTGRES
  const attachment = scenario.attachment ?? 'DATABASE'
  const dataPath = endpointPathOf(addon.name)
  const polls = (name: keyof Timings) => scenario.timing?.[name] ?? POLL_TIMING[name].polls ?? 1
  // Transitions happen on a numbered GET of the endpoint, as in the emulator's poll-based timing.
  let gets = 0
  const current = (stage: Stage) => (stage.next && gets >= stage.next.onGet ? stage.next.status : stage.status)
  const later = (status: string, next: string, after: number): Stage => ({next: {onGet: gets + after, status: next}, status})
  const accounts = scenario.endpoint?.accounts ?? [ACCOUNT]
  let endpoint = scenario.endpoint && {
    accounts: accounts.map(({arn, status}): Stage & {arn: string} => ({arn, status})),
    connections: (scenario.endpoint.connections ?? []).map((connection): ModelConnection => ({
      config_vars: connection.config_vars ?? true,
      endpoint_id: connection.endpoint_id,
      hostname: connection.hostname ?? true,
      owner_arn: connection.owner_arn ?? accounts[0].arn,
      ...(connection.pending ? later('Pending Acceptance', 'Available', polls('connectionAvailable')) : {status: connection.status ?? 'Available'}),
    })),
    stage: {status: scenario.endpoint.status ?? 'Operational'} as Stage,
  }
  const resource = () => endpoint && {
    addon: {name: addon.name},
    allowed_accounts: endpoint.accounts.map(account => ({arn: account.arn, status: current(account)})),
    app: {name: addon.app.name},
    connections: endpoint.connections.map(({endpoint_id, hostname, owner_arn, ...stage}) => ({
      endpoint_id, ...(hostname ? {hostname: vpcEndpointHost(addon, endpoint_id)} : {}), owner_arn, status: current(stage),
    })),
    service_name: current(endpoint.stage) === 'Provisioning' ? '' : `com.amazonaws.vpce.${REGIONS[addon.app.name]}.${SERVICE_ID}`,
    status: current(endpoint.stage),
  }
  const configVars = () => Object.assign(
    {[`${attachment}_URL`]: CREDENTIALS[addon.addon_service.name].replaceAll('HOST', 'ec2-1-2-3-4.compute-1.amazonaws.com'), LANG: 'en_US.UTF-8'},
    ...(endpoint?.connections ?? [])
    .filter(connection => current(connection) === 'Available' && connection.config_vars)
    .map(connection => connectionVars(addon, attachment, connection.endpoint_id)),
  )

  const create = (body: Body): unknown[] => {
    if (endpoint) return apiError(422, 'invalid_params', `A PrivateLink endpoint already exists for ${addon.name}`)
    endpoint = {
      accounts: accountsIn(body).map(arn => ({arn, ...later('Provisioning', 'Active', polls('accountActive'))})),
      connections: [],
      stage: later('Provisioning', 'Operational', polls('endpointOperational')),
    }
    return createReply(scenario.createAnswer ?? 'endpoint', resource())
  }

  const answer = (method: string, path: string, body: Body): unknown[] => {
    if (method === 'POST' && path === '/actions/addons/resolve') return [200, scenario.resolves ?? [POSTGRES]]
    if (method === 'GET' && path === `/apps/${addon.app.name}/config-vars`) return [200, configVars()]
    const platformRead = method === 'GET' ? appReads(addon.app.name, path) : undefined
    if (platformRead) return platformRead
    if (method === 'GET' && path === dataPath) gets++
    // After a DELETE: Deprovisioned to `deprovision` GETs, then gone.
    if (endpoint && current(endpoint.stage) === GONE) endpoint = undefined
    if (method === 'POST' && path === dataPath) return create(body)

    if (!endpoint) return apiError(404, 'not_found', `No PrivateLink endpoint for ${addon.name}`)
    switch (`${method} ${path}`) {
    case `DELETE ${dataPath}`: {
      endpoint.stage = later('Deprovisioned', GONE, polls('deprovision') + 1)
      break
    }

    case `GET ${dataPath}`: {
      break
    }

    case `PATCH ${dataPath}/allowed_accounts`: {
      const removed = new Set(accountsIn(body))
      endpoint.accounts = endpoint.accounts.filter(account => !removed.has(account.arn))
      break
    }

    case `PUT ${dataPath}/allowed_accounts`: {
      endpoint.accounts.push(...accountsIn(body).map(arn => ({arn, ...later('Provisioning', 'Active', polls('accountActive'))})))
      break
    }

    default: {
      return apiError(404, 'not_found', `Unknown route: ${method} ${path}`)
    }
    }

    return [200, resource()]
  }

  for (const host of [PLATFORM_API, DATA_API]) {
    for (const method of ['DELETE', 'GET', 'PATCH', 'POST', 'PUT']) {
      nock(host).persist().intercept(() => true, method).reply(function (this: ReplyFnContext, path: string, body: Body) {
        const auth = authOf(this.req.headers.authorization)
        requests.push({
          auth, method, path, ...(body === '' ? {} : {body}),
        })
        if (auth === 'invalid') return [401, {id: 'unauthorized', message: 'Invalid credentials provided.'}]
        // The Data API needs version 3 of Heroku's media type, as every client of it sends.
        if (host === DATA_API && this.req.headers.accept !== DATA_API_ACCEPT) return [406, {id: 'not_acceptable', message: 'Set Accept: application/vnd.heroku+json; version=3 and try again.'}]
        return answer(method, path, body) as [number, Body]
      })
    }
  }

  return requests
}

/** A create's answer: the endpoint (201), or a 200 without it, as Heroku's own fixtures answer. */
function createReply(kind: CreateAnswer, endpoint: unknown): unknown[] {
  return {empty: [200, ''], 'empty-object': [200, {}], endpoint: [201, endpoint]}[kind]
}

function authOf(header: string | undefined): AuthKind {
  if (!header) return 'none'
  return header === BEARER ? 'bearer' : (header === BASIC ? 'basic' : 'invalid')
}

// --- the two runs -----------------------------------------------------------------------------------

async function againstNock(scenario: Scenario): Promise<Outcome> {
  const requests = contractApi(scenario)
  const token = process.env.HEROKU_API_KEY
  if (scenario.wrongToken) process.env.HEROKU_API_KEY = WRONG_TOKEN
  try {
    const {error, stdout} = await runCommand(scenario.command.split(' '))
    const exit = error ? error.oclif?.exit ?? 1 : Number(process.exitCode ?? 0)
    return {exit, requests: perApi(requests, scenario), stdout: normalise(stdout)}
  } finally {
    process.env.HEROKU_API_KEY = token
    process.exitCode = undefined
    nock.cleanAll()
  }
}

describe('contract: the same scenarios against nock and against the emulator agree', function () {
  this.timeout(120_000)
  const e2e = e2eContext()

  before(async function () {
    this.timeout(300_000) // builds the plugin when dist/ is missing
    await e2e.start()
  })

  after(() => e2e.stop())

  async function againstEmulator(scenario: Scenario): Promise<Outcome> {
    e2e.reset()
    const {emulator} = e2e
    for (const [name, polls] of Object.entries(scenario.timing ?? {})) emulator.setTiming({[name]: {polls}})
    if (scenario.createAnswer) emulator.setSettings({create_answer: scenario.createAnswer})
    const addon = (scenario.resolves ?? [POSTGRES])[0] ?? POSTGRES
    if (scenario.endpoint) {
      const {accounts = [ACCOUNT], connections = [], status} = scenario.endpoint
      const seed: EndpointSeed = {
        addon: addon.name,
        allowed_accounts: accounts,
        connections: connections.filter(connection => !connection.pending).map(({pending: _, ...connection}) => connection),
        ...(status === undefined ? {} : {status}),
      }
      emulator.seedEndpoint(seed)
      for (const {endpoint_id, owner_arn} of connections.filter(connection => connection.pending)) emulator.simulateConnection(addon.name, {endpoint_id, owner_arn})
    }

    const result = await e2e.cli(scenario.command.split(' '), {env: scenario.wrongToken ? {HEROKU_API_KEY: WRONG_TOKEN} : {}})
    const requests = emulator.log().map(({auth, body, method, path}) => ({
      auth, method, path, ...(body === undefined ? {} : {body}),
    }))
    return {exit: result.status ?? -1, requests: perApi(requests, scenario), stdout: normalise(result.stdout)}
  }

  for (const scenario of SCENARIOS) {
    it(scenario.title, async () => {
      const expected = await againstNock(scenario)
      const actual = await againstEmulator(scenario)
      expect(actual.requests, 'requests (emulator vs nock)').to.deep.equal(expected.requests)
      expect(actual.stdout, 'stdout (emulator vs nock)').to.deep.equal(expected.stdout)
      expect(actual.exit, 'exit code (emulator vs nock)').to.equal(expected.exit)
      expect(expected.exit, 'exit code').to.equal(scenario.exit ?? 0)
    })
  }
})

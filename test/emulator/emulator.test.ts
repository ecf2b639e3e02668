/* eslint-disable n/no-unsupported-features/node-builtins -- global fetch is available (and used) on Node 20 */
import {expect} from 'chai'
import {request} from 'node:https'

import {selfSignedCertificate} from '../helpers/certificate.js'
import {
  ADVANCED_ADDON, type AppResource, COMMON_APP, COMMON_POSTGRES_ADDON, DATABASE_URL, DEFAULT_TOKEN, type EndpointResource, EXAMPLE_APP, EXAMPLE_TEAM, KAFKA_ADDON,
  KAFKA_SECRET_VARS, KAFKA_URL, type LoggedRequest, OTHER_APP, OTHER_POSTGRES_ADDON, PAPERTRAIL_ADDON, POSTGRES_ADDON, REDIS_ADDON, type RegionResource,
  type RunningEmulator, SHIELD_ADDON, type SpaceResource, STANDARD_ADDON, startEmulator,
} from './server.js'
import {maxInFlight, overlapped, receivedAfter} from './timeline.js'

interface Reply {
  headers: Headers
  json: unknown
  status: number
  text: string
}

let emulator: RunningEmulator

const bearer = `Bearer ${DEFAULT_TOKEN}`
const basic = (token: string, user = ''): string => `Basic ${Buffer.from(`${user}:${token}`).toString('base64')}`
const databasePath = (addon: string, suffix = ''): string => `/private-link/v0/databases/${encodeURIComponent(addon)}${suffix}`
/** What every client of the Data API sends, and the emulator requires on its routes. */
const ACCEPT = 'application/vnd.heroku+json; version=3'

interface CallOptions {
  /** Default ACCEPT; null sends none. */
  accept?: null | string
  authorization?: string
  body?: unknown
  headers?: Record<string, string>
}

async function call(method: string, path: string, options: CallOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = {'Content-Type': 'application/json', ...options.headers}
  if (options.authorization) headers.Authorization = options.authorization
  if (options.accept !== null) headers.Accept = options.accept ?? ACCEPT
  const body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body)
  const response = await fetch(`${emulator.url}${path}`, {body, headers, method})
  const text = await response.text()
  const json: unknown = response.headers.get('content-type') === 'application/json' ? JSON.parse(text) : undefined
  return {
    headers: response.headers,
    json,
    status: response.status,
    text,
  }
}

const platform = (method: string, path: string, body?: unknown): Promise<Reply> => call(method, path, {authorization: bearer, body})
const data = (method: string, addon: string, body?: unknown, suffix = ''): Promise<Reply> =>
  call(method, databasePath(addon, suffix), {authorization: basic(DEFAULT_TOKEN), body})
const control = (method: string, path: string, body?: unknown): Promise<Reply> => call(method, `/__emulator/${path}`, {body})

const resolve = (addon: string, app?: string): Promise<Reply> => platform('POST', '/actions/addons/resolve', {addon, app})
const names = (reply: Reply): string[] => (reply.json as Array<{name: string}>).map(addon => addon.name)

async function show(addon: string): Promise<EndpointResource> {
  const reply = await data('GET', addon)
  expect(reply.status).to.equal(200)
  return reply.json as EndpointResource
}

async function configVars(): Promise<Record<string, string>> {
  return (await platform('GET', `/apps/${EXAMPLE_APP}/config-vars`)).json as Record<string, string>
}

/** An endpoint made through the Data API and polled until Operational (default timing: 2 polls). */
async function operationalEndpoint(addon: string): Promise<EndpointResource> {
  expect((await data('POST', addon, {allowed_accounts: ['123456789012']})).status).to.equal(201)
  await show(addon)
  const endpoint = await show(addon)
  expect(endpoint.status).to.equal('Operational')
  return endpoint
}

/** Until the emulator has logged `count` requests. */
async function logged(count: number): Promise<void> {
  while (emulator.log().length < count) {
    // eslint-disable-next-line no-await-in-loop
    await new Promise(resolve => {
      setImmediate(resolve)
    })
  }
}

describe('API emulator', () => {
  before(async () => {
    emulator = await startEmulator({quiet: true})
  })

  after(async () => {
    await emulator.close()
  })

  beforeEach(() => {
    emulator.reset()
  })

  describe('authentication', () => {
    it('answers 401 without a token or with a wrong one', async () => {
      for (const authorization of [undefined, 'Bearer wrong', basic('wrong'), `Token ${DEFAULT_TOKEN}`]) {
        // eslint-disable-next-line no-await-in-loop
        const reply = await call('GET', `/apps/${EXAMPLE_APP}/config-vars`, {authorization})
        expect(reply.status).to.equal(401)
        expect(reply.json).to.deep.equal({id: 'unauthorized', message: 'Invalid credentials provided.'})
      }
    })

    it('accepts Bearer and Basic (with or without a user name) on both APIs', async () => {
      for (const authorization of [bearer, basic(DEFAULT_TOKEN), basic(DEFAULT_TOKEN, 'anything')]) {
        // eslint-disable-next-line no-await-in-loop
        expect((await call('GET', `/apps/${EXAMPLE_APP}/config-vars`, {authorization})).status).to.equal(200)
        // eslint-disable-next-line no-await-in-loop
        expect((await call('GET', databasePath(POSTGRES_ADDON), {authorization})).status).to.equal(404)
      }
    })

    it('answers every JSON reply with Content-Type application/json', async () => {
      const reply = await call('GET', '/account', {authorization: bearer})
      expect(reply.headers.get('content-type')).to.equal('application/json')
      expect(reply.json).to.include({email: 'demo@example.com'})
    })
  })

  describe('platform API', () => {
    it('resolves an add-on name, even of another app', async () => {
      const reply = await resolve(OTHER_POSTGRES_ADDON, EXAMPLE_APP)
      expect(reply.status).to.equal(200)
      expect(reply.json).to.have.length(1)
      expect(reply.json).to.have.nested.property('[0].app.name', OTHER_APP)
    })

    it('resolves an attachment name on the app, with service and plan', async () => {
      const [addon] = (await resolve('HEROKU_POSTGRESQL_RED', EXAMPLE_APP)).json as Array<Record<string, unknown>>
      expect(addon).to.deep.include({
        config_vars: ['HEROKU_POSTGRESQL_RED_URL'],
        name: SHIELD_ADDON,
        state: 'provisioned',
      })
      expect(addon).to.have.nested.property('plan.name', 'heroku-postgresql:shield-0')
      expect(addon).to.have.nested.property('addon_service.name', 'heroku-postgresql')
      expect(names(await resolve('DATABASE', OTHER_APP))).to.deep.equal([OTHER_POSTGRES_ADDON])
    })

    it('answers every match for a service name, so the client can report ambiguity', async () => {
      expect(names(await resolve('heroku-postgresql', EXAMPLE_APP))).to.deep.equal([POSTGRES_ADDON, SHIELD_ADDON, ADVANCED_ADDON, STANDARD_ADDON])
      expect(names(await resolve('heroku-kafka', EXAMPLE_APP))).to.deep.equal([KAFKA_ADDON])
    })

    it('answers 404 for an unknown add-on or app', async () => {
      expect((await resolve('NOPE', EXAMPLE_APP)).json).to.deep.equal({id: 'not_found', message: 'Couldn\'t find that addon.'})
      expect((await resolve('DATABASE', 'no-such-app')).json).to.deep.equal({id: 'not_found', message: 'Couldn\'t find that app.'})
      expect((await platform('GET', '/apps/no-such-app/config-vars')).status).to.equal(404)
    })

    it('answers the app config vars', async () => {
      expect(await configVars()).to.include({DATABASE_URL})
    })
  })

  describe('data API', () => {
    it('creates an endpoint that becomes Operational after two polls', async () => {
      const created = await data('POST', POSTGRES_ADDON, {allowed_accounts: ['123456789012', '123456789012:user/a,b', '123456789012:role/ops']})
      expect(created.status).to.equal(201)
      expect(created.json).to.deep.include({
        addon: {name: POSTGRES_ADDON}, app: {name: EXAMPLE_APP}, service_name: '', status: 'Provisioning',
      })
      expect((created.json as EndpointResource).allowed_accounts).to.deep.equal([
        {arn: 'arn:aws:iam::123456789012:root', status: 'Provisioning'},
        {arn: 'arn:aws:iam::123456789012:user/a,b', status: 'Provisioning'},
        {arn: 'arn:aws:iam::123456789012:role/ops', status: 'Provisioning'},
      ])
      const first = await show(POSTGRES_ADDON)
      expect(first.status).to.equal('Provisioning')
      expect(first.allowed_accounts.map(account => account.status)).to.deep.equal(['Active', 'Active', 'Active'])
      const second = await show(POSTGRES_ADDON)
      expect(second.status).to.equal('Operational')
      expect(second.service_name).to.match(/^com\.amazonaws\.vpce\.us-east-1\.vpce-svc-[\da-f]{17}$/)
    })

    it('decodes the percent-encoded add-on name', async () => {
      await operationalEndpoint(POSTGRES_ADDON)
      expect((await call('GET', '/private-link/v0/databases/postgresql%2Dsimply-12345', {authorization: bearer})).status).to.equal(200)
    })

    it('answers 404 without an endpoint or add-on, 422 on a second create', async () => {
      expect((await data('GET', POSTGRES_ADDON)).json).to.have.property('id', 'not_found')
      expect((await data('POST', 'no-such-addon', {allowed_accounts: ['123456789012']})).status).to.equal(404)
      await operationalEndpoint(POSTGRES_ADDON)
      expect((await data('POST', POSTGRES_ADDON, {allowed_accounts: ['123456789012']})).status).to.equal(422)
    })

    it('refuses Advanced plans and missing or malformed accounts with 422', async () => {
      expect((await data('POST', ADVANCED_ADDON, {allowed_accounts: ['123456789012']})).json).to.deep.equal({
        id: 'unsupported', message: 'PrivateLink is not supported on Heroku Postgres Advanced',
      })
      for (const body of [{}, {allowed_accounts: []}, {allowed_accounts: ['12345']}, {allowed_accounts: ['123456789012:group/x']}]) {
        // eslint-disable-next-line no-await-in-loop
        expect((await data('POST', SHIELD_ADDON, body)).status).to.equal(422)
      }
    })

    it('adds accounts (Provisioning, then Active) and removes them by normalized ARN (Removing, then gone)', async () => {
      await operationalEndpoint(POSTGRES_ADDON)
      const added = (await data('PUT', POSTGRES_ADDON, {allowed_accounts: ['123456789012', '210987654321:user/x']}, '/allowed_accounts')).json as EndpointResource
      expect(added.allowed_accounts).to.deep.equal([
        {arn: 'arn:aws:iam::123456789012:root', status: 'Active'},
        {arn: 'arn:aws:iam::210987654321:user/x', status: 'Provisioning'},
      ])
      expect((await show(POSTGRES_ADDON)).allowed_accounts[1]).to.deep.equal({arn: 'arn:aws:iam::210987654321:user/x', status: 'Active'})
      const removed = await data('PATCH', POSTGRES_ADDON, {allowed_accounts: ['arn:aws:iam::210987654321:user/x']}, '/allowed_accounts')
      expect((removed.json as EndpointResource).allowed_accounts[1]).to.deep.equal({arn: 'arn:aws:iam::210987654321:user/x', status: 'Removing'})
      expect((await show(POSTGRES_ADDON)).allowed_accounts.map(account => account.arn)).to.deep.equal(['arn:aws:iam::123456789012:root'])
      expect((await data('PATCH', POSTGRES_ADDON, {allowed_accounts: ['999999999999']}, '/allowed_accounts')).status).to.equal(422)
    })

    it('keeps accounts Provisioning and removed ones listed for as many polls as the timing says', async () => {
      emulator.setTiming({accountActive: {polls: 2}, accountRemoved: {polls: 2}})
      await operationalEndpoint(POSTGRES_ADDON)
      const statuses = async () => (await show(POSTGRES_ADDON)).allowed_accounts.map(account => account.status)
      expect(await statuses()).to.deep.equal(['Active'])
      await data('PUT', POSTGRES_ADDON, {allowed_accounts: ['210987654321']}, '/allowed_accounts')
      expect(await statuses()).to.deep.equal(['Active', 'Provisioning'])
      expect(await statuses()).to.deep.equal(['Active', 'Active'])
      await data('PATCH', POSTGRES_ADDON, {allowed_accounts: ['210987654321']}, '/allowed_accounts')
      expect(await statuses()).to.deep.equal(['Active', 'Removing'])
      expect(await statuses()).to.deep.equal(['Active'])
    })

    it('destroys: Deprovisioned at once, for as many polls as the timing says, then 404; a create is refused until the 404', async () => {
      emulator.setTiming({deprovision: {polls: 2}})
      await operationalEndpoint(POSTGRES_ADDON)
      expect((await data('DELETE', POSTGRES_ADDON)).json).to.have.property('status', 'Deprovisioned')
      expect((await data('DELETE', POSTGRES_ADDON)).json).to.have.property('status', 'Deprovisioned')
      expect((await data('POST', POSTGRES_ADDON, {allowed_accounts: ['123456789012']})).status).to.equal(422)
      expect((await show(POSTGRES_ADDON)).status).to.equal('Deprovisioned')
      expect((await data('POST', POSTGRES_ADDON, {allowed_accounts: ['123456789012']})).status).to.equal(422)
      expect((await show(POSTGRES_ADDON)).status).to.equal('Deprovisioned')
      expect((await data('GET', POSTGRES_ADDON)).status).to.equal(404)
      expect((await data('POST', POSTGRES_ADDON, {allowed_accounts: ['123456789012']})).status).to.equal(201)
    })

    it('counts a seeded Deprovisioning down to 404 after a DELETE', async () => {
      emulator.seedEndpoint({addon: POSTGRES_ADDON, status: 'Deprovisioning'})
      expect((await show(POSTGRES_ADDON)).status).to.equal('Deprovisioning')
      expect((await data('DELETE', POSTGRES_ADDON)).json).to.have.property('status', 'Deprovisioning')
      expect((await show(POSTGRES_ADDON)).status).to.equal('Deprovisioning')
      expect((await data('GET', POSTGRES_ADDON)).status).to.equal(404)
    })

    it('answers 406 on its routes without Accept: application/vnd.heroku+json; version=3, as a strict API would', async () => {
      for (const accept of [null, 'application/json', 'application/vnd.heroku+json; version=3.sdk', '*/*']) {
        // eslint-disable-next-line no-await-in-loop
        const reply = await call('GET', databasePath(POSTGRES_ADDON), {accept, authorization: basic(DEFAULT_TOKEN)})
        expect(reply.status, String(accept)).to.equal(406)
        expect(reply.json).to.deep.equal({id: 'not_acceptable', message: 'Set Accept: application/vnd.heroku+json; version=3 and try again.'})
      }

      for (const accept of [ACCEPT, 'application/json, application/vnd.heroku+json;version=3']) {
        // eslint-disable-next-line no-await-in-loop
        expect((await call('GET', databasePath(POSTGRES_ADDON), {accept, authorization: basic(DEFAULT_TOKEN)})).status).to.equal(404)
      }

      expect((await call('GET', `/apps/${EXAMPLE_APP}`, {accept: null, authorization: bearer})).status).to.equal(200)
    })

    it('accepts ACCOUNT_ID:root as the whole account', async () => {
      const created = (await data('POST', POSTGRES_ADDON, {allowed_accounts: ['123456789012:root']})).json as EndpointResource
      expect(created.allowed_accounts).to.deep.equal([{arn: 'arn:aws:iam::123456789012:root', status: 'Provisioning'}])
    })

    it('answers a create with 200 {} or an empty body when set to, the endpoint created all the same', async () => {
      emulator.setSettings({create_answer: 'empty-object'})
      const empty = await data('POST', POSTGRES_ADDON, {allowed_accounts: ['123456789012']})
      expect([empty.status, empty.json]).to.deep.equal([200, {}])
      expect((await show(POSTGRES_ADDON)).status).to.equal('Provisioning')
      expect((await control('POST', 'settings', {create_answer: 'empty'})).json).to.deep.include({create_answer: 'empty'})
      const none = await data('POST', SHIELD_ADDON, {allowed_accounts: ['123456789012']})
      expect([none.status, none.text, none.headers.get('content-length')]).to.deep.equal([200, '', '0'])
      expect((await show(SHIELD_ADDON)).status).to.equal('Provisioning')
      expect((await control('POST', 'settings', {create_answer: 'nope'})).status).to.equal(400)
      expect((await control('POST', 'settings', {nope: 1})).status).to.equal(400)
      emulator.reset()
      expect((await data('POST', POSTGRES_ADDON, {allowed_accounts: ['123456789012']})).status).to.equal(201)
    })

    it('makes accounts Available instead of Active when set to', async () => {
      await control('POST', 'settings', {account_ready_status: 'Available'})
      await data('POST', POSTGRES_ADDON, {allowed_accounts: ['123456789012']})
      expect((await show(POSTGRES_ADDON)).allowed_accounts).to.deep.equal([{arn: 'arn:aws:iam::123456789012:root', status: 'Available'}])
    })

    it('refuses a create for a Standard plan on an app in a space (not networked into it), and has no endpoint for it', async () => {
      const reply = await data('POST', STANDARD_ADDON, {allowed_accounts: ['123456789012']})
      expect(reply.status).to.equal(422)
      expect(reply.json).to.have.property('id', 'unsupported')
      expect((await data('GET', STANDARD_ADDON)).status).to.equal(404)
    })

    it('answers 400 for a body that is not JSON', async () => {
      const reply = await data('POST', POSTGRES_ADDON, '{nope')
      expect(reply.status).to.equal(400)
      expect(reply.json).to.have.property('id', 'bad_request')
    })

    it('answers 404 for an unknown route', async () => {
      expect((await platform('GET', '/nope')).json).to.deep.equal({id: 'not_found', message: 'Unknown route: GET /nope'})
    })
  })

  describe('connections', () => {
    it('are refused until the endpoint is Operational', async () => {
      expect((await control('POST', 'connections', {addon: POSTGRES_ADDON})).status).to.equal(404)
      await data('POST', POSTGRES_ADDON, {allowed_accounts: ['123456789012']})
      expect((await control('POST', 'connections', {addon: POSTGRES_ADDON})).status).to.equal(409)
    })

    it('become Available after a poll and add the Postgres config vars', async () => {
      const endpoint = await operationalEndpoint(POSTGRES_ADDON)
      const reply = await control('POST', 'connections', {addon: POSTGRES_ADDON, endpoint_id: 'vpce-01c87ae3c05563935'})
      const host = String.raw`vpce-01c87ae3c05563935-[\da-z]{8}\.${endpoint.service_name.split('.').pop()}\.us-east-1\.vpce\.amazonaws\.com`
      expect(reply.json).to.deep.include({
        endpoint_id: 'vpce-01c87ae3c05563935', owner_arn: 'arn:aws:iam::123456789012:root', status: 'Pending Acceptance',
      })
      // The API gives the VPC endpoint's hostname from the start; the config vars name the same host.
      const {hostname} = reply.json as {hostname: string}
      expect(hostname).to.match(new RegExp(`^${host}$`))
      expect(await configVars()).not.to.have.property('DATABASE_ENDPOINT_01C87AE3C05563935_URL')
      expect((await show(POSTGRES_ADDON)).connections[0]).to.deep.include({hostname, status: 'Available'})
      const vars = await configVars()
      expect(new URL(vars.DATABASE_ENDPOINT_01C87AE3C05563935_URL).hostname).to.equal(hostname)
      expect(vars.DATABASE_ENDPOINT_01C87AE3C05563935_URL).to.match(new RegExp(`^postgres://u1234:secretpassword1234@${host}:5432/d5678$`))
      expect(vars.DATABASE_ENDPOINT_01C87AE3C05563935_PGBOUNCER_URL).to.match(new RegExp(`^postgres://u1234:secretpassword1234@${host}:5433/d5678$`))
    })

    it('add config vars on time without polling the endpoint when ms-based', async () => {
      await operationalEndpoint(POSTGRES_ADDON)
      emulator.setTiming({connectionAvailable: {ms: 0}})
      emulator.simulateConnection(POSTGRES_ADDON, {endpoint_id: 'vpce-01c87ae3c05563935'})
      expect(await configVars()).to.have.property('DATABASE_ENDPOINT_01C87AE3C05563935_URL')
    })

    it('add one var for Kafka listing every broker (a port each), removed with the endpoint', async () => {
      await operationalEndpoint(KAFKA_ADDON)
      const {endpoint_id: endpointId} = emulator.simulateConnection(KAFKA_ADDON)
      await show(KAFKA_ADDON)
      const prefix = `KAFKA_ENDPOINT_${endpointId.slice(-17).toUpperCase()}`
      const names = Object.keys(await configVars()).filter(name => name.startsWith(prefix))
      expect(names).to.deep.equal([`${prefix}_URL`])
      const brokers = (await configVars())[`${prefix}_URL`].split(',')
      expect(brokers).to.have.length(KAFKA_URL.split(',').length)
      for (const [index, broker] of brokers.entries()) expect(broker).to.match(new RegExp(`^kafka\\+ssl://${endpointId}-[\\da-f]+\\.vpce-svc-[\\da-f]+\\.us-east-1\\.vpce\\.amazonaws\\.com:${9096 + index}$`))
      await data('DELETE', KAFKA_ADDON)
      await show(KAFKA_ADDON)
      await data('GET', KAFKA_ADDON)
      expect(await configVars()).not.to.have.property(`${prefix}_URL`)
    })
  })

  describe('apps, spaces, regions and add-on lists', () => {
    it('serves an app with its space and region, and the Common Runtime app with space null', async () => {
      const app = (await platform('GET', `/apps/${EXAMPLE_APP}`)).json as AppResource
      expect(app).to.deep.include({name: EXAMPLE_APP})
      expect(app.region.name).to.equal('virginia')
      expect(app.space).to.deep.include({name: 'example-space', shield: false})
      const common = (await platform('GET', `/apps/${COMMON_APP}`)).json as AppResource
      expect(common.space).to.equal(null)
      expect(common.region.name).to.equal('us')
      expect((await platform('GET', '/apps/nosuch-app')).status).to.equal(404)
    })

    it('serves spaces and regions by id or name, regions with the AWS region behind them', async () => {
      const app = (await platform('GET', `/apps/${OTHER_APP}`)).json as AppResource
      const space = (await platform('GET', `/spaces/${app.space?.id}`)).json as SpaceResource
      expect(space).to.deep.include({name: 'other-space', shield: true})
      expect(space.region.name).to.equal('dublin')
      expect(((await platform('GET', '/spaces/other-space')).json as SpaceResource).id).to.equal(space.id)
      const byId = (await platform('GET', `/regions/${app.region.id}`)).json as RegionResource
      expect(byId).to.deep.include({name: 'dublin', provider: {name: 'amazon-web-services', region: 'eu-west-1'}})
      expect(((await platform('GET', '/regions/virginia')).json as RegionResource).provider.region).to.equal('us-east-1')
      expect((await platform('GET', '/regions/atlantis')).status).to.equal(404)
      expect((await platform('GET', '/spaces/nosuch-space')).status).to.equal(404)
    })

    it('gives a space its team, and lists a team\'s apps, in a space or not, with their team; 404s worded like Heroku\'s', async () => {
      const space = (await platform('GET', '/spaces/example-space')).json as SpaceResource
      expect(space.team).to.deep.include({name: EXAMPLE_TEAM})
      const apps = (await platform('GET', `/teams/${EXAMPLE_TEAM}/apps`)).json as AppResource[]
      expect(apps.map(app => [app.name, app.space?.name ?? null, app.team?.name])).to.deep.equal([
        [EXAMPLE_APP, 'example-space', EXAMPLE_TEAM], [OTHER_APP, 'other-space', EXAMPLE_TEAM], [COMMON_APP, null, EXAMPLE_TEAM],
      ])
      expect(names(await platform('GET', `/teams/${space.team.id}/apps`))).to.deep.equal([EXAMPLE_APP, OTHER_APP, COMMON_APP])
      // What @heroku-cli/command's APIClient reads from Particleboard beside a /teams/ request: nothing delinquent.
      expect((await platform('GET', `/teams/${EXAMPLE_TEAM}`)).json).to.deep.equal({id: space.team.id, name: EXAMPLE_TEAM})
      const unknownTeam = await platform('GET', '/teams/nosuch-team/apps')
      expect([unknownTeam.status, unknownTeam.json]).to.deep.equal([404, {id: 'not_found', message: 'Couldn\'t find that team.'}])
      expect((await platform('GET', '/spaces/nosuch-space')).json).to.deep.equal({id: 'not_found', message: 'Couldn\'t find that space.'})
    })

    it('adds apps to a team in a new space (or the Common Runtime), one add-on of each plan each, endpoints on the data ones; a reset forgets them', async () => {
      const reply = await control('POST', 'apps', {
        addons: ['heroku-postgresql:private-0', 'heroku-redis:private-7', 'papertrail:choklad'], apps: 2, endpoint: {allowed_accounts: ['123456789012'], connections: [{}]}, region: 'dublin', space: 'audit-space', team: 'audit-team',
      })
      expect(reply.status).to.equal(201)
      expect(reply.json).to.deep.equal({
        addons: ['postgresql-audit-space-app-1-1', 'redis-audit-space-app-1-2', 'papertrail-audit-space-app-1-3', 'postgresql-audit-space-app-2-1', 'redis-audit-space-app-2-2', 'papertrail-audit-space-app-2-3'],
        apps: ['audit-space-app-1', 'audit-space-app-2'],
      })
      const space = (await platform('GET', '/spaces/audit-space')).json as SpaceResource
      expect([space.team.name, space.region.name]).to.deep.equal(['audit-team', 'dublin'])
      const app = (await platform('GET', '/apps/audit-space-app-1')).json as AppResource
      expect([app.space?.name, app.team?.name, app.region.name]).to.deep.equal(['audit-space', 'audit-team', 'dublin'])
      expect(names(await platform('GET', '/apps/audit-space-app-2/addons'))).to.deep.equal(['postgresql-audit-space-app-2-1', 'redis-audit-space-app-2-2', 'papertrail-audit-space-app-2-3'])
      const endpoint = await show('redis-audit-space-app-2-2')
      expect([endpoint.status, endpoint.allowed_accounts, endpoint.connections.map(connection => [connection.owner_arn, connection.status])]).to.deep.equal([
        'Operational', [{arn: 'arn:aws:iam::123456789012:root', status: 'Active'}], [['arn:aws:iam::123456789012:root', 'Available']],
      ])
      expect(endpoint.service_name).to.match(/^com\.amazonaws\.vpce\.eu-west-1\./)
      expect((await data('GET', 'papertrail-audit-space-app-1-3')).status).to.equal(404)
      expect(Object.keys((await platform('GET', '/apps/audit-space-app-1/config-vars')).json as object)).to.include('POSTGRESQL_1_URL')
      // In the Common Runtime: no space, no endpoints.
      expect((await control('POST', 'apps', {apps: 1, endpoint: {}, team: 'audit-team'})).json).to.deep.equal({addons: ['postgresql-audit-team-app-1-1'], apps: ['audit-team-app-1']})
      expect(((await platform('GET', '/apps/audit-team-app-1')).json as AppResource).space).to.equal(null)
      expect((await data('GET', 'postgresql-audit-team-app-1-1')).status).to.equal(404)
      expect(names(await platform('GET', '/teams/audit-team/apps'))).to.deep.equal(['audit-space-app-1', 'audit-space-app-2', 'audit-team-app-1'])
      await control('POST', 'reset')
      expect((await platform('GET', '/teams/audit-team/apps')).status).to.equal(404)
      expect((await platform('GET', '/apps/audit-space-app-1')).status).to.equal(404)
    })

    it('refuses malformed apps to add, an app that exists, and a space of another team', async () => {
      for (const body of [{team: 'audit-team'}, {apps: 0, team: 'audit-team'}, {apps: 1}, {apps: 1, team: 'Bad_Team'}, {apps: 1, nope: 1, team: 't'}, {addons: ['postgres'], apps: 1, team: 't'}, {
        apps: 1, region: 'us', space: 's', team: 't',
      }]) {
        // eslint-disable-next-line no-await-in-loop
        expect((await control('POST', 'apps', body)).status, JSON.stringify(body)).to.equal(400)
      }

      expect((await control('POST', 'apps', {apps: 1, prefix: 'example', team: 'audit-team'})).status).to.equal(201)
      expect((await control('POST', 'apps', {apps: 1, prefix: 'example', team: 'audit-team'})).status).to.equal(422)
      expect((await control('POST', 'apps', {apps: 1, space: 'example-space', team: 'audit-team'})).status).to.equal(422)
    })

    it('lists the add-ons an app owns, data and other ones', async () => {
      const addons = (await platform('GET', `/apps/${EXAMPLE_APP}/addons`)).json as Array<{addon_service: {name: string}; name: string}>
      expect(addons.map(addon => addon.name)).to.deep.equal([POSTGRES_ADDON, SHIELD_ADDON, ADVANCED_ADDON, KAFKA_ADDON, REDIS_ADDON, PAPERTRAIL_ADDON, STANDARD_ADDON])
      expect(addons.find(addon => addon.name === PAPERTRAIL_ADDON)?.addon_service.name).to.equal('papertrail')
      expect(names(await platform('GET', `/apps/${COMMON_APP}/addons`))).to.deep.equal([COMMON_POSTGRES_ADDON])
    })

    it('gives Kafka its brokers\' URL and its client certificate vars', async () => {
      const vars = await configVars()
      expect(vars.KAFKA_URL).to.equal(KAFKA_URL)
      expect(vars).to.include(KAFKA_SECRET_VARS)
    })

    it('refuses to create an endpoint for a database in the Common Runtime', async () => {
      const reply = await data('POST', COMMON_POSTGRES_ADDON, {allowed_accounts: ['123456789012']})
      expect(reply.status).to.equal(422)
    })
  })

  describe('control API', () => {
    it('seeds an endpoint with a forced status that stays', async () => {
      const seeded = await control('POST', 'endpoints', {addon: SHIELD_ADDON, allowed_accounts: ['123456789012'], status: 'Failed'})
      expect(seeded.json).to.deep.include({status: 'Failed'})
      await show(SHIELD_ADDON)
      expect((await show(SHIELD_ADDON)).status).to.equal('Failed')
      emulator.seedEndpoint({addon: SHIELD_ADDON, connections: [{endpoint_id: 'vpce-0123456789abcdef0'}]})
      const endpoint = await show(SHIELD_ADDON)
      expect(endpoint.connections).to.have.length(1)
      expect(endpoint.connections[0]).to.deep.include({endpoint_id: 'vpce-0123456789abcdef0', owner_arn: 'arn:aws:iam::123456789012:root', status: 'Available'})
      expect(endpoint.connections[0].hostname).to.match(/^vpce-0123456789abcdef0-[\da-f]{8}\.vpce-svc-/)
      expect(await configVars()).to.have.property('HEROKU_POSTGRESQL_RED_ENDPOINT_0123456789ABCDEF0_PGBOUNCER_URL')
      // An Available connection whose config vars Heroku has not added yet.
      await control('POST', 'endpoints', {addon: SHIELD_ADDON, connections: [{config_vars: false, endpoint_id: 'vpce-0123456789abcdef1'}]})
      expect((await show(SHIELD_ADDON)).connections.map(connection => connection.status)).to.deep.equal(['Available'])
      expect(Object.keys(await configVars()).filter(name => name.includes('_ENDPOINT_'))).to.deep.equal([])
      // A connection the API gives no hostname for, and one with a hostname of the seed's.
      emulator.seedEndpoint({addon: SHIELD_ADDON, connections: [{endpoint_id: 'vpce-0123456789abcdef2', hostname: false}, {endpoint_id: 'vpce-0123456789abcdef3', hostname: 'vpce-0123456789abcdef3-abcd.example'}]})
      const [hidden, given] = (await show(SHIELD_ADDON)).connections
      expect(hidden).not.to.have.property('hostname')
      expect(given).to.have.property('hostname', 'vpce-0123456789abcdef3-abcd.example')
      expect(new URL((await configVars()).HEROKU_POSTGRESQL_RED_ENDPOINT_0123456789ABCDEF3_URL).hostname).to.equal('vpce-0123456789abcdef3-abcd.example')
    })

    it('sets and unsets config vars of an app, which a reset restores', async () => {
      const url = 'postgres://u:p@127.0.0.1:5432/d'
      const name = 'DATABASE_ENDPOINT_0123456789ABCDEF0_URL'
      expect((await control('POST', 'config-vars', {app: EXAMPLE_APP, vars: {[name]: url, SECRET_KEY_BASE: null}})).status).to.equal(200)
      expect(await configVars()).to.include({[name]: url}).and.not.have.property('SECRET_KEY_BASE')
      expect((await control('POST', 'config-vars', {app: EXAMPLE_APP, vars: {[name]: 5}})).status).to.equal(400)
      expect((await control('POST', 'config-vars', {app: 'nope', vars: {}})).status).to.equal(404)
      emulator.reset()
      expect(await configVars()).not.to.have.property(name)
      expect(await configVars()).to.have.property('SECRET_KEY_BASE')
    })

    it('changes timing: ms-based and poll-based, and reset restores the defaults', async () => {
      emulator.setTiming({endpointOperational: {ms: 60_000}})
      await data('POST', POSTGRES_ADDON, {allowed_accounts: ['123456789012']})
      for (let poll = 0; poll < 4; poll++) {
        // eslint-disable-next-line no-await-in-loop
        expect((await show(POSTGRES_ADDON)).status).to.equal('Provisioning')
      }

      expect((await control('POST', 'timing', {endpointOperational: {ms: 0}})).json).to.have.deep.property('endpointOperational', {ms: 0})
      expect((await show(POSTGRES_ADDON)).status).to.equal('Operational')
      expect((await control('POST', 'timing', {nope: {}})).status).to.equal(400)
      expect((await control('POST', 'reset')).status).to.equal(200)
      expect((await control('GET', 'state')).json).to.deep.include({endpoints: []})
      expect((await control('GET', 'state')).json).to.have.deep.nested.property('timing.endpointOperational', {polls: 2})
    })
  })

  describe('faults', () => {
    const path = databasePath(POSTGRES_ADDON)

    it('answers a status with Retry-After, count times, then normally', async () => {
      emulator.injectFault({
        count: 2, kind: 'status', message: 'Slow down', path, retry_after: 7, status: 429,
      })
      for (let attempt = 0; attempt < 2; attempt++) {
        // eslint-disable-next-line no-await-in-loop
        const reply = await data('GET', POSTGRES_ADDON)
        expect(reply.status).to.equal(429)
        expect(reply.headers.get('retry-after')).to.equal('7')
        expect(reply.json).to.deep.equal({id: 'rate_limit', message: 'Slow down'})
      }

      expect((await data('GET', POSTGRES_ADDON)).status).to.equal(404)
    })

    it('matches a method and a path prefix', async () => {
      await control('POST', 'faults', {
        kind: 'status', method: 'post', path: '/private-link/*', status: 503,
      })
      expect((await data('GET', POSTGRES_ADDON)).status).to.equal(404)
      expect((await data('POST', POSTGRES_ADDON, {allowed_accounts: ['123456789012']})).json).to.deep.equal({
        id: 'service_unavailable', message: 'Service Unavailable',
      })
    })

    it('serves an HTML page or an empty body as text/html', async () => {
      emulator.injectFault({
        body: '<html><body>Bad gateway</body></html>', kind: 'status', path, status: 502,
      })
      emulator.injectFault({
        body: '', kind: 'status', path, status: 504,
      })
      const html = await data('GET', POSTGRES_ADDON)
      expect([html.status, html.headers.get('content-type'), html.text]).to.deep.equal([502, 'text/html', '<html><body>Bad gateway</body></html>'])
      const empty = await data('GET', POSTGRES_ADDON)
      expect([empty.status, empty.headers.get('content-type'), empty.text]).to.deep.equal([504, 'text/html', ''])
    })

    it('drops the connection without an answer, and logs it', async () => {
      emulator.injectFault({kind: 'drop', path})
      let failure: unknown
      try {
        await data('GET', POSTGRES_ADDON)
      } catch (error) {
        failure = error
      }

      expect(failure).to.be.instanceOf(TypeError)
      expect(emulator.log().map(entry => entry.status)).to.deep.equal([0])
    })

    it('leaves a request unanswered on any route, logs it, and close() ends its socket', async () => {
      const other = await startEmulator({quiet: true, token: 'other-token'})
      other.injectFault({kind: 'hang', method: 'POST', path: '/actions/addons/resolve'})
      const pending = fetch(`${other.url}/actions/addons/resolve`, {body: '{}', headers: {Authorization: 'Bearer other-token'}, method: 'POST'}).catch(error => error)
      while (other.log().length === 0) {
        // eslint-disable-next-line no-await-in-loop
        await new Promise(resolve => {
          setImmediate(resolve)
        })
      }

      expect(other.log().map(entry => [entry.method, entry.path, entry.status, entry.answered_ms])).to.deep.equal([['POST', '/actions/addons/resolve', 0, null]])
      await other.close()
      expect(await pending).to.be.instanceOf(TypeError)
    })

    it('delays, then answers normally', async () => {
      emulator.injectFault({delay_ms: 30, kind: 'delay', path})
      const started = Date.now()
      expect((await data('GET', POSTGRES_ADDON)).status).to.equal(404)
      expect(Date.now() - started).to.be.at.least(25)
    })

    it('refuses a malformed fault with 400', async () => {
      expect((await control('POST', 'faults', {kind: 'explode', path})).status).to.equal(400)
      expect((await control('POST', 'faults', {kind: 'status'})).status).to.equal(400)
    })
  })

  describe('log', () => {
    it('records each API request with its auth kind and never the token', async () => {
      await call('GET', `/apps/${EXAMPLE_APP}/config-vars?token=${DEFAULT_TOKEN}`, {authorization: bearer})
      await data('POST', POSTGRES_ADDON, {allowed_accounts: ['123456789012'], note: DEFAULT_TOKEN})
      await call('GET', '/account')
      await call('GET', '/account', {authorization: 'Bearer wrong'})
      await control('GET', 'state')
      const log = (await control('GET', 'log')).json as LoggedRequest[]
      expect(log.map(entry => [entry.method, entry.path, entry.auth, entry.status])).to.deep.equal([
        ['GET', `/apps/${EXAMPLE_APP}/config-vars`, 'bearer', 200],
        ['POST', databasePath(POSTGRES_ADDON), 'basic', 201],
        ['GET', '/account', 'none', 401],
        ['GET', '/account', 'invalid', 401],
      ])
      expect(log[1].body).to.deep.equal({allowed_accounts: ['123456789012'], note: '[REDACTED]'})
      expect(log[1].headers).to.deep.equal({accept: ACCEPT})
      expect(log[0].host).to.equal(`127.0.0.1:${emulator.port}`)
      expect(JSON.stringify(log)).not.to.include(DEFAULT_TOKEN)
      await control('DELETE', 'log')
      await call('GET', '/account', {authorization: bearer, headers: {'X-Heroku-Test': 'one', 'X-Leak': `Bearer ${DEFAULT_TOKEN}`}})
      expect(emulator.log()[0].headers).to.deep.equal({accept: ACCEPT, 'x-heroku-test': 'one', 'x-leak': 'Bearer [REDACTED]'})
      await control('DELETE', 'log')
      expect(emulator.log()).to.deep.equal([])
    })
  })

  describe('latency, holds and the times in the log', () => {
    const path = databasePath(POSTGRES_ADDON)

    it('logs when each request arrived and when it was answered (or dropped), on one monotonic clock', async () => {
      await platform('GET', '/account')
      await data('GET', POSTGRES_ADDON)
      emulator.injectFault({kind: 'drop', path})
      await data('GET', POSTGRES_ADDON).catch(() => {})
      const [first, second, dropped] = emulator.log()
      expect(first.received_ms).to.be.at.least(0)
      expect(first.answered_ms).to.be.at.least(first.received_ms)
      expect(second.received_ms).to.be.above(first.answered_ms as number)
      expect(dropped.answered_ms).to.be.at.least(dropped.received_ms)
      expect(receivedAfter(second, first) && !overlapped(first, second)).to.equal(true)
    })

    it('holds every API answer for the latency, a fault\'s too; the control API sets it, a reset restores the start value', async () => {
      const slow = await startEmulator({latencyMs: 40, quiet: true})
      try {
        const get = (route: string) => fetch(`${slow.url}${route}`, {headers: {Authorization: bearer}})
        expect((await get('/account')).status).to.equal(200)
        slow.injectFault({kind: 'status', path: '/account', status: 503})
        expect((await get('/account')).status).to.equal(503)
        // setTimeout may fire a fraction of a millisecond early on performance.now()'s clock.
        for (const entry of slow.log()) expect((entry.answered_ms as number) - entry.received_ms).to.be.at.least(39)
        const setLatency = (body: unknown) => fetch(`${slow.url}/__emulator/latency`, {body: JSON.stringify(body), method: 'POST'})
        expect(await (await setLatency({ms: 5})).json()).to.deep.equal({ms: 5})
        expect(slow.latencyMs()).to.equal(5)
        expect((await setLatency({ms: -1})).status).to.equal(400)
        expect((await setLatency({})).status).to.equal(400)
        await fetch(`${slow.url}/__emulator/reset`, {method: 'POST'})
        expect(await (await fetch(`${slow.url}/__emulator/latency`)).json()).to.deep.equal({ms: 40})
        expect(slow.log()).to.deep.equal([])
      } finally {
        await slow.close()
      }
    })

    it('holds matching answers until count requests are in flight together, letting others through meanwhile', async () => {
      expect((await control('POST', 'holds', {
        count: 2, method: 'get', path: '/private-link/*', release_after_ms: 60_000,
      })).status).to.equal(201)
      const first = data('GET', POSTGRES_ADDON)
      await logged(1)
      expect((await resolve(POSTGRES_ADDON, EXAMPLE_APP)).status).to.equal(200)
      const second = data('GET', REDIS_ADDON)
      expect((await Promise.all([first, second])).map(reply => reply.status)).to.deep.equal([404, 404])
      const [held, other, joined] = emulator.log()
      expect(other.path).to.equal('/actions/addons/resolve')
      expect(receivedAfter(joined, other)).to.equal(true)
      expect(overlapped(held, joined)).to.equal(true)
      expect(overlapped(held, other)).to.equal(true)
      expect(maxInFlight(emulator.log())).to.equal(2)
      // Spent: the next one is answered alone.
      expect((await data('GET', POSTGRES_ADDON)).status).to.equal(404)
    })

    it('answers held requests after the safety release when fewer arrive, and on a reset; refuses a malformed hold', async () => {
      emulator.hold({count: 3, path, release_after_ms: 20})
      expect((await data('GET', POSTGRES_ADDON)).status).to.equal(404)
      expect((await data('GET', POSTGRES_ADDON)).status).to.equal(404)
      const [alone, next] = emulator.log()
      expect(overlapped(alone, next)).to.equal(false)
      emulator.hold({count: 2, release_after_ms: 60_000})
      const pending = platform('GET', '/account')
      await logged(3)
      await control('POST', 'reset')
      expect((await pending).status).to.equal(200)
      for (const hold of [{count: 1}, {path}, {count: 2, release_after_ms: 0}, {count: 2, nope: true}]) {
        // eslint-disable-next-line no-await-in-loop
        expect((await control('POST', 'holds', hold)).status, JSON.stringify(hold)).to.equal(400)
      }
    })
  })

  it('closes promptly with a request still in flight', async () => {
    const other = await startEmulator({quiet: true, token: 'other-token'})
    other.injectFault({delay_ms: 60_000, kind: 'delay', path: '/account'})
    const pending = fetch(`${other.url}/account`, {headers: {Authorization: 'Bearer other-token'}}).catch(error => error)
    while (other.log().length === 0) {
      // eslint-disable-next-line no-await-in-loop
      await new Promise(resolve => {
        setImmediate(resolve)
      })
    }

    await other.close()
    expect(await pending).to.be.instanceOf(TypeError)
    expect(other.env).to.include({
      DISABLE_TELEMETRY: 'true', HEROKU_API_KEY: 'other-token', HEROKU_DATA_HOST: other.url, HEROKU_HOST: other.url,
    })
  })

  it('serves https on localhost with a given certificate', async () => {
    const tls = selfSignedCertificate()
    const secure = await startEmulator({quiet: true, tls})
    const get = (ca?: string) => new Promise<Error | number | undefined>(resolve => {
      request(`${secure.url}/account`, {ca, headers: {Authorization: bearer}}, response => {
        response.resume()
        resolve(response.statusCode)
      }).on('error', resolve).end()
    })
    try {
      expect(secure.url).to.equal(`https://localhost:${secure.port}`)
      expect(secure.env).to.include({HEROKU_DATA_HOST: secure.url, HEROKU_HOST: secure.url})
      expect(await get(tls.cert)).to.equal(200)
      expect(String(await get())).to.include('self-signed certificate')
      expect(secure.log().map(entry => [entry.path, entry.auth, entry.host])).to.deep.equal([['/account', 'bearer', `localhost:${secure.port}`]])
    } finally {
      await secure.close()
    }
  })
})

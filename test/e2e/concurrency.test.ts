// Requests in flight together, read from the emulator's log: a hold answers them only once all of
// them are in flight, so a client that sent them one after the other would show no overlap (its
// requests let through by the hold's safety release, one by one). Order and overlap, never time.
// `npm test` runs this suite with HEROKU_API_KEY and again with a stored login (APIClient).
import {expect} from 'chai'

import {
  EXAMPLE_APP, type LoggedRequest, OTHER_APP, OTHER_POSTGRES_ADDON, POSTGRES_ADDON,
} from '../emulator/server.js'
import {
  APP, maxInFlight, overlapped, parseJson, POSTGRES_PATH, printed, receivedAfter, waves,
} from './helpers.js'
import {e2eSuite} from './suite.js'

const ACCOUNT = '123456789012'
const ENDPOINT_ID = 'vpce-01c87ae3c05563935'
const CONFIG_VARS = `/apps/${APP}/config-vars`
const RESOLVE_PATH = '/actions/addons/resolve'
const BY_NAME = [POSTGRES_ADDON, '--app', APP]
const BY_ATTACHMENT = ['DATABASE', '--app', APP]

describe('e2e: independent requests in flight together', function () {
  this.timeout(120_000)
  const e2e = e2eSuite()

  /** An Operational endpoint, with an Available connection (and its config vars) when asked. */
  function seed(connections: number, addon = POSTGRES_ADDON): void {
    e2e.emulator.seedEndpoint({
      addon, allowed_accounts: [ACCOUNT], connections: Array.from({length: connections}, () => ({endpoint_id: ENDPOINT_ID, status: 'Available'})),
    })
    e2e.emulator.clearLog()
  }

  /** The run's one request to `method path`. */
  function request(method: string, path: string): LoggedRequest {
    const matches = e2e.emulator.log().filter(entry => entry.method === method && entry.path === path)
    expect(matches, `${method} ${path} in ${logText()}`).to.have.length(1)
    return matches[0]
  }

  function logText(): string {
    return e2e.emulator.log().map(entry => `${entry.method} ${entry.path} ${entry.status}`).join(', ')
  }

  /** Sorted `METHOD path` of the run's requests. */
  const made = (): string[] => e2e.emulator.log().map(entry => `${entry.method} ${entry.path}`).sort()

  /** All of the run's requests in flight at once: one wave. */
  function expectOneWave(count: number): void {
    const log = e2e.emulator.log()
    expect(log, logText()).to.have.length(count)
    expect(maxInFlight(log), logText()).to.equal(count)
    expect(waves(log), logText()).to.equal(1)
  }

  describe('data:privatelink ADDON_NAME: the lookup, the endpoint and the config vars in one wave', () => {
    for (const json of [false, true]) {
      it(`${json ? 'with --json' : 'shows the connection config vars'}`, async () => {
        seed(1)
        e2e.emulator.hold({count: 3})
        const result = await e2e.cli(['data:privatelink', ...BY_NAME, ...(json ? ['--json'] : [])])
        expect(result.status, printed(result)).to.equal(0)
        expectOneWave(3)
        expect(made()).to.deep.equal([`GET ${CONFIG_VARS}`, `GET ${POSTGRES_PATH}`, `POST ${RESOLVE_PATH}`])
        if (json) expect(parseJson(result)).to.have.nested.property('connections[0].config_vars[0].name', 'DATABASE_ENDPOINT_01C87AE3C05563935_URL')
        else expect(result.stdout).to.include('DATABASE_ENDPOINT_01C87AE3C05563935_PGBOUNCER_URL')
      })
    }

    it('costs one unused read without connections: the config vars, dropped', async () => {
      seed(0)
      e2e.emulator.hold({count: 3})
      const result = await e2e.cli(['data:privatelink', ...BY_NAME, '--json'])
      expect(result.status, printed(result)).to.equal(0)
      expectOneWave(3)
      expect(parseJson(result)).to.include({config_vars_error: null, status: 'Operational'})
    })
  })

  it('data:privatelink DATABASE (an attachment): the lookup and the config vars together, then the endpoint: two waves', async () => {
    seed(1)
    e2e.emulator.hold({count: 2})
    const result = await e2e.cli(['data:privatelink', ...BY_ATTACHMENT])
    expect(result.status, printed(result)).to.equal(0)
    expect(result.stdout).to.include('DATABASE_ENDPOINT_01C87AE3C05563935_URL')
    const [resolve, configVars, endpoint] = [request('POST', RESOLVE_PATH), request('GET', CONFIG_VARS), request('GET', POSTGRES_PATH)]
    expect(overlapped(resolve, configVars), logText()).to.equal(true)
    expect(receivedAfter(endpoint, resolve), logText()).to.equal(true)
    expect(waves(e2e.emulator.log())).to.equal(2)
  })

  it('data:privatelink:access ADDON_NAME: the lookup and the endpoint in one wave', async () => {
    seed(0)
    e2e.emulator.hold({count: 2})
    const result = await e2e.cli(['data:privatelink:access', ...BY_NAME, '--json'])
    expect(result.status, printed(result)).to.equal(0)
    expect(parseJson(result)).to.have.nested.property('allowed_accounts[0].status', 'Active')
    expectOneWave(2)
  })

  it('data:privatelink:wait ADDON_NAME --json on a ready endpoint: its first poll beside the lookup, one wave', async () => {
    seed(0)
    e2e.emulator.hold({count: 2})
    const result = await e2e.cli(['data:privatelink:wait', ...BY_NAME, '--json'])
    expect(result.status, printed(result)).to.equal(0)
    expect(parseJson(result)).to.include({status: 'Operational'})
    expectOneWave(2)
  })

  it('data:privatelink:aws ADDON_NAME and check --print-script: the lookup, the endpoint and the config vars in one wave', async () => {
    for (const command of [['data:privatelink:aws', ...BY_NAME], ['data:privatelink:check', ...BY_NAME, '--print-script']]) {
      seed(1)
      e2e.emulator.hold({count: 3})
      // eslint-disable-next-line no-await-in-loop
      const result = await e2e.cli(command)
      expect(result.status, printed(result)).to.equal(0)
      expectOneWave(3)
    }
  })

  it('data:privatelink:create: the lookup beside the app, then the create beside the region, and never a write before the lookup answered', async () => {
    // Two holds: the first takes the first two requests, the second the next two.
    e2e.emulator.hold({count: 2})
    e2e.emulator.hold({count: 2})
    const result = await e2e.cli(['data:privatelink:create', ...BY_ATTACHMENT, '-i', ACCOUNT, '--json'])
    expect(result.status, printed(result)).to.equal(0)
    expect(parseJson(result)).to.include({region: 'us-east-1', status: 'Provisioning'})
    const log = e2e.emulator.log()
    const region = log.find(entry => entry.path.startsWith('/regions/'))
    const [resolve, app, create] = [request('POST', RESOLVE_PATH), request('GET', `/apps/${APP}`), request('POST', POSTGRES_PATH)]
    expect(overlapped(resolve, app), logText()).to.equal(true)
    expect(receivedAfter(create, resolve) && receivedAfter(create, app), logText()).to.equal(true)
    expect(region && overlapped(create, region), logText()).to.equal(true)
    expect([log.length, waves(log)]).to.deep.equal([4, 2])
  })

  it('the overview: the add-on list, then every data add-on\'s endpoint at once', async () => {
    e2e.emulator.hold({count: 6, method: 'GET', path: '/private-link/*'})
    const result = await e2e.cli(['data:privatelink', '--app', APP, '--json'])
    expect(result.status, printed(result)).to.equal(0)
    const log = e2e.emulator.log()
    const endpoints = log.filter(entry => entry.path.startsWith('/private-link/'))
    expect(endpoints).to.have.length(6)
    expect(maxInFlight(endpoints)).to.equal(6)
    expect(waves(log)).to.equal(2)
  })

  describe('a guess the lookup contradicts is dropped, its failures and notices with it', () => {
    it('reads the config vars of the add-on\'s own app again when it is another app\'s, the refusal of the guessed ones never shown', async () => {
      seed(1, OTHER_POSTGRES_ADDON)
      e2e.emulator.injectFault({
        id: 'forbidden', kind: 'status', message: 'You may not read config vars.', method: 'GET', path: CONFIG_VARS, status: 403,
      })
      e2e.emulator.hold({count: 3})
      const result = await e2e.cli(['data:privatelink', OTHER_POSTGRES_ADDON, '--app', EXAMPLE_APP])
      expect(result.status, printed(result)).to.equal(0)
      expect(result.stdout).to.include(`heroku config:get DATABASE_ENDPOINT_01C87AE3C05563935_URL -a ${OTHER_APP}`)
      expect(result.stderr).to.equal('')
      const [resolve, guessed, right] = [request('POST', RESOLVE_PATH), request('GET', CONFIG_VARS), request('GET', `/apps/${OTHER_APP}/config-vars`)]
      expect(guessed.status).to.equal(403)
      expect(overlapped(resolve, guessed) && receivedAfter(right, resolve), logText()).to.equal(true)
      // The one extra request: the guessed config vars.
      expect(e2e.emulator.log()).to.have.length(4)
    })

    it('tells the retry of a guessed read that is used, and never that of one left unused', async () => {
      for (const connections of [1, 0]) {
        seed(connections)
        e2e.emulator.injectFault({
          kind: 'status', method: 'GET', path: CONFIG_VARS, status: 503,
        })
        // eslint-disable-next-line no-await-in-loop
        const result = await e2e.cli(['data:privatelink', ...BY_NAME, '--json'])
        expect(result.status, printed(result)).to.equal(0)
        const retries = result.stderr.match(/Retrying after a transient failure/g) ?? []
        expect(retries, `${connections} connection(s): ${result.stderr}`).to.have.length(connections)
        expect(parseJson(result)).to.include({config_vars_error: null})
      }
    })

    it('ends an unused guessed read that gets no answer, so the command exits without waiting for it', async () => {
      seed(0)
      e2e.emulator.injectFault({kind: 'hang', method: 'GET', path: CONFIG_VARS})
      // A safety net, far beyond the run's own time: without the abandonment, the hung read would hold the process 30 s and more.
      const result = await e2e.cli(['data:privatelink', ...BY_NAME, '--json'], {timeoutMs: 25_000})
      expect(result.status, printed(result)).to.equal(0)
      expect(request('GET', CONFIG_VARS).answered_ms).to.equal(null)
    })

    it('bounds a guessed read by --timeout like any other: wait\'s first poll, beside the lookup, gets no answer', async () => {
      seed(0)
      e2e.emulator.injectFault({
        count: 10, kind: 'hang', method: 'GET', path: POSTGRES_PATH,
      })
      const result = await e2e.cli(['data:privatelink:wait', ...BY_NAME, '--timeout', '2', '--json'], {timeoutMs: 25_000})
      expect(result.status, printed(result)).to.equal(3)
      expect(parseJson(result)).to.have.nested.property('error.reason', 'timeout')
      expect(overlapped(request('POST', RESOLVE_PATH), e2e.emulator.log().find(entry => entry.path === POSTGRES_PATH)!), logText()).to.equal(true)
    })

    it('ends guessed reads when the lookup fails, whose failure alone is shown', async () => {
      e2e.emulator.injectFault({kind: 'hang', method: 'GET', path: CONFIG_VARS})
      e2e.emulator.injectFault({kind: 'hang', method: 'GET', path: '/private-link/v0/databases/postgresql-nosuch-00000'})
      const result = await e2e.cli(['data:privatelink', 'postgresql-nosuch-00000', '--app', APP], {timeoutMs: 25_000})
      expect(result.status, printed(result)).to.equal(1)
      expect(result.stderr).to.match(/Couldn't find that add ?on/)
      expect(result.stderr).not.to.match(/Data API|Warning|timed out|no answer/)
    })
  })
})

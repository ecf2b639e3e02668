// The light Platform client against `@heroku-cli/command`'s APIClient, side by side on the same
// nock answers: what they send (headers, host, body) and how they fail must not differ.
import {APIClient} from '@heroku-cli/command'
import {Config} from '@oclif/core'
import {captureOutput} from '@oclif/test'
import {expect} from 'chai'
import nock from 'nock'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

import {
  connectPlatform, herokuHeaders, LightPlatformClient, type SessionPlatformClient,
} from '../../src/lib/platform-client.js'
import {responseOf} from '../../src/lib/retry.js'
import {
  APP, BEARER, PLATFORM_API, TOKEN,
} from '../helpers/fixtures.js'

const root = fileURLToPath(new URL('../..', import.meta.url))
const UUID = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/

type Headers = Record<string, string | string[] | undefined>
type Reply = [number, unknown, Record<string, string>?]

/** The headers but the Request-Id, whose ids are random (and APIClient's accumulate over the whole test run). */
function withoutRequestId(headers: Headers = {}): Headers {
  const {'request-id': requestId, ...others} = headers
  expect(String(requestId).split(',')[0]).to.match(UUID)
  return others
}

interface Exchange {
  error?: Error
  path: string
  received?: {body: unknown; headers: Headers}
  result?: {body: unknown}
  stderr: string
}

describe('platform-client', () => {
  let config: Config
  const saved = {...process.env}

  before(async () => {
    config = await Config.load(root)
  })

  afterEach(() => {
    nock.cleanAll()
    for (const name of ['HEROKU_API_KEY', 'HEROKU_HOST', 'HEROKU_HEADERS', 'HOME']) {
      if (saved[name] === undefined) delete process.env[name]
      else process.env[name] = saved[name]
    }
  })

  const makers: Record<string, () => SessionPlatformClient> = {
    APIClient: () => new APIClient(config),
    LightPlatformClient: () => new LightPlatformClient(config, {debug: false, token: TOKEN}),
  }

  /** Each client makes the call against the same answer; what it sent and what it got are recorded. */
  async function exchanges(base: string, method: 'GET' | 'POST', reply: Reply, call: (client: SessionPlatformClient) => Promise<{body: unknown}>): Promise<Record<string, Exchange>> {
    const outcomes: Record<string, Exchange> = {}
    for (const [name, make] of Object.entries(makers)) {
      const exchange: Exchange = {path: '', stderr: ''}
      nock(base).intercept(/.*/, method).reply(function (path, body) {
        exchange.path = path
        exchange.received = {body, headers: {...this.req.headers}}
        return reply
      })
      // eslint-disable-next-line no-await-in-loop
      const {error, result, stderr} = await captureOutput<{body: unknown}>(() => call(make()))
      Object.assign(exchange, {error, result, stderr})
      outcomes[name] = exchange
    }

    return outcomes
  }

  function expectSameRequest({APIClient: full, LightPlatformClient: light}: Record<string, Exchange>): void {
    expect(light.path).to.equal(full.path)
    expect(light.received?.body).to.deep.equal(full.received?.body)
    expect(withoutRequestId(light.received?.headers)).to.deep.equal(withoutRequestId(full.received?.headers))
  }

  function expectSameFailure({APIClient: full, LightPlatformClient: light}: Record<string, Exchange>): void {
    expect(full.error, 'APIClient failed').to.be.instanceOf(Error)
    expect(light.error?.message).to.equal(full.error?.message)
    expect(light.error?.constructor.name).to.equal(full.error?.constructor.name === 'HerokuAPIError' ? 'PlatformApiError' : full.error?.constructor.name)
    expect(responseOf(light.error)).to.deep.equal(responseOf(full.error))
    expect((light.error as {oclif?: unknown}).oclif).to.deep.equal((full.error as {oclif?: unknown}).oclif)
  }

  it('GETs with the same headers: Accept version 3, user-agent, Bearer token', async () => {
    const outcomes = await exchanges(PLATFORM_API, 'GET', [200, {LANG: 'en'}], client => client.get(`/apps/${APP}/config-vars`))
    expectSameRequest(outcomes)
    const {LightPlatformClient: light} = outcomes
    expect(light.result?.body).to.deep.equal({LANG: 'en'})
    expect(light.received?.headers).to.include({
      accept: 'application/vnd.heroku+json; version=3',
      authorization: BEARER,
      host: 'api.heroku.com',
      'user-agent': `heroku-cli/${config.version} ${config.platform}`,
    })
  })

  it("POSTs a body with the caller's headers, as AddonResolver sends them", async () => {
    const outcomes = await exchanges(PLATFORM_API, 'POST', [200, [{name: 'postgresql-simply-12345'}]], client => client.post('/actions/addons/resolve', {
      body: {addon: 'DATABASE', app: APP},
      headers: {Accept: 'application/vnd.heroku+json; version=3.sdk', 'Accept-Expansion': 'addon_service,plan'},
    }))
    expectSameRequest(outcomes)
    expect(outcomes.LightPlatformClient.received?.headers).to.include({
      accept: 'application/vnd.heroku+json; version=3.sdk', 'accept-expansion': 'addon_service,plan', 'content-type': 'application/json',
    })
    expect(outcomes.LightPlatformClient.received?.body).to.deep.equal({addon: 'DATABASE', app: APP})
  })

  it('hands over the answer unread with raw', async () => {
    const outcomes = await exchanges(PLATFORM_API, 'GET', [200, {SECRET: 'value'}], async client => {
      const {response} = await client.get(`/apps/${APP}/config-vars`, {raw: true})
      const chunks: Buffer[] = []
      for await (const chunk of response) chunks.push(chunk as Buffer)
      return {body: Buffer.concat(chunks).toString('utf8')}
    })
    expectSameRequest(outcomes)
    expect(outcomes.LightPlatformClient.result?.body).to.equal('{"SECRET":"value"}')
  })

  it('adds HEROKU_HEADERS to every request', async () => {
    process.env.HEROKU_HEADERS = '{"X-Origin": "ci"}'
    const outcomes = await exchanges(PLATFORM_API, 'GET', [200, {}], client => client.get(`/apps/${APP}`))
    expectSameRequest(outcomes)
    expect(outcomes.LightPlatformClient.received?.headers).to.include({'x-origin': 'ci'})
  })

  describe('herokuHeaders (HEROKU_HEADERS, for both APIs)', () => {
    it('reads a JSON object of headers, numbers as strings, and nothing when unset or blank', () => {
      expect(herokuHeaders('{"X-Origin": "ci", "X-Count": 3}')).to.deep.equal({'X-Count': '3', 'X-Origin': 'ci'})
      expect(herokuHeaders()).to.deep.equal({})
      expect(herokuHeaders(' ')).to.deep.equal({})
    })

    for (const setting of ['not json', '["X-Origin"]', '"ci"', '{"X-Origin": {"nested": 1}}', 'null']) {
      it(`refuses ${setting} with a message that says what it must be`, () => {
        let error: unknown
        try {
          herokuHeaders(setting)
        } catch (error_) {
          error = error_
        }

        expect(error).to.have.property('message').that.includes('HEROKU_HEADERS must be a JSON object of header names and values')
        expect(error).to.have.property('reason', 'invalid_heroku_headers')
      })
    }
  })

  describe('HEROKU_HOST', () => {
    it('takes a URL with a port, for a local API', async () => {
      process.env.HEROKU_HOST = 'http://127.0.0.1:5999'
      const outcomes = await exchanges('http://127.0.0.1:5999', 'GET', [200, {}], client => client.get(`/apps/${APP}`))
      expectSameRequest(outcomes)
      expect(outcomes.LightPlatformClient.received?.headers).to.include({authorization: BEARER, host: '127.0.0.1:5999'})
    })

    it('takes a host, for api.HOST over https', async () => {
      process.env.HEROKU_HOST = 'staging.herokudev.com'
      const outcomes = await exchanges('https://api.staging.herokudev.com', 'GET', [200, {}], client => client.get(`/apps/${APP}`))
      expectSameRequest(outcomes)
      expect(outcomes.LightPlatformClient.received?.headers).to.include({authorization: BEARER})
    })

    it('refuses a host outside Heroku, with a warning, for the default', async () => {
      process.env.HEROKU_HOST = 'https://api.example.com'
      const outcomes = await exchanges(PLATFORM_API, 'GET', [200, {}], client => client.get(`/apps/${APP}`))
      expectSameRequest(outcomes)
      const warning = "Invalid HEROKU_HOST 'https://api.example.com' - using default"
      expect(outcomes.APIClient.stderr).to.include(warning)
      // APIClient repeats it each time it reads the setting (4 times here); once says it.
      expect(outcomes.LightPlatformClient.stderr.split(warning)).to.have.length(2)
    })

    it('sends no token to a host it accepts only for naming localhost', async () => {
      process.env.HEROKU_HOST = 'http://my-localhost.example.com'
      const outcomes = await exchanges('http://my-localhost.example.com', 'GET', [200, {}], client => client.get(`/apps/${APP}`))
      expectSameRequest(outcomes)
      expect(outcomes.LightPlatformClient.received?.headers).not.to.have.property('authorization')
    })
  })

  describe('failures', () => {
    it("a 404 carries the API's message", async () => {
      const outcomes = await exchanges(PLATFORM_API, 'GET', [404, {id: 'not_found', message: "Couldn't find that app."}], client => client.get(`/apps/${APP}`))
      expectSameFailure(outcomes)
      expect(outcomes.LightPlatformClient.error?.message).to.equal("Couldn't find that app.\n\nError ID: not_found")
      expect(responseOf(outcomes.LightPlatformClient.error)?.status).to.equal(404)
    })

    it('a 422 names the app and the URL the API gives', async () => {
      const body = {
        app: {name: APP}, id: 'invalid_params', message: 'Add-on is not ready.', url: 'https://devcenter.heroku.com/articles/x',
      }
      expectSameFailure(await exchanges(PLATFORM_API, 'POST', [422, body], client => client.post('/actions/addons/resolve', {body: {addon: 'DATABASE', app: APP}})))
    })

    it('a 503 HTML page without a message stays the HTTP error', async () => {
      const outcomes = await exchanges(PLATFORM_API, 'GET', [503, '<html>Service Unavailable</html>', {'content-type': 'text/html'}], client => client.get(`/apps/${APP}`))
      expectSameFailure(outcomes)
      expect(outcomes.LightPlatformClient.error?.constructor.name).to.equal('HTTPError')
    })

    it('a 401 says the HEROKU_API_KEY token is invalid', async () => {
      const outcomes = await exchanges(PLATFORM_API, 'GET', [401, {id: 'unauthorized', message: 'Invalid credentials provided.'}], client => client.get(`/apps/${APP}`))
      expectSameFailure(outcomes)
      expect(outcomes.LightPlatformClient.error?.message).to.match(/^The token provided to HEROKU_API_KEY is invalid/)
    })

    it('a two-factor demand off a terminal says a terminal is needed', async () => {
      const {isTTY} = process.stdin
      process.stdin.isTTY = false
      try {
        const body = {app: {name: APP}, id: 'two_factor', message: 'A second factor is required.'}
        const outcomes = await exchanges(PLATFORM_API, 'GET', [403, body], client => client.get(`/apps/${APP}/config-vars`))
        expectSameFailure(outcomes)
        expect(outcomes.LightPlatformClient.error?.message).to.equal('Two-factor authentication requires an interactive terminal.')
      } finally {
        process.stdin.isTTY = isTTY
      }
    })
  })

  it('shows a Warning header of the API once', async () => {
    const outcomes = await exchanges(PLATFORM_API, 'GET', [200, {}, {'warning-message': 'This app is scheduled for maintenance.'}], async client => {
      await client.get(`/apps/${APP}`)
      nock(PLATFORM_API).get(`/apps/${APP}`).reply(200, {}, {'warning-message': 'This app is scheduled for maintenance.'})
      return client.get(`/apps/${APP}`)
    })
    const {APIClient: full, LightPlatformClient: light} = outcomes
    expect(light.stderr).to.equal(full.stderr)
    expect(light.stderr.match(/scheduled for maintenance/g)).to.have.length(1)
  })

  describe('connectPlatform', () => {
    it('takes HEROKU_API_KEY with the light client', async () => {
      const {heroku, token} = await connectPlatform(config, {debug: false})
      expect(heroku).to.be.instanceOf(LightPlatformClient)
      expect(token).to.equal(TOKEN)
    })

    it('reads a stored login through APIClient, from the netrc `heroku login` writes', async () => {
      const home = mkdtempSync(path.join(tmpdir(), 'privatelink-netrc-'))
      try {
        writeFileSync(path.join(home, '.netrc'), 'machine api.heroku.com\n  login user@example.com\n  password stored-token-0123456789\n', {mode: 0o600})
        process.env.HOME = home
        delete process.env.HEROKU_API_KEY
        const {heroku, token} = await connectPlatform(config, {debug: false})
        expect(heroku).to.be.instanceOf(APIClient)
        expect(token).to.equal('stored-token-0123456789')
      } finally {
        rmSync(home, {force: true, recursive: true})
      }
    })
  })
})

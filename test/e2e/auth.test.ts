// Where the token comes from: HEROKU_API_KEY (a light Platform client) or the stored login of
// `heroku login` (`@heroku-cli/command`'s APIClient). Either way a command makes the same requests
// and prints the same output. `npm test` also runs every end-to-end suite in both modes
// (PRIVATELINK_E2E_AUTH=netrc); this suite compares the two within one run.
import {expect} from 'chai'

import {type LoggedRequest, POSTGRES_ADDON} from '../emulator/server.js'
import {
  type CliResult, runCli, storedLogin,
} from '../helpers/cli.js'
import {
  APP, expectNoSecretOrControl, oneLine, printed,
} from './helpers.js'
import {e2eSuite} from './suite.js'

const DB = ['DATABASE', '--app', APP]

/** The emulator makes up a new service name (and endpoint hosts) for each endpoint. */
const sameEndpointNames = (text: string): string => text.replaceAll(/vpce-svc-[\da-f]+/g, 'vpce-svc-X').replaceAll(/(vpce-[\da-f]{17})-[\da-f]{8}\./g, '$1-X.')

describe('e2e: HEROKU_API_KEY and a stored login', function () {
  this.timeout(120_000)
  const e2e = e2eSuite()

  /** One run with the token in HEROKU_API_KEY and one with it in a netrc only, from the same state. */
  async function bothWays(args: string[], withEndpoint: boolean, extraEnv: Record<string, string> = {}): Promise<Array<{log: LoggedRequest[]; requests: string[]; result: CliResult}>> {
    const outcomes = []
    for (const useNetrc of [false, true]) {
      e2e.reset()
      if (withEndpoint) {
        // Available with its config vars: a show reads them beside the endpoint.
        e2e.emulator.seedEndpoint({addon: POSTGRES_ADDON, allowed_accounts: ['123456789012:user/abc'], connections: [{endpoint_id: 'vpce-01c87ae3c05563935', status: 'Available'}]})
      }

      const env = {...e2e.emulator.env, ...extraEnv}
      const login = useNetrc ? storedLogin(env) : undefined
      try {
        // eslint-disable-next-line no-await-in-loop
        const result = await runCli(args, login ? {env: login.env, home: login.home} : {env})
        expectNoSecretOrControl(result, e2e.emulator.token)
        outcomes.push({log: e2e.emulator.log(), requests: e2e.requests(), result})
      } finally {
        login?.remove()
      }
    }

    return outcomes
  }

  for (const args of [
    ['data:privatelink', ...DB],
    ['data:privatelink', ...DB, '--json'],
    ['data:privatelink:wait', ...DB, '--endpoint-id', 'vpce-01c87ae3c05563935'],
    ['data:privatelink:access', ...DB],
    ['data:privatelink:create', ...DB, '-i', '123456789012', '--json'],
    ['data:privatelink:destroy', ...DB, '--confirm', APP],
  ]) {
    it(`${args.join(' ')}: the same requests, output and exit code`, async () => {
      const [token, stored] = await bothWays(args, !args.includes('data:privatelink:create'))
      expect(stored.result.status, printed(stored.result)).to.equal(token.result.status)
      expect(sameEndpointNames(stored.result.stdout)).to.equal(sameEndpointNames(token.result.stdout))
      expect(sameEndpointNames(stored.result.stderr)).to.equal(sameEndpointNames(token.result.stderr))
      // Requests in flight together arrive in either order.
      expect([...stored.requests].sort()).to.deep.equal([...token.requests].sort())
      expect(token.requests.length).to.be.at.least(2)
      expect(token.requests.every(request => / (bearer|basic)$/.test(request)), token.requests.join('\n')).to.equal(true)
    })
  }

  for (const args of [
    ['data:privatelink', ...DB],
    ['data:privatelink:wait', ...DB, '--endpoint-id', 'vpce-01c87ae3c05563935'],
    ['data:privatelink:create', ...DB, '-i', '123456789012', '--json'],
  ]) {
    it(`${args[0]}: HEROKU_HEADERS reaches both APIs on every request, with either login, and the Data API gets Accept version 3`, async () => {
      const runs = await bothWays(args, !args.includes('data:privatelink:create'), {HEROKU_HEADERS: '{"X-Heroku-Test": "e2e", "X-Origin": "ci"}'})
      for (const [index, {log, result}] of runs.entries()) {
        expect(result.status, printed(result)).to.equal(0)
        const apis = new Set(log.map(entry => (entry.path.startsWith('/private-link/') ? 'data' : 'platform')))
        expect([...apis].sort(), `run ${index}`).to.deep.equal(['data', 'platform'])
        for (const entry of log) {
          expect(entry.headers, `${entry.method} ${entry.path}, run ${index}`).to.include({'x-heroku-test': 'e2e', 'x-origin': 'ci'})
          if (entry.path.startsWith('/private-link/')) expect(entry.headers.accept).to.equal('application/vnd.heroku+json; version=3')
        }
      }
    })
  }

  it('refuses a HEROKU_HEADERS that is not a JSON object, with either login, before any request', async () => {
    const runs = await bothWays(['data:privatelink', ...DB, '--json'], false, {HEROKU_HEADERS: 'X-Origin: ci'})
    for (const {log, result} of runs) {
      expect(result.status, printed(result)).to.equal(1)
      expect(JSON.parse(result.stdout)).to.have.nested.property('error.reason', 'invalid_heroku_headers')
      expect(log).to.deep.equal([])
    }
  })

  it('without HEROKU_API_KEY or a stored login, says how to log in before any request', async () => {
    const result = await e2e.cli(['data:privatelink', ...DB], {env: {HEROKU_API_KEY: undefined}})
    expect(result.status, printed(result)).to.equal(1)
    expect(oneLine(result.stderr)).to.include('You are not logged in to Heroku. Run heroku login, or set HEROKU_API_KEY.')
    expect(result.stdout).to.equal('')
    expect(e2e.requests()).to.deep.equal([])
  })
})

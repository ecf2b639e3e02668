// `data:privatelink:check` in-process against nock: which connections and hosts it checks, the
// script, the errors before any probe. The probes against real servers: test/e2e/check.test.ts.
import {expect} from 'chai'

import type {CheckReport} from '../../../../src/lib/check/types.js'

import {
  APP, CONNECTED_CONFIG_VARS, connectedEndpoint, ENDPOINT_ID, OWNER_ARN, PASSWORD, POSTGRES,
} from '../../../helpers/fixtures.js'
import {
  checkRequests, commandFile, dataApi, endpointOf, expectResolve, parseJson, platformApi, runCommand, watchRequests,
} from '../../helpers.js'

const CHECK = ['data:privatelink:check', 'DATABASE', '--app', APP]

describe('data:privatelink:check', () => {
  beforeEach(watchRequests)

  afterEach(checkRequests)

  it('runs the TypeScript source', async () => {
    expect(await commandFile('data:privatelink:check')).to.equal('src/commands/data/privatelink/check.ts')
  })

  it('before the config vars exist: the connection\'s hostname on 5432 and 5433, and no login, for lack of credentials', async () => {
    expectResolve('DATABASE', [POSTGRES])
    dataApi().get(endpointOf(POSTGRES)).reply(200, {
      ...connectedEndpoint(), connections: [{
        endpoint_id: ENDPOINT_ID, hostname: '127.0.0.1', owner_arn: OWNER_ARN, status: 'Pending Acceptance',
      }],
    })
    platformApi().get(`/apps/${APP}/config-vars`).reply(200, {LANG: 'en_US.UTF-8'})
    const {stdout} = await runCommand([...CHECK, '--endpoint-id', ENDPOINT_ID, '--hop-timeout', '2', '--json'])
    const report = parseJson(stdout) as CheckReport
    expect(report.targets.map(({config_var, host, port, protocol}) => ({
      config_var, host, port, protocol,
    }))).to.deep.equal([
      {
        config_var: null, host: '127.0.0.1', port: 5432, protocol: 'postgres',
      },
      {
        config_var: null, host: '127.0.0.1', port: 5433, protocol: 'pgbouncer',
      },
    ])
    for (const target of report.targets) {
      expect(target.hops[0].status).to.equal('passed')
      const login = target.hops.at(-1)!
      expect(login.status).to.equal('skipped')
      // Nothing listens there on a test machine; if something does, TLS may fail first.
      if (target.hops[1].status === 'passed') continue
      expect(login.detail).to.equal('not made: the TCP hop failed')
      expect(target.hops[1].remedies[0].command).to.equal(`heroku data:privatelink:wait DATABASE --app ${APP} --endpoint-id ${ENDPOINT_ID}`)
    }
  })

  it('--print-script prints the script of the config vars\' hosts and ports without checking anything, never a credential', async () => {
    expectResolve('DATABASE', [POSTGRES])
    dataApi().get(endpointOf(POSTGRES)).reply(200, connectedEndpoint())
    platformApi().get(`/apps/${APP}/config-vars`).reply(200, CONNECTED_CONFIG_VARS)
    const {error, stdout} = await runCommand([...CHECK, '--print-script'])
    expect(error).to.equal(undefined)
    expect(stdout).to.match(/^#!\/bin\/sh\n# The DNS, TCP and TLS hops of: heroku data:privatelink:check DATABASE --app example-app\n/)
    expect(stdout).to.match(/\ncheck_target vpce-01c87ae3c05563935-abcd\.\S+ 5432 .* postgres\n/)
    expect(stdout).not.to.include(PASSWORD)
    expect(process.exitCode).to.equal(undefined)
  })

  it('--print-script --json: the script in a JSON document', async () => {
    expectResolve('DATABASE', [POSTGRES])
    dataApi().get(endpointOf(POSTGRES)).reply(200, connectedEndpoint())
    platformApi().get(`/apps/${APP}/config-vars`).reply(200, CONNECTED_CONFIG_VARS)
    const {stdout} = await runCommand([...CHECK, '--print-script', '--json'])
    const view = parseJson(stdout) as {addon: string; script: string}
    expect(view.addon).to.equal(POSTGRES.name)
    expect(view.script).to.match(/^#!\/bin\/sh\n/)
  })

  it('refuses a malformed --endpoint-id before any request', async () => {
    const {error} = await runCommand([...CHECK, '--endpoint-id', 'vpc-123'])
    expect(error?.oclif?.exit).to.equal(2)
  })

  it('exits 5 when a hop fails, with the report under --json', async () => {
    expectResolve('DATABASE', [POSTGRES])
    dataApi().get(endpointOf(POSTGRES)).reply(200, connectedEndpoint())
    platformApi().get(`/apps/${APP}/config-vars`).reply(200, {
      DATABASE_ENDPOINT_01C87AE3C05563935_URL: `postgres://u1234:${PASSWORD}@no-such-endpoint.invalid:5432/d5678`,
    })
    const {stdout} = await runCommand([...CHECK, '--hop-timeout', '2', '--json'])
    const report = parseJson(stdout) as CheckReport
    expect(report.ok).to.equal(false)
    expect(report.targets[0].hops[0]).to.include({hop: 'dns', status: 'failed'})
    expect(process.exitCode).to.equal(5)
    expect(stdout).not.to.include(PASSWORD)
  })
})

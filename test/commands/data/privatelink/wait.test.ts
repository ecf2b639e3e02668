import {expect} from 'chai'

import {
  APP, CONNECTED_CONFIG_VARS, CONNECTED_FLAT_VIEW, connectedEndpoint, ENDPOINT_ID, HOSTNAME, operationalEndpoint, OTHER_APP, OTHER_POSTGRES, OWNER_ARN, PASSWORD, POSTGRES,
  provisioningEndpoint, SERVICE_NAME,
} from '../../../helpers/fixtures.js'
import {
  checkRequests, commandFile, dataApi, endpointOf, expectResolve, parseJson, platformApi, runCommand, watchRequests,
} from '../../helpers.js'

// The polling loop itself (intervals, deadline, retries) is tested with a fake clock in
// test/lib/wait.test.ts; here the first poll already answers, so nothing really sleeps.
describe('data:privatelink:wait', () => {
  beforeEach(watchRequests)

  afterEach(checkRequests)

  it('runs the TypeScript source', async () => {
    expect(await commandFile('data:privatelink:wait')).to.equal('src/commands/data/privatelink/wait.ts')
  })

  it('returns once the endpoint is operational, saying so on stdout', async () => {
    expectResolve('DATABASE', [POSTGRES])
    dataApi().get(endpointOf(POSTGRES)).reply(200, operationalEndpoint())
    const {error, stdout} = await runCommand(['data:privatelink:wait', 'DATABASE', '--app', APP])
    expect(error).to.equal(undefined)
    expect(stdout).to.include(`${POSTGRES.name} on ${APP} is Operational. Service Name: ${SERVICE_NAME} Region: us-east-1\n`)
  })

  it('says what to do next when nothing is connected: the VPC endpoint in the region, the ports, the aws command, the wait for the connection', async () => {
    expectResolve('DATABASE', [POSTGRES])
    dataApi().get(endpointOf(POSTGRES)).reply(200, operationalEndpoint())
    const {stdout} = await runCommand(['data:privatelink:wait', 'DATABASE', '--app', APP])
    expect(stdout).to.include('Next, create a VPC endpoint for the Service Name in your AWS account in us-east-1, the database\'s region.\nAllow inbound TCP ports 5432-5433')
    expect(stdout).to.include(`  heroku data:privatelink:aws DATABASE --app ${APP}\n`)
    expect(stdout).to.include(`  heroku data:privatelink:wait DATABASE --app ${APP} --endpoint-id VPC_ENDPOINT_ID\n`)
  })

  it('says on stderr what it waits for', async () => {
    expectResolve('DATABASE', [POSTGRES])
    dataApi().get(endpointOf(POSTGRES)).reply(200, operationalEndpoint())
    const {stderr} = await runCommand(['data:privatelink:wait', 'DATABASE', '--app', APP, '--timeout', '60', '--interval', '2'])
    expect(stderr).to.include(`Waiting for ${POSTGRES.name} on ${APP}`)
  })

  it('prints the operational endpoint alone under --json', async () => {
    expectResolve('DATABASE', [POSTGRES])
    dataApi().get(endpointOf(POSTGRES)).reply(200, operationalEndpoint())
    const {stdout} = await runCommand(['data:privatelink:wait', 'DATABASE', '--app', APP, '--json'])
    expect(parseJson(stdout)).to.include({
      addon: POSTGRES.name, app: APP, service_name: SERVICE_NAME, status: 'Operational',
    })
  })

  it('prints with --json --flat one object whose values are all strings, the config vars of the connection waited for', async () => {
    expectResolve('DATABASE', [POSTGRES])
    dataApi().get(endpointOf(POSTGRES)).reply(200, connectedEndpoint())
    platformApi().get(`/apps/${APP}/config-vars`).reply(200, CONNECTED_CONFIG_VARS)
    const {stdout} = await runCommand(['data:privatelink:wait', 'DATABASE', '--app', APP, '--endpoint-id', ENDPOINT_ID, '--json', '--flat'])
    expect(parseJson(stdout)).to.deep.equal(CONNECTED_FLAT_VIEW)
  })

  it('prints with --destroyed --json --flat the status as a string, "" once the endpoint is gone', async () => {
    expectResolve('DATABASE', [POSTGRES])
    dataApi().get(endpointOf(POSTGRES)).reply(404, {id: 'not_found', message: 'Not found.'})
    const {stdout} = await runCommand(['data:privatelink:wait', 'DATABASE', '--app', APP, '--destroyed', '--json', '--flat'])
    expect(parseJson(stdout)).to.deep.equal({addon: POSTGRES.name, app: APP, status: ''})
  })

  it('is done at once when the accounts are Available (one of Heroku\'s fixtures\' words), or any word but a pending or failed one', async () => {
    expectResolve('DATABASE', [POSTGRES])
    dataApi().get(endpointOf(POSTGRES)).once().reply(200, {...operationalEndpoint(), allowed_accounts: [{arn: 'arn:aws:iam::123456789:root', status: 'Available'}, {arn: 'arn:aws:iam::210987654321:root', status: 'Enabled'}]})
    const {error, stdout} = await runCommand(['data:privatelink:wait', 'DATABASE', '--app', APP, '--json'])
    expect(error).to.equal(undefined)
    expect(parseJson(stdout)).to.include({status: 'Operational'})
  })

  describe('--endpoint-id', () => {
    it('waits for the connection and prints its hostname and config var names, never values', async () => {
      expectResolve('DATABASE', [POSTGRES])
      dataApi().get(endpointOf(POSTGRES)).reply(200, connectedEndpoint())
      platformApi().get(`/apps/${APP}/config-vars`).reply(200, CONNECTED_CONFIG_VARS)
      const {error, stdout} = await runCommand(['data:privatelink:wait', 'DATABASE', '--app', APP, '--endpoint-id', ENDPOINT_ID])
      expect(error).to.equal(undefined)
      expect(stdout).to.include(`Connection ${ENDPOINT_ID} is Available. Hostname: ${HOSTNAME}. Its config vars:\n  DATABASE_ENDPOINT_01C87AE3C05563935_URL\n  DATABASE_ENDPOINT_01C87AE3C05563935_PGBOUNCER_URL\n`)
      expect(stdout).to.include(`heroku config:get DATABASE_ENDPOINT_01C87AE3C05563935_URL -a ${APP}`)
      expect(stdout).not.to.include(PASSWORD)
    })

    it("reads the config vars of OTHER_APP's database on OTHER_APP", async () => {
      expectResolve('DATABASE', [OTHER_POSTGRES], OTHER_APP)
      dataApi().get(endpointOf(OTHER_POSTGRES)).reply(200, connectedEndpoint(OTHER_POSTGRES.name, OTHER_APP))
      platformApi().get(`/apps/${OTHER_APP}/config-vars`).reply(200, CONNECTED_CONFIG_VARS)
      const {error, stdout} = await runCommand(['data:privatelink:wait', `${OTHER_APP}::DATABASE`, '--app', APP, '--endpoint-id', ENDPOINT_ID])
      expect(error).to.equal(undefined)
      expect(stdout).to.include(`-a ${OTHER_APP}`)
    })

    it('still ends, exit 0, when the app\'s config vars can\'t be read: the connection is Available, its config vars unknown, with a warning', async () => {
      expectResolve('DATABASE', [POSTGRES])
      dataApi().get(endpointOf(POSTGRES)).once().reply(200, connectedEndpoint())
      platformApi().get(`/apps/${APP}/config-vars`).once().reply(403, {id: 'forbidden', message: 'You do not have permission to view config vars.'})
      const {error, stderr, stdout} = await runCommand(['data:privatelink:wait', 'DATABASE', '--app', APP, '--endpoint-id', ENDPOINT_ID])
      expect(error).to.equal(undefined)
      expect(stdout).to.include(`Connection ${ENDPOINT_ID} is Available. Hostname: ${HOSTNAME}. Its config vars are unknown: the app's config vars couldn't be read.\n`)
      expect(stdout).not.to.include('config:get')
      expect(stderr.replaceAll(/\s*\n\s*(?:›\s+)?/g, ' ')).to.include("Warning: Couldn't read the app's config vars for DATABASE on example-app: You do not have permission to view config vars. (403 Forbidden). The connections' config vars are shown as unknown.")
    })

    it('gives config_vars null and the reason under --json then', async () => {
      expectResolve('DATABASE', [POSTGRES])
      dataApi().get(endpointOf(POSTGRES)).once().reply(200, connectedEndpoint())
      platformApi().get(`/apps/${APP}/config-vars`).once().reply(403, {id: 'forbidden', message: 'No.'})
      const {stdout} = await runCommand(['data:privatelink:wait', 'DATABASE', '--app', APP, '--endpoint-id', ENDPOINT_ID, '--json'])
      const view = parseJson(stdout) as Record<string, unknown>
      expect(view.connections).to.deep.equal([{
        config_vars: null, endpoint_id: ENDPOINT_ID, hostname: HOSTNAME, owner_arn: OWNER_ARN, status: 'Available',
      }])
      expect(view.config_vars_error).to.include({reason: 'forbidden'})
      expect(process.exitCode).to.equal(undefined)
    })

    it('stops with exit code 4 when the connection is rejected', async () => {
      expectResolve('DATABASE', [POSTGRES])
      dataApi().get(endpointOf(POSTGRES)).reply(200, connectedEndpoint(POSTGRES.name, APP, 'rejected'))
      const {error} = await runCommand(['data:privatelink:wait', 'DATABASE', '--app', APP, '--endpoint-id', ENDPOINT_ID])
      expect(error?.message).to.include(`Connection ${ENDPOINT_ID} to ${POSTGRES.name} on ${APP} is rejected`)
      expect(error?.oclif?.exit).to.equal(4)
    })

    it('refuses an invalid endpoint id before any request', async () => {
      const {error} = await runCommand(['data:privatelink:wait', 'DATABASE', '--app', APP, '--endpoint-id', 'vpc-123'])
      expect(error?.message).to.include('Invalid VPC endpoint ID "vpc-123"')
      expect(error?.oclif?.exit).to.equal(2)
    })
  })

  describe('failures', () => {
    for (const status of ['Deprovisioning', 'Deprovisioned', 'Failed']) {
      it(`stops with exit code 4 on ${status}`, async () => {
        expectResolve('DATABASE', [POSTGRES])
        dataApi().get(endpointOf(POSTGRES)).reply(200, {...provisioningEndpoint(), status})
        const {error} = await runCommand(['data:privatelink:wait', 'DATABASE', '--app', APP])
        expect(error?.message).to.include(`is ${status}: it will not become operational`)
        expect(error?.oclif?.exit).to.equal(4)
      })
    }

    it('prints a terminal state as {"error": …} with exit code 4 under --json', async () => {
      expectResolve('DATABASE', [POSTGRES])
      dataApi().get(endpointOf(POSTGRES)).reply(200, {...provisioningEndpoint(), status: 'Deprovisioned'})
      const {stdout} = await runCommand(['data:privatelink:wait', 'DATABASE', '--app', APP, '--json'])
      const {error} = parseJson(stdout) as {error: {exit_code: number; reason: string}}
      expect(error).to.include({exit_code: 4, reason: 'endpoint_failed'})
      expect(process.exitCode).to.equal(4)
    })

    it('stops at once on a 404, with the create command', async () => {
      expectResolve('DATABASE', [POSTGRES])
      dataApi().get(endpointOf(POSTGRES)).once().reply(404, {id: 'not_found', message: 'Not found.'})
      const {error} = await runCommand(['data:privatelink:wait', 'DATABASE', '--app', APP])
      expect(error?.message).to.include(`Create one with: heroku data:privatelink:create DATABASE --app ${APP}`)
      expect(error?.oclif?.exit).to.equal(1)
    })

    it('refuses --reachable without --endpoint-id, and with --destroyed, before any request', async () => {
      for (const args of [['--reachable'], ['--reachable', '--destroyed', '--endpoint-id', ENDPOINT_ID]]) {
        // eslint-disable-next-line no-await-in-loop
        const {error} = await runCommand(['data:privatelink:wait', 'DATABASE', '--app', APP, ...args])
        expect(error?.oclif?.exit, args.join(' ')).to.equal(2)
      }
    })

    it('refuses an interval below 1 second before any request', async () => {
      const {error} = await runCommand(['data:privatelink:wait', 'DATABASE', '--app', APP, '--interval', '0'])
      expect(error?.message).to.match(/interval/)
      expect(error?.oclif?.exit).to.equal(2)
    })
  })

  describe('hidden aliases', () => {
    for (const alias of ['pg:privatelink:wait', 'kafka:privatelink:wait', 'redis:privatelink:wait']) {
      it(`${alias} waits`, async () => {
        expectResolve('DATABASE', [POSTGRES])
        dataApi().get(endpointOf(POSTGRES)).reply(200, operationalEndpoint())
        const {error, stdout} = await runCommand([alias, 'DATABASE', '--app', APP])
        expect(error).to.equal(undefined)
        expect(stdout).to.include('is Operational')
      })
    }
  })
})

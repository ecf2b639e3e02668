import {expect} from 'chai'
import nock from 'nock'

import {
  ADVANCED, APP, BASIC, CONNECTED_CONFIG_VARS, CONNECTED_FLAT_VIEW, connectedEndpoint, DUBLIN, ENDPOINT_ID, HOSTNAME, KAFKA, operationalEndpoint, OTHER_APP, OTHER_POSTGRES, OWNER_ARN,
  PASSWORD, platformApp, POSTGRES, provisioningEndpoint, REDIS, SENDGRID, SERVICE_NAME, SHIELD, TOKEN,
} from '../../../helpers/fixtures.js'
import {
  checkRequests, commandFile, dataApi, endpointOf, expectAppRegion, expectResolve, guessedConfigVars, parseJson, platformApi, resolveRequest, runCommand, watchRequests,
} from '../../helpers.js'

/** Expects the requests of showing an endpoint with one connection; answers the config-vars scope. */
function connected() {
  expectResolve('DATABASE', [POSTGRES])
  dataApi().get(endpointOf(POSTGRES)).reply(200, connectedEndpoint())
  return platformApi().get(`/apps/${APP}/config-vars`).once().reply(200, CONNECTED_CONFIG_VARS)
}

/** Expects the overview's reads: the app's add-ons, then the endpoint of each data add-on (Redis has none). */
function overviewAddons() {
  platformApi().get(`/apps/${APP}/addons`).reply(200, [POSTGRES, SENDGRID, KAFKA, REDIS])
  dataApi().get(endpointOf(POSTGRES)).reply(200, connectedEndpoint())
  dataApi().get(endpointOf(KAFKA)).reply(200, {...provisioningEndpoint(KAFKA.name), allowed_accounts: [{arn: 'arn:aws:iam::123456789012:root', status: 'Active'}, {arn: 'arn:aws:iam::210987654321:root', status: 'Provisioning'}]})
  dataApi().get(endpointOf(REDIS)).reply(404, {id: 'not_found', message: 'No PrivateLink endpoint'})
}

describe('data:privatelink', () => {
  beforeEach(watchRequests)

  afterEach(checkRequests)

  it('runs the TypeScript source', async () => {
    expect(await commandFile('data:privatelink')).to.equal('src/commands/data/privatelink/index.ts')
  })

  describe('an operational endpoint without connections', () => {
    it('shows the service name, status, region and allowed accounts', async () => {
      expectResolve('DATABASE', [POSTGRES])
      guessedConfigVars()
      dataApi().get(endpointOf(POSTGRES)).reply(200, operationalEndpoint())
      const {error, stdout} = await runCommand(['data:privatelink', 'DATABASE', '--app', APP])
      expect(error).to.equal(undefined)
      expect(stdout).to.include(`=== PrivateLink endpoint for ${POSTGRES.name} on ${APP}`)
      expect(stdout).to.match(new RegExp(`Service Name: +${SERVICE_NAME.replaceAll('.', String.raw`\.`)}`))
      expect(stdout).to.match(/Status: +Operational/)
      expect(stdout).to.match(/Region: +us-east-1/)
      expect(stdout).to.match(/arn:aws:iam::123456789012:user\/abc +Active/)
      expect(stdout).to.include('No connections yet.')
    })

    it('reads the config vars beside the endpoint, once, and shows no connection vars without connections', async () => {
      expectResolve('DATABASE', [POSTGRES])
      dataApi().get(endpointOf(POSTGRES)).reply(200, operationalEndpoint())
      platformApi().get(`/apps/${APP}/config-vars`).once().reply(200, CONNECTED_CONFIG_VARS)
      const {error, stdout} = await runCommand(['data:privatelink', 'DATABASE', '--app', APP, '--json'])
      expect(error).to.equal(undefined)
      expect(parseJson(stdout)).to.include({config_vars_error: null}).and.to.have.deep.property('connections', [])
    })

    it('points Postgres to its Dev Center article, the region and the ports to open', async () => {
      expectResolve('DATABASE', [POSTGRES])
      guessedConfigVars()
      dataApi().get(endpointOf(POSTGRES)).reply(200, operationalEndpoint())
      const {stdout} = await runCommand(['data:privatelink', 'DATABASE', '--app', APP])
      expect(stdout).to.include('Next, create a VPC endpoint for the Service Name in your AWS account in us-east-1, the database\'s region.')
      expect(stdout).to.include('Allow inbound TCP ports 5432-5433')
      expect(stdout).to.include(`  heroku data:privatelink:aws DATABASE --app ${APP}\n`)
      expect(stdout).to.include(`  heroku data:privatelink:wait DATABASE --app ${APP} --endpoint-id VPC_ENDPOINT_ID\n`)
      expect(stdout).to.include('Step by step: https://devcenter.heroku.com/articles/heroku-postgres-via-privatelink')
    })

    it('points Kafka to its Dev Center article, without Postgres ports', async () => {
      expectResolve('KAFKA', [KAFKA])
      guessedConfigVars()
      dataApi().get(endpointOf(KAFKA)).reply(200, operationalEndpoint(KAFKA.name))
      const {stdout} = await runCommand(['data:privatelink', 'KAFKA', '--app', APP])
      expect(stdout).to.include('Step by step: https://devcenter.heroku.com/articles/heroku-kafka-via-privatelink')
      expect(stdout).to.include('on the ports of the connection config vars')
      expect(stdout).not.to.include('5432')
    })

    it('points Redis to its Dev Center article and its region', async () => {
      expectResolve('REDIS', [REDIS])
      guessedConfigVars()
      dataApi().get(endpointOf(REDIS)).reply(200, operationalEndpoint(REDIS.name, APP, 'com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0'))
      const {stdout} = await runCommand(['data:privatelink', 'REDIS', '--app', APP])
      expect(stdout).to.include('in eu-west-1, the database\'s region')
      expect(stdout).to.include('Step by step: https://devcenter.heroku.com/articles/heroku-redis-via-privatelink')
    })

    it('works for a Shield database named by its attachment', async () => {
      expectResolve('HEROKU_POSTGRESQL_RED', [SHIELD])
      guessedConfigVars()
      dataApi().get(endpointOf(SHIELD)).reply(200, operationalEndpoint(SHIELD.name))
      const {stdout} = await runCommand(['data:privatelink', 'HEROKU_POSTGRESQL_RED', '--app', APP])
      expect(stdout).to.include(`PrivateLink endpoint for ${SHIELD.name} on ${APP}`)
    })
  })

  describe('a provisioning endpoint', () => {
    it('says it is provisioning, in the region of the app\'s space, and prints the exact wait command', async () => {
      expectResolve('DATABASE', [POSTGRES])
      guessedConfigVars()
      dataApi().get(endpointOf(POSTGRES)).reply(200, provisioningEndpoint())
      expectAppRegion()
      const {stdout} = await runCommand(['data:privatelink', 'DATABASE', '--app', APP])
      expect(stdout).to.match(/Service Name: +Provisioning/)
      expect(stdout).to.match(/Status: +Provisioning/)
      expect(stdout).to.match(/Region: +us-east-1/)
      expect(stdout).to.include('The endpoint is provisioning; this usually takes 5 to 10 minutes. It will be in us-east-1, the database\'s region.')
      expect(stdout).to.include(`  heroku data:privatelink:wait DATABASE --app ${APP}\n`)
      expect(stdout).not.to.include('devcenter')
    })

    it('gives the region under --json, from the region of the app\'s space', async () => {
      expectResolve('DATABASE', [OTHER_POSTGRES], OTHER_APP)
      guessedConfigVars(OTHER_APP)
      dataApi().get(endpointOf(OTHER_POSTGRES)).reply(200, provisioningEndpoint(OTHER_POSTGRES.name, OTHER_APP))
      expectAppRegion(platformApp(OTHER_APP, DUBLIN), DUBLIN)
      const {stdout} = await runCommand(['data:privatelink', `${OTHER_APP}::DATABASE`, '--app', APP, '--json'])
      expect(parseJson(stdout)).to.include({region: 'eu-west-1', service_name: null})
    })
  })

  describe('without DATABASE: the overview of the app\'s databases', () => {
    it('reads each data add-on\'s endpoint, never another add-on\'s, and gives one row each under --json', async () => {
      overviewAddons()
      const {stdout} = await runCommand(['data:privatelink', '--app', APP, '--json'])
      expect(JSON.parse(stdout)).to.deep.equal([
        {
          accounts: {active: 1, total: 1}, addon: POSTGRES.name, app: APP, connections: {available: 1, total: 1}, error: null, kind: 'postgres', plan: POSTGRES.plan.name, service_name: SERVICE_NAME, status: 'Operational',
        },
        {
          accounts: {active: 1, total: 2}, addon: KAFKA.name, app: APP, connections: {available: 0, total: 0}, error: null, kind: 'kafka', plan: KAFKA.plan.name, service_name: null, status: 'Provisioning',
        },
        {
          accounts: {active: 0, total: 0}, addon: REDIS.name, app: APP, connections: {available: 0, total: 0}, error: null, kind: 'redis', plan: REDIS.plan.name, service_name: null, status: null,
        },
      ])
    })

    it('shows a table: add-on, kind, endpoint status or none, service name, accounts, connections', async () => {
      overviewAddons()
      const {stdout} = await runCommand(['data:privatelink', '--app', APP])
      expect(stdout).to.include(`=== PrivateLink endpoints of the databases of ${APP}`)
      expect(stdout).to.match(new RegExp(`${POSTGRES.name} +Heroku Postgres +Operational +${SERVICE_NAME.replaceAll('.', String.raw`\.`)} +1/1 active +1/1 available`))
      expect(stdout).to.match(new RegExp(`${KAFKA.name} +Apache Kafka on Heroku +Provisioning +1/2 active +0/0 available`))
      expect(stdout).to.match(new RegExp(`${REDIS.name} +Heroku Key-Value Store +none`))
      expect(stdout).not.to.include(SENDGRID.name)
      expect(stdout).to.include(`Create an endpoint with: heroku data:privatelink:create ${REDIS.name} --app ${APP} --aws-account-id ACCOUNT_ID`)
    })

    it('says so when the app has no data add-on', async () => {
      platformApi().get(`/apps/${APP}/addons`).reply(200, [SENDGRID])
      const {stdout} = await runCommand(['data:privatelink', '--app', APP])
      expect(stdout).to.include(`${APP} has no Heroku Postgres, Apache Kafka or Key-Value Store add-on.`)
    })

    /** The overview's reads, the Data API refusing to show Kafka's endpoint. */
    function kafkaRefused() {
      platformApi().get(`/apps/${APP}/addons`).reply(200, [POSTGRES, KAFKA, REDIS])
      dataApi().get(endpointOf(POSTGRES)).reply(200, operationalEndpoint())
      dataApi().get(endpointOf(KAFKA)).reply(403, {id: 'forbidden', message: 'You do not have access to this cluster.'})
      dataApi().get(endpointOf(REDIS)).reply(404, {id: 'not_found', message: 'No PrivateLink endpoint'})
    }

    const KAFKA_REFUSAL = `Couldn't get the PrivateLink endpoint for ${KAFKA.name} on ${APP}: You do not have access to this cluster. (403 Forbidden).`

    it('makes a Data API refusal for one add-on that add-on\'s row, with the API\'s message, and lists the others (exit 0)', async () => {
      kafkaRefused()
      const {error, stdout} = await runCommand(['data:privatelink', '--app', APP])
      expect(error).to.equal(undefined)
      expect(stdout).to.match(new RegExp(`${POSTGRES.name} +Heroku Postgres +Operational`))
      expect(stdout).to.match(new RegExp(`${KAFKA.name} +Apache Kafka on Heroku +unknown`))
      expect(stdout).to.match(new RegExp(`${REDIS.name} +Heroku Key-Value Store +none`))
      expect(stdout).to.include(`\n${KAFKA.name}: ${KAFKA_REFUSAL}\n`)
      expect(stdout).to.include(`Create an endpoint with: heroku data:privatelink:create ${REDIS.name} --app ${APP}`)
    })

    it('gives that row an error object under --json', async () => {
      kafkaRefused()
      const rows = JSON.parse((await runCommand(['data:privatelink', '--app', APP, '--json'])).stdout) as Array<Record<string, unknown>>
      expect(rows.map(row => row.error)).to.deep.equal([
        null,
        {message: `${KAFKA_REFUSAL}\nCheck that your account has access to ${APP}: heroku access --app ${APP}`, reason: 'forbidden'},
        null,
      ])
      expect(rows[1]).to.include({service_name: null, status: null})
      expect(process.exitCode).to.equal(undefined)
    })

    it('still fails on what concerns every add-on (credentials), naming the add-on and the app', async () => {
      platformApi().get(`/apps/${APP}/addons`).reply(200, [POSTGRES])
      dataApi().get(endpointOf(POSTGRES)).reply(401, {id: 'unauthorized', message: 'Invalid credentials provided.'})
      const {error} = await runCommand(['data:privatelink', '--app', APP])
      expect(error?.message).to.include(`Couldn't get the PrivateLink endpoint for ${POSTGRES.name} on ${APP}: the Heroku Data API rejected your credentials (401).`)
    })

    it('counts an Available account as active, by the waits\' readiness rule', async () => {
      platformApi().get(`/apps/${APP}/addons`).reply(200, [POSTGRES])
      dataApi().get(endpointOf(POSTGRES)).reply(200, {...operationalEndpoint(), allowed_accounts: [{arn: 'arn:aws:iam::123456789:root', status: 'Available'}, {arn: 'arn:aws:iam::210987654321:root', status: 'Pending'}]})
      const {stdout} = await runCommand(['data:privatelink', '--app', APP])
      expect(stdout).to.match(/ 1\/2 active /)
    })
  })

  describe('an endpoint with connections', () => {
    it('reads the config vars exactly once', async () => {
      const configVars = connected()
      const {error} = await runCommand(['data:privatelink', 'DATABASE', '--app', APP])
      expect(error).to.equal(undefined)
      expect(configVars.isDone()).to.equal(true)
    })

    it('shows the connection with its hostname, and its config var names, hosts and ports', async () => {
      connected()
      const {stdout} = await runCommand(['data:privatelink', 'DATABASE', '--app', APP])
      expect(stdout).to.match(new RegExp(`${ENDPOINT_ID} +${OWNER_ARN.replaceAll('.', String.raw`\.`)} +Available +${HOSTNAME.replaceAll('.', String.raw`\.`)}`))
      expect(stdout).to.include('=== Connection Config Vars')
      expect(stdout).to.match(/DATABASE_ENDPOINT_01C87AE3C05563935_URL +vpce-01c87ae3c05563935 +5432 +vpce-01c87ae3c05563935-abcd\.vpce-svc-0410a2e25933fe8ec\.us-east-1\.vpce\.amazonaws\.com/)
      expect(stdout).to.match(/DATABASE_ENDPOINT_01C87AE3C05563935_PGBOUNCER_URL +vpce-01c87ae3c05563935 +5433/)
      expect(stdout).not.to.include('DATABASE_URL')
    })

    it('never prints a password', async () => {
      connected()
      const {stderr, stdout} = await runCommand(['data:privatelink', 'DATABASE', '--app', APP])
      expect(stdout).not.to.include(PASSWORD)
      expect(stderr).not.to.include(PASSWORD)
    })

    it('prints the command that reveals a connection string', async () => {
      connected()
      const {stdout} = await runCommand(['data:privatelink', 'DATABASE', '--app', APP])
      expect(stdout).to.include(`heroku config:get DATABASE_ENDPOINT_01C87AE3C05563935_URL -a ${APP}`)
    })

    it('does not repeat the next steps for a new VPC endpoint', async () => {
      connected()
      const {stdout} = await runCommand(['data:privatelink', 'DATABASE', '--app', APP])
      expect(stdout).not.to.include('Next, create a VPC endpoint')
    })

    it('says the config vars come later while the connection is pending, and gives its host from the API meanwhile', async () => {
      expectResolve('DATABASE', [POSTGRES])
      dataApi().get(endpointOf(POSTGRES)).reply(200, connectedEndpoint(POSTGRES.name, APP, 'Pending Acceptance'))
      platformApi().get(`/apps/${APP}/config-vars`).reply(200, {DATABASE_URL: CONNECTED_CONFIG_VARS.DATABASE_URL})
      const {stdout} = await runCommand(['data:privatelink', 'DATABASE', '--app', APP])
      expect(stdout).to.include('Heroku adds the connection config vars once a connection is available.')
      expect(stdout).to.include(`Connection ${ENDPOINT_ID} is at ${HOSTNAME} (TCP 5432-5433); its config vars hold the credentials.`)
      expect(stdout).not.to.include('config:get')
    })

    it('says nothing of a host the API does not give', async () => {
      expectResolve('DATABASE', [POSTGRES])
      dataApi().get(endpointOf(POSTGRES)).reply(200, {...connectedEndpoint(), connections: [{endpoint_id: ENDPOINT_ID, owner_arn: OWNER_ARN, status: 'Pending Acceptance'}]})
      platformApi().get(`/apps/${APP}/config-vars`).reply(200, {})
      const {stdout} = await runCommand(['data:privatelink', 'DATABASE', '--app', APP])
      expect(stdout).to.include('Heroku adds the connection config vars once a connection is available.')
      expect(stdout).not.to.include(' is at ')
    })
  })

  describe('when the app\'s config vars can\'t be read', () => {
    it('still shows the endpoint and exits 0, with a one-line warning and the config vars unknown', async () => {
      expectResolve('DATABASE', [POSTGRES])
      dataApi().get(endpointOf(POSTGRES)).reply(200, connectedEndpoint())
      platformApi().get(`/apps/${APP}/config-vars`).once().reply(403, {id: 'forbidden', message: 'You do not have permission to view config vars.'})
      const {error, stderr, stdout} = await runCommand(['data:privatelink', 'DATABASE', '--app', APP])
      expect(error).to.equal(undefined)
      expect(stdout).to.match(new RegExp(`${ENDPOINT_ID} +${OWNER_ARN.replaceAll('.', String.raw`\.`)} +Available`))
      expect(stdout).to.include("Connection config vars: unknown. Couldn't read the app's config vars for DATABASE on example-app: You do not have permission to view config vars. (403 Forbidden).\n")
      expect(stdout).to.include(`Connection ${ENDPOINT_ID} is at ${HOSTNAME} (TCP 5432-5433)`)
      expect(stdout).not.to.include('=== Connection Config Vars')
      const warnings = stderr.split('\n').filter(line => line.includes('Warning'))
      expect(warnings).to.have.length(1)
      // oclif wraps a warning at 80 columns, each line behind ` ›   `.
      expect(stderr.replaceAll(/\s*\n\s*(?:›\s+)?/g, ' ')).to.include("Warning: Couldn't read the app's config vars for DATABASE on example-app: You do not have permission to view config vars. (403 Forbidden). The connections' config vars are shown as unknown.")
    })

    it('gives config_vars null and the reason under --json', async () => {
      expectResolve('DATABASE', [POSTGRES])
      dataApi().get(endpointOf(POSTGRES)).reply(200, connectedEndpoint())
      platformApi().get(`/apps/${APP}/config-vars`).once().reply(403, {id: 'forbidden', message: 'You do not have permission to view config vars.'})
      const {stdout} = await runCommand(['data:privatelink', 'DATABASE', '--app', APP, '--json'])
      const view = parseJson(stdout) as Record<string, unknown>
      expect(view.connections).to.deep.equal([{
        config_vars: null, endpoint_id: ENDPOINT_ID, hostname: HOSTNAME, owner_arn: OWNER_ARN, status: 'Available',
      }])
      expect(view.config_vars_error).to.deep.equal({
        message: `Couldn't read the app's config vars for DATABASE on ${APP}: You do not have permission to view config vars. (403 Forbidden).\nCheck that your account has access to ${APP}: heroku access --app ${APP}`,
        reason: 'forbidden',
      })
      expect(process.exitCode).to.equal(undefined)
    })

    it('takes an answer that is not JSON the same way', async () => {
      expectResolve('DATABASE', [POSTGRES])
      dataApi().get(endpointOf(POSTGRES)).reply(200, connectedEndpoint())
      platformApi().get(`/apps/${APP}/config-vars`).once().reply(200, '{nope')
      const {error, stdout} = await runCommand(['data:privatelink', 'DATABASE', '--app', APP, '--json'])
      expect(error).to.equal(undefined)
      expect(parseJson(stdout)).to.have.nested.property('config_vars_error.reason', 'malformed_response')
    })
  })

  describe('when the region can\'t be read', () => {
    it('still shows the endpoint, region null with the reason under --json, and a warning', async () => {
      expectResolve('DATABASE', [POSTGRES])
      guessedConfigVars()
      dataApi().get(endpointOf(POSTGRES)).reply(200, provisioningEndpoint())
      platformApi().get(`/apps/${APP}`).reply(403, {id: 'forbidden', message: 'No access to the app.'})
      const {error, stderr, stdout} = await runCommand(['data:privatelink', 'DATABASE', '--app', APP, '--json'])
      expect(error).to.equal(undefined)
      const view = parseJson(stdout) as Record<string, unknown>
      expect(view).to.include({region: null, status: 'Provisioning'})
      expect(view.region_error).to.include({reason: 'forbidden'})
      expect(stderr).to.include("Couldn't read the AWS region of the database's app")
    })
  })

  describe('DATABASE written as an add-on name: its endpoint read beside the lookup', () => {
    it('uses that read when the lookup answers the same add-on: one read of the endpoint', async () => {
      expectResolve(POSTGRES.name, [POSTGRES])
      dataApi().get(endpointOf(POSTGRES)).once().reply(200, connectedEndpoint())
      platformApi().get(`/apps/${APP}/config-vars`).once().reply(200, CONNECTED_CONFIG_VARS)
      const {error, stderr, stdout} = await runCommand(['data:privatelink', POSTGRES.name, '--app', APP, '--json'])
      expect(error).to.equal(undefined)
      expect(stderr).to.equal('')
      expect(parseJson(stdout)).to.have.nested.property('connections[0].config_vars[0].name', 'DATABASE_ENDPOINT_01C87AE3C05563935_URL')
    })

    it('drops it when the lookup answers another add-on, and reads that one: the dropped 404 and its retry never shown', async () => {
      expectResolve('postgresql-alias', [POSTGRES])
      guessedConfigVars()
      dataApi().get('/private-link/v0/databases/postgresql-alias').reply(503, {id: 'service_unavailable', message: 'Try again.'})
      dataApi().get('/private-link/v0/databases/postgresql-alias').optionally().reply(404, {id: 'not_found', message: 'Unknown database postgresql-alias'})
      dataApi().get(endpointOf(POSTGRES)).reply(200, operationalEndpoint())
      const {error, stderr, stdout} = await runCommand(['data:privatelink', 'postgresql-alias', '--app', APP, '--json'])
      expect(error).to.equal(undefined)
      expect(stderr).to.equal('')
      expect(parseJson(stdout)).to.include({addon: POSTGRES.name, status: 'Operational'})
    })

    it('explains a failure of that read as it would a read after the lookup', async () => {
      expectResolve(POSTGRES.name, [POSTGRES])
      guessedConfigVars()
      dataApi().get(endpointOf(POSTGRES)).reply(401, {id: 'unauthorized', message: 'Invalid credentials provided.'})
      const {error} = await runCommand(['data:privatelink', POSTGRES.name, '--app', APP])
      expect(error?.message).to.include(`Couldn't get the PrivateLink endpoint for ${POSTGRES.name} on ${APP}: the Heroku Data API rejected your credentials (401).`)
    })

    it('reads the config vars of the app the add-on belongs to when it is not --app\'s', async () => {
      expectResolve(OTHER_POSTGRES.name, [OTHER_POSTGRES])
      dataApi().get(endpointOf(OTHER_POSTGRES)).reply(200, connectedEndpoint(OTHER_POSTGRES.name, OTHER_APP))
      guessedConfigVars(APP, CONNECTED_CONFIG_VARS)
      platformApi().get(`/apps/${OTHER_APP}/config-vars`).reply(200, CONNECTED_CONFIG_VARS)
      const {error, stdout} = await runCommand(['data:privatelink', OTHER_POSTGRES.name, '--app', APP])
      expect(error).to.equal(undefined)
      expect(stdout).to.include(`heroku config:get DATABASE_ENDPOINT_01C87AE3C05563935_URL -a ${OTHER_APP}`)
    })
  })

  describe('OTHER_APP::ATTACHMENT', () => {
    it("resolves on the other app and reads that app's config vars", async () => {
      expectResolve('DATABASE', [OTHER_POSTGRES], OTHER_APP)
      dataApi().get(endpointOf(OTHER_POSTGRES)).reply(200, connectedEndpoint(OTHER_POSTGRES.name, OTHER_APP))
      platformApi().get(`/apps/${OTHER_APP}/config-vars`).reply(200, CONNECTED_CONFIG_VARS)
      const {error, stdout} = await runCommand(['data:privatelink', `${OTHER_APP}::DATABASE`, '--app', APP])
      expect(error).to.equal(undefined)
      expect(stdout).to.include(`PrivateLink endpoint for ${OTHER_POSTGRES.name} on ${OTHER_APP}`)
      expect(stdout).to.include(`heroku config:get DATABASE_ENDPOINT_01C87AE3C05563935_URL -a ${OTHER_APP}`)
    })
  })

  describe('--json', () => {
    it('prints the endpoint view alone on stdout', async () => {
      expectResolve('DATABASE', [POSTGRES])
      guessedConfigVars()
      dataApi().get(endpointOf(POSTGRES)).reply(200, operationalEndpoint())
      const {stdout} = await runCommand(['data:privatelink', 'DATABASE', '--app', APP, '--json'])
      expect(parseJson(stdout)).to.deep.equal({
        addon: POSTGRES.name,
        allowed_accounts: [{arn: 'arn:aws:iam::123456789012:user/abc', status: 'Active'}],
        app: APP,
        config_vars_error: null,
        connections: [],
        region: 'us-east-1',
        region_error: null,
        service_name: SERVICE_NAME,
        status: 'Operational',
      })
    })

    it('includes connection config var names, hosts and ports, never values', async () => {
      expectResolve('DATABASE', [POSTGRES])
      dataApi().get(endpointOf(POSTGRES)).reply(200, connectedEndpoint())
      platformApi().get(`/apps/${APP}/config-vars`).reply(200, CONNECTED_CONFIG_VARS)
      const {stdout} = await runCommand(['data:privatelink', 'DATABASE', '--app', APP, '--json'])
      const view = parseJson(stdout) as {connections: Array<{config_vars: Array<{name: string; port: number}>}>}
      expect(view.connections[0].config_vars.map(({name, port}) => [name, port])).to.deep.equal([
        ['DATABASE_ENDPOINT_01C87AE3C05563935_URL', 5432],
        ['DATABASE_ENDPOINT_01C87AE3C05563935_PGBOUNCER_URL', 5433],
      ])
      expect(stdout).not.to.include(PASSWORD)
    })

    it('prints with --flat one object whose values are all strings, for Terraform\'s external data source', async () => {
      expectResolve('DATABASE', [POSTGRES])
      dataApi().get(endpointOf(POSTGRES)).reply(200, connectedEndpoint())
      platformApi().get(`/apps/${APP}/config-vars`).reply(200, CONNECTED_CONFIG_VARS)
      const {stdout} = await runCommand(['data:privatelink', 'DATABASE', '--app', APP, '--json', '--flat'])
      expect(parseJson(stdout)).to.deep.equal(CONNECTED_FLAT_VIEW)
      expect(stdout).not.to.include(PASSWORD)
    })

    it('gives "" for the service name and region not known yet under --flat', async () => {
      expectResolve('DATABASE', [POSTGRES])
      guessedConfigVars()
      dataApi().get(endpointOf(POSTGRES)).reply(200, provisioningEndpoint())
      platformApi().get(`/apps/${APP}`).reply(200, {name: APP, region: null, space: null})
      const {stdout} = await runCommand(['data:privatelink', 'DATABASE', '--app', APP, '--json', '--flat'])
      expect(parseJson(stdout)).to.include({region: '', service_name: '', status: 'Provisioning'})
    })

    it('refuses --flat without --json, or without DATABASE, before any request (exit 2)', async () => {
      const withoutJson = await runCommand(['data:privatelink', 'DATABASE', '--app', APP, '--flat'])
      expect(withoutJson.error?.message).to.include('--json')
      expect(withoutJson.error?.oclif?.exit).to.equal(2)
      const {stdout} = await runCommand(['data:privatelink', '--app', APP, '--json', '--flat'])
      expect(parseJson(stdout)).to.deep.equal({error: {exit_code: 2, message: '--flat prints one endpoint: give DATABASE, as in heroku data:privatelink DATABASE --app APP --json --flat.', reason: 'usage'}})
    })

    it('prints a 404 as {"error": …} on stdout with exit code 1', async () => {
      expectResolve('DATABASE', [POSTGRES])
      guessedConfigVars()
      dataApi().get(endpointOf(POSTGRES)).reply(404, {id: 'not_found', message: 'Not found.'})
      const {stdout} = await runCommand(['data:privatelink', 'DATABASE', '--app', APP, '--json'])
      expect(parseJson(stdout)).to.deep.equal({
        error: {
          exit_code: 1,
          message: `No PrivateLink endpoint exists for ${POSTGRES.name} on ${APP}. The Heroku Data API said: Not found.\nCreate one with: heroku data:privatelink:create DATABASE --app ${APP} --aws-account-id ACCOUNT_ID`,
          reason: 'not_found',
        },
      })
      expect(process.exitCode).to.equal(1)
    })

    it('prints invalid input as {"error": …} with exit code 2', async () => {
      const {stdout} = await runCommand(['data:privatelink', 'DATA/BASE', '--app', APP, '--json'])
      const {error} = parseJson(stdout) as {error: {exit_code: number; message: string; reason: string}}
      expect(error.exit_code).to.equal(2)
      expect(error.reason).to.equal('invalid_input')
      expect(error.message).to.include('Invalid DATABASE "DATA/BASE"')
      expect(process.exitCode).to.equal(2)
    })
  })

  describe('errors', () => {
    it('a 404 from the Data API says so, with the API\'s own words (it may not know the add-on), and prints the create command', async () => {
      expectResolve('DATABASE', [POSTGRES])
      guessedConfigVars()
      dataApi().get(endpointOf(POSTGRES)).reply(404, {id: 'not_found', message: 'Unknown database postgresql-simply-12345'})
      const {error} = await runCommand(['data:privatelink', 'DATABASE', '--app', APP])
      expect(error?.message).to.equal([
        `No PrivateLink endpoint exists for ${POSTGRES.name} on ${APP}. The Heroku Data API said: Unknown database postgresql-simply-12345.`,
        `Create one with: heroku data:privatelink:create DATABASE --app ${APP} --aws-account-id ACCOUNT_ID`,
      ].join('\n'))
      expect(error?.oclif?.exit).to.equal(1)
    })

    it('an add-on that does not exist says so and how to list add-ons', async () => {
      expectResolve('NOPE', [])
      guessedConfigVars()
      const {error} = await runCommand(['data:privatelink', 'NOPE', '--app', APP])
      expect(error?.message).to.equal(`Couldn't find that addon. (NOPE on ${APP})\nList the app's add-ons with: heroku addons --app ${APP}`)
    })

    it("an app that does not exist passes the API's message on", async () => {
      resolveRequest('DATABASE', 'no-such-app').reply(404, {id: 'not_found', message: "Couldn't find that app."})
      guessedConfigVars('no-such-app')
      const {error} = await runCommand(['data:privatelink', 'DATABASE', '--app', 'no-such-app'])
      expect(error?.message).to.include("Couldn't find that app. (DATABASE on no-such-app)")
    })

    it('an ambiguous name lists the candidates', async () => {
      expectResolve('heroku-postgresql', [POSTGRES, SHIELD, ADVANCED])
      guessedConfigVars()
      const {error} = await runCommand(['data:privatelink', 'heroku-postgresql', '--app', APP])
      expect(error?.message).to.include(`heroku-postgresql matches several add-ons on ${APP}: ${POSTGRES.name}, ${SHIELD.name}, ${ADVANCED.name}.`)
      expect(error?.message).to.include(`heroku data:privatelink ${POSTGRES.name} --app ${APP}`)
    })

    it('an add-on of another service is refused without asking the Data API', async () => {
      expectResolve('SENDGRID', [SENDGRID])
      guessedConfigVars()
      const {error} = await runCommand(['data:privatelink', 'SENDGRID', '--app', APP])
      const supported = 'PrivateLink is available for Apache Kafka on Heroku, Heroku Postgres, Heroku Key-Value Store in Private and Shield Private Spaces.'
      expect(error?.message).to.equal(`${SENDGRID.name} on ${APP} is a sendgrid add-on. ${supported}`)
    })

    it('a 401 from the Data API says to log in, never showing the token', async () => {
      expectResolve('DATABASE', [POSTGRES])
      guessedConfigVars()
      dataApi().get(endpointOf(POSTGRES)).reply(401, {id: 'unauthorized', message: 'Invalid credentials provided.'})
      const {error, stderr, stdout} = await runCommand(['data:privatelink', 'DATABASE', '--app', APP])
      expect(error?.message).to.include('the Heroku Data API rejected your credentials (401)')
      expect(error?.message).to.include('heroku login')
      expect(`${error?.message}${stdout}${stderr}`).not.to.include('test-api-key')
    })

    it('redacts the API token if an answer echoes it', async () => {
      expectResolve('DATABASE', [POSTGRES])
      guessedConfigVars()
      dataApi().get(endpointOf(POSTGRES)).reply(422, {id: 'invalid', message: `Token ${TOKEN} may not do this.`})
      const {error} = await runCommand(['data:privatelink', 'DATABASE', '--app', APP])
      expect(error?.message).to.include('Token [REDACTED] may not do this.')
      expect(error?.message).not.to.include(TOKEN)
    })

    it('a typographic dash is refused with a hint, before any request', async () => {
      const {error} = await runCommand(['data:privatelink', 'DATABASE', '–app', APP])
      expect(error?.message).to.equal('"–app" starts with a typographic dash ("–"), not a hyphen: did you mean --app?')
      expect(error?.oclif?.exit).to.equal(2)
    })

    it('an invalid app name is refused before any request', async () => {
      const {error} = await runCommand(['data:privatelink', 'DATABASE', '--app', 'my_app'])
      expect(error?.message).to.include('Invalid app name "my_app"')
      expect(error?.oclif?.exit).to.equal(2)
    })
  })

  describe('HEROKU_DATA_HOST', () => {
    afterEach(() => {
      delete process.env.HEROKU_DATA_HOST
    })

    it('sends Data API requests to a local emulator at http://127.0.0.1:PORT', async () => {
      process.env.HEROKU_DATA_HOST = 'http://127.0.0.1:5999'
      expectResolve('DATABASE', [POSTGRES])
      guessedConfigVars()
      nock('http://127.0.0.1:5999', {reqheaders: {authorization: BASIC}}).get(endpointOf(POSTGRES)).reply(200, operationalEndpoint())
      const {error} = await runCommand(['data:privatelink', 'DATABASE', '--app', APP])
      expect(error).to.equal(undefined)
    })

    it('refuses a host that is not Heroku before any request, so the token goes nowhere', async () => {
      process.env.HEROKU_DATA_HOST = 'https://evil.example.com'
      const {error} = await runCommand(['data:privatelink', 'DATABASE', '--app', APP])
      expect(error?.message).to.include('HEROKU_DATA_HOST "https://evil.example.com" is not a Heroku host')
    })
  })

  describe('hidden aliases', () => {
    for (const alias of ['pg:privatelink', 'kafka:privatelink', 'redis:privatelink']) {
      it(`${alias} shows the endpoint`, async () => {
        expectResolve('DATABASE', [POSTGRES])
        guessedConfigVars()
        dataApi().get(endpointOf(POSTGRES)).reply(200, operationalEndpoint())
        const {error, stdout} = await runCommand([alias, 'DATABASE', '--app', APP])
        expect(error).to.equal(undefined)
        expect(stdout).to.include(`PrivateLink endpoint for ${POSTGRES.name} on ${APP}`)
      })
    }
  })
})

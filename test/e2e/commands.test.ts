// The built plugin (`bin/run.js`) run as a process against the emulator, the way a user or a CI
// script runs it: each command's happy path, what it prints where, and the requests it makes.
import {expect} from 'chai'

import {KAFKA_ADDON, POSTGRES_ADDON, REDIS_ADDON} from '../emulator/server.js'
import {
  APP, parseJson, POSTGRES_PATH, printed, RESOLVE,
} from './helpers.js'
import {e2eSuite} from './suite.js'

const ACCOUNT = '123456789012:user/abc'
const ACCOUNT_ARN = 'arn:aws:iam::123456789012:user/abc'
const ENDPOINT_ID = 'vpce-01c87ae3c05563935'
const SERVICE_NAME = /com\.amazonaws\.vpce\.us-east-1\.vpce-svc-[\da-f]{17}/
/** The read of the app's region: its id is the emulator's. */
const REGION_READ = /^GET \/regions\/[\da-f-]{36} bearer$/
const APP_READ = `GET /apps/${APP} bearer`
const CONFIG_VARS_READ = `GET /apps/${APP}/config-vars bearer`

describe('e2e: data:privatelink commands', function () {
  this.timeout(120_000)
  const e2e = e2eSuite()

  /** An Operational endpoint that allows ACCOUNT, without going through create and wait. */
  const operationalEndpoint = (addon = POSTGRES_ADDON) => e2e.emulator.seedEndpoint({addon, allowed_accounts: [ACCOUNT]})

  describe('the Dev Center walkthrough', () => {
    it('creates an endpoint, shows it provisioning, waits for it, then shows its service name and region', async () => {
      const create = await e2e.cli(['data:privatelink:create', 'DATABASE', '--app', APP, '--aws-account-id', ACCOUNT])
      expect(create.status, printed(create)).to.equal(0)
      expect(create.stdout).to.match(/Status: +Provisioning/)
      expect(create.stdout).to.include('heroku data:privatelink:wait DATABASE --app example-app')
      expect(create.stderr).to.equal(`Creating a PrivateLink endpoint for ${POSTGRES_ADDON} on ${APP}... Provisioning\n`)
      // The app is read (its space checked) beside the lookup, before the create; its region is read during the create.
      const created = e2e.requests()
      expect(created.slice(0, 2).sort()).to.deep.equal([APP_READ, RESOLVE])
      expect(created.slice(2).sort()).to.have.length(2).and.to.include(`POST ${POSTGRES_PATH} basic`)
      expect(created.find(request => REGION_READ.test(request))).not.to.equal(undefined)
      const resolve = e2e.emulator.log().find(entry => entry.path === '/actions/addons/resolve')
      expect(resolve?.body).to.deep.equal({addon: 'DATABASE', app: APP})
      expect(e2e.emulator.log().find(entry => entry.method === 'POST' && entry.path === POSTGRES_PATH)?.body).to.deep.equal({allowed_accounts: [ACCOUNT]})

      e2e.emulator.clearLog()
      const provisioning = await e2e.cli(['data:privatelink', 'DATABASE', '--app', APP])
      expect(provisioning.status, printed(provisioning)).to.equal(0)
      expect(provisioning.stdout).to.include(`=== PrivateLink endpoint for ${POSTGRES_ADDON} on ${APP}`)
      expect(provisioning.stdout).to.match(/Service Name: +Provisioning/)
      expect(provisioning.stdout).to.match(/Status: +Provisioning/)
      // Known before the service name: the region of the app's space.
      expect(provisioning.stdout).to.match(/Region: +us-east-1/)
      expect(provisioning.stdout).to.include(ACCOUNT_ARN)
      expect(provisioning.stdout).to.include('heroku data:privatelink:wait DATABASE --app example-app')
      expect(provisioning.stderr).to.equal('')
      // The config vars are read beside the lookup (unused: no connections); without a service name, the app's region after the endpoint.
      const shown = e2e.requests()
      expect(shown.slice(0, 2).sort()).to.deep.equal([CONFIG_VARS_READ, RESOLVE])
      expect(shown.slice(2, 4)).to.deep.equal([`GET ${POSTGRES_PATH} basic`, APP_READ])
      expect(shown.slice(4)).to.have.length(1)
      expect(shown[4]).to.match(REGION_READ)

      e2e.emulator.clearLog()
      const wait = await e2e.cli(['data:privatelink:wait', 'DATABASE', '--app', APP, '--interval', '1'])
      expect(wait.status, printed(wait)).to.equal(0)
      const {service_name: serviceName} = (await e2e.endpoint())!
      expect(wait.stdout.split('\n')[0]).to.equal(`${POSTGRES_ADDON} on ${APP} is Operational. Service Name: ${serviceName} Region: us-east-1`)
      // What next: the AWS half, and the wait for the connection.
      expect(wait.stdout).to.include('Next, create a VPC endpoint for the Service Name in your AWS account in us-east-1')
      expect(wait.stdout).to.include('Allow inbound TCP ports 5432-5433')
      expect(wait.stdout).to.include(`  heroku data:privatelink:aws DATABASE --app ${APP}\n`)
      expect(wait.stdout).to.include(`  heroku data:privatelink:wait DATABASE --app ${APP} --endpoint-id VPC_ENDPOINT_ID\n`)
      // Progress goes to stderr, one line per status change.
      const progress = wait.stderr.trimEnd().split('\n')
      expect(progress[0]).to.match(new RegExp(`^Waiting for ${POSTGRES_ADDON} on ${APP} \\(timeout 30m 00s, polling every 1s\\)$`))
      expect(progress.slice(1).map(line => line.replace(/ after .*/, ''))).to.deep.equal(['Provisioning', 'Operational'])
      // Operational on the third GET after creation: the show made one, the wait two.
      expect(e2e.requests()).to.deep.equal([RESOLVE, `GET ${POSTGRES_PATH} basic`, `GET ${POSTGRES_PATH} basic`])

      const operational = await e2e.cli(['data:privatelink', 'DATABASE', '--app', APP])
      expect(operational.status, printed(operational)).to.equal(0)
      expect(serviceName).to.match(SERVICE_NAME)
      expect(operational.stdout).to.match(new RegExp(`Service Name: +${serviceName.replaceAll('.', String.raw`\.`)}\n`))
      expect(operational.stdout).to.match(/Status: +Operational/)
      expect(operational.stdout).to.match(/Region: +us-east-1/)
      expect(operational.stdout).to.match(new RegExp(`${ACCOUNT_ARN} +Active`))
      expect(operational.stdout).to.include('No connections yet.')
      expect(operational.stdout).to.include('create a VPC endpoint for the Service Name in your AWS account in us-east-1')
      // The service name tells the region: no read of the app.
      expect(e2e.requests()).not.to.include(APP_READ)
      expect(operational.stderr).to.equal('')
    })

    it('shows a connection with its config vars by name, host and port, and never their passwords', async () => {
      operationalEndpoint()
      // The customer's VPC endpoint: Pending Acceptance, until AWS accepts it (the seed below).
      e2e.emulator.setTiming({connectionAvailable: {polls: 2}})
      e2e.emulator.simulateConnection(POSTGRES_ADDON, {endpoint_id: ENDPOINT_ID})

      const pending = await e2e.cli(['data:privatelink', 'DATABASE', '--app', APP])
      expect(pending.status, printed(pending)).to.equal(0)
      expect(pending.stdout).to.match(new RegExp(`${ENDPOINT_ID} +${ACCOUNT_ARN} +Pending Acceptance`))
      expect(pending.stdout).to.include('Heroku adds the connection config vars once a connection is available.')

      // Available, with its config vars, before the show reads them beside the endpoint.
      e2e.emulator.seedEndpoint({addon: POSTGRES_ADDON, connections: [{endpoint_id: ENDPOINT_ID, status: 'Available'}]})
      e2e.emulator.clearLog()
      const available = await e2e.cli(['data:privatelink', 'DATABASE', '--app', APP])
      expect(available.status, printed(available)).to.equal(0)
      expect(e2e.requests().sort()).to.deep.equal([`GET ${POSTGRES_PATH} basic`, CONFIG_VARS_READ, RESOLVE].sort())
      expect(available.stdout).to.match(new RegExp(`${ENDPOINT_ID} +${ACCOUNT_ARN} +Available`))
      expect(available.stdout).to.include('=== Connection Config Vars')

      const vars = await e2e.configVars()
      // The direct URL first, then the PgBouncer one.
      const names = ['DATABASE_ENDPOINT_01C87AE3C05563935_URL', 'DATABASE_ENDPOINT_01C87AE3C05563935_PGBOUNCER_URL']
      expect(Object.keys(vars).filter(name => name.includes('_ENDPOINT_')).sort()).to.deep.equal([...names].sort())
      for (const name of names) {
        const url = new URL(vars[name])
        expect(available.stdout).to.match(new RegExp(`${name} +${ENDPOINT_ID} +${url.port} +${url.hostname.replaceAll('.', String.raw`\.`)}`))
      }

      expect(available.stdout).to.include(`heroku config:get ${names[0]} -a ${APP}`)

      const json = await e2e.cli(['data:privatelink', 'DATABASE', '--app', APP, '--json'])
      expect(json.status, printed(json)).to.equal(0)
      const view = parseJson<{connections: Array<{config_vars: unknown[]; endpoint_id: string; status: string}>}>(json)
      expect(view.connections).to.have.length(1)
      expect(view.connections[0]).to.include({endpoint_id: ENDPOINT_ID, status: 'Available'})
      expect(view.connections[0].config_vars).to.deep.equal(names.map(name => {
        const url = new URL(vars[name])
        return {
          host: url.hostname, hosts: [{host: url.hostname, port: Number(url.port)}], name, port: Number(url.port),
        }
      }))

      // The values hold the database password: neither rendering prints any of them.
      const secrets = Object.values(vars).flatMap(value => [value, URL.canParse(value) ? new URL(value).password : ''].filter(Boolean))
      expect(secrets).to.include('secretpassword1234')
      for (const result of [pending, available, json]) {
        for (const secret of secrets) expect(result.stdout + result.stderr).not.to.include(secret)
      }
    })

    it('waits for a connection with --endpoint-id and prints its config var names', async () => {
      operationalEndpoint()
      e2e.emulator.setTiming({connectionAvailable: {polls: 2}})
      e2e.emulator.simulateConnection(POSTGRES_ADDON, {endpoint_id: ENDPOINT_ID})

      const wait = await e2e.cli(['data:privatelink:wait', 'DATABASE', '--app', APP, '--endpoint-id', ENDPOINT_ID, '--interval', '1'])
      expect(wait.status, printed(wait)).to.equal(0)
      expect(wait.stderr).to.include(`Operational, connection ${ENDPOINT_ID} Pending Acceptance after`)
      expect(wait.stdout).to.match(new RegExp(`Connection ${ENDPOINT_ID} is Available\\. Hostname: ${ENDPOINT_ID}-[\\da-f]{8}\\.vpce-svc-[\\da-f]{17}\\.us-east-1\\.vpce\\.amazonaws\\.com\\. Its config vars:\n  DATABASE_ENDPOINT_01C87AE3C05563935_URL\n  DATABASE_ENDPOINT_01C87AE3C05563935_PGBOUNCER_URL\n`))
      expect(wait.stdout).not.to.include('secretpassword1234')
      expect(e2e.requests()).to.deep.equal([
        RESOLVE, `GET ${POSTGRES_PATH} basic`, `GET ${POSTGRES_PATH} basic`, `GET /apps/${APP}/config-vars bearer`,
      ])
    })

    it('lists the allowed accounts, adds one and removes it', async () => {
      operationalEndpoint()
      const before = await e2e.cli(['data:privatelink:access', 'DATABASE', '--app', APP])
      expect(before.status, printed(before)).to.equal(0)
      expect(before.stdout).to.include(`=== Allowed accounts for ${POSTGRES_ADDON} on ${APP}`)
      expect(before.stdout).to.match(new RegExp(`${ACCOUNT_ARN} +Active`))
      expect(e2e.requests()).to.deep.equal([RESOLVE, `GET ${POSTGRES_PATH} basic`])

      e2e.emulator.clearLog()
      const add = await e2e.cli(['data:privatelink:access:add', 'DATABASE', '--app', APP, '-i', '210987654321:role/deploy'])
      expect(add.status, printed(add)).to.equal(0)
      expect(add.stdout).to.equal(`Follow their status with: heroku data:privatelink:access DATABASE --app ${APP}\n`)
      expect(add.stderr).to.equal(`Adding 210987654321:role/deploy to the allowed accounts of ${POSTGRES_ADDON} on ${APP}... done\n`)
      expect(e2e.requests()).to.deep.equal([RESOLVE, `PUT ${POSTGRES_PATH}/allowed_accounts basic`])
      expect(e2e.emulator.log()[1].body).to.deep.equal({allowed_accounts: ['210987654321:role/deploy']})

      const added = parseJson(await e2e.cli(['data:privatelink:access', 'DATABASE', '--app', APP, '--json']))
      expect(added).to.deep.equal({
        addon: POSTGRES_ADDON,
        allowed_accounts: [{arn: ACCOUNT_ARN, status: 'Active'}, {arn: 'arn:aws:iam::210987654321:role/deploy', status: 'Active'}],
        app: APP,
      })

      e2e.emulator.clearLog()
      // An IAM ARN is accepted and sent in the short form.
      const remove = await e2e.cli(['data:privatelink:access:remove', 'DATABASE', '--app', APP, '--aws-account-id', 'arn:aws:iam::210987654321:role/deploy'])
      expect(remove.status, printed(remove)).to.equal(0)
      expect(remove.stdout).to.equal('')
      expect(remove.stderr).to.equal(`Removing 210987654321:role/deploy from the allowed accounts of ${POSTGRES_ADDON} on ${APP}... done\n`)
      expect(e2e.requests()).to.deep.equal([RESOLVE, `PATCH ${POSTGRES_PATH}/allowed_accounts basic`])
      expect(e2e.emulator.log()[1].body).to.deep.equal({allowed_accounts: ['210987654321:role/deploy']})

      const after = parseJson<{allowed_accounts: unknown[]}>(await e2e.cli(['data:privatelink:access', 'DATABASE', '--app', APP, '--json']))
      expect(after.allowed_accounts).to.deep.equal([{arn: ACCOUNT_ARN, status: 'Active'}])
    })

    it('destroys the endpoint with --confirm APP', async () => {
      operationalEndpoint()
      const destroy = await e2e.cli(['data:privatelink:destroy', 'DATABASE', '--app', APP, '--confirm', APP])
      expect(destroy.status, printed(destroy)).to.equal(0)
      expect(destroy.stdout).to.equal(`The endpoint is deprovisioning. Wait until it is destroyed with: heroku data:privatelink:wait DATABASE --app ${APP} --destroyed\n`)
      expect(destroy.stderr).to.equal(`Destroying the PrivateLink endpoint for ${POSTGRES_ADDON} on ${APP}... done\n`)
      expect(e2e.requests()).to.deep.equal([RESOLVE, `DELETE ${POSTGRES_PATH} basic`])
      // As the live API answers after a DELETE, until the GET answers 404.
      expect((await e2e.endpoint())?.status).to.equal('Deprovisioned')
    })
  })

  describe('output for scripts', () => {
    it('prints the result alone on stdout as JSON with --json, progress on stderr', async () => {
      const create = await e2e.cli(['data:privatelink:create', 'DATABASE', '--app', APP, '-i', ACCOUNT, '--json'])
      expect(create.status, printed(create)).to.equal(0)
      expect(parseJson(create)).to.deep.equal({
        addon: POSTGRES_ADDON,
        allowed_accounts: [{arn: ACCOUNT_ARN, status: 'Provisioning'}],
        app: APP,
        config_vars_error: null,
        connections: [],
        region: 'us-east-1',
        region_error: null,
        service_name: null,
        status: 'Provisioning',
      })
      expect(create.stderr).to.equal('')

      const wait = await e2e.cli(['data:privatelink:wait', 'DATABASE', '--app', APP, '--interval', '1', '--json'])
      expect(wait.status, printed(wait)).to.equal(0)
      const view = parseJson<{region: string; service_name: string; status: string}>(wait)
      expect(view).to.include({region: 'us-east-1', status: 'Operational'})
      expect(view.service_name).to.match(SERVICE_NAME)
      expect(wait.stderr).to.match(/^Waiting for /)
      expect(wait.stderr).to.include('Operational after')

      const show = await e2e.cli(['data:privatelink', 'DATABASE', '--app', APP, '--json'])
      expect(show.status, printed(show)).to.equal(0)
      expect(parseJson(show)).to.deep.equal({...view, allowed_accounts: [{arn: ACCOUNT_ARN, status: 'Active'}]})
      expect(show.stderr).to.equal('')
    })

    it('prints neither spinner nor colour codes without a terminal, even without NO_COLOR', async () => {
      // Every run is checked for \r and ANSI escapes (see helpers.ts); here NO_COLOR is unset too.
      const env = {NO_COLOR: undefined}
      const create = await e2e.cli(['data:privatelink:create', 'DATABASE', '--app', APP, '-i', ACCOUNT, '--wait', '--interval', '1'], {env})
      expect(create.status, printed(create)).to.equal(0)
      expect(create.stdout).to.match(new RegExp(`^${POSTGRES_ADDON} on ${APP} is Operational\\. Service Name: ${SERVICE_NAME.source} Region: us-east-1\n\nNext, create a VPC endpoint`))
      expect(create.stderr.split('\n')[0]).to.equal(`Creating a PrivateLink endpoint for ${POSTGRES_ADDON} on ${APP}... Provisioning`)
      expect(create.stderr).to.include('Operational after')

      const show = await e2e.cli(['data:privatelink', 'DATABASE', '--app', APP], {env})
      expect(show.status, printed(show)).to.equal(0)
      expect(show.stdout).to.include(`=== PrivateLink endpoint for ${POSTGRES_ADDON} on ${APP}`)
    })
  })

  describe('hidden aliases', () => {
    it('runs pg:privatelink as data:privatelink', async () => {
      operationalEndpoint()
      const show = await e2e.cli(['pg:privatelink', 'DATABASE', '--app', APP])
      expect(show.status, printed(show)).to.equal(0)
      expect(show.stdout).to.include(`=== PrivateLink endpoint for ${POSTGRES_ADDON} on ${APP}`)
      expect(show.stdout).to.match(/Status: +Operational/)
      expect(e2e.requests().sort()).to.deep.equal([`GET ${POSTGRES_PATH} basic`, CONFIG_VARS_READ, RESOLVE].sort())
    })

    it('creates an endpoint for the Kafka add-on with kafka:privatelink:create', async () => {
      const create = await e2e.cli(['kafka:privatelink:create', 'KAFKA', '--app', APP, '-i', ACCOUNT])
      expect(create.status, printed(create)).to.equal(0)
      expect(create.stdout).to.include('heroku data:privatelink:wait KAFKA --app example-app')
      expect(create.stderr).to.include(`Creating a PrivateLink endpoint for ${KAFKA_ADDON} on ${APP}`)
      expect(e2e.requests()).to.include(`POST /private-link/v0/databases/${KAFKA_ADDON} basic`)
    })

    it('shows the Redis add-on endpoint with redis:privatelink', async () => {
      operationalEndpoint(REDIS_ADDON)
      const show = await e2e.cli(['redis:privatelink', 'REDIS', '--app', APP])
      expect(show.status, printed(show)).to.equal(0)
      expect(show.stdout).to.include(`=== PrivateLink endpoint for ${REDIS_ADDON} on ${APP}`)
      expect(show.stdout).to.match(SERVICE_NAME)
      expect(show.stdout).to.include('https://devcenter.heroku.com/articles/heroku-redis-via-privatelink')
      expect(e2e.requests().sort()).to.deep.equal([`GET /private-link/v0/databases/${REDIS_ADDON} basic`, CONFIG_VARS_READ, RESOLVE].sort())
    })

    it('keeps the aliases out of the help', async () => {
      const help = await e2e.cli(['--help'])
      expect(help.status, printed(help)).to.equal(0)
      expect(help.stdout).to.include('data ')
      expect(help.stdout).not.to.match(/\b(pg|kafka|redis)\b/)
      expect(e2e.requests()).to.deep.equal([])
    })
  })
})

import {expect} from 'chai'

import type {ResolvedAddon} from '../../../../src/lib/types.js'

import {
  ADVANCED, APP, DUBLIN, KAFKA, operationalEndpoint, OTHER_APP, OTHER_POSTGRES, platformApp, POSTGRES, provisioningEndpoint, REDIS, SENDGRID, SERVICE_NAME,
  STANDARD,
} from '../../../helpers/fixtures.js'
import {
  checkRequests, commandFile, dataApi, endpointOf, expectApp, expectAppRegion, expectResolve, guessedApp, parseJson, platformApi, runCommand, watchRequests,
} from '../../helpers.js'

const ACCOUNT = '123456789012:user/abc'

describe('data:privatelink:create', () => {
  beforeEach(watchRequests)

  afterEach(checkRequests)

  it('runs the TypeScript source', async () => {
    expect(await commandFile('data:privatelink:create')).to.equal('src/commands/data/privatelink/create.ts')
  })

  it('POSTs the allowed accounts to the Data API', async () => {
    expectResolve('DATABASE', [POSTGRES])
    expectAppRegion()
    const create = dataApi().post(endpointOf(POSTGRES), {allowed_accounts: [ACCOUNT]}).reply(201, provisioningEndpoint())
    const {error} = await runCommand(['data:privatelink:create', 'DATABASE', '--app', APP, '--aws-account-id', ACCOUNT])
    expect(error).to.equal(undefined)
    expect(create.isDone()).to.equal(true)
  })

  it('sends every account in the normalized form, in order, ARNs converted', async () => {
    expectResolve('DATABASE', [POSTGRES])
    expectAppRegion()
    dataApi().post(endpointOf(POSTGRES), {
      allowed_accounts: ['123456789012', '210987654321:role/division_a/deploy', '123456789012:user/last,first', '111122223333'],
    }).reply(201, provisioningEndpoint())
    const {error} = await runCommand([
      'data:privatelink:create',
      'DATABASE',
      '--app',
      APP,
      '-i',
      '123456789012',
      '-i',
      'arn:aws:iam::210987654321:role/division_a/deploy',
      '--aws-account-id',
      '123456789012:user/last,first',
      '-i',
      'arn:aws:iam::111122223333:root',
    ])
    expect(error).to.equal(undefined)
  })

  it('prints the service name, the status and the exact wait command', async () => {
    expectResolve('DATABASE', [POSTGRES])
    expectAppRegion()
    dataApi().post(endpointOf(POSTGRES), {allowed_accounts: [ACCOUNT]}).reply(201, provisioningEndpoint())
    const {stdout} = await runCommand(['data:privatelink:create', 'DATABASE', '--app', APP, '-i', ACCOUNT])
    expect(stdout).to.match(/Service Name: +Provisioning/)
    expect(stdout).to.match(/Status: +Provisioning/)
    expect(stdout).to.include(`Wait until the endpoint is operational with:\n  heroku data:privatelink:wait DATABASE --app ${APP}\n`)
  })

  it('says on stderr what it creates, keeping stdout for the result', async () => {
    expectResolve('DATABASE', [POSTGRES])
    expectAppRegion()
    dataApi().post(endpointOf(POSTGRES), {allowed_accounts: [ACCOUNT]}).reply(201, provisioningEndpoint())
    const {stderr, stdout} = await runCommand(['data:privatelink:create', 'DATABASE', '--app', APP, '-i', ACCOUNT])
    expect(stderr).to.include(`Creating a PrivateLink endpoint for ${POSTGRES.name} on ${APP}`)
    expect(stdout).not.to.include('Creating')
  })

  it('creates for Kafka and Redis too', async () => {
    expectResolve('KAFKA', [KAFKA])
    expectAppRegion()
    dataApi().post(endpointOf(KAFKA), {allowed_accounts: [ACCOUNT]}).reply(201, provisioningEndpoint(KAFKA.name))
    expectResolve('REDIS', [REDIS])
    expectAppRegion()
    dataApi().post(endpointOf(REDIS), {allowed_accounts: [ACCOUNT]}).reply(201, provisioningEndpoint(REDIS.name))
    expect((await runCommand(['data:privatelink:create', 'KAFKA', '--app', APP, '-i', ACCOUNT])).error).to.equal(undefined)
    expect((await runCommand(['data:privatelink:create', 'REDIS', '--app', APP, '-i', ACCOUNT])).error).to.equal(undefined)
  })

  it('creates for OTHER_APP::ATTACHMENT, resolved on the other app', async () => {
    expectResolve('DATABASE', [OTHER_POSTGRES], OTHER_APP)
    expectAppRegion(platformApp(OTHER_APP, DUBLIN), DUBLIN)
    dataApi().post(endpointOf(OTHER_POSTGRES), {allowed_accounts: [ACCOUNT]}).reply(201, provisioningEndpoint(OTHER_POSTGRES.name, OTHER_APP))
    const {error, stdout} = await runCommand(['data:privatelink:create', `${OTHER_APP}::DATABASE`, '--app', APP, '-i', ACCOUNT])
    expect(error).to.equal(undefined)
    expect(stdout).to.include(`heroku data:privatelink:wait ${OTHER_APP}::DATABASE --app ${OTHER_APP}`)
  })

  describe('--json', () => {
    it('prints the created endpoint alone on stdout, and no progress', async () => {
      expectResolve('DATABASE', [POSTGRES])
      expectAppRegion()
      dataApi().post(endpointOf(POSTGRES), {allowed_accounts: [ACCOUNT]}).reply(201, provisioningEndpoint())
      const {stderr, stdout} = await runCommand(['data:privatelink:create', 'DATABASE', '--app', APP, '-i', ACCOUNT, '--json'])
      expect(parseJson(stdout)).to.deep.equal({
        addon: POSTGRES.name,
        allowed_accounts: [{arn: 'arn:aws:iam::123456789012:user/abc', status: 'Provisioning'}],
        app: APP,
        config_vars_error: null,
        connections: [],
        region: 'us-east-1',
        region_error: null,
        service_name: null,
        status: 'Provisioning',
      })
      expect(stderr).to.equal('')
    })

    it('gives the region of the other app\'s space for OTHER_APP::ATTACHMENT while provisioning', async () => {
      expectResolve('DATABASE', [OTHER_POSTGRES], OTHER_APP)
      expectAppRegion(platformApp(OTHER_APP, DUBLIN), DUBLIN)
      dataApi().post(endpointOf(OTHER_POSTGRES), {allowed_accounts: [ACCOUNT]}).reply(201, provisioningEndpoint(OTHER_POSTGRES.name, OTHER_APP))
      const {stdout} = await runCommand(['data:privatelink:create', `${OTHER_APP}::DATABASE`, '--app', APP, '-i', ACCOUNT, '--json'])
      expect(parseJson(stdout)).to.include({region: 'eu-west-1', status: 'Provisioning'})
    })

    it('prints a 422 as {"error": …} with exit code 1, with the API message when no endpoint exists', async () => {
      expectResolve('DATABASE', [POSTGRES])
      expectAppRegion()
      dataApi().post(endpointOf(POSTGRES)).reply(422, {id: 'invalid_params', message: 'Invalid AWS account.'})
      dataApi().get(endpointOf(POSTGRES)).reply(404, {id: 'not_found', message: 'Not found.'})
      const {stdout} = await runCommand(['data:privatelink:create', 'DATABASE', '--app', APP, '-i', ACCOUNT, '--json'])
      expect(parseJson(stdout)).to.deep.equal({
        error: {
          exit_code: 1,
          message: `Couldn't create the PrivateLink endpoint for ${POSTGRES.name} on ${APP}: Invalid AWS account. (422 Unprocessable Entity).`,
          reason: 'invalid_params',
        },
      })
      expect(process.exitCode).to.equal(1)
    })
  })

  describe('a create answered without the endpoint (Heroku\'s own fixtures answer 200 {})', () => {
    for (const [what, body] of [['200 {}', {}], ['an empty 200', '']] as const) {
      it(`takes ${what} as created: one GET reads the endpoint back, and the create is never sent again`, async () => {
        expectResolve('DATABASE', [POSTGRES])
        expectAppRegion()
        const create = dataApi().post(endpointOf(POSTGRES), {allowed_accounts: [ACCOUNT]}).once().reply(200, body)
        const read = dataApi().get(endpointOf(POSTGRES)).once().reply(200, provisioningEndpoint())
        const {error, stderr, stdout} = await runCommand(['data:privatelink:create', 'DATABASE', '--app', APP, '-i', ACCOUNT, '--json'])
        expect(error).to.equal(undefined)
        expect(create.isDone() && read.isDone()).to.equal(true)
        expect(parseJson(stdout)).to.deep.include({region: 'us-east-1', service_name: null, status: 'Provisioning'})
        expect(stderr).to.equal('')
      })
    }

    for (const [what, status] of [['a 404 (not visible yet)', 404], ['a 503, read once only', 503], ['a 401', 401]] as const) {
      it(`reports it Provisioning, with the accounts sent, and exits 0 when the read back meets ${what}`, async () => {
        expectResolve('DATABASE', [POSTGRES])
        expectAppRegion()
        dataApi().post(endpointOf(POSTGRES)).once().reply(200, {})
        dataApi().get(endpointOf(POSTGRES)).once().reply(status, {id: 'x', message: 'Not yet.'})
        const {error, stderr, stdout} = await runCommand(['data:privatelink:create', 'DATABASE', '--app', APP, '-i', ACCOUNT, '-i', '210987654321', '--json'])
        expect(error).to.equal(undefined)
        expect(process.exitCode).to.equal(undefined)
        expect(parseJson(stdout)).to.deep.include({
          addon: POSTGRES.name,
          allowed_accounts: [{arn: 'arn:aws:iam::123456789012:user/abc', status: 'Provisioning'}, {arn: 'arn:aws:iam::210987654321:root', status: 'Provisioning'}],
          app: APP,
          service_name: null,
          status: 'Provisioning',
        })
        expect(stderr.replaceAll(/\s*\n\s*(?:›\s+)?/g, ' ')).to.include('The Heroku Data API answered the create without the endpoint, and reading it back failed')
      })
    }

    it('prints the usual result and the wait command in human output', async () => {
      expectResolve('DATABASE', [POSTGRES])
      expectAppRegion()
      dataApi().post(endpointOf(POSTGRES)).once().reply(200, {})
      dataApi().get(endpointOf(POSTGRES)).once().reply(200, provisioningEndpoint())
      const {error, stderr, stdout} = await runCommand(['data:privatelink:create', 'DATABASE', '--app', APP, '-i', ACCOUNT])
      expect(error).to.equal(undefined)
      expect(stderr).to.include(`Creating a PrivateLink endpoint for ${POSTGRES.name} on ${APP}... done`)
      expect(stdout).to.match(/Status: +Provisioning/)
      expect(stdout).to.include(`  heroku data:privatelink:wait DATABASE --app ${APP}\n`)
    })

    it('with --wait, lets the wait\'s polls read it: no extra GET', async () => {
      expectResolve('DATABASE', [POSTGRES])
      expectAppRegion()
      dataApi().post(endpointOf(POSTGRES)).once().reply(200, {})
      dataApi().get(endpointOf(POSTGRES)).once().reply(200, operationalEndpoint())
      const {error, stdout} = await runCommand(['data:privatelink:create', 'DATABASE', '--app', APP, '-i', ACCOUNT, '--wait', '--json'])
      expect(error).to.equal(undefined)
      expect(parseJson(stdout)).to.include({service_name: SERVICE_NAME, status: 'Operational'})
    })
  })

  describe('a database that has an endpoint already', () => {
    for (const status of [409, 422]) {
      it(`says so plainly after a ${status}, with the commands that show it and add accounts`, async () => {
        expectResolve('DATABASE', [POSTGRES])
        expectAppRegion()
        dataApi().post(endpointOf(POSTGRES)).reply(status, {id: 'invalid_params', message: 'A PrivateLink endpoint already exists.'})
        const read = dataApi().get(endpointOf(POSTGRES)).reply(200, operationalEndpoint())
        const {error, stdout} = await runCommand(['data:privatelink:create', 'DATABASE', '--app', APP, '-i', ACCOUNT])
        expect(read.isDone()).to.equal(true)
        expect(stdout).to.equal('')
        expect(error?.message).to.equal([
          `${POSTGRES.name} on ${APP} already has a PrivateLink endpoint (Operational), and a database has only one, so the Heroku Data API refused to create another.`,
          `Show it with: heroku data:privatelink DATABASE --app ${APP}`,
          `Allow more AWS accounts to connect with: heroku data:privatelink:access:add DATABASE --app ${APP} --aws-account-id ACCOUNT_ID`,
        ].join('\n'))
        expect(error?.oclif?.exit).to.equal(1)
      })
    }

    for (const status of ['Deprovisioning', 'Deprovisioned']) {
      it(`says to wait for the destroy first while the old endpoint is ${status}`, async () => {
        expectResolve('DATABASE', [POSTGRES])
        expectAppRegion()
        dataApi().post(endpointOf(POSTGRES)).reply(422, {id: 'invalid_params', message: 'The endpoint is being deprovisioned.'})
        dataApi().get(endpointOf(POSTGRES)).reply(200, {...operationalEndpoint(), status})
        const {error} = await runCommand(['data:privatelink:create', 'DATABASE', '--app', APP, '-i', ACCOUNT])
        expect(error?.message).to.equal(`The previous PrivateLink endpoint for ${POSTGRES.name} on ${APP} is still being destroyed (${status}), so the Heroku Data API refused to create a new one. Wait for the destroy to finish, then create it again:\n  heroku data:privatelink:wait DATABASE --app ${APP} --destroyed`)
      })
    }

    it('gives the reason under --json', async () => {
      expectResolve('DATABASE', [POSTGRES])
      expectAppRegion()
      dataApi().post(endpointOf(POSTGRES)).reply(422, {id: 'invalid_params', message: 'A PrivateLink endpoint already exists.'})
      dataApi().get(endpointOf(POSTGRES)).reply(200, provisioningEndpoint())
      const {stdout} = await runCommand(['data:privatelink:create', 'DATABASE', '--app', APP, '-i', ACCOUNT, '--json'])
      expect(parseJson(stdout)).to.deep.include({
        error: {
          exit_code: 1,
          message: `${POSTGRES.name} on ${APP} already has a PrivateLink endpoint (Provisioning), and a database has only one, so the Heroku Data API refused to create another.\nShow it with: heroku data:privatelink DATABASE --app ${APP}\nAllow more AWS accounts to connect with: heroku data:privatelink:access:add DATABASE --app ${APP} --aws-account-id ACCOUNT_ID`,
          reason: 'already_exists',
        },
      })
    })

    for (const [what, status] of [['there is no endpoint', 404], ['the read of the endpoint fails', 401]] as const) {
      it(`passes the refusal on, naming the add-on and the app, when ${what}`, async () => {
        expectResolve('DATABASE', [POSTGRES])
        expectAppRegion()
        dataApi().post(endpointOf(POSTGRES)).reply(422, {id: 'invalid_params', message: 'PrivateLink requires a Private Space.'})
        dataApi().get(endpointOf(POSTGRES)).reply(status, {id: 'error', message: 'No.'})
        const {error} = await runCommand(['data:privatelink:create', 'DATABASE', '--app', APP, '-i', ACCOUNT])
        expect(error?.message).to.equal(`Couldn't create the PrivateLink endpoint for ${POSTGRES.name} on ${APP}: PrivateLink requires a Private Space. (422 Unprocessable Entity).`)
      })
    }

    it('reads nothing after other refusals', async () => {
      expectResolve('DATABASE', [POSTGRES])
      expectAppRegion()
      dataApi().post(endpointOf(POSTGRES)).reply(403, {id: 'forbidden', message: 'You do not have access.'})
      const {error} = await runCommand(['data:privatelink:create', 'DATABASE', '--app', APP, '-i', ACCOUNT])
      expect(error?.message).to.include('You do not have access. (403 Forbidden).')
    })
  })

  describe('--wait', () => {
    it('polls until operational and says so, with the service name', async () => {
      expectResolve('DATABASE', [POSTGRES])
      expectAppRegion()
      dataApi().post(endpointOf(POSTGRES), {allowed_accounts: [ACCOUNT]}).reply(201, provisioningEndpoint())
      const poll = dataApi().get(endpointOf(POSTGRES)).reply(200, operationalEndpoint())
      const {error, stderr, stdout} = await runCommand(['data:privatelink:create', 'DATABASE', '--app', APP, '-i', ACCOUNT, '--wait'])
      expect(error).to.equal(undefined)
      expect(poll.isDone()).to.equal(true)
      expect(stderr).to.include(`Waiting for ${POSTGRES.name} on ${APP}`)
      expect(stdout).to.include(`${POSTGRES.name} on ${APP} is Operational. Service Name: ${SERVICE_NAME} Region: us-east-1\n`)
    })

    it('says what to do next: the VPC endpoint in the region, the ports, the aws command and the wait for the connection', async () => {
      expectResolve('DATABASE', [POSTGRES])
      expectAppRegion()
      dataApi().post(endpointOf(POSTGRES), {allowed_accounts: [ACCOUNT]}).reply(201, provisioningEndpoint())
      dataApi().get(endpointOf(POSTGRES)).reply(200, operationalEndpoint())
      const {stdout} = await runCommand(['data:privatelink:create', 'DATABASE', '--app', APP, '-i', ACCOUNT, '--wait'])
      expect(stdout).to.include('create a VPC endpoint for the Service Name in your AWS account in us-east-1')
      expect(stdout).to.include('Allow inbound TCP ports 5432-5433')
      expect(stdout).to.include(`  heroku data:privatelink:aws DATABASE --app ${APP}\n`)
      expect(stdout).to.include(`  heroku data:privatelink:wait DATABASE --app ${APP} --endpoint-id VPC_ENDPOINT_ID\n`)
    })

    it('prints the operational endpoint under --json', async () => {
      expectResolve('DATABASE', [POSTGRES])
      expectAppRegion()
      dataApi().post(endpointOf(POSTGRES), {allowed_accounts: [ACCOUNT]}).reply(201, provisioningEndpoint())
      dataApi().get(endpointOf(POSTGRES)).reply(200, operationalEndpoint())
      const {stdout} = await runCommand(['data:privatelink:create', 'DATABASE', '--app', APP, '-i', ACCOUNT, '--wait', '--json'])
      expect(parseJson(stdout)).to.include({service_name: SERVICE_NAME, status: 'Operational'})
    })

    it('stops with exit code 4 when the endpoint fails', async () => {
      expectResolve('DATABASE', [POSTGRES])
      expectAppRegion()
      dataApi().post(endpointOf(POSTGRES), {allowed_accounts: [ACCOUNT]}).reply(201, provisioningEndpoint())
      dataApi().get(endpointOf(POSTGRES)).reply(200, {...provisioningEndpoint(), status: 'Failed'})
      const {error} = await runCommand(['data:privatelink:create', 'DATABASE', '--app', APP, '-i', ACCOUNT, '--wait'])
      expect(error?.message).to.include(`The PrivateLink endpoint for ${POSTGRES.name} on ${APP} is Failed`)
      expect(error?.oclif?.exit).to.equal(4)
    })
  })

  describe('refusals', () => {
    const invalid: Array<[string, string]> = [
      ['11 digits', '12345678901'],
      ['13 digits', '1234567890123'],
      ['a group', '123456789012:group/admins'],
      ['an ARN without an account', 'arn:aws:iam::x'],
      ['a control character', '123456789012:user/a\u0007b'],
    ]
    for (const [what, account] of invalid) {
      it(`refuses an account with ${what}, naming it, with no request made`, async () => {
        const {error} = await runCommand(['data:privatelink:create', 'DATABASE', '--app', APP, '-i', '123456789012', '-i', account])
        expect(error?.message).to.include(`Invalid AWS account ID ${JSON.stringify(account)}`)
        expect(error?.oclif?.exit).to.equal(2)
      })
    }

    it('requires --aws-account-id', async () => {
      const {error} = await runCommand(['data:privatelink:create', 'DATABASE', '--app', APP])
      expect(error?.message).to.include('aws-account-id')
      expect(error?.oclif?.exit).to.equal(2)
    })

    it('refuses a Heroku Postgres Advanced database before asking the Data API', async () => {
      expectResolve('HEROKU_POSTGRESQL_BLUE', [ADVANCED])
      guessedApp()
      const {error} = await runCommand(['data:privatelink:create', 'HEROKU_POSTGRESQL_BLUE', '--app', APP, '-i', ACCOUNT])
      expect(error?.message).to.equal(`${ADVANCED.name} on ${APP} is a Heroku Postgres Advanced database (heroku-postgresql:advanced-private), and PrivateLink is not supported on Heroku Postgres Advanced. See https://devcenter.heroku.com/articles/heroku-postgres-via-privatelink`)
    })

    it('sends ACCOUNT_ID:root (the whole account, as Heroku\'s own plugin\'s tests do) as the bare id', async () => {
      expectResolve('DATABASE', [POSTGRES])
      expectAppRegion()
      const create = dataApi().post(endpointOf(POSTGRES), {allowed_accounts: ['123456789012']}).reply(201, provisioningEndpoint())
      const {error} = await runCommand(['data:privatelink:create', 'DATABASE', '--app', APP, '-i', '123456789012:root'])
      expect(error).to.equal(undefined)
      expect(create.isDone()).to.equal(true)
    })

    const notNetworked: Array<[string, ResolvedAddon, string]> = [
      ['a Standard database', STANDARD, 'Standard'],
      ['an Essential database', {...STANDARD, plan: {name: 'heroku-postgresql:essential-0'}}, 'Essential'],
      ['a Premium database', {...STANDARD, plan: {name: 'heroku-postgresql:premium-0'}}, 'Premium'],
      ['a Standard Kafka cluster', {...KAFKA, plan: {name: 'heroku-kafka:standard-0'}}, 'Standard'],
      ['a Premium Key-Value Store', {...REDIS, plan: {name: 'heroku-redis:premium-0'}}, 'Premium'],
    ]
    for (const [what, addon, word] of notNetworked) {
      it(`refuses ${what} attached to an app in a space: not networked into the space, with the Dev Center's link, before asking the Data API`, async () => {
        expectResolve('DB', [addon])
        expectApp()
        const {error} = await runCommand(['data:privatelink:create', 'DB', '--app', APP, '-i', ACCOUNT])
        const service = addon.addon_service.name
        const article = {'heroku-kafka': 'heroku-kafka', 'heroku-postgresql': 'heroku-postgres', 'heroku-redis': 'heroku-redis'}[service]
        expect(error?.message).to.equal(`${addon.name} on ${APP} has the plan ${addon.plan.name}, which is not networked into the space ${APP}-space of ${APP}: a ${word} database can be attached to an app in a space without being in it, and it has no PrivateLink. PrivateLink needs a private or shield plan (${service}:private-* or ${service}:shield-*). Nothing was created. See https://devcenter.heroku.com/articles/${article}-via-privatelink`)
        expect(error?.oclif?.exit).to.equal(1)
      })
    }

    it('gives the plan refusal its reason under --json', async () => {
      expectResolve('DB', [STANDARD])
      expectApp()
      const {stdout} = await runCommand(['data:privatelink:create', 'DB', '--app', APP, '-i', ACCOUNT, '--json'])
      expect(parseJson(stdout)).to.have.nested.property('error.reason', 'unsupported_plan')
    })

    for (const plan of ['heroku-kafka:private-extended-0', 'heroku-kafka:shield-standard-0', 'heroku-redis:shield-7', 'heroku-postgresql:shield-4']) {
      it(`creates for ${plan}`, async () => {
        const addon = {...(plan.startsWith('heroku-kafka') ? KAFKA : (plan.startsWith('heroku-redis') ? REDIS : POSTGRES)), plan: {name: plan}}
        expectResolve('DB', [addon])
        expectAppRegion()
        dataApi().post(endpointOf(addon)).reply(201, provisioningEndpoint(addon.name))
        expect((await runCommand(['data:privatelink:create', 'DB', '--app', APP, '-i', ACCOUNT])).error).to.equal(undefined)
      })
    }

    it('refuses an app in the Common Runtime with the Dev Center\'s link, before asking the Data API', async () => {
      expectResolve('DATABASE', [POSTGRES])
      expectApp(platformApp(APP, undefined, null))
      const {error} = await runCommand(['data:privatelink:create', 'DATABASE', '--app', APP, '-i', ACCOUNT])
      expect(error?.message).to.include(`${POSTGRES.name} belongs to ${APP}, which runs in the Common Runtime`)
      expect(error?.message).to.include('Private Space or Shield Private Space')
      expect(error?.message).to.include('https://devcenter.heroku.com/articles/heroku-postgres-via-privatelink')
      expect(error?.oclif?.exit).to.equal(1)
    })

    it('creates even when the region cannot be read, with a warning', async () => {
      expectResolve('DATABASE', [POSTGRES])
      expectApp()
      platformApi().get(/^\/regions\//).reply(404, {id: 'not_found', message: "Couldn't find that region."})
      dataApi().post(endpointOf(POSTGRES), {allowed_accounts: [ACCOUNT]}).reply(201, provisioningEndpoint())
      const {error, stderr, stdout} = await runCommand(['data:privatelink:create', 'DATABASE', '--app', APP, '-i', ACCOUNT, '--json'])
      expect(error).to.equal(undefined)
      expect(parseJson(stdout)).to.include({region: null, status: 'Provisioning'})
      expect(parseJson(stdout)).to.have.nested.property('region_error.reason', 'not_found')
      expect(stderr).to.include("Couldn't read the AWS region of the database's app")
    })

    it('refuses an add-on of another service before asking the Data API', async () => {
      expectResolve('SENDGRID', [SENDGRID])
      guessedApp()
      const {error} = await runCommand(['data:privatelink:create', 'SENDGRID', '--app', APP, '-i', ACCOUNT])
      expect(error?.message).to.include('is a sendgrid add-on')
    })

    it('does not resend the create after a 503, and says how to check the state', async () => {
      expectResolve('DATABASE', [POSTGRES])
      expectAppRegion()
      dataApi().post(endpointOf(POSTGRES)).once().reply(503, {id: 'unavailable', message: 'Try again later.'})
      const {error} = await runCommand(['data:privatelink:create', 'DATABASE', '--app', APP, '-i', ACCOUNT])
      expect(error?.message).to.include('failed with 503 Service Unavailable: Try again later.')
      expect(error?.message).to.include(`Check the current state with: heroku data:privatelink DATABASE --app ${APP}`)
    })
  })

  describe('hidden aliases', () => {
    for (const alias of ['pg:privatelink:create', 'kafka:privatelink:create', 'redis:privatelink:create']) {
      it(`${alias} creates the endpoint`, async () => {
        expectResolve('DATABASE', [POSTGRES])
        expectAppRegion()
        dataApi().post(endpointOf(POSTGRES), {allowed_accounts: [ACCOUNT]}).reply(201, provisioningEndpoint())
        const {error} = await runCommand([alias, 'DATABASE', '--app', APP, '-i', ACCOUNT])
        expect(error).to.equal(undefined)
      })
    }
  })
})

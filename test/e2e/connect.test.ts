// From create to a connected VPC: the region known from the start, the overview of an app's
// databases, the AWS half as commands to paste, and every kind of connection config var.
import {expect} from 'chai'
import {setTimeout as sleep} from 'node:timers/promises'

import {
  ADVANCED_ADDON, KAFKA_ADDON, KAFKA_SECRET_VARS, OTHER_APP, OTHER_POSTGRES_ADDON, PAPERTRAIL_ADDON, POSTGRES_ADDON, REDIS_ADDON, SHIELD_ADDON, STANDARD_ADDON,
} from '../emulator/server.js'
import {
  APP, oneLine, parseJson, POSTGRES_PATH, printed, RESOLVE,
} from './helpers.js'
import {e2eSuite} from './suite.js'

const ACCOUNT = '123456789012:user/abc'
const ENDPOINT_ID = 'vpce-01c87ae3c05563935'
const VPC = 'vpc-0a1b2c3d4e5f60718'
const SUBNET_A = 'subnet-0a1b2c3d4e5f60718'
const SUBNET_B = 'subnet-08f7e6d5c4b3a2910'
const DATA_ADDONS = [POSTGRES_ADDON, SHIELD_ADDON, ADVANCED_ADDON, KAFKA_ADDON, REDIS_ADDON, STANDARD_ADDON]
const dataPath = (addon: string) => `/private-link/v0/databases/${addon}`

interface Overview {
  accounts: {active: number; total: number}
  addon: string
  connections: {available: number; total: number}
  kind: string
  service_name: null | string
  status: null | string
}

interface ConfigVarView {
  host: string
  hosts: Array<{host: string; port: number}>
  name: string
  port: number
}

describe('e2e: from create to a connected VPC', function () {
  this.timeout(120_000)
  const e2e = e2eSuite()

  /** The endpoint Operational, with an Available connection (and its config vars). */
  function connected(addon: string): void {
    e2e.emulator.seedEndpoint({addon, allowed_accounts: [ACCOUNT], connections: [{endpoint_id: ENDPOINT_ID, status: 'Available'}]})
  }

  function refuseConfigVars(): void {
    e2e.emulator.injectFault({
      id: 'forbidden', kind: 'status', message: 'You may not read config vars.', method: 'GET', path: `/apps/${APP}/config-vars`, status: 403,
    })
  }

  describe('the region, known before the service name', () => {
    it('is the region of the app\'s space while provisioning, in --json too, read in one chain after the endpoint', async () => {
      e2e.emulator.seedEndpoint({addon: OTHER_POSTGRES_ADDON, allowed_accounts: [ACCOUNT], status: 'Provisioning'})
      const show = await e2e.cli(['data:privatelink', `${OTHER_APP}::DATABASE`, '--app', APP, '--json'])
      expect(show.status, printed(show)).to.equal(0)
      expect(parseJson(show)).to.include({region: 'eu-west-1', service_name: null, status: 'Provisioning'})
      // The config vars of OTHER_APP beside the lookup (unused: no connections), then the endpoint, the app and its region.
      const requests = e2e.requests()
      expect(requests.slice(0, 2).sort()).to.deep.equal([`GET /apps/${OTHER_APP}/config-vars bearer`, RESOLVE])
      expect(requests.slice(2, 4)).to.deep.equal([`GET ${dataPath(OTHER_POSTGRES_ADDON)} basic`, `GET /apps/${OTHER_APP} bearer`])
      expect(requests.slice(4)).to.have.length(1)
      expect(requests[4]).to.match(/^GET \/regions\/\S+ bearer$/)
    })

    it('is shown by create, before the service name exists', async () => {
      const create = await e2e.cli(['data:privatelink:create', 'DATABASE', '--app', APP, '-i', ACCOUNT])
      expect(create.status, printed(create)).to.equal(0)
      expect(create.stdout).to.match(/Region: +us-east-1/)
    })
  })

  describe('data:privatelink -a APP, without DATABASE', () => {
    it('lists every data add-on of the app with its endpoint, and sends no other add-on to the Data API', async () => {
      connected(POSTGRES_ADDON)
      e2e.emulator.seedEndpoint({addon: KAFKA_ADDON, allowed_accounts: [ACCOUNT, {arn: 'arn:aws:iam::210987654321:root', status: 'Provisioning'}], status: 'Provisioning'})
      const overview = await e2e.cli(['data:privatelink', '--app', APP])
      expect(overview.status, printed(overview)).to.equal(0)
      const {service_name: serviceName} = (await e2e.endpoint(POSTGRES_ADDON))!
      expect(overview.stdout).to.include(`=== PrivateLink endpoints of the databases of ${APP}`)
      expect(overview.stdout).to.match(new RegExp(`${POSTGRES_ADDON} +Heroku Postgres +Operational +${serviceName.replaceAll('.', String.raw`\.`)} +1/1 active +1/1 available`))
      expect(overview.stdout).to.match(new RegExp(`${KAFKA_ADDON} +Apache Kafka on Heroku +Provisioning +1/2 active +0/0 available`))
      expect(overview.stdout).to.match(new RegExp(`${REDIS_ADDON} +Heroku Key-Value Store +none`))
      expect(overview.stdout).not.to.include(PAPERTRAIL_ADDON)
      const requests = e2e.requests()
      expect(requests[0]).to.equal(`GET /apps/${APP}/addons bearer`)
      expect(requests.slice(1).sort()).to.deep.equal(DATA_ADDONS.map(addon => `GET ${dataPath(addon)} basic`).sort())
      expect(requests.join('\n')).not.to.include('papertrail')
    })

    it('prints an array of the same under --json', async () => {
      connected(POSTGRES_ADDON)
      const overview = await e2e.cli(['data:privatelink', '--app', APP, '--json'])
      expect(overview.status, printed(overview)).to.equal(0)
      const rows = parseJson<Overview[]>(overview)
      expect(rows.map(row => [row.addon, row.kind, row.status])).to.deep.equal([
        [POSTGRES_ADDON, 'postgres', 'Operational'],
        [SHIELD_ADDON, 'postgres', null],
        [ADVANCED_ADDON, 'postgres', null],
        [KAFKA_ADDON, 'kafka', null],
        [REDIS_ADDON, 'redis', null],
        [STANDARD_ADDON, 'postgres', null],
      ])
      expect(rows[0]).to.deep.include({accounts: {active: 1, total: 1}, connections: {available: 1, total: 1}, error: null})
    })

    it('makes a Data API refusal for one add-on that add-on\'s row, with the API\'s message, lists the others and exits 0', async () => {
      connected(POSTGRES_ADDON)
      e2e.emulator.injectFault({
        id: 'forbidden', kind: 'status', message: 'You cannot see this cluster.', method: 'GET', path: dataPath(KAFKA_ADDON), status: 403,
      })
      const overview = await e2e.cli(['data:privatelink', '--app', APP])
      expect(overview.status, printed(overview)).to.equal(0)
      expect(overview.stdout).to.match(new RegExp(`${POSTGRES_ADDON} +Heroku Postgres +Operational`))
      expect(overview.stdout).to.match(new RegExp(`${KAFKA_ADDON} +Apache Kafka on Heroku +unknown`))
      expect(overview.stdout).to.include(`${KAFKA_ADDON}: Couldn't get the PrivateLink endpoint for ${KAFKA_ADDON} on ${APP}: You cannot see this cluster. (403 Forbidden).`)

      e2e.emulator.injectFault({
        id: 'forbidden', kind: 'status', message: 'You cannot see this cluster.', method: 'GET', path: dataPath(KAFKA_ADDON), status: 403,
      })
      const json = await e2e.cli(['data:privatelink', '--app', APP, '--json'])
      expect(json.status, printed(json)).to.equal(0)
      const rows = parseJson<Array<Overview & {error: null | {message: string; reason: string}}>>(json)
      expect(rows.map(row => row.error?.reason ?? null)).to.deep.equal([null, null, null, 'forbidden', null, null])
      expect(rows[0].status).to.equal('Operational')
    })

    it('reads the endpoints at once, one request per data add-on', async () => {
      // The first read is held back: the others must all be sent meanwhile.
      e2e.emulator.injectFault({
        delay_ms: 8000, kind: 'delay', method: 'GET', path: dataPath(POSTGRES_ADDON),
      })
      const run = e2e.cli(['data:privatelink', '--app', APP, '--json'])
      let overlapped = false
      const progress = {done: false}
      run.finally(() => {
        progress.done = true
      })
      while (!progress.done && !overlapped) {
        const log = e2e.emulator.log()
        const held = log.find(entry => entry.path === dataPath(POSTGRES_ADDON))
        const others = log.filter(entry => entry.path.startsWith('/private-link/') && entry !== held)
        overlapped = held !== undefined && held.status === 0 && others.length === DATA_ADDONS.length - 1
        // eslint-disable-next-line no-await-in-loop
        await sleep(50)
      }

      const result = await run
      expect(result.status, printed(result)).to.equal(0)
      expect(overlapped, 'every other read was sent while the first was unanswered').to.equal(true)
    })
  })

  describe('the app\'s config vars refused (403)', () => {
    it('data:privatelink and wait --endpoint-id still show the endpoint and exit 0, the config vars unknown, with a warning', async () => {
      connected(POSTGRES_ADDON)
      refuseConfigVars()
      const show = await e2e.cli(['data:privatelink', 'DATABASE', '--app', APP, '--json'])
      expect(show.status, printed(show)).to.equal(0)
      const view = parseJson<{config_vars_error: {reason: string}; connections: Array<{config_vars: unknown; hostname: string}>}>(show)
      expect(view.config_vars_error.reason).to.equal('forbidden')
      expect(view.connections[0].config_vars).to.equal(null)
      expect(view.connections[0].hostname).to.match(new RegExp(`^${ENDPOINT_ID}-[\\da-f]{8}\\.vpce-svc-`))
      expect(oneLine(show.stderr)).to.include("Warning: Couldn't read the app's config vars for DATABASE on example-app: You may not read config vars. (403 Forbidden). The connections' config vars are shown as unknown.")

      refuseConfigVars()
      const wait = await e2e.cli(['data:privatelink:wait', 'DATABASE', '--app', APP, '--endpoint-id', ENDPOINT_ID, '--interval', '1'])
      expect(wait.status, printed(wait)).to.equal(0)
      expect(wait.stdout).to.include(`Connection ${ENDPOINT_ID} is Available. Hostname: ${view.connections[0].hostname}. Its config vars are unknown`)
    })
  })

  describe('data:privatelink:aws', () => {
    it('prints the AWS CLI commands for the service name, the ports, the VPC and the region, then the wait', async () => {
      e2e.emulator.seedEndpoint({addon: POSTGRES_ADDON, allowed_accounts: [ACCOUNT]})
      const aws = await e2e.cli(['data:privatelink:aws', 'DATABASE', '--app', APP, '--vpc-id', VPC, '--subnet-id', SUBNET_A, '--subnet-id', SUBNET_B, '--cidr', '10.0.0.0/16'])
      expect(aws.status, printed(aws)).to.equal(0)
      const {service_name: serviceName} = (await e2e.endpoint())!
      const lines = aws.stdout.trimEnd().split('\n')
      // The pre-flight comes first (the real AWS CLI runs it in test/aws/aws-cli.test.ts).
      const checks = lines.findIndex(line => line.startsWith('# 3. '))
      expect(lines.slice(0, checks).filter(line => line.startsWith('aws ') || line.includes('$(aws '))).to.have.length(4)
      expect(lines.slice(checks).filter(line => !line.startsWith('# '))).to.deep.equal([
        `SECURITY_GROUP_ID=$(aws ec2 create-security-group --group-name heroku-privatelink-${POSTGRES_ADDON} --description 'Heroku PrivateLink to ${POSTGRES_ADDON} on ${APP}' --vpc-id ${VPC} --region us-east-1 --query GroupId --output text)`,
        'aws ec2 authorize-security-group-ingress --group-id "$SECURITY_GROUP_ID" --protocol tcp --port 5432-5433 --cidr 10.0.0.0/16 --region us-east-1',
        `VPC_ENDPOINT_ID=$(aws ec2 create-vpc-endpoint --vpc-endpoint-type Interface --vpc-id ${VPC} --service-name ${serviceName} --subnet-ids ${SUBNET_A} ${SUBNET_B} --security-group-ids "$SECURITY_GROUP_ID" --region us-east-1 --query VpcEndpoint.VpcEndpointId --output text)`,
        `heroku data:privatelink:wait DATABASE --app ${APP} --endpoint-id "$VPC_ENDPOINT_ID"`,
      ])
      expect(aws.stderr).to.equal('')
      expect(e2e.requests().sort()).to.deep.equal([`GET ${POSTGRES_PATH} basic`, `GET /apps/${APP}/config-vars bearer`, RESOLVE].sort())
    })

    it('prints Terraform with --format terraform, and service name, region, ports and commands with --json', async () => {
      e2e.emulator.seedEndpoint({addon: POSTGRES_ADDON, allowed_accounts: [ACCOUNT]})
      const terraform = await e2e.cli(['data:privatelink:aws', 'DATABASE', '--app', APP, '--format', 'terraform'])
      expect(terraform.status, printed(terraform)).to.equal(0)
      expect(terraform.stdout).to.include('resource "aws_security_group"').and.include('from_port   = 5432').and.include('resource "aws_vpc_endpoint"')
      expect(terraform.stdout).to.include('cidr_blocks = ["<CIDR>"]')
      expect(terraform.stdout).to.include('  program = ["heroku", "data:privatelink", "DATABASE", "--app", "example-app", "--json", "--flat"]')

      const json = await e2e.cli(['data:privatelink:aws', 'DATABASE', '--app', APP, '--json'])
      expect(json.status, printed(json)).to.equal(0)
      const setup = parseJson<{commands: string[]; ports: unknown; region: string; service_name: string; terraform: string}>(json)
      expect(setup).to.include({region: 'us-east-1', service_name: (await e2e.endpoint())!.service_name})
      expect(setup.ports).to.deep.equal([{from: 5432, to: 5433}])
      expect(setup.commands.join('\n')).to.include("--vpc-id '<VPC_ID>'")
      expect(setup.terraform).to.equal(terraform.stdout.trimEnd())
    })

    it('takes the Kafka ports from the brokers of its connection config var', async () => {
      connected(KAFKA_ADDON)
      const aws = await e2e.cli(['data:privatelink:aws', 'KAFKA', '--app', APP, '--json'])
      expect(aws.status, printed(aws)).to.equal(0)
      expect(parseJson<{ports: unknown}>(aws).ports).to.deep.equal([{from: 9096, to: 9098}])
    })

    it('refuses while the endpoint is provisioning, with the wait command', async () => {
      e2e.emulator.seedEndpoint({addon: POSTGRES_ADDON, allowed_accounts: [ACCOUNT], status: 'Provisioning'})
      const aws = await e2e.cli(['data:privatelink:aws', 'DATABASE', '--app', APP])
      expect(aws.status, printed(aws)).to.equal(1)
      expect(aws.stdout).to.equal('')
      expect(aws.stderr).to.include('is Provisioning, not Operational')
      expect(aws.stderr).to.include(`heroku data:privatelink:wait DATABASE --app ${APP}`)
    })
  })

  describe('connection config vars of every kind', () => {
    it('shows every Kafka broker\'s host and port, human and --json, and never the client certificate or key', async () => {
      connected(KAFKA_ADDON)
      const vars = await e2e.configVars()
      const name = 'KAFKA_ENDPOINT_01C87AE3C05563935_URL'
      const brokers = vars[name].split(',').map(url => new URL(url))
      expect(brokers).to.have.length(3)

      const show = await e2e.cli(['data:privatelink', 'KAFKA', '--app', APP])
      expect(show.status, printed(show)).to.equal(0)
      for (const broker of brokers) {
        expect(show.stdout).to.match(new RegExp(`${name} +${ENDPOINT_ID} +${broker.port} +${broker.hostname.replaceAll('.', String.raw`\.`)}`))
      }

      const json = await e2e.cli(['data:privatelink', 'KAFKA', '--app', APP, '--json'])
      const [configVar] = parseJson<{connections: Array<{config_vars: ConfigVarView[]}>}>(json).connections[0].config_vars
      expect(configVar).to.deep.equal({
        host: brokers[0].hostname,
        hosts: brokers.map(broker => ({host: broker.hostname, port: Number(broker.port)})),
        name,
        port: Number(brokers[0].port),
      })

      for (const result of [show, json]) {
        for (const [secretName, value] of Object.entries(KAFKA_SECRET_VARS)) {
          expect(result.stdout + result.stderr).not.to.include(secretName)
          expect(result.stdout + result.stderr).not.to.include(value.split('\n')[1])
        }
      }
    })

    it('shows a Key-Value Store rediss:// var\'s host and port, never its password', async () => {
      connected(REDIS_ADDON)
      const vars = await e2e.configVars()
      const url = new URL(vars.REDIS_ENDPOINT_01C87AE3C05563935_URL)
      expect(url.protocol).to.equal('rediss:')
      const show = await e2e.cli(['data:privatelink', 'REDIS', '--app', APP])
      expect(show.status, printed(show)).to.equal(0)
      expect(show.stdout).to.match(new RegExp(`REDIS_ENDPOINT_01C87AE3C05563935_URL +${ENDPOINT_ID} +${url.port} +${url.hostname.replaceAll('.', String.raw`\.`)}`))
      expect(show.stdout).not.to.include(url.password)
    })
  })
})

// The commands `data:privatelink:aws` prints, run as a shell script (bash -euxo pipefail) with the
// real AWS CLI v2 against a local stand-in of EC2, Secrets Manager and SSM, and `heroku` standing
// in for the Heroku CLI: this plugin against the emulator, and the core CLI's config:get. Each
// pre-flight failure must stop the script before any create; the success path must make exactly
// the expected calls; a connection URL must reach AWS and appear in no argument list, no trace
// and no output. Debian's awscli provides /usr/bin/aws; `.ci/run` installs it, and under CI=true
// its absence fails these tests instead of skipping them.
import {expect} from 'chai'
import {spawn, spawnSync} from 'node:child_process'
import {
  existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync,
} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {
  APP, type E2E, e2eContext, printed,
} from '../e2e/helpers.js'
import {POSTGRES_ADDON} from '../emulator/server.js'
import {BIN, ROOT} from '../helpers/cli.js'
import {
  type AwsCall, type AwsStandIn, type AwsWorld, startAwsStandIn,
} from './stand-in.js'

const AWS_CLI = '/usr/bin/aws'
const WRAPPERS = path.join(ROOT, 'test', 'aws', 'bin')
const REGION = 'us-east-1'
const VPC = 'vpc-0a1b2c3d4e5f60718'
const EU_VPC = 'vpc-0e0e0e0e0e0e0e0e0'
const SUBNET_A = 'subnet-0a1b2c3d4e5f60718'
const SUBNET_B = 'subnet-08f7e6d5c4b3a2910'
const SUBNET_D = 'subnet-0d0d0d0d0d0d0d0d0'
const ACCOUNT = '123456789012:user/abc'
const ENDPOINT_ID = 'vpce-01c87ae3c05563935'
const URL_VAR = 'DATABASE_ENDPOINT_01C87AE3C05563935_URL'
const PGBOUNCER_VAR = 'DATABASE_ENDPOINT_01C87AE3C05563935_PGBOUNCER_URL'
const CREATES = /^Create|^Authorize|^Put/

/** CI sets CI (true, or 1); .ci/run sets it when the runner does not. */
function inCi(): boolean {
  const value = process.env.CI ?? ''
  return value !== '' && !/^(?:0|false)$/i.test(value)
}

/** Why the AWS CLI v2 can't be used here, or undefined when it can. */
function awsCliProblem(): string | undefined {
  if (!existsSync(AWS_CLI)) return `${AWS_CLI} is missing: install Debian's awscli package (.ci/run does)`
  const version = spawnSync(AWS_CLI, ['--version'], {encoding: 'utf8'})
  return /^aws-cli\/2\./.test(version.stdout) ? undefined : `${AWS_CLI} is not the AWS CLI v2: ${version.stdout}${version.stderr}`
}

interface ScriptRun {
  /** Every argument list the `aws` and `heroku` wrappers got, one line each. */
  argv: string
  /** The stand-in's calls made by this run. */
  calls: AwsCall[]
  status: null | number
  /** stderr, bash's trace of every command (with its expanded arguments) included. */
  stderr: string
  stdout: string
}

/** The messages the script printed on stderr, without bash's trace lines. */
function messages(run: ScriptRun): string[] {
  return run.stderr.split('\n').filter(line => !line.startsWith('+'))
}

/** The stand-in's operations the run called, in order. */
function actions(run: ScriptRun): string[] {
  return run.calls.map(call => call.action)
}

/** Every place a value must not be: the printed commands, the script's output and trace, every argument list. */
function expectNowhere(values: string[], script: string, run: ScriptRun): void {
  for (const value of values) {
    const {password} = new URL(value)
    for (const [where, text] of Object.entries({
      'argument lists': run.argv, 'printed commands': script, stderr: run.stderr, stdout: run.stdout,
    })) {
      expect(text, `${where} hold a connection URL`).not.to.include(value)
      expect(text, `${where} hold a password`).not.to.include(password)
    }
  }
}

describe('the printed AWS CLI commands, run with the real AWS CLI v2', function () {
  this.timeout(180_000)
  const e2e: E2E = e2eContext()
  let aws: AwsStandIn
  let scratch: string
  let world: AwsWorld
  let runs = 0

  before(async function () {
    this.timeout(300_000)
    const problem = awsCliProblem()
    if (problem) {
      if (inCi()) throw new Error(`${problem}: CI must run these tests`)
      console.warn(`      skipped: ${problem}`)
      this.skip()
    }

    await e2e.start()
    scratch = mkdtempSync(path.join(tmpdir(), 'privatelink-aws-cli-'))
    world = {services: [], subnets: [], vpcs: []}
    aws = await startAwsStandIn({
      // Heroku's side of the customer's VPC endpoint: a connection awaiting acceptance.
      onVpcEndpoint: endpointId => e2e.emulator.simulateConnection(POSTGRES_ADDON, {endpoint_id: endpointId}),
      world,
    })
  })

  after(async () => {
    await aws?.close()
    await e2e.stop()
    if (scratch) rmSync(scratch, {force: true, recursive: true})
  })

  /** An Operational endpoint whose service is offered in us-east-1a to 1c, and the customer's VPC and subnets. */
  async function seedWorld(connections: Array<{endpoint_id: string}> = []): Promise<string> {
    e2e.reset()
    e2e.emulator.seedEndpoint({addon: POSTGRES_ADDON, allowed_accounts: [ACCOUNT], connections})
    const serviceName = (await e2e.endpoint())!.service_name
    world.services.splice(0, Infinity, {name: serviceName, region: REGION, zones: ['us-east-1a', 'us-east-1b', 'us-east-1c']})
    world.vpcs.splice(0, Infinity, {id: VPC, region: REGION}, {id: EU_VPC, region: 'eu-west-1'})
    world.subnets.splice(
      0,
      Infinity,
      {
        id: SUBNET_A, region: REGION, vpcId: VPC, zone: 'us-east-1a',
      },
      {
        id: SUBNET_B, region: REGION, vpcId: VPC, zone: 'us-east-1b',
      },
      {
        id: SUBNET_D, region: REGION, vpcId: VPC, zone: 'us-east-1d',
      },
    )
    return serviceName
  }

  /** What `data:privatelink:aws` prints for these arguments. */
  async function printedCommands(args: string[]): Promise<string> {
    const result = await e2e.cli(['data:privatelink:aws', 'DATABASE', '--app', APP, ...args])
    expect(result.status, printed(result)).to.equal(0)
    return result.stdout
  }

  /** Runs `script` as bash -euxo pipefail would a saved file, with the wrappers first on PATH and fake AWS credentials. */
  async function runScript(script: string): Promise<ScriptRun> {
    const run = ++runs
    const file = path.join(scratch, `script-${run}.sh`)
    const argvLog = path.join(scratch, `argv-${run}.log`)
    writeFileSync(file, script)
    writeFileSync(argvLog, '')
    const home = path.join(scratch, `home-${run}`)
    const before = aws.calls().length
    const env = {
      ...e2e.emulator.env,
      ARGV_LOG: argvLog,
      AWS_ACCESS_KEY_ID: 'AKIDSTANDIN0EXAMPLE0',
      AWS_CLI_AUTO_PROMPT: 'off',
      AWS_CONFIG_FILE: path.join(home, 'no-aws-config'),
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_MAX_ATTEMPTS: '1',
      AWS_PAGER: '',
      AWS_SECRET_ACCESS_KEY: 'stand-in-secret-access-key-not-a-real-one',
      AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'no-aws-credentials'),
      AWS_STAND_IN_URL: aws.url,
      CI: 'true',
      DISABLE_TELEMETRY: 'true',
      HOME: home,
      LANG: 'C.UTF-8',
      NO_COLOR: '1',
      NODE: process.execPath,
      PATH: `${WRAPPERS}:/usr/local/bin:/usr/bin:/bin`,
      PLUGIN_BIN: BIN,
    }
    const child = spawn('bash', ['-euxo', 'pipefail', file], {cwd: scratch, env, stdio: ['ignore', 'pipe', 'pipe']})
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', chunk => {
      stdout += chunk
    })
    child.stderr.setEncoding('utf8').on('data', chunk => {
      stderr += chunk
    })
    const status = await new Promise<null | number>(resolve => {
      child.on('close', resolve)
    })
    return {
      argv: readFileSync(argvLog, 'utf8'), calls: aws.calls().slice(before), status, stderr, stdout,
    }
  }

  describe('the pre-flight', () => {
    it('creates exactly the security group, its ingress rule and the interface endpoint once every check passes, then waits for the connection', async () => {
      const serviceName = await seedWorld()
      const script = await printedCommands(['--vpc-id', VPC, '--subnet-id', SUBNET_A, '--subnet-id', SUBNET_B, '--cidr', '10.0.0.0/16'])
      const run = await runScript(script)
      expect(run.status, run.stderr).to.equal(0)
      expect(actions(run)).to.deep.equal([
        'DescribeVpcs', 'DescribeVpcEndpointServices', 'DescribeSubnets', 'DescribeSubnets', 'CreateSecurityGroup', 'AuthorizeSecurityGroupIngress', 'CreateVpcEndpoint',
      ])
      expect(run.calls.every(call => call.region === REGION && call.status === 200)).to.equal(true)
      const [vpcs, services, subnetA, subnetB, group, ingress, endpoint] = run.calls.map(call => call.params)
      expect(vpcs).to.include({'VpcId.1': VPC})
      expect(services).to.include({'ServiceName.1': serviceName})
      expect(subnetA).to.include({'SubnetId.1': SUBNET_A})
      expect(subnetB).to.include({'SubnetId.1': SUBNET_B})
      expect(group).to.include({GroupDescription: `Heroku PrivateLink to ${POSTGRES_ADDON} on ${APP}`, GroupName: `heroku-privatelink-${POSTGRES_ADDON}`, VpcId: VPC})
      expect(ingress).to.include({
        'IpPermissions.1.FromPort': '5432', 'IpPermissions.1.IpProtocol': 'tcp', 'IpPermissions.1.IpRanges.1.CidrIp': '10.0.0.0/16', 'IpPermissions.1.ToPort': '5433',
      })
      expect(ingress.GroupId).to.match(/^sg-[\da-f]{17}$/)
      expect(endpoint).to.include({
        'SecurityGroupId.1': ingress.GroupId, ServiceName: serviceName, 'SubnetId.1': SUBNET_A, 'SubnetId.2': SUBNET_B, VpcEndpointType: 'Interface', VpcId: VPC,
      })
      // The wait at the end followed the new VPC endpoint's connection until its config vars existed.
      const [connection] = (await e2e.endpoint())!.connections
      expect(run.stdout).to.include(`Connection ${connection.endpoint_id} is Available. Hostname: ${connection.hostname}. Its config vars:`)
      expect(run.argv).to.include(`heroku data:privatelink:wait DATABASE --app ${APP} --endpoint-id ${connection.endpoint_id}`)
    })

    it('stops before any create when the VPC does not exist', async () => {
      await seedWorld()
      world.vpcs.splice(0, Infinity)
      const run = await runScript(await printedCommands(['--vpc-id', VPC, '--subnet-id', SUBNET_A, '--cidr', '10.0.0.0/16']))
      expect(run.status).to.equal(1)
      expect(actions(run)).to.deep.equal(['DescribeVpcs'])
      expect(messages(run)).to.include(`VPC ${VPC} was not found in ${REGION}, the database's region: the VPC endpoint must be in a VPC of that region.`)
    })

    it('stops before any create when the VPC is in another region than the database', async () => {
      await seedWorld()
      const run = await runScript(await printedCommands(['--vpc-id', EU_VPC, '--subnet-id', SUBNET_A, '--cidr', '10.0.0.0/16']))
      expect(run.status).to.equal(1)
      expect(run.calls.map(call => [call.action, call.region])).to.deep.equal([['DescribeVpcs', REGION]])
      expect(messages(run)).to.include(`VPC ${EU_VPC} was not found in ${REGION}, the database's region: the VPC endpoint must be in a VPC of that region.`)
    })

    it('stops before any create when a subnet is in an Availability Zone the endpoint service does not offer, naming it', async () => {
      await seedWorld()
      const run = await runScript(await printedCommands(['--vpc-id', VPC, '--subnet-id', SUBNET_A, '--subnet-id', SUBNET_D, '--cidr', '10.0.0.0/16']))
      expect(run.status).to.equal(1)
      expect(actions(run)).to.deep.equal(['DescribeVpcs', 'DescribeVpcEndpointServices', 'DescribeSubnets', 'DescribeSubnets'])
      expect(messages(run)).to.include(`Subnet ${SUBNET_D} is in us-east-1d, which the endpoint service does not offer (it offers: us-east-1a\tus-east-1b\tus-east-1c). Use subnets in those Availability Zones.`)
      expect(run.stderr).not.to.include(`Subnet ${SUBNET_A} is in`)
    })

    it('stops before any create when the endpoint service is not visible to the credentials\' account', async () => {
      await seedWorld()
      world.services.splice(0, Infinity)
      const run = await runScript(await printedCommands(['--vpc-id', VPC, '--subnet-id', SUBNET_A, '--cidr', '10.0.0.0/16']))
      expect(run.status).to.equal(1)
      expect(actions(run)).to.deep.equal(['DescribeVpcs', 'DescribeVpcEndpointServices'])
      expect(messages(run).join('\n')).to.include('is not visible in us-east-1 to these AWS credentials: the endpoint must allow their account, or their IAM user or role (heroku data:privatelink:access DATABASE --app example-app).')
    })

    it('stops before any create on a subnet that does not exist', async () => {
      await seedWorld()
      const run = await runScript(await printedCommands(['--vpc-id', VPC, '--subnet-id', 'subnet-0123456789abcdef0', '--cidr', '10.0.0.0/16']))
      expect(run.status).not.to.equal(0)
      expect(run.calls.filter(call => CREATES.test(call.action))).to.deep.equal([])
      expect(run.stderr).to.include('InvalidSubnetID.NotFound')
    })
  })

  describe('the connection URLs handed to AWS', () => {
    it('stores each connection config var in Secrets Manager, and updates it when run again after the URLs change', async () => {
      await seedWorld([{endpoint_id: ENDPOINT_ID}])
      const vars = await e2e.configVars()
      const script = await printedCommands(['--secrets-manager', 'example-app/database'])
      const first = await runScript(script)
      expect(first.status, first.stderr).to.equal(0)
      expect(actions(first)).to.deep.equal(['DescribeSecret', 'CreateSecret', 'PutSecretValue', 'DescribeSecret', 'CreateSecret', 'PutSecretValue'])
      for (const name of [URL_VAR, PGBOUNCER_VAR]) {
        const secret = aws.secrets.get(`${REGION}/example-app/database/${name}`)
        expect(secret?.versions, name).to.deep.equal([vars[name]])
      }

      // The secrets were created without a value: only put-secret-value carried one, from stdin.
      expect(first.calls.filter(call => call.action === 'CreateSecret').map(call => call.params.SecretString)).to.deep.equal([undefined, undefined])
      expect(first.argv).to.include('--secret-string file:///dev/stdin')
      expectNowhere([vars[URL_VAR], vars[PGBOUNCER_VAR]], script, first)

      // Heroku changes the URLs (the connection's host, here); the same commands store the new ones.
      e2e.emulator.seedEndpoint({addon: POSTGRES_ADDON, connections: [{endpoint_id: ENDPOINT_ID}]})
      const changed = await e2e.configVars()
      expect(changed[URL_VAR]).not.to.equal(vars[URL_VAR])
      const again = await runScript(script)
      expect(again.status, again.stderr).to.equal(0)
      expect(actions(again)).to.deep.equal(['DescribeSecret', 'PutSecretValue', 'DescribeSecret', 'PutSecretValue'])
      for (const name of [URL_VAR, PGBOUNCER_VAR]) {
        expect(aws.secrets.get(`${REGION}/example-app/database/${name}`)?.versions, name).to.deep.equal([vars[name], changed[name]])
      }

      expectNowhere([changed[URL_VAR], changed[PGBOUNCER_VAR]], script, again)
    })

    it('stores each connection config var in SSM Parameter Store as a SecureString, overwriting it when run again', async () => {
      await seedWorld([{endpoint_id: ENDPOINT_ID}])
      const vars = await e2e.configVars()
      const script = await printedCommands(['--ssm-parameter', '/example-app/database'])
      const first = await runScript(script)
      expect(first.status, first.stderr).to.equal(0)
      expect(actions(first)).to.deep.equal(['PutParameter', 'PutParameter'])
      expect(aws.parameters.get(`${REGION}//example-app/database/${URL_VAR}`)).to.include({type: 'SecureString', value: vars[URL_VAR], version: 1})
      expectNowhere([vars[URL_VAR], vars[PGBOUNCER_VAR]], script, first)

      e2e.emulator.seedEndpoint({addon: POSTGRES_ADDON, connections: [{endpoint_id: ENDPOINT_ID}]})
      const changed = await e2e.configVars()
      const again = await runScript(script)
      expect(again.status, again.stderr).to.equal(0)
      expect(aws.parameters.get(`${REGION}//example-app/database/${PGBOUNCER_VAR}`)).to.include({value: changed[PGBOUNCER_VAR], version: 2})
      expectNowhere([changed[URL_VAR], changed[PGBOUNCER_VAR]], script, again)
    })

    it('stores nothing when a config var is no longer set, rather than an empty value', async () => {
      await seedWorld([{endpoint_id: ENDPOINT_ID}])
      const script = await printedCommands(['--secrets-manager', 'example-app/database'])
      // The connection goes, and with it its config vars.
      e2e.emulator.seedEndpoint({addon: POSTGRES_ADDON, connections: []})
      const run = await runScript(script)
      expect(run.status).to.equal(1)
      expect(run.calls).to.deep.equal([])
      expect(messages(run)).to.include(`${URL_VAR} is not set on ${APP}: nothing was stored. The connection config vars are listed by heroku data:privatelink DATABASE --app ${APP}`)
    })
  })
})

import {expect} from 'chai'

import {
  APP, CONNECTED_CONFIG_VARS, connectedEndpoint, KAFKA, operationalEndpoint, PASSWORD, POSTGRES, provisioningEndpoint, SERVICE_NAME,
} from '../../../helpers/fixtures.js'
import {
  checkRequests, commandFile, dataApi, endpointOf, expectAppRegion, expectResolve, guessedConfigVars, parseJson, platformApi, runCommand, watchRequests,
} from '../../helpers.js'

const VPC = 'vpc-0a1b2c3d4e5f60718'
const SUBNET_A = 'subnet-0a1b2c3d4e5f60718'
const SUBNET_B = 'subnet-08f7e6d5c4b3a2910'

/** An endpoint with a connection whose config vars exist. */
function connected(): void {
  expectResolve('DATABASE', [POSTGRES])
  dataApi().get(endpointOf(POSTGRES)).reply(200, connectedEndpoint())
  platformApi().get(`/apps/${APP}/config-vars`).reply(200, CONNECTED_CONFIG_VARS)
}

describe('data:privatelink:aws', () => {
  beforeEach(watchRequests)

  afterEach(checkRequests)

  it('runs the TypeScript source', async () => {
    expect(await commandFile('data:privatelink:aws')).to.equal('src/commands/data/privatelink/aws.ts')
  })

  it('prints the AWS CLI commands for the service name, in its region, with the flags\' VPC, subnets and CIDR', async () => {
    expectResolve('DATABASE', [POSTGRES])
    guessedConfigVars()
    dataApi().get(endpointOf(POSTGRES)).reply(200, operationalEndpoint())
    // Subnets given before and after DATABASE: one value per occurrence.
    const {error, stdout} = await runCommand(['data:privatelink:aws', '--subnet-id', SUBNET_A, 'DATABASE', '--app', APP, '--vpc-id', VPC, '--subnet-id', SUBNET_B, '--cidr', '10.0.0.0/16'])
    expect(error).to.equal(undefined)
    expect(stdout).to.include(`aws ec2 describe-vpcs --vpc-ids ${VPC} --region us-east-1`)
    expect(stdout).to.include(`aws ec2 describe-vpc-endpoint-services --service-names ${SERVICE_NAME} --region us-east-1`)
    expect(stdout).to.include(`aws ec2 describe-subnets --subnet-ids ${SUBNET_A} --region us-east-1`).and.include(`aws ec2 describe-subnets --subnet-ids ${SUBNET_B} --region us-east-1`)
    expect(stdout.indexOf('describe-subnets')).to.be.lessThan(stdout.indexOf('create-security-group'))
    expect(stdout).to.include(`aws ec2 create-security-group --group-name heroku-privatelink-${POSTGRES.name}`)
    expect(stdout).to.include('--protocol tcp --port 5432-5433 --cidr 10.0.0.0/16 --region us-east-1')
    expect(stdout).to.include(`aws ec2 create-vpc-endpoint --vpc-endpoint-type Interface --vpc-id ${VPC} --service-name ${SERVICE_NAME} --subnet-ids ${SUBNET_A} ${SUBNET_B} --security-group-ids "$SECURITY_GROUP_ID" --region us-east-1`)
    expect(stdout.trimEnd().split('\n').at(-1)).to.equal(`heroku data:privatelink:wait DATABASE --app ${APP} --endpoint-id "$VPC_ENDPOINT_ID"`)
    expect(stdout).not.to.include('<')
  })

  it('prints Terraform with --format terraform', async () => {
    expectResolve('DATABASE', [POSTGRES])
    guessedConfigVars()
    dataApi().get(endpointOf(POSTGRES)).reply(200, operationalEndpoint())
    const {stdout} = await runCommand(['data:privatelink:aws', 'DATABASE', '--app', APP, '--format', 'terraform'])
    expect(stdout).to.include('resource "aws_security_group"').and.include('resource "aws_vpc_endpoint"').and.include('vpc_endpoint_type  = "Interface"')
    expect(stdout).to.include('data "external"').and.include('data "aws_vpc_endpoint_service"').and.include('data "aws_subnet"').and.include('precondition {')
    expect(stdout).not.to.include('aws ec2')
  })

  it('gives service name, region, ports and commands under --json', async () => {
    expectResolve('DATABASE', [POSTGRES])
    guessedConfigVars()
    dataApi().get(endpointOf(POSTGRES)).reply(200, operationalEndpoint())
    const {stdout} = await runCommand(['data:privatelink:aws', 'DATABASE', '--app', APP, '--json'])
    const setup = parseJson(stdout) as {commands: string[]; placeholders: string[]; ports: unknown; region: string; service_name: string}
    expect(setup).to.include({region: 'us-east-1', service_name: SERVICE_NAME})
    expect(setup.ports).to.deep.equal([{from: 5432, to: 5433}])
    expect(setup.placeholders).to.deep.equal(['<VPC_ID>', '<SUBNET_ID>', '<CIDR>'])
    expect(setup.commands.some(command => command.startsWith('VPC_ENDPOINT_ID=$(aws ec2 create-vpc-endpoint'))).to.equal(true)
  })

  it('uses the Kafka brokers\' ports from the connection config vars', async () => {
    expectResolve('KAFKA', [KAFKA])
    dataApi().get(endpointOf(KAFKA)).reply(200, connectedEndpoint(KAFKA.name))
    platformApi().get(`/apps/${APP}/config-vars`).reply(200, {
      KAFKA_CLIENT_CERT_KEY: '-----BEGIN RSA PRIVATE KEY-----secret',
      KAFKA_ENDPOINT_01C87AE3C05563935_URL: 'kafka+ssl://vpce-1.example.com:9096,kafka+ssl://vpce-1.example.com:9097',
    })
    const {stdout} = await runCommand(['data:privatelink:aws', 'KAFKA', '--app', APP])
    expect(stdout).to.include('--protocol tcp --port 9096-9097')
    expect(stdout).not.to.include('secret')
  })

  describe('--secrets-manager and --ssm-parameter', () => {
    const URL_VAR = 'DATABASE_ENDPOINT_01C87AE3C05563935_URL'

    it('prints only the commands that store each connection config var, never a value', async () => {
      connected()
      const {error, stdout} = await runCommand(['data:privatelink:aws', 'DATABASE', '--app', APP, '--secrets-manager', 'example-app/database'])
      expect(error).to.equal(undefined)
      expect(stdout).to.include(`heroku config:get ${URL_VAR} -a ${APP} | tr -d '\\n' | aws secretsmanager put-secret-value --secret-id example-app/database/${URL_VAR} --secret-string file:///dev/stdin --region us-east-1`)
      expect(stdout).to.include('example-app/database/DATABASE_ENDPOINT_01C87AE3C05563935_PGBOUNCER_URL')
      expect(stdout).not.to.include('aws ec2').and.not.include(PASSWORD).and.not.include('postgres://')
    })

    it('gives where each var goes under --json, with the commands', async () => {
      connected()
      const {stdout} = await runCommand(['data:privatelink:aws', 'DATABASE', '--app', APP, '--ssm-parameter', '/example-app/database', '--json'])
      const storage = parseJson(stdout) as {commands: string[]; region: string; secrets: unknown[]}
      expect(storage.region).to.equal('us-east-1')
      expect(storage.secrets).to.deep.include({config_var: URL_VAR, name: `/example-app/database/${URL_VAR}`, store: 'ssm-parameter'})
      expect(storage.commands.some(line => line.includes('aws ssm put-parameter') && line.includes('--value file:///dev/stdin --overwrite'))).to.equal(true)
      expect(stdout).not.to.include(PASSWORD)
    })

    it('says there is nothing to store before a connection has config vars, with the wait command', async () => {
      expectResolve('DATABASE', [POSTGRES])
      guessedConfigVars()
      dataApi().get(endpointOf(POSTGRES)).reply(200, operationalEndpoint())
      const {error, stdout} = await runCommand(['data:privatelink:aws', 'DATABASE', '--app', APP, '--secrets-manager', 'db'])
      expect(error?.message).to.include(`${POSTGRES.name} on ${APP} has no connection config vars yet`).and.include(`heroku data:privatelink:wait DATABASE --app ${APP} --endpoint-id VPC_ENDPOINT_ID`)
      expect(error?.oclif?.exit).to.equal(1)
      expect(stdout).to.equal('')
    })

    const refused: Array<[string, string[], string]> = [
      ['with --format terraform, whose state would keep the values', ['--secrets-manager', 'db', '--format', 'terraform'], 'a value stored through Terraform would be kept in its state'],
      ['with the VPC\'s flags', ['--ssm-parameter', '/db', '--vpc-id', VPC], 'cannot also be provided when using --ssm-parameter'],
      ['an invalid secret name', ['--secrets-manager', 'my$db'], 'Invalid secret name "my$db"'],
      ['a parameter path without its leading /', ['--ssm-parameter', 'db'], 'Invalid parameter path "db": a parameter in a hierarchy has a name that starts with /'],
    ]
    for (const [what, flags, message] of refused) {
      it(`refuses ${what}, before any request (exit 2)`, async () => {
        const {error} = await runCommand(['data:privatelink:aws', 'DATABASE', '--app', APP, ...flags])
        expect(error?.message).to.include(message)
        expect(error?.oclif?.exit).to.equal(2)
      })
    }
  })

  it('refuses while the endpoint is provisioning, with the wait command', async () => {
    expectResolve('DATABASE', [POSTGRES])
    guessedConfigVars()
    dataApi().get(endpointOf(POSTGRES)).reply(200, provisioningEndpoint())
    expectAppRegion()
    const {error, stdout} = await runCommand(['data:privatelink:aws', 'DATABASE', '--app', APP])
    expect(error?.message).to.include(`The PrivateLink endpoint for ${POSTGRES.name} on ${APP} is Provisioning, not Operational`)
    expect(error?.message).to.include(`heroku data:privatelink:wait DATABASE --app ${APP}`)
    expect(error?.oclif?.exit).to.equal(1)
    expect(stdout).to.equal('')
  })

  describe('refusals before any request', () => {
    const invalid: Array<[string, string[], string]> = [
      ['a VPC id', ['--vpc-id', 'vpc-xyz'], 'Invalid VPC ID "vpc-xyz"'],
      ['a subnet id', ['--subnet-id', 'subnet-1'], 'Invalid subnet ID "subnet-1"'],
      ['subnet ids joined by a comma', ['--subnet-id', `${SUBNET_A},${SUBNET_B}`], 'repeat --subnet-id once for each subnet'],
      ['a CIDR', ['--cidr', '10.0.0.0/33'], 'Invalid CIDR block "10.0.0.0/33"'],
      ['a CIDR with a shell metacharacter', ['--cidr', '10.0.0.0/16;rm'], 'Invalid CIDR block'],
      ['a format', ['--format', 'cloudformation'], 'Expected --format=cloudformation to be one of: aws-cli, terraform'],
    ]
    for (const [what, flags, message] of invalid) {
      it(`refuses ${what}`, async () => {
        const {error} = await runCommand(['data:privatelink:aws', 'DATABASE', '--app', APP, ...flags])
        expect(error?.message).to.include(message)
        expect(error?.oclif?.exit).to.equal(2)
      })
    }
  })

  describe('hidden aliases', () => {
    for (const alias of ['pg:privatelink:aws', 'kafka:privatelink:aws', 'redis:privatelink:aws']) {
      it(`${alias} prints the commands`, async () => {
        expectResolve('DATABASE', [POSTGRES])
        guessedConfigVars()
        dataApi().get(endpointOf(POSTGRES)).reply(200, operationalEndpoint())
        const {error, stdout} = await runCommand([alias, 'DATABASE', '--app', APP])
        expect(error).to.equal(undefined)
        expect(stdout).to.include('aws ec2 create-vpc-endpoint')
      })
    }
  })
})

import {expect} from 'chai'

import type {EndpointView} from '../../src/lib/endpoint-view.js'

import {
  awsSetup, formatPorts, ingressPorts, PLACEHOLDERS, shellQuote,
} from '../../src/lib/aws.js'
import {SERVICE_NAME} from '../helpers/fixtures.js'

const VPC = 'vpc-0a1b2c3d4e5f60718'
const SUBNETS = ['subnet-0a1b2c3d4e5f60718', 'subnet-08f7e6d5c4b3a2910']

function view(overrides: Partial<EndpointView> = {}): EndpointView {
  return {
    addon: 'postgresql-simply-12345',
    allowed_accounts: [{arn: 'arn:aws:iam::123456789012:root', status: 'Active'}],
    app: 'example-app',
    config_vars_error: null,
    connections: [],
    region: 'us-east-1',
    region_error: null,
    service_name: SERVICE_NAME,
    status: 'Operational',
    ...overrides,
  }
}

function kafkaConnection(ports: number[]): EndpointView['connections'][number] {
  const hosts = ports.map(port => ({host: 'vpce-01c87ae3c05563935-abcd.example.com', port}))
  return {
    config_vars: [{
      host: hosts[0].host, hosts, name: 'KAFKA_ENDPOINT_01C87AE3C05563935_URL', port: hosts[0].port,
    }],
    endpoint_id: 'vpce-01c87ae3c05563935',
    hostname: null,
    owner_arn: 'arn:aws:iam::123456789012:root',
    status: 'Available',
  }
}

const POSTGRES = {database: 'DATABASE', kind: 'postgres'} as const
const KAFKA = {database: 'KAFKA', kind: 'kafka'} as const

describe('aws', () => {
  describe('shellQuote', () => {
    it('leaves literal words as they are', () => {
      expect(shellQuote('com.amazonaws.vpce.us-east-1.vpce-svc-0410a2e25933fe8ec')).to.equal('com.amazonaws.vpce.us-east-1.vpce-svc-0410a2e25933fe8ec')
      expect(shellQuote('10.0.0.0/16')).to.equal('10.0.0.0/16')
    })

    it('single-quotes anything else, quotes included', () => {
      expect(shellQuote('<VPC_ID>')).to.equal("'<VPC_ID>'")
      expect(shellQuote('a b')).to.equal("'a b'")
      expect(shellQuote("it's $(rm -rf /)")).to.equal(String.raw`'it'\''s $(rm -rf /)'`)
    })
  })

  describe('ingressPorts', () => {
    it('is 5432-5433 for Postgres, as the Dev Center says', () => {
      expect(ingressPorts('postgres', view()).map(range => formatPorts(range))).to.deep.equal(['5432-5433'])
    })

    it('takes the ports of the Kafka brokers, contiguous ones as a range', () => {
      const ranges = ingressPorts('kafka', view({connections: [kafkaConnection([9098, 9096, 9097, 9200])]}))
      expect(ranges.map(range => formatPorts(range))).to.deep.equal(['9096-9098', '9200'])
    })

    it('knows none before a Kafka or Key-Value Store connection exists', () => {
      expect(ingressPorts('kafka', view())).to.deep.equal([])
      expect(ingressPorts('redis', view())).to.deep.equal([])
    })
  })

  describe('awsSetup', () => {
    it('writes the three AWS CLI commands and the wait, with the given VPC, subnets and CIDR', () => {
      const setup = awsSetup(view(), POSTGRES, {cidr: '10.0.0.0/16', subnetIds: SUBNETS, vpcId: VPC})
      expect(setup.commands).to.deep.equal([
        `SECURITY_GROUP_ID=$(aws ec2 create-security-group --group-name heroku-privatelink-postgresql-simply-12345 --description 'Heroku PrivateLink to postgresql-simply-12345 on example-app' --vpc-id ${VPC} --region us-east-1 --query GroupId --output text)`,
        'aws ec2 authorize-security-group-ingress --group-id "$SECURITY_GROUP_ID" --protocol tcp --port 5432-5433 --cidr 10.0.0.0/16 --region us-east-1',
        `VPC_ENDPOINT_ID=$(aws ec2 create-vpc-endpoint --vpc-endpoint-type Interface --vpc-id ${VPC} --service-name ${SERVICE_NAME} --subnet-ids ${SUBNETS.join(' ')} --security-group-ids "$SECURITY_GROUP_ID" --region us-east-1 --query VpcEndpoint.VpcEndpointId --output text)`,
        '# Once the VPC endpoint exists, wait until its connection is available:',
        'heroku data:privatelink:wait DATABASE --app example-app --endpoint-id "$VPC_ENDPOINT_ID"',
      ])
      expect(setup.placeholders).to.deep.equal([])
      expect(setup).to.include({
        cidr: '10.0.0.0/16', region: 'us-east-1', service_name: SERVICE_NAME, vpc_id: VPC,
      })
      expect(setup.ports).to.deep.equal([{from: 5432, to: 5433}])
    })

    it('leaves quoted, listed placeholders for what it does not know', () => {
      const setup = awsSetup(view({region: null}), POSTGRES, {subnetIds: []})
      expect(setup.placeholders).to.deep.equal([PLACEHOLDERS.region, PLACEHOLDERS.vpcId, PLACEHOLDERS.subnetId, PLACEHOLDERS.cidr])
      expect(setup.commands[0]).to.equal('# Replace <REGION>, <VPC_ID>, <SUBNET_ID>, <CIDR> before running these commands.')
      const text = setup.commands.join('\n')
      expect(text).to.include("--vpc-id '<VPC_ID>'").and.include("--subnet-ids '<SUBNET_ID>'").and.include("--cidr '<CIDR>'").and.include("--region '<REGION>'")
      // No unquoted placeholder: a shell would read < and > as redirections.
      const commands = setup.commands.filter(line => !line.startsWith('#')).join('\n')
      expect(commands.replaceAll(/'<[A-Z_]+>'/g, '')).not.to.match(/<[A-Z_]+>/)
    })

    it('always gives the Interface type, which create-vpc-endpoint would otherwise default to Gateway', () => {
      const setup = awsSetup(view(), POSTGRES, {subnetIds: []})
      expect(setup.commands.find(command => command.includes('create-vpc-endpoint'))).to.include('--vpc-endpoint-type Interface')
    })

    it('quotes a DATABASE that needs it in the wait command', () => {
      const setup = awsSetup(view(), {database: 'other-app::DATABASE', kind: 'postgres'}, {subnetIds: []})
      expect(setup.commands.at(-1)).to.equal('heroku data:privatelink:wait other-app::DATABASE --app example-app --endpoint-id "$VPC_ENDPOINT_ID"')
    })

    it('allows the Kafka brokers\' ports once a connection shows them', () => {
      const setup = awsSetup(view({connections: [kafkaConnection([9096, 9097, 9098])]}), KAFKA, {cidr: '10.0.0.0/16', subnetIds: SUBNETS, vpcId: VPC})
      expect(setup.commands).to.include('aws ec2 authorize-security-group-ingress --group-id "$SECURITY_GROUP_ID" --protocol tcp --port 9096-9098 --cidr 10.0.0.0/16 --region us-east-1')
      expect(setup.terraform).to.include('from_port   = 9096').and.include('to_port     = 9098')
    })

    it('says where the Kafka ports are found before any connection, with a placeholder port', () => {
      const setup = awsSetup(view(), KAFKA, {cidr: '10.0.0.0/16', subnetIds: SUBNETS, vpcId: VPC})
      expect(setup.placeholders).to.deep.equal([PLACEHOLDERS.port])
      expect(setup.ports).to.deep.equal([])
      expect(setup.commands).to.include('aws ec2 authorize-security-group-ingress --group-id "$SECURITY_GROUP_ID" --protocol tcp --port \'<PORT>\' --cidr 10.0.0.0/16 --region us-east-1')
      expect(setup.commands.join('\n')).to.include('connection config vars').and.include('heroku data:privatelink KAFKA --app example-app').and.include('https://devcenter.heroku.com/articles/heroku-kafka-via-privatelink')
    })

    it('writes the same as Terraform: a security group with its ingress rule, the interface endpoint, its id as an output', () => {
      const {terraform} = awsSetup(view(), POSTGRES, {cidr: '10.0.0.0/16', subnetIds: SUBNETS, vpcId: VPC})
      expect(terraform).to.include('resource "aws_security_group" "heroku_privatelink_postgresql_simply_12345" {')
      expect(terraform).to.include(`  vpc_id      = "${VPC}"`)
      expect(terraform).to.match(/ingress \{\n.*\n {4}from_port {3}= 5432\n {4}to_port {5}= 5433\n {4}protocol {4}= "tcp"\n {4}cidr_blocks = \["10\.0\.0\.0\/16"\]\n {2}\}/)
      expect(terraform).to.include('resource "aws_vpc_endpoint" "heroku_privatelink_postgresql_simply_12345" {')
      expect(terraform).to.include('  vpc_endpoint_type  = "Interface"')
      expect(terraform).to.include(`  service_name       = "${SERVICE_NAME}"`)
      expect(terraform).to.include(`  subnet_ids         = ["${SUBNETS[0]}", "${SUBNETS[1]}"]`)
      expect(terraform).to.include('  security_group_ids = [aws_security_group.heroku_privatelink_postgresql_simply_12345.id]')
      expect(terraform).to.include('# In us-east-1, the database\'s region')
      expect(terraform).to.include('heroku data:privatelink:wait DATABASE --app example-app --endpoint-id "$(terraform output -raw heroku_privatelink_postgresql_simply_12345_vpc_endpoint_id)"')
    })

    it('escapes Terraform template sequences in strings', () => {
      // `${` starts an interpolation in HCL; `$${` is a literal one.
      const template = ['x', '{y}'].join('$')
      const {terraform} = awsSetup(view({app: template}), POSTGRES, {subnetIds: []})
      expect(terraform).to.include(['x', '{y}'].join('$$')).and.not.include(`on ${template}"`)
    })
  })
})

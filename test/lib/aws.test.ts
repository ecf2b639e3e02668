import {expect} from 'chai'

import type {EndpointView} from '../../src/lib/endpoint-view.js'

import {
  awsSetup, formatPorts, ingressPorts, PLACEHOLDERS, secretStorage, shellQuote,
} from '../../src/lib/aws.js'
import {SERVICE_NAME} from '../helpers/fixtures.js'
import {bashSyntaxError, findTerraform, terraformFmtCheck} from '../helpers/shell.js'

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

/** The index of the last line that matches (-1 for none). */
function lastIndexOf(lines: string[], matches: (line: string) => boolean): number {
  return lines.map(line => matches(line)).lastIndexOf(true)
}

/** The two lines that check one subnet's Availability Zone. */
function subnetCheck(id: string): string[] {
  return [
    `SUBNET_AZ=$(aws ec2 describe-subnets --subnet-ids ${id} --region us-east-1 --query 'Subnets[0].AvailabilityZone' --output text)`,
    `echo "$SERVICE_AZS" | tr '\\t' '\\n' | grep -qxF "$SUBNET_AZ" || { echo "Subnet ${id} is in $SUBNET_AZ, which the endpoint service does not offer (it offers: $SERVICE_AZS). Use subnets in those Availability Zones." >&2; false; }`,
  ]
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
    it('checks the VPC and each subnet\'s zone, then writes the three AWS CLI commands and the wait, with the given VPC, subnets and CIDR', () => {
      const setup = awsSetup(view(), POSTGRES, {cidr: '10.0.0.0/16', subnetIds: SUBNETS, vpcId: VPC})
      expect(setup.commands).to.deep.equal([
        '# Checks first, then creates: run these lines as a script with bash -e, so that a failed check stops it before anything is created.',
        '# 1. The VPC is in us-east-1, the database\'s region.',
        `aws ec2 describe-vpcs --vpc-ids ${VPC} --region us-east-1 > /dev/null || { echo "VPC ${VPC} was not found in us-east-1, the database's region: the VPC endpoint must be in a VPC of that region." >&2; false; }`,
        '# 2. Each subnet is in an Availability Zone that the endpoint service offers.',
        `SERVICE_AZS=$(aws ec2 describe-vpc-endpoint-services --service-names ${SERVICE_NAME} --region us-east-1 --query 'ServiceDetails[0].AvailabilityZones' --output text) || { echo "The endpoint service ${SERVICE_NAME} is not visible in us-east-1 to these AWS credentials: the endpoint must allow their account, or their IAM user or role (heroku data:privatelink:access DATABASE --app example-app)." >&2; false; }`,
        ...subnetCheck(SUBNETS[0]),
        ...subnetCheck(SUBNETS[1]),
        '# 3. A security group that lets the database\'s ports in.',
        `SECURITY_GROUP_ID=$(aws ec2 create-security-group --group-name heroku-privatelink-postgresql-simply-12345 --description 'Heroku PrivateLink to postgresql-simply-12345 on example-app' --vpc-id ${VPC} --region us-east-1 --query GroupId --output text)`,
        'aws ec2 authorize-security-group-ingress --group-id "$SECURITY_GROUP_ID" --protocol tcp --port 5432-5433 --cidr 10.0.0.0/16 --region us-east-1',
        '# 4. The interface VPC endpoint for the service name.',
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

    it('runs every check before the first create, and is valid shell', () => {
      const {commands} = awsSetup(view(), POSTGRES, {cidr: '10.0.0.0/16', subnetIds: SUBNETS, vpcId: VPC})
      const firstCreate = commands.findIndex(line => /aws ec2 create-/.test(line))
      const lastCheck = lastIndexOf(commands, line => /aws ec2 describe-|grep -qxF/.test(line))
      expect(lastCheck).to.be.greaterThan(0).and.lessThan(firstCreate)
      expect(bashSyntaxError(commands.join('\n'))).to.equal('')
    })

    it('leaves quoted, listed placeholders for what it does not know', () => {
      const setup = awsSetup(view({region: null}), POSTGRES, {subnetIds: []})
      expect(setup.placeholders).to.deep.equal([PLACEHOLDERS.region, PLACEHOLDERS.vpcId, PLACEHOLDERS.subnetId, PLACEHOLDERS.cidr])
      expect(setup.commands[0]).to.equal('# Replace <REGION>, <VPC_ID>, <SUBNET_ID>, <CIDR> before running these commands.')
      const text = setup.commands.join('\n')
      expect(text).to.include("--vpc-id '<VPC_ID>'").and.include("--subnet-ids '<SUBNET_ID>'").and.include("--cidr '<CIDR>'").and.include("--region '<REGION>'")
      // No unquoted placeholder: a shell would read < and > as redirections.
      const commands = setup.commands.filter(line => !line.startsWith('#')).join('\n')
      expect(commands.replaceAll(/'<[A-Z_]+>'/g, '').replaceAll(/"[^"]*"/g, '')).not.to.match(/<[A-Z_]+>/)
      expect(bashSyntaxError(text)).to.equal('')
    })

    it('keeps a hostile add-on, app or region a literal word in the commands and the messages', () => {
      const setup = awsSetup(view({addon: 'pg-$(touch x)', app: 'a`b`', region: 'us-"east"-1$HOME'}), POSTGRES, {subnetIds: SUBNETS, vpcId: VPC})
      expect(bashSyntaxError(setup.commands.join('\n'))).to.equal('')
      expect(setup.commands.join('\n')).to.include(String.raw`was not found in us-\"east\"-1\$HOME, the database`)
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
      const label = 'heroku_privatelink_postgresql_simply_12345'
      expect(terraform).to.include(`resource "aws_security_group" "${label}" {`)
      expect(terraform).to.include(`  vpc_id      = data.aws_vpc.${label}.id`)
      expect(terraform).to.match(/ingress \{\n.*\n {4}from_port {3}= 5432\n {4}to_port {5}= 5433\n {4}protocol {4}= "tcp"\n {4}cidr_blocks = \["10\.0\.0\.0\/16"\]\n {2}\}/)
      expect(terraform).to.include(`resource "aws_vpc_endpoint" "${label}" {`)
      expect(terraform).to.include('  vpc_endpoint_type  = "Interface"')
      expect(terraform).to.include(`  subnet_ids         = [for subnet in data.aws_subnet.${label} : subnet.id]`)
      expect(terraform).to.include(`  security_group_ids = [aws_security_group.${label}.id]`)
      expect(terraform).to.include('# In us-east-1, the database\'s region')
      expect(terraform).to.include(`heroku data:privatelink:wait DATABASE --app example-app --endpoint-id "$(terraform output -raw ${label}_vpc_endpoint_id)"`)
    })

    it('reads the service name in Terraform through data:privatelink --json --flat, never as a literal, and needs it Operational', () => {
      const {terraform} = awsSetup(view(), POSTGRES, {cidr: '10.0.0.0/16', subnetIds: SUBNETS, vpcId: VPC})
      const label = 'heroku_privatelink_postgresql_simply_12345'
      expect(terraform).not.to.include(SERVICE_NAME)
      expect(terraform).to.include(`data "external" "${label}" {\n  program = ["heroku", "data:privatelink", "DATABASE", "--app", "example-app", "--json", "--flat"]\n`)
      expect(terraform).to.include(`data "aws_vpc_endpoint_service" "${label}" {\n  service_name = data.external.${label}.result.service_name\n}`)
      expect(terraform).to.include(`  service_name       = data.aws_vpc_endpoint_service.${label}.service_name`)
      expect(terraform).to.include('      condition     = self.result.status == "Operational"')
      // `${` written as HCL reads it: an interpolation of the status the external data source read.
      expect(terraform).to.include(['is ', '{self.result.status}, not Operational: wait for it with heroku data:privatelink:wait DATABASE --app example-app"'].join('$'))
    })

    it('checks in Terraform, as the plan runs, the VPC and each subnet\'s Availability Zone against the endpoint service\'s', () => {
      const {terraform} = awsSetup(view(), POSTGRES, {cidr: '10.0.0.0/16', subnetIds: SUBNETS, vpcId: VPC})
      const label = 'heroku_privatelink_postgresql_simply_12345'
      expect(terraform).to.include(`data "aws_vpc" "${label}" {\n  id = "${VPC}"\n}`)
      expect(terraform).to.include(`data "aws_subnet" "${label}" {\n  for_each = toset(["${SUBNETS[0]}", "${SUBNETS[1]}"])\n  id       = each.value\n}`)
      const zones = `data.aws_vpc_endpoint_service.${label}.availability_zones`
      expect(terraform).to.include(`      condition     = alltrue([for subnet in data.aws_subnet.${label} : contains(${zones}, subnet.availability_zone)])`)
      // The message names each subnet in a zone the service does not offer.
      expect(terraform).to.include(`[for subnet in data.aws_subnet.${label} : "\${subnet.id} (\${subnet.availability_zone})" if !contains(${zones}, subnet.availability_zone)]`)
    })

    it('writes Terraform as terraform fmt does (when terraform is installed: it has no providers here to validate with)', function () {
      const terraformBinary = findTerraform()
      if (!terraformBinary) this.skip()
      for (const setup of [
        awsSetup(view(), POSTGRES, {cidr: '10.0.0.0/16', subnetIds: SUBNETS, vpcId: VPC}),
        awsSetup(view({region: null}), KAFKA, {subnetIds: []}),
      ]) {
        expect(terraformFmtCheck(terraformBinary!, setup.terraform)).to.deep.equal({diff: '', status: 0})
      }
    })

    it('escapes Terraform template sequences in strings', () => {
      // `${` starts an interpolation in HCL; `$${` is a literal one.
      const template = ['x', '{y}'].join('$')
      const {terraform} = awsSetup(view({app: template}), POSTGRES, {subnetIds: []})
      expect(terraform).to.include(['x', '{y}'].join('$$')).and.not.include(`on ${template}"`)
    })
  })

  describe('secretStorage', () => {
    const connected = view({
      connections: [{
        config_vars: ['DATABASE_ENDPOINT_01C87AE3C05563935_URL', 'DATABASE_ENDPOINT_01C87AE3C05563935_PGBOUNCER_URL'].map(name => ({
          host: 'vpce-01c87ae3c05563935-abcd.example.com', hosts: [{host: 'vpce-01c87ae3c05563935-abcd.example.com', port: 5432}], name, port: 5432,
        })),
        endpoint_id: 'vpce-01c87ae3c05563935',
        hostname: null,
        owner_arn: 'arn:aws:iam::123456789012:root',
        status: 'Available',
      }],
    })
    const URL_VAR = 'DATABASE_ENDPOINT_01C87AE3C05563935_URL'
    const PGBOUNCER_VAR = 'DATABASE_ENDPOINT_01C87AE3C05563935_PGBOUNCER_URL'

    it('pipes each config var from heroku config:get into a Secrets Manager secret NAME/VAR, creating it only when it does not exist', () => {
      const storage = secretStorage(connected, POSTGRES, {secretName: 'example-app/database'})
      expect(storage.secrets).to.deep.equal([
        {config_var: URL_VAR, name: `example-app/database/${URL_VAR}`, store: 'secrets-manager'},
        {config_var: PGBOUNCER_VAR, name: `example-app/database/${PGBOUNCER_VAR}`, store: 'secrets-manager'},
      ])
      expect(storage.commands).to.include(`aws secretsmanager describe-secret --secret-id example-app/database/${URL_VAR} --region us-east-1 > /dev/null 2>&1 || aws secretsmanager create-secret --name example-app/database/${URL_VAR} --description '${URL_VAR} of example-app (Heroku PrivateLink to postgresql-simply-12345)' --region us-east-1 > /dev/null`)
      expect(storage.commands).to.include(`heroku config:get ${URL_VAR} -a example-app | tr -d '\\n' | aws secretsmanager put-secret-value --secret-id example-app/database/${URL_VAR} --secret-string file:///dev/stdin --region us-east-1 > /dev/null`)
      expect(storage.commands.filter(line => line.includes('put-secret-value'))).to.have.length(2)
      expect(bashSyntaxError(storage.commands.join('\n'))).to.equal('')
    })

    it('pipes each config var into an SSM SecureString parameter NAME/VAR, overwriting it', () => {
      const storage = secretStorage(connected, POSTGRES, {parameterPath: '/example-app/database'})
      expect(storage.secrets.map(secret => [secret.name, secret.store])).to.deep.equal([[`/example-app/database/${URL_VAR}`, 'ssm-parameter'], [`/example-app/database/${PGBOUNCER_VAR}`, 'ssm-parameter']])
      expect(storage.commands).to.include(`heroku config:get ${PGBOUNCER_VAR} -a example-app | tr -d '\\n' | aws ssm put-parameter --name /example-app/database/${PGBOUNCER_VAR} --type SecureString --value file:///dev/stdin --overwrite --description '${PGBOUNCER_VAR} of example-app (Heroku PrivateLink to postgresql-simply-12345)' --region us-east-1 > /dev/null`)
      expect(storage.commands.join('\n')).not.to.include('secretsmanager')
    })

    it('checks that every config var is set before it stores any, and says when to run the commands again', () => {
      const storage = secretStorage(connected, POSTGRES, {parameterPath: '/p', secretName: 's'})
      const lastCheck = lastIndexOf(storage.commands, line => line.includes('| grep -q .'))
      const firstStore = storage.commands.findIndex(line => / aws (?:secretsmanager|ssm) /.test(line) || line.startsWith('aws '))
      expect(lastCheck).to.be.greaterThan(0).and.lessThan(firstStore)
      expect(storage.commands).to.include(`heroku config:get ${URL_VAR} -a example-app | grep -q . || { echo "${URL_VAR} is not set on example-app: nothing was stored. The connection config vars are listed by heroku data:privatelink DATABASE --app example-app" >&2; false; }`)
      expect(storage.commands.join('\n')).to.include('when Heroku changes the URLs (credential rotation, maintenance, failover)')
    })

    it('gives every value to the AWS CLI on stdin: each aws command that stores one reads file:///dev/stdin from a heroku config:get pipe', () => {
      const storage = secretStorage(connected, POSTGRES, {parameterPath: '/p', secretName: 's'})
      const stores = storage.commands.filter(line => /put-secret-value|put-parameter/.test(line))
      expect(stores).to.have.length(4)
      for (const line of stores) expect(line).to.match(/^heroku config:get \w+ -a example-app \| tr -d '\\n' \| aws .* file:\/\/\/dev\/stdin /)
    })
  })
})

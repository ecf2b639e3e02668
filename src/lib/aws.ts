// The AWS half of the walkthrough (a security group that lets the database's ports in, then an
// interface VPC endpoint for the service name), as AWS CLI commands ready to paste or as Terraform,
// each checking first what AWS can tell (the VPC in the database's region, each subnet in an
// Availability Zone the endpoint service offers); and the commands that hand the connection config
// vars to AWS Secrets Manager or SSM Parameter Store without the values ever being an argument.
// Flags and value forms follow the AWS CLI v2 reference of `aws ec2 create-security-group`,
// `authorize-security-group-ingress` (--protocol, --port N or MIN-MAX, --cidr IPv4),
// `create-vpc-endpoint` (whose --vpc-endpoint-type defaults to Gateway, so it is always given),
// `describe-vpcs --vpc-ids`, `describe-subnets --subnet-ids`, `describe-vpc-endpoint-services
// --service-names`, `secretsmanager describe-secret|create-secret|put-secret-value` and `ssm
// put-parameter`; `file://` loads a parameter's value from a file, here /dev/stdin (a pipe).
import type {EndpointView} from './endpoint-view.js'
import type {DatabaseKind} from './types.js'

import {connectionVarNames} from './endpoint-view.js'
import {configGetCommand, devCenterArticle, privatelinkCommand} from './suggestions.js'

export interface PortRange {
  from: number
  to: number
}

/** What the plugin can't know about the customer's VPC; each missing one becomes a placeholder. */
export interface VpcSettings {
  cidr?: string
  subnetIds: string[]
  vpcId?: string
}

export interface AwsTarget {
  /** DATABASE as the user typed it, for the commands we print. */
  database: string
  kind: DatabaseKind
}

/** What `data:privatelink:aws --json` prints; both renderings are made from it. */
export interface AwsSetup {
  addon: string
  app: string
  cidr: null | string
  /** AWS CLI commands, one a line, `#` lines being comments: the whole list pastes into a shell. */
  commands: string[]
  /** Placeholders left in the commands and the Terraform, to replace before running them. */
  placeholders: string[]
  /** Empty when the ports are not known yet (Kafka, Key-Value Store before any connection). */
  ports: PortRange[]
  region: null | string
  security_group_name: string
  service_name: string
  subnet_ids: string[]
  terraform: string
  vpc_id: null | string
  /** The command that waits for the VPC endpoint's connection, once it exists. */
  wait_command: string
}

export const PLACEHOLDERS = {
  cidr: '<CIDR>', port: '<PORT>', region: '<REGION>', subnetId: '<SUBNET_ID>', vpcId: '<VPC_ID>',
} as const

/** The Dev Center's ports for Postgres: 5432 (direct) and 5433 (PgBouncer). */
const POSTGRES_PORTS: PortRange[] = [{from: 5432, to: 5433}]

/**
 * The ports the security group must let in: Postgres's are fixed; Kafka's and Key-Value Store's
 * are those of the connection config vars, so they are known once a connection exists.
 */
export function ingressPorts(kind: DatabaseKind, view: Pick<EndpointView, 'connections'>): PortRange[] {
  if (kind === 'postgres') return POSTGRES_PORTS
  const ports = view.connections.flatMap(connection => (connection.config_vars ?? []).flatMap(configVar => configVar.hosts.map(host => host.port)))
  const sorted = [...new Set(ports.filter(port => port !== null))].sort((a, b) => a - b)
  const ranges: PortRange[] = []
  for (const port of sorted) {
    const last = ranges.at(-1)
    if (last && last.to + 1 === port) last.to = port
    else ranges.push({from: port, to: port})
  }

  return ranges
}

export function formatPorts(range: PortRange): string {
  return range.from === range.to ? String(range.from) : `${range.from}-${range.to}`
}

/** Where the ports are, when they are not known yet. */
export function portsHint(kind: DatabaseKind, target: {app: string; database: string}): string {
  return `the ports of the connection config vars, which Heroku adds once the VPC endpoint's connection is available (listed by ${privatelinkCommand('', target)}; see ${devCenterArticle(kind)})`
}

// Characters a POSIX shell takes literally in a word.
const SHELL_SAFE = /^[\w%+,./:=@-]+$/

/** A value as one shell word: as is when every character is literal, else single-quoted. */
export function shellQuote(value: string): string {
  return SHELL_SAFE.test(value) ? value : `'${value.replaceAll("'", String.raw`'\''`)}'`
}

/** The command that lets `cidr` in on TCP `port` (N or MIN-MAX) of the security group `groupId`, a shell word as given. */
export function ingressCommand(groupId: string, port: string, cidr: string, region: string): string {
  return ['aws ec2 authorize-security-group-ingress --group-id', groupId, '--protocol tcp --port', shellQuote(port), '--cidr', shellQuote(cidr), '--region', shellQuote(region)].join(' ')
}

/** Text inside a Terraform (HCL) string: quotes, backslashes and template sequences escaped. */
function hclText(value: string): string {
  // A function as replacement: in a replacement string, `$$` would stand for one `$`.
  return JSON.stringify(value).slice(1, -1).replaceAll(/([$%])\{/g, (_, sign: string) => `${sign}${sign}{`)
}

/** A Terraform (HCL) string literal. */
function hcl(value: string): string {
  return `"${hclText(value)}"`
}

/** Text inside a shell's double quotes, where only these four characters are special in a script. */
function shellText(value: string): string {
  return value.replaceAll(/[$"\\`]/g, String.raw`\$&`)
}

/**
 * `command`, stopping a `bash -e` script with `message` on stderr when it fails. The message is
 * double-quoted: `$NAME` in it is a variable the script has set, and the rest is literal.
 */
function orStop(command: string, message: string): string {
  return `${command} || { echo "${message}" >&2; false; }`
}

/**
 * The pre-flight: what AWS can tell before anything is created. The VPC must exist in the
 * database's region (describe-vpcs answers InvalidVpcID.NotFound for one in another region), and
 * each subnet must be in an Availability Zone that the endpoint service offers, which is also only
 * visible to the accounts it allows. Each check stops a `bash -e` script, naming what is wrong.
 */
function preflight(input: {access: string; region: string; serviceName: string; subnetIds: string[]; vpcId: string}): string[] {
  const regionFlag = ['--region', shellQuote(input.region)]
  const region = shellText(input.region)
  return [
    `# 1. The VPC is in ${input.region}, the database's region.`,
    orStop(
      ['aws ec2 describe-vpcs --vpc-ids', shellQuote(input.vpcId), ...regionFlag, '> /dev/null'].join(' '),
      `VPC ${shellText(input.vpcId)} was not found in ${region}, the database's region: the VPC endpoint must be in a VPC of that region.`,
    ),
    '# 2. Each subnet is in an Availability Zone that the endpoint service offers.',
    orStop(
      ['SERVICE_AZS=$(aws ec2 describe-vpc-endpoint-services --service-names', shellQuote(input.serviceName), ...regionFlag, "--query 'ServiceDetails[0].AvailabilityZones' --output text)"].join(' '),
      `The endpoint service ${shellText(input.serviceName)} is not visible in ${region} to these AWS credentials: the endpoint must allow their account, or their IAM user or role (${shellText(input.access)}).`,
    ),
    ...input.subnetIds.flatMap(id => [
      ['SUBNET_AZ=$(aws ec2 describe-subnets --subnet-ids', shellQuote(id), ...regionFlag, "--query 'Subnets[0].AvailabilityZone' --output text)"].join(' '),
      // `--output text` separates a list's items with tabs.
      orStop(
        String.raw`echo "$SERVICE_AZS" | tr '\t' '\n' | grep -qxF "$SUBNET_AZ"`,
        `Subnet ${shellText(id)} is in $SUBNET_AZ, which the endpoint service does not offer (it offers: $SERVICE_AZS). Use subnets in those Availability Zones.`,
      ),
    ]),
  ]
}

/** The AWS CLI commands and the Terraform that connect a VPC to an operational endpoint. */
export function awsSetup(view: EndpointView, target: AwsTarget, vpc: VpcSettings): AwsSetup {
  const serviceName = view.service_name ?? ''
  const region = view.region ?? PLACEHOLDERS.region
  const vpcId = vpc.vpcId ?? PLACEHOLDERS.vpcId
  const subnetIds = vpc.subnetIds.length > 0 ? vpc.subnetIds : [PLACEHOLDERS.subnetId]
  const cidr = vpc.cidr ?? PLACEHOLDERS.cidr
  const ports = ingressPorts(target.kind, view)
  const groupName = `heroku-privatelink-${view.addon}`
  const description = `Heroku PrivateLink to ${view.addon} on ${view.app}`
  const commandTarget = {app: shellQuote(view.app), database: shellQuote(target.database)}
  const used = [
    view.region ? undefined : PLACEHOLDERS.region,
    vpc.vpcId ? undefined : PLACEHOLDERS.vpcId,
    vpc.subnetIds.length > 0 ? undefined : PLACEHOLDERS.subnetId,
    vpc.cidr ? undefined : PLACEHOLDERS.cidr,
    ports.length > 0 ? undefined : PLACEHOLDERS.port,
  ].filter(placeholder => placeholder !== undefined)
  const regionFlag = ['--region', shellQuote(region)]
  const portsComment = ports.length > 0 ? [] : [`# Replace ${PLACEHOLDERS.port} with ${portsHint(target.kind, commandTarget)}.`]
  const ingress = (ports.length > 0 ? ports.map(range => formatPorts(range)) : [PLACEHOLDERS.port]).map(port => ingressCommand('"$SECURITY_GROUP_ID"', port, cidr, region))
  const commands = [
    ...(used.length > 0 ? [`# Replace ${used.join(', ')} before running these commands.`] : []),
    '# Checks first, then creates: run these lines as a script with bash -e, so that a failed check stops it before anything is created.',
    ...preflight({
      access: privatelinkCommand('access', commandTarget), region, serviceName, subnetIds, vpcId,
    }),
    '# 3. A security group that lets the database\'s ports in.',
    ['SECURITY_GROUP_ID=$(aws ec2 create-security-group --group-name', shellQuote(groupName), '--description', shellQuote(description), '--vpc-id', shellQuote(vpcId), ...regionFlag, '--query GroupId --output text)'].join(' '),
    ...portsComment,
    ...ingress,
    '# 4. The interface VPC endpoint for the service name.',
    [
      'VPC_ENDPOINT_ID=$(aws ec2 create-vpc-endpoint --vpc-endpoint-type Interface --vpc-id',
      shellQuote(vpcId),
      '--service-name',
      shellQuote(serviceName),
      '--subnet-ids',
      ...subnetIds.map(id => shellQuote(id)),
      '--security-group-ids "$SECURITY_GROUP_ID"',
      ...regionFlag,
      '--query VpcEndpoint.VpcEndpointId --output text)',
    ].join(' '),
    '# Once the VPC endpoint exists, wait until its connection is available:',
    privatelinkCommand('wait', commandTarget, '--endpoint-id', '"$VPC_ENDPOINT_ID"'),
  ]
  return {
    addon: view.addon,
    app: view.app,
    cidr: vpc.cidr ?? null,
    commands,
    placeholders: used,
    ports,
    region: view.region,
    security_group_name: groupName,
    service_name: serviceName,
    subnet_ids: vpc.subnetIds,
    terraform: terraform({
      cidr, description, groupName, ports, region, subnetIds, target, used, view, vpcId,
    }),
    vpc_id: vpc.vpcId ?? null,
    wait_command: privatelinkCommand('wait', commandTarget, '--endpoint-id', 'VPC_ENDPOINT_ID'),
  }
}

interface TerraformInput {
  cidr: string
  description: string
  groupName: string
  ports: PortRange[]
  region: string
  subnetIds: string[]
  target: AwsTarget
  used: string[]
  view: EndpointView
  vpcId: string
}

/**
 * The same as Terraform. The service name is read when Terraform plans, through the `external`
 * data source running `data:privatelink --json --flat`; the VPC, the endpoint service and the
 * subnets are data sources, so the checks of the AWS CLI commands fail the plan, before anything
 * is created.
 */
function terraform(input: TerraformInput): string {
  const label = `heroku_privatelink_${input.view.addon.replaceAll(/\W/g, '_')}`
  const {app} = input.view
  const {database} = input.target
  const commandTarget = {app: shellQuote(app), database: shellQuote(database)}
  const endpoint = `data.external.${label}.result`
  const zones = `data.aws_vpc_endpoint_service.${label}.availability_zones`
  const subnets = `data.aws_subnet.${label}`
  const ingress = (input.ports.length > 0 ? input.ports : [undefined]).flatMap(range => [
    '',
    '  ingress {',
    `    description = ${hcl(`${database} on ${app}`)}`,
    `    from_port   = ${range ? range.from : hcl(PLACEHOLDERS.port)}`,
    `    to_port     = ${range ? range.to : hcl(PLACEHOLDERS.port)}`,
    '    protocol    = "tcp"',
    `    cidr_blocks = [${hcl(input.cidr)}]`,
    '  }',
  ])
  return [
    `# In ${input.region}, the database's region: use an aws provider configured for it. The external`,
    '# provider runs heroku (logged in, or with HEROKU_API_KEY) to read the endpoint when Terraform plans.',
    ...(input.used.length > 0 ? [`# Replace ${input.used.join(', ')} before applying.`] : []),
    ...(input.ports.length > 0 ? [] : [`# Replace ${PLACEHOLDERS.port} with ${portsHint(input.target.kind, commandTarget)}.`]),
    `data "external" ${hcl(label)} {`,
    `  program = [${['heroku', 'data:privatelink', database, '--app', app, '--json', '--flat'].map(word => hcl(word)).join(', ')}]`,
    '',
    '  lifecycle {',
    '    postcondition {',
    '      condition     = self.result.status == "Operational"',
    `      error_message = "${hclText(`The PrivateLink endpoint for ${input.view.addon} on ${app} is `)}\${self.result.status}${hclText(`, not Operational: wait for it with ${privatelinkCommand('wait', commandTarget)}`)}"`,
    '    }',
    '  }',
    '}',
    '',
    '# The VPC must be in the provider\'s region: the plan fails if it is not found there.',
    `data "aws_vpc" ${hcl(label)} {`,
    `  id = ${hcl(input.vpcId)}`,
    '}',
    '',
    `data "aws_vpc_endpoint_service" ${hcl(label)} {`,
    `  service_name = ${endpoint}.service_name`,
    '}',
    '',
    `data "aws_subnet" ${hcl(label)} {`,
    `  for_each = toset([${input.subnetIds.map(id => hcl(id)).join(', ')}])`,
    '  id       = each.value',
    '}',
    '',
    `resource "aws_security_group" ${hcl(label)} {`,
    `  name        = ${hcl(input.groupName)}`,
    `  description = ${hcl(input.description)}`,
    `  vpc_id      = data.aws_vpc.${label}.id`,
    ...ingress,
    '}',
    '',
    `resource "aws_vpc_endpoint" ${hcl(label)} {`,
    `  vpc_id             = data.aws_vpc.${label}.id`,
    `  service_name       = data.aws_vpc_endpoint_service.${label}.service_name`,
    '  vpc_endpoint_type  = "Interface"',
    `  subnet_ids         = [for subnet in ${subnets} : subnet.id]`,
    `  security_group_ids = [aws_security_group.${label}.id]`,
    '',
    '  lifecycle {',
    '    # Each subnet must be in an Availability Zone that the endpoint service offers.',
    '    precondition {',
    `      condition     = alltrue([for subnet in ${subnets} : contains(${zones}, subnet.availability_zone)])`,
    `      error_message = "Subnets in Availability Zones that the endpoint service does not offer (it offers \${join(", ", sort(${zones}))}): \${join(", ", [for subnet in ${subnets} : "\${subnet.id} (\${subnet.availability_zone})" if !contains(${zones}, subnet.availability_zone)])}."`,
    '    }',
    '  }',
    '}',
    '',
    `output "${label}_vpc_endpoint_id" {`,
    `  value = aws_vpc_endpoint.${label}.id`,
    '}',
    '',
    '# Once applied, wait until the VPC endpoint\'s connection is available:',
    `# ${privatelinkCommand('wait', commandTarget, '--endpoint-id', `"$(terraform output -raw ${label}_vpc_endpoint_id)"`)}`,
  ].join('\n')
}

/** Where `--secrets-manager` and `--ssm-parameter` store the connection config vars. */
export interface SecretStores {
  /** SSM Parameter Store path: each var as the SecureString parameter NAME/VAR. */
  parameterPath?: string
  /** Secrets Manager name: each var as the secret NAME/VAR. */
  secretName?: string
}

export type SecretStoreKind = 'secrets-manager' | 'ssm-parameter'

/** What `data:privatelink:aws --secrets-manager|--ssm-parameter --json` prints. */
export interface SecretStorage {
  addon: string
  app: string
  /** AWS CLI commands, one a line, `#` lines being comments; a config var's value is never in them. */
  commands: string[]
  region: null | string
  /** Each connection config var and where it is stored. */
  secrets: Array<{config_var: string; name: string; store: SecretStoreKind}>
}

/**
 * The commands that store each connection config var in Secrets Manager or SSM Parameter Store.
 * Each value goes from `heroku config:get` through a pipe into the AWS CLI's `file:///dev/stdin`:
 * never an argument of any command, nor in the shell's history or its output. Running them again
 * stores the current values (`put-secret-value`, `put-parameter --overwrite`), which is what to
 * do after Heroku changes the URLs. Every var is checked before anything is stored: an empty read
 * would replace a stored value.
 */
export function secretStorage(view: EndpointView, target: AwsTarget, stores: SecretStores): SecretStorage {
  const names = connectionVarNames(view)
  const region = view.region ?? PLACEHOLDERS.region
  const regionFlag = ['--region', shellQuote(region)].join(' ')
  const app = shellQuote(view.app)
  const show = privatelinkCommand('', {app, database: shellQuote(target.database)})
  const read = (name: string) => configGetCommand(name, app)
  const description = (name: string) => shellQuote(`${name} of ${view.app} (Heroku PrivateLink to ${view.addon})`)
  const secrets: SecretStorage['secrets'] = [
    ...(stores.secretName === undefined ? [] : names.map(name => ({config_var: name, name: `${stores.secretName}/${name}`, store: 'secrets-manager' as const}))),
    ...(stores.parameterPath === undefined ? [] : names.map(name => ({config_var: name, name: `${stores.parameterPath}/${name}`, store: 'ssm-parameter' as const}))),
  ]
  const where = [
    stores.secretName === undefined ? undefined : `AWS Secrets Manager as the secret ${stores.secretName}/VAR`,
    stores.parameterPath === undefined ? undefined : `SSM Parameter Store as the SecureString parameter ${stores.parameterPath}/VAR`,
  ].filter(text => text !== undefined).join(', and in ')
  const store = ({config_var: name, name: id, store: kind}: SecretStorage['secrets'][number]): string[] => kind === 'secrets-manager'
    ? [
      `# ${name} to the secret ${id} (created the first time)`,
      `aws secretsmanager describe-secret --secret-id ${shellQuote(id)} ${regionFlag} > /dev/null 2>&1 || aws secretsmanager create-secret --name ${shellQuote(id)} --description ${description(name)} ${regionFlag} > /dev/null`,
      `${read(name)} | tr -d '\\n' | aws secretsmanager put-secret-value --secret-id ${shellQuote(id)} --secret-string file:///dev/stdin ${regionFlag} > /dev/null`,
    ]
    : [
      `# ${name} to the SecureString parameter ${id}`,
      `${read(name)} | tr -d '\\n' | aws ssm put-parameter --name ${shellQuote(id)} --type SecureString --value file:///dev/stdin --overwrite --description ${description(name)} ${regionFlag} > /dev/null`,
    ]
  const commands = [
    ...(view.region ? [] : [`# Replace ${PLACEHOLDERS.region} before running these commands.`]),
    `# Stores each connection config var of ${view.addon} on ${view.app} in ${where}, in ${region}.`,
    '# Each value goes through a pipe from heroku config:get to the AWS CLI: it is never an argument, nor printed.',
    '# Run these lines again when Heroku changes the URLs (credential rotation, maintenance, failover): they store the new values.',
    '# Run them as a script with bash -e, so that a failed check stops it before anything is stored.',
    '# 1. Every config var is set: an empty value would replace the stored one.',
    ...names.map(name => orStop(`${read(name)} | grep -q .`, `${shellText(name)} is not set on ${shellText(view.app)}: nothing was stored. The connection config vars are listed by ${shellText(show)}`)),
    '# 2. Each config var stored.',
    ...secrets.flatMap(secret => store(secret)),
    `echo ${shellQuote(`Stored ${names.join(', ')} in ${where}.`)}`,
  ]
  return {
    addon: view.addon, app: view.app, commands, region: view.region, secrets,
  }
}

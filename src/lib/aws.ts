// The AWS half of the walkthrough (a security group that lets the database's ports in, then an
// interface VPC endpoint for the service name), as AWS CLI commands ready to paste or as Terraform.
// Flags and value forms follow the AWS CLI v2 reference of `aws ec2 create-security-group`,
// `authorize-security-group-ingress` (--protocol, --port N or MIN-MAX, --cidr IPv4) and
// `create-vpc-endpoint` (whose --vpc-endpoint-type defaults to Gateway, so it is always given).
import type {EndpointView} from './endpoint-view.js'
import type {DatabaseKind} from './types.js'

import {devCenterArticle, privatelinkCommand} from './suggestions.js'

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

/** A Terraform (HCL) string literal: quotes, backslashes and template sequences escaped. */
function hcl(value: string): string {
  // A function as replacement: in a replacement string, `$$` would stand for one `$`.
  return JSON.stringify(value).replaceAll(/([$%])\{/g, (_, sign: string) => `${sign}${sign}{`)
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
  const ingress = (ports.length > 0 ? ports.map(range => formatPorts(range)) : [PLACEHOLDERS.port]).map(port => [
    'aws ec2 authorize-security-group-ingress --group-id "$SECURITY_GROUP_ID" --protocol tcp --port', shellQuote(port), '--cidr', shellQuote(cidr), ...regionFlag,
  ].join(' '))
  const commands = [
    ...(used.length > 0 ? [`# Replace ${used.join(', ')} before running these commands.`] : []),
    ['SECURITY_GROUP_ID=$(aws ec2 create-security-group --group-name', shellQuote(groupName), '--description', shellQuote(description), '--vpc-id', shellQuote(vpcId), ...regionFlag, '--query GroupId --output text)'].join(' '),
    ...portsComment,
    ...ingress,
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
      cidr, description, groupName, ports, region, serviceName, subnetIds, target, used, view, vpcId,
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
  serviceName: string
  subnetIds: string[]
  target: AwsTarget
  used: string[]
  view: EndpointView
  vpcId: string
}

function terraform(input: TerraformInput): string {
  const label = `heroku_privatelink_${input.view.addon.replaceAll(/\W/g, '_')}`
  const commandTarget = {app: shellQuote(input.view.app), database: shellQuote(input.target.database)}
  const ingress = (input.ports.length > 0 ? input.ports : [undefined]).flatMap(range => [
    '',
    '  ingress {',
    `    description = ${hcl(`${input.target.database} on ${input.view.app}`)}`,
    `    from_port   = ${range ? range.from : hcl(PLACEHOLDERS.port)}`,
    `    to_port     = ${range ? range.to : hcl(PLACEHOLDERS.port)}`,
    '    protocol    = "tcp"',
    `    cidr_blocks = [${hcl(input.cidr)}]`,
    '  }',
  ])
  return [
    `# In ${input.region}, the database's region: use an aws provider configured for it.`,
    ...(input.used.length > 0 ? [`# Replace ${input.used.join(', ')} before applying.`] : []),
    ...(input.ports.length > 0 ? [] : [`# Replace ${PLACEHOLDERS.port} with ${portsHint(input.target.kind, commandTarget)}.`]),
    `resource "aws_security_group" ${hcl(label)} {`,
    `  name        = ${hcl(input.groupName)}`,
    `  description = ${hcl(input.description)}`,
    `  vpc_id      = ${hcl(input.vpcId)}`,
    ...ingress,
    '}',
    '',
    `resource "aws_vpc_endpoint" ${hcl(label)} {`,
    `  vpc_id             = ${hcl(input.vpcId)}`,
    `  service_name       = ${hcl(input.serviceName)}`,
    '  vpc_endpoint_type  = "Interface"',
    `  subnet_ids         = [${input.subnetIds.map(id => hcl(id)).join(', ')}]`,
    `  security_group_ids = [aws_security_group.${label}.id]`,
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

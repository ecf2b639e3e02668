// A local stand-in for the parts of AWS that the commands of `data:privatelink:aws` call, for the
// real AWS CLI v2 pointed at it with --endpoint-url: EC2 (the Query protocol: a form-encoded POST
// with Action=…, answered with XML in the EC2 namespace), and Secrets Manager and SSM Parameter
// Store (the JSON 1.1 protocol: the operation in X-Amz-Target). The region and the service come
// from the credential scope of the SigV4 signature, as AWS routes them. It binds 127.0.0.1 and
// logs every call, values included: the values are what the tests check arrived, and nowhere else.
import type {AddressInfo} from 'node:net'

import {randomBytes} from 'node:crypto'
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http'

const EC2_NAMESPACE = 'http://ec2.amazonaws.com/doc/2016-11-15/'
const ACCOUNT_ID = '123456789012'

export interface StandInVpc {
  id: string
  region: string
}

export interface StandInSubnet {
  id: string
  region: string
  vpcId: string
  zone: string
}

export interface StandInService {
  name: string
  region: string
  zones: string[]
}

/** The customer's AWS account as the stand-in knows it. */
export interface AwsWorld {
  services: StandInService[]
  subnets: StandInSubnet[]
  vpcs: StandInVpc[]
}

export interface AwsCall {
  action: string
  /** EC2's form parameters, or the JSON body of Secrets Manager and SSM. */
  params: Record<string, unknown>
  region: string
  service: string
  /** 200, or the 400 of an AWS error. */
  status: number
}

export interface StoredSecret {
  description?: string
  name: string
  region: string
  /** Every value put, oldest first. */
  versions: string[]
}

export interface StoredParameter {
  description?: string
  name: string
  region: string
  type: string
  value: string
  version: number
}

export interface AwsStandIn {
  calls(): AwsCall[]
  close(): Promise<void>
  parameters: Map<string, StoredParameter>
  secrets: Map<string, StoredSecret>
  url: string
}

export interface AwsStandInOptions {
  /** Told about each VPC endpoint created, as Heroku's side sees a connection request. */
  onVpcEndpoint?(endpointId: string, serviceName: string): void
  world: AwsWorld
}

class AwsError extends Error {
  constructor(readonly code: string, message: string) {
    super(message)
  }
}

function hex(length: number): string {
  return randomBytes(Math.ceil(length / 2)).toString('hex').slice(0, length)
}

function xml(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;')
}

/** `Name.1`, `Name.2`, … of an EC2 list parameter. */
function listParam(params: URLSearchParams, name: string): string[] {
  const values: string[] = []
  for (let index = 1; params.has(`${name}.${index}`); index++) values.push(params.get(`${name}.${index}`)!)
  return values
}

function required(params: URLSearchParams, name: string): string {
  const value = params.get(name)
  if (value === null) throw new AwsError('MissingParameter', `The request must contain the parameter ${name}`)
  return value
}

/** `Credential=AKID/DATE/REGION/SERVICE/aws4_request` of the Authorization header. */
function credentialScope(request: IncomingMessage): {region: string; service: string} {
  const match = /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(request.headers.authorization ?? '')
  if (!match) throw new AwsError('MissingAuthenticationToken', 'The request is not signed with SigV4')
  return {region: match[1], service: match[2]}
}

class Ec2 {
  private readonly groups = new Map<string, {name: string; region: string; vpcId: string}>()

  constructor(private readonly world: AwsWorld, private readonly onVpcEndpoint?: AwsStandInOptions['onVpcEndpoint']) {}

  answer(action: string, params: URLSearchParams, region: string): string {
    switch (action) {
    case 'AuthorizeSecurityGroupIngress': {
      // The AWS CLI sends --protocol, --port and --cidr as one IpPermissions entry.
      this.group(required(params, 'GroupId'), region)
      for (const name of ['IpProtocol', 'FromPort', 'ToPort', 'IpRanges.1.CidrIp']) required(params, `IpPermissions.1.${name}`)
      return '<return>true</return>'
    }

    case 'CreateSecurityGroup': {
      const vpcId = required(params, 'VpcId')
      const name = required(params, 'GroupName')
      required(params, 'GroupDescription')
      this.vpc(vpcId, region)
      if ([...this.groups.values()].some(group => group.vpcId === vpcId && group.name === name)) {
        throw new AwsError('InvalidGroup.Duplicate', `The security group '${name}' already exists for VPC '${vpcId}'`)
      }

      const id = `sg-${hex(17)}`
      this.groups.set(id, {name, region, vpcId})
      return `<return>true</return><groupId>${id}</groupId>`
    }

    case 'CreateVpcEndpoint': {
      return this.createVpcEndpoint(params, region)
    }

    case 'DescribeSubnets': {
      const items = listParam(params, 'SubnetId').map(id => {
        const subnet = this.world.subnets.find(candidate => candidate.id === id && candidate.region === region)
        if (!subnet) throw new AwsError('InvalidSubnetID.NotFound', `The subnet ID '${id}' does not exist`)
        return `<item><subnetId>${xml(subnet.id)}</subnetId><vpcId>${xml(subnet.vpcId)}</vpcId><availabilityZone>${xml(subnet.zone)}</availabilityZone><state>available</state></item>`
      })
      return `<subnetSet>${items.join('')}</subnetSet>`
    }

    case 'DescribeVpcEndpointServices': {
      const services = listParam(params, 'ServiceName').map(name => this.service(name, region))
      const details = services.map(service => `<item><serviceName>${xml(service.name)}</serviceName><serviceType><item><serviceType>Interface</serviceType></item></serviceType><availabilityZoneSet>${service.zones.map(zone => `<item>${xml(zone)}</item>`).join('')}</availabilityZoneSet><owner>${ACCOUNT_ID}</owner><acceptanceRequired>true</acceptanceRequired></item>`)
      return `<serviceNameSet>${services.map(service => `<item>${xml(service.name)}</item>`).join('')}</serviceNameSet><serviceDetailSet>${details.join('')}</serviceDetailSet>`
    }

    case 'DescribeVpcs': {
      const items = listParam(params, 'VpcId').map(id => this.vpc(id, region)).map(vpc => `<item><vpcId>${xml(vpc.id)}</vpcId><state>available</state><cidrBlock>10.0.0.0/16</cidrBlock><ownerId>${ACCOUNT_ID}</ownerId></item>`)
      return `<vpcSet>${items.join('')}</vpcSet>`
    }

    default: {
      throw new AwsError('InvalidAction', `The action ${action} is not valid for this web service.`)
    }
    }
  }

  /** What AWS refuses here, it refuses after a security group may have been created: the pre-flight is there to spare that. */
  private createVpcEndpoint(params: URLSearchParams, region: string): string {
    if (params.get('VpcEndpointType') !== 'Interface') throw new AwsError('InvalidParameter', 'This stand-in only creates Interface endpoints')
    const vpc = this.vpc(required(params, 'VpcId'), region)
    const service = this.service(required(params, 'ServiceName'), region)
    const subnetIds = listParam(params, 'SubnetId')
    for (const id of subnetIds) {
      const subnet = this.world.subnets.find(candidate => candidate.id === id && candidate.region === region && candidate.vpcId === vpc.id)
      if (!subnet) throw new AwsError('InvalidSubnetID.NotFound', `The subnet ID '${id}' does not exist`)
      if (!service.zones.includes(subnet.zone)) throw new AwsError('InvalidParameter', `The VPC endpoint service ${service.name} does not support the availability zone of the subnet: ${id}.`)
    }

    for (const id of listParam(params, 'SecurityGroupId')) this.group(id, region)
    const id = `vpce-${hex(17)}`
    this.onVpcEndpoint?.(id, service.name)
    return `<vpcEndpoint><vpcEndpointId>${id}</vpcEndpointId><vpcEndpointType>Interface</vpcEndpointType><vpcId>${xml(vpc.id)}</vpcId><serviceName>${xml(service.name)}</serviceName><state>pendingAcceptance</state><subnetIdSet>${subnetIds.map(subnet => `<item>${xml(subnet)}</item>`).join('')}</subnetIdSet></vpcEndpoint>`
  }

  private group(id: string, region: string): void {
    if (this.groups.get(id)?.region !== region) throw new AwsError('InvalidGroup.NotFound', `The security group '${id}' does not exist`)
  }

  private service(name: string, region: string): StandInService {
    const service = this.world.services.find(candidate => candidate.name === name && candidate.region === region)
    if (!service) throw new AwsError('InvalidServiceName', `The Vpc Endpoint Service '${name}' does not exist`)
    return service
  }

  /** A VPC of another region is not found: the region is part of what names it. */
  private vpc(id: string, region: string): StandInVpc {
    const vpc = this.world.vpcs.find(candidate => candidate.id === id && candidate.region === region)
    if (!vpc) throw new AwsError('InvalidVpcID.NotFound', `The vpc ID '${id}' does not exist`)
    return vpc
  }
}

function text(body: Record<string, unknown>, name: string): string {
  const value = body[name]
  if (typeof value !== 'string') throw new AwsError('ValidationException', `${name} must be a string`)
  return value
}

function secretArn(secret: StoredSecret): string {
  return `arn:aws:secretsmanager:${secret.region}:${ACCOUNT_ID}:secret:${secret.name}-AbCdEf`
}

function secretsManager(secrets: Map<string, StoredSecret>, action: string, body: Record<string, unknown>, region: string): unknown {
  const existing = (): StoredSecret => {
    const secret = secrets.get(`${region}/${text(body, 'SecretId')}`)
    if (!secret) throw new AwsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.")
    return secret
  }

  switch (action) {
  case 'CreateSecret': {
    const name = text(body, 'Name')
    if (secrets.has(`${region}/${name}`)) throw new AwsError('ResourceExistsException', `The operation failed because the secret ${name} already exists.`)
    const secret: StoredSecret = {
      description: body.Description as string | undefined, name, region, versions: typeof body.SecretString === 'string' ? [body.SecretString] : [],
    }
    secrets.set(`${region}/${name}`, secret)
    return {ARN: secretArn(secret), Name: name}
  }

  case 'DescribeSecret': {
    const secret = existing()
    return {ARN: secretArn(secret), Description: secret.description, Name: secret.name}
  }

  case 'PutSecretValue': {
    const secret = existing()
    secret.versions.push(text(body, 'SecretString'))
    return {
      ARN: secretArn(secret), Name: secret.name, VersionId: randomBytes(16).toString('hex'), VersionStages: ['AWSCURRENT'],
    }
  }

  default: {
    throw new AwsError('InvalidAction', `Unknown operation ${action}`)
  }
  }
}

function ssm(parameters: Map<string, StoredParameter>, action: string, body: Record<string, unknown>, region: string): unknown {
  if (action !== 'PutParameter') throw new AwsError('InvalidAction', `Unknown operation ${action}`)
  const name = text(body, 'Name')
  const existing = parameters.get(`${region}/${name}`)
  if (existing && body.Overwrite !== true) throw new AwsError('ParameterAlreadyExists', 'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.')
  const parameter: StoredParameter = {
    description: body.Description as string | undefined, name, region, type: text(body, 'Type'), value: text(body, 'Value'), version: (existing?.version ?? 0) + 1,
  }
  parameters.set(`${region}/${name}`, parameter)
  return {Tier: 'Standard', Version: parameter.version}
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

function send(response: ServerResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, {'Content-Length': Buffer.byteLength(body), 'Content-Type': contentType})
  response.end(body)
}

export async function startAwsStandIn(options: AwsStandInOptions): Promise<AwsStandIn> {
  const log: AwsCall[] = []
  const secrets = new Map<string, StoredSecret>()
  const parameters = new Map<string, StoredParameter>()
  const ec2 = new Ec2(options.world, options.onVpcEndpoint)
  const server = createServer((request, response) => {
    readBody(request).then(raw => {
      const requestId = randomBytes(16).toString('hex')
      const target = request.headers['x-amz-target']
      if (typeof target === 'string') {
        // JSON 1.1: `secretsmanager.PutSecretValue`, `AmazonSSM.PutParameter`.
        const [, action = ''] = target.split('.')
        const body = JSON.parse(raw || '{}') as Record<string, unknown>
        const call: AwsCall = {
          action, params: body, region: '', service: '', status: 200,
        }
        log.push(call)
        try {
          const {region, service} = credentialScope(request)
          Object.assign(call, {region, service})
          const answer = service === 'ssm' ? ssm(parameters, action, body, region) : secretsManager(secrets, action, body, region)
          send(response, 200, 'application/x-amz-json-1.1', JSON.stringify(answer))
        } catch (error) {
          if (!(error instanceof AwsError)) throw error
          call.status = 400
          send(response, 400, 'application/x-amz-json-1.1', JSON.stringify({__type: error.code, message: error.message}))
        }

        return
      }

      const params = new URLSearchParams(raw)
      const action = params.get('Action') ?? ''
      const call: AwsCall = {
        action, params: Object.fromEntries(params), region: '', service: 'ec2', status: 200,
      }
      log.push(call)
      try {
        const {region} = credentialScope(request)
        call.region = region
        const content = ec2.answer(action, params, region)
        send(response, 200, 'text/xml;charset=UTF-8', `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${EC2_NAMESPACE}"><requestId>${requestId}</requestId>${content}</${action}Response>`)
      } catch (error) {
        if (!(error instanceof AwsError)) throw error
        call.status = 400
        send(response, 400, 'text/xml;charset=UTF-8', `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${xml(error.code)}</Code><Message>${xml(error.message)}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`)
      }
    }).catch(error => send(response, 500, 'text/plain', String(error)))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const {port} = server.address() as AddressInfo
  return {
    calls: () => structuredClone(log),
    close: () => new Promise(resolve => {
      server.close(() => resolve())
      server.closeAllConnections()
    }),
    parameters,
    secrets,
    url: `http://127.0.0.1:${port}`,
  }
}

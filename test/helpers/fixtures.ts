// Answers of the Platform and Data APIs for nock, and the request headers the tests expect.
// Every value is fake.
import type {
  PlatformApp, PlatformRegion, PrivateLinkEndpoint, ResolvedAddon,
} from '../../src/lib/types.js'

export const PLATFORM_API = 'https://api.heroku.com'
export const DATA_API = 'https://api.data.heroku.com'

/** The token test/helpers/init.mjs puts in HEROKU_API_KEY. */
export const TOKEN = 'test-api-key-0123456789abcdef'
export const BEARER = `Bearer ${TOKEN}`
export const BASIC = `Basic ${Buffer.from(`:${TOKEN}`).toString('base64')}`
/** What the Data API's clients send, and a strict Data API requires. */
export const DATA_API_ACCEPT = 'application/vnd.heroku+json; version=3'

export const RESOLVE_HEADERS = {
  accept: 'application/vnd.heroku+json; version=3.sdk',
  'accept-expansion': 'addon_service,plan',
  authorization: BEARER,
}

export const APP = 'example-app'
export const OTHER_APP = 'other-app'
export const ENDPOINT_ID = 'vpce-01c87ae3c05563935'
export const SERVICE_NAME = 'com.amazonaws.vpce.us-east-1.vpce-svc-0410a2e25933fe8ec'
export const OWNER_ARN = 'arn:aws:iam::123456789101:user/abc.xyz'
/** The API's hostname of the connection of ENDPOINT_ID, also the host of its config vars. */
export const HOSTNAME = 'vpce-01c87ae3c05563935-abcd.vpce-svc-0410a2e25933fe8ec.us-east-1.vpce.amazonaws.com'
export const PASSWORD = 'secretpassword1234'

function addon(name: string, plan: string, app = APP): ResolvedAddon & {config_vars: string[]; state: string} {
  const service = plan.slice(0, plan.indexOf(':'))
  return {
    addon_service: {name: service},
    app: {name: app},
    config_vars: [],
    name,
    plan: {name: plan},
    state: 'provisioned',
  }
}

export const POSTGRES = addon('postgresql-simply-12345', 'heroku-postgresql:private-0')
export const SHIELD = addon('postgresql-shield-67890', 'heroku-postgresql:shield-0')
export const ADVANCED = addon('postgresql-advanced-11111', 'heroku-postgresql:advanced-private')
export const KAFKA = addon('kafka-curved-24680', 'heroku-kafka:private-0')
export const REDIS = addon('redis-cubed-13579', 'heroku-redis:private-7')
export const OTHER_POSTGRES = addon('postgresql-other-22222', 'heroku-postgresql:private-2', OTHER_APP)
export const SENDGRID = addon('sendgrid-flat-33333', 'sendgrid:starter')
export const COMMON_APP = 'common-app'
export const COMMON_POSTGRES = addon('postgresql-common-33333', 'heroku-postgresql:standard-0', COMMON_APP)
export const PAPERTRAIL = addon('papertrail-flat-44444', 'papertrail:choklad')
/** A Standard plan attached to an app in a space, without being networked into it. */
export const STANDARD = addon('postgresql-standard-55555', 'heroku-postgresql:standard-0')

export function provisioningEndpoint(name = POSTGRES.name, app = APP): PrivateLinkEndpoint {
  return {
    addon: {name},
    allowed_accounts: [{arn: 'arn:aws:iam::123456789012:user/abc', status: 'Provisioning'}],
    app: {name: app},
    connections: [],
    service_name: '',
    status: 'Provisioning',
  }
}

export function operationalEndpoint(name = POSTGRES.name, app = APP, serviceName = SERVICE_NAME): PrivateLinkEndpoint {
  return {
    addon: {name},
    allowed_accounts: [{arn: 'arn:aws:iam::123456789012:user/abc', status: 'Active'}],
    app: {name: app},
    connections: [],
    service_name: serviceName,
    status: 'Operational',
  }
}

export function connectedEndpoint(name = POSTGRES.name, app = APP, status = 'Available'): PrivateLinkEndpoint {
  return {
    ...operationalEndpoint(name, app),
    connections: [{
      endpoint_id: ENDPOINT_ID, hostname: HOSTNAME, owner_arn: OWNER_ARN, status,
    }],
  }
}

/** The app's config vars once the connection of ENDPOINT_ID is available. */
export const CONNECTED_CONFIG_VARS: Record<string, string> = {
  DATABASE_ENDPOINT_01C87AE3C05563935_PGBOUNCER_URL: `postgres://u1234:${PASSWORD}@${HOSTNAME}:5433/d5678`,
  DATABASE_ENDPOINT_01C87AE3C05563935_URL: `postgres://u1234:${PASSWORD}@${HOSTNAME}:5432/d5678`,
  DATABASE_URL: `postgres://u1234:${PASSWORD}@ec2-1-2-3-4.compute-1.amazonaws.com:5432/d5678`,
  LANG: 'en_US.UTF-8',
}

/** `--json --flat` of POSTGRES on APP with its one connection and CONNECTED_CONFIG_VARS: all strings. */
export const CONNECTED_FLAT_VIEW = {
  addon: POSTGRES.name,
  app: APP,
  config_vars: 'DATABASE_ENDPOINT_01C87AE3C05563935_URL,DATABASE_ENDPOINT_01C87AE3C05563935_PGBOUNCER_URL',
  config_vars_error: '',
  endpoint_ids: ENDPOINT_ID,
  region: 'us-east-1',
  service_name: SERVICE_NAME,
  status: 'Operational',
}

/** The Data API path of an add-on's endpoint. */
export function endpointPathOf(name: string): string {
  return `/private-link/v0/databases/${name}`
}

export const VIRGINIA: PlatformRegion = {id: '59accabd-516d-4f0e-83e6-6e3757701145', name: 'virginia', provider: {name: 'amazon-web-services', region: 'us-east-1'}}
export const DUBLIN: PlatformRegion = {id: 'ed30241c-ed8c-4bb6-9714-61953675d0b4', name: 'dublin', provider: {name: 'amazon-web-services', region: 'eu-west-1'}}

/** `GET /apps/{app}`: in a Private Space of the region, or in the Common Runtime with `space: null`. */
export function platformApp(name = APP, region = VIRGINIA, space: null | string = `${name}-space`): PlatformApp {
  return {
    name,
    region: {id: region.id, name: region.name},
    space: space === null ? null : {id: `${space}-id`, name: space, shield: false},
  }
}

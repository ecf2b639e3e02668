// Fixtures the emulator starts from (and returns to on reset). Every value is fake.
import {createHash} from 'node:crypto'

export const DEFAULT_TOKEN = 'emulator-token-0123456789'
export const ACCOUNT_EMAIL = 'demo@example.com'

/** The team that owns both seeded spaces and the Common Runtime app. */
export const EXAMPLE_TEAM = 'example-team'
export const EXAMPLE_APP = 'example-app'
export const OTHER_APP = 'other-app'
/** In the Common Runtime (no space), where PrivateLink is not available. */
export const COMMON_APP = 'common-app'

export const POSTGRES_ADDON = 'postgresql-simply-12345'
export const SHIELD_ADDON = 'postgresql-shield-67890'
export const ADVANCED_ADDON = 'postgresql-advanced-11111'
export const KAFKA_ADDON = 'kafka-curved-24680'
export const REDIS_ADDON = 'redis-cubed-13579'
export const OTHER_POSTGRES_ADDON = 'postgresql-other-22222'
export const COMMON_POSTGRES_ADDON = 'postgresql-common-33333'
/** A Standard plan attached to an app in a space: not networked into the space, so no PrivateLink. */
export const STANDARD_ADDON = 'postgresql-standard-55555'
/** Not a data add-on: never sent to the Data API. */
export const PAPERTRAIL_ADDON = 'papertrail-flat-44444'

export const DATABASE_URL = 'postgres://u1234:secretpassword1234@ec2-1-2-3-4.compute-1.amazonaws.com:5432/d5678'

export interface SeedRegion {
  /** The AWS region (`provider.region`). */
  aws: string
  name: string
  private_capable: boolean
}

export interface SeedSpace {
  name: string
  region: string
  shield: boolean
  /** A space belongs to a team. */
  team: string
}

export interface SeedApp {
  name: string
  /** The Heroku region's name: the space's for an app in a space. */
  region: string
  /** null: the Common Runtime. */
  space: null | string
  /** null: a personal app. */
  team: null | string
  /** Config vars not owned by an add-on. */
  vars: Record<string, string>
}

// The Platform API's regions and the AWS regions behind them.
export const SEED_REGIONS: readonly SeedRegion[] = [
  {aws: 'us-east-1', name: 'virginia', private_capable: true},
  {aws: 'us-west-2', name: 'oregon', private_capable: true},
  {aws: 'eu-west-1', name: 'dublin', private_capable: true},
  {aws: 'eu-central-1', name: 'frankfurt', private_capable: true},
  {aws: 'ap-northeast-1', name: 'tokyo', private_capable: true},
  {aws: 'ap-southeast-2', name: 'sydney', private_capable: true},
  {aws: 'us-east-1', name: 'us', private_capable: false},
  {aws: 'eu-west-1', name: 'eu', private_capable: false},
]

export const SEED_TEAMS: readonly string[] = [EXAMPLE_TEAM]

export const SEED_SPACES: readonly SeedSpace[] = [
  {
    name: 'example-space', region: 'virginia', shield: false, team: EXAMPLE_TEAM,
  },
  {
    name: 'other-space', region: 'dublin', shield: true, team: EXAMPLE_TEAM,
  },
]

export interface SeedAddon {
  app: string
  attachment: string
  name: string
  plan: string
  service: string
  /** Value of the `${attachment}_URL` config var; connection URLs reuse its credentials. */
  url: string
}

export const SEED_APPS: readonly SeedApp[] = [
  {
    name: EXAMPLE_APP, region: 'virginia', space: 'example-space', team: EXAMPLE_TEAM, vars: {LANG: 'en_US.UTF-8', SECRET_KEY_BASE: 'f3c1a9e07b2d4c58a6e1b0d9c7f2e4a1'},
  },
  {
    name: OTHER_APP, region: 'dublin', space: 'other-space', team: EXAMPLE_TEAM, vars: {LANG: 'en_US.UTF-8'},
  },
  {
    name: COMMON_APP, region: 'us', space: null, team: EXAMPLE_TEAM, vars: {LANG: 'en_US.UTF-8'},
  },
]

/** A Kafka cluster's URL: one `kafka+ssl://` URL per broker, comma-separated; it authenticates with client certificates. */
export const KAFKA_URL = ['ec2-3-4-5-6', 'ec2-3-4-5-7', 'ec2-3-4-5-8'].map(host => `kafka+ssl://${host}.compute-1.amazonaws.com:9096`).join(',')

/** Config vars of the Kafka add-on besides its URL: secrets that must never be printed. */
export const KAFKA_SECRET_VARS: Readonly<Record<string, string>> = {
  KAFKA_CLIENT_CERT: '-----BEGIN CERTIFICATE-----\nMIIEmulatorKafkaClientCert0123456789\n-----END CERTIFICATE-----',
  KAFKA_CLIENT_CERT_KEY: '-----BEGIN RSA PRIVATE KEY-----\nMIIEmulatorKafkaClientKey0123456789\n-----END RSA PRIVATE KEY-----',
  KAFKA_TRUSTED_CERT: '-----BEGIN CERTIFICATE-----\nMIIEmulatorKafkaTrustedCert0123456789\n-----END CERTIFICATE-----',
}

/** Other config vars of add-ons, by add-on. */
const ADDON_VARS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  [KAFKA_ADDON]: {...KAFKA_SECRET_VARS, KAFKA_PREFIX: 'curved-24680.'},
  [PAPERTRAIL_ADDON]: {PAPERTRAIL_API_TOKEN: 'papertrailtoken44444'},
}

// name, app, plan, attachment, `${attachment}_URL` ('' for none)
const ADDON_TABLE: ReadonlyArray<[string, string, string, string, string]> = [
  [POSTGRES_ADDON, EXAMPLE_APP, 'heroku-postgresql:private-0', 'DATABASE', DATABASE_URL],
  [SHIELD_ADDON, EXAMPLE_APP, 'heroku-postgresql:shield-0', 'HEROKU_POSTGRESQL_RED', 'postgres://u5678:shieldpassword5678@ec2-5-6-7-8.compute-1.amazonaws.com:5432/d9012'],
  [ADVANCED_ADDON, EXAMPLE_APP, 'heroku-postgresql:advanced-private', 'HEROKU_POSTGRESQL_BLUE', 'postgres://u9012:advancedpassword9012@ec2-9-10-11-12.compute-1.amazonaws.com:5432/d3456'],
  [KAFKA_ADDON, EXAMPLE_APP, 'heroku-kafka:private-0', 'KAFKA', KAFKA_URL],
  [REDIS_ADDON, EXAMPLE_APP, 'heroku-redis:private-7', 'REDIS', 'rediss://:redispassword13579@ec2-7-8-9-10.compute-1.amazonaws.com:6379'],
  [OTHER_POSTGRES_ADDON, OTHER_APP, 'heroku-postgresql:private-2', 'DATABASE', 'postgres://u2222:otherpassword2222@ec2-52-1-2-3.eu-west-1.compute.amazonaws.com:5432/d2222'],
  [COMMON_POSTGRES_ADDON, COMMON_APP, 'heroku-postgresql:standard-0', 'DATABASE', 'postgres://u3333:commonpassword3333@ec2-3-3-3-3.compute-1.amazonaws.com:5432/d3333'],
  [PAPERTRAIL_ADDON, EXAMPLE_APP, 'papertrail:choklad', 'PAPERTRAIL', ''],
  [STANDARD_ADDON, EXAMPLE_APP, 'heroku-postgresql:standard-0', 'HEROKU_POSTGRESQL_GREEN', 'postgres://u5555:standardpassword5555@ec2-5-5-5-5.compute-1.amazonaws.com:5432/d5555'],
]

// The add-on service is the plan's prefix, as on Heroku (`heroku-postgresql:private-0`).
export const SEED_ADDONS: readonly SeedAddon[] = ADDON_TABLE.map(([name, app, plan, attachment, url]) => ({
  app,
  attachment,
  name,
  plan,
  service: plan.slice(0, plan.indexOf(':')),
  url,
}))

/** A UUID derived from a name, so ids stay the same across runs and resets. */
export function stableId(name: string): string {
  const hex = createHash('sha256').update(name).digest('hex')
  return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20, 32)].join('-')
}

/** The config vars an add-on adds to its app: its URL (named after its attachment) and any others it has. */
export function addonVars(addon: SeedAddon): Record<string, string> {
  return {...(addon.url ? {[`${addon.attachment}_URL`]: addon.url} : {}), ...ADDON_VARS[addon.name]}
}

/** Fresh copies of the config vars of `apps`, those of their `addons` included. */
export function seedConfigVars(apps: readonly SeedApp[] = SEED_APPS, addons: readonly SeedAddon[] = SEED_ADDONS): Map<string, Record<string, string>> {
  const vars = new Map(apps.map(app => [app.name, {...app.vars}]))
  for (const addon of addons) Object.assign(vars.get(addon.app) ?? {}, addonVars(addon))
  return vars
}

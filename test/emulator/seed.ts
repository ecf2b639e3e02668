// Fixtures the emulator starts from (and returns to on reset). Every value is fake.
import {createHash} from 'node:crypto'

export const DEFAULT_TOKEN = 'emulator-token-0123456789'
export const ACCOUNT_EMAIL = 'demo@example.com'

export const EXAMPLE_APP = 'example-app'
export const OTHER_APP = 'other-app'

export const POSTGRES_ADDON = 'postgresql-simply-12345'
export const SHIELD_ADDON = 'postgresql-shield-67890'
export const ADVANCED_ADDON = 'postgresql-advanced-11111'
export const KAFKA_ADDON = 'kafka-curved-24680'
export const REDIS_ADDON = 'redis-cubed-13579'
export const OTHER_POSTGRES_ADDON = 'postgresql-other-22222'

export const DATABASE_URL = 'postgres://u1234:secretpassword1234@ec2-1-2-3-4.compute-1.amazonaws.com:5432/d5678'

export interface SeedApp {
  name: string
  region: string
  /** Config vars not owned by an add-on. */
  vars: Record<string, string>
}

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
  {name: EXAMPLE_APP, region: 'us-east-1', vars: {LANG: 'en_US.UTF-8', SECRET_KEY_BASE: 'f3c1a9e07b2d4c58a6e1b0d9c7f2e4a1'}},
  {name: OTHER_APP, region: 'eu-west-1', vars: {LANG: 'en_US.UTF-8'}},
]

// name, app, plan, attachment, `${attachment}_URL`
const ADDON_TABLE: ReadonlyArray<[string, string, string, string, string]> = [
  [POSTGRES_ADDON, EXAMPLE_APP, 'heroku-postgresql:private-0', 'DATABASE', DATABASE_URL],
  [SHIELD_ADDON, EXAMPLE_APP, 'heroku-postgresql:shield-0', 'HEROKU_POSTGRESQL_RED', 'postgres://u5678:shieldpassword5678@ec2-5-6-7-8.compute-1.amazonaws.com:5432/d9012'],
  [ADVANCED_ADDON, EXAMPLE_APP, 'heroku-postgresql:advanced-private', 'HEROKU_POSTGRESQL_BLUE', 'postgres://u9012:advancedpassword9012@ec2-9-10-11-12.compute-1.amazonaws.com:5432/d3456'],
  [KAFKA_ADDON, EXAMPLE_APP, 'heroku-kafka:private-0', 'KAFKA', 'kafka+ssl://kafkauser2468:kafkapassword2468@ec2-3-4-5-6.compute-1.amazonaws.com:9096'],
  [REDIS_ADDON, EXAMPLE_APP, 'heroku-redis:private-7', 'REDIS', 'rediss://:redispassword13579@ec2-7-8-9-10.compute-1.amazonaws.com:6379'],
  [OTHER_POSTGRES_ADDON, OTHER_APP, 'heroku-postgresql:private-2', 'DATABASE', 'postgres://u2222:otherpassword2222@ec2-52-1-2-3.eu-west-1.compute.amazonaws.com:5432/d2222'],
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

/** Fresh copies of each app's config vars, add-on URLs included. */
export function seedConfigVars(): Map<string, Record<string, string>> {
  const vars = new Map(SEED_APPS.map(app => [app.name, {...app.vars}]))
  for (const addon of SEED_ADDONS) {
    const appVars = vars.get(addon.app)
    if (appVars) appVars[`${addon.attachment}_URL`] = addon.url
  }

  return vars
}

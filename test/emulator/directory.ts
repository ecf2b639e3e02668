// Who owns what: the emulated teams, spaces, apps and add-ons. It starts as the seed and returns to
// it on reset; `addApps` grows it (a space of 100 data add-ons, for an audit and its bench).
import {badRequest, notFound, unprocessable} from './errors.js'
import {
  SEED_ADDONS, SEED_APPS, SEED_REGIONS, SEED_SPACES, SEED_TEAMS, type SeedAddon, type SeedApp, type SeedSpace, stableId,
} from './seed.js'

// The contract's wording (privatelink-api.md), which is also the Platform API's.
const ADDON_NOT_FOUND = 'Couldn\'t find that addon.'
const APP_NOT_FOUND = 'Couldn\'t find that app.'
const SPACE_NOT_FOUND = 'Couldn\'t find that space.'
const TEAM_NOT_FOUND = 'Couldn\'t find that team.'

/** `POST /__emulator/apps`: `apps` new apps of `team`, in `space` (created when new) or the Common Runtime (null), each with one add-on of each plan. */
export interface AppsSeed {
  /** Plans such as `heroku-postgresql:private-0`, `papertrail:choklad`: one add-on of each on every app (default one Postgres). */
  addons?: string[]
  apps: number
  /** App names are PREFIX-1, PREFIX-2… (default: the space's name, or the team's, then `-app`). */
  prefix?: string
  /** A new space's Heroku region (default virginia). */
  region?: string
  shield?: boolean
  /** null (the default): Common Runtime apps of the team. */
  space?: null | string
  team: string
}

/** What `addApps` added. */
export interface AddedApps {
  addons: SeedAddon[]
  apps: SeedApp[]
}

export const MAX_APPS = 500
const DEFAULT_PLAN = 'heroku-postgresql:private-0'
const NAME = /^[a-z][a-z\d-]{0,29}$/

/** A fake URL of the add-on's kind, which connections reuse the credentials of (none for others). */
function addonUrl(service: string, name: string): string {
  const secret = `password${stableId(name).slice(0, 8)}`
  if (service === 'heroku-postgresql') return `postgres://u${secret.slice(-4)}:${secret}@ec2-10-0-0-1.compute-1.amazonaws.com:5432/d${secret.slice(-4)}`
  if (service === 'heroku-redis') return `rediss://:${secret}@ec2-10-0-0-2.compute-1.amazonaws.com:6379`
  if (service === 'heroku-kafka') return 'kafka+ssl://ec2-10-0-0-3.compute-1.amazonaws.com:9096'
  return ''
}

/** Refuses a seed the Platform API could not hold: malformed names, plans or region. */
function checkAppsSeed(seed: AppsSeed): void {
  const regions = SEED_REGIONS.filter(candidate => candidate.private_capable).map(candidate => candidate.name)
  if (!regions.includes(seed.region ?? 'virginia')) throw badRequest(`region must be a Private Space region: ${regions.join(', ')}`)
  for (const [what, name] of [['team', seed.team], ['space', seed.space ?? seed.team], ['prefix', seed.prefix ?? 'app']] as const) {
    if (!NAME.test(name)) throw badRequest(`${what} must be lowercase letters, digits and dashes, starting with a letter (at most 30)`)
  }

  const malformed = (seed.addons ?? []).find(plan => !/^[a-z][a-z\d-]*:[a-z\d-]+$/.test(plan))
  if (malformed !== undefined) throw badRequest(`Not a plan such as ${DEFAULT_PLAN}: ${malformed}`)
}

export class Directory {
  addons: SeedAddon[] = []
  apps: SeedApp[] = []
  spaces: SeedSpace[] = []
  teams: string[] = []

  constructor() {
    this.reset()
  }

  addApps(seed: AppsSeed): AddedApps {
    checkAppsSeed(seed)
    const space = seed.space ?? null
    const region = seed.region ?? 'virginia'
    const existing = space === null ? undefined : this.spaces.find(candidate => candidate.name === space)
    if (existing && existing.team !== seed.team) throw unprocessable(`Space ${space} belongs to team ${existing.team}`)
    const plans = seed.addons ?? [DEFAULT_PLAN]
    const prefix = seed.prefix ?? `${space ?? seed.team}-app`
    const apps: SeedApp[] = Array.from({length: seed.apps}, (_, index) => ({
      name: `${prefix}-${index + 1}`,
      region: space === null ? 'us' : existing?.region ?? region,
      space,
      team: seed.team,
      vars: {LANG: 'en_US.UTF-8'},
    }))
    const taken = apps.find(app => this.apps.some(candidate => candidate.name === app.name))
    if (taken) throw unprocessable(`App ${taken.name} exists already: give another prefix`)
    if (this.apps.length + apps.length > MAX_APPS + SEED_APPS.length) throw unprocessable(`The emulator holds at most ${MAX_APPS} added apps`)
    const addons = apps.flatMap(app => plans.map((plan, index) => {
      const service = plan.slice(0, plan.indexOf(':'))
      const name = `${service.replace(/^heroku-/, '')}-${app.name}-${index + 1}`
      return {
        app: app.name, attachment: `${service.replace(/^heroku-/, '').toUpperCase().replaceAll('-', '_')}_${index + 1}`, name, plan, service, url: addonUrl(service, name),
      }
    }))
    if (!this.teams.includes(seed.team)) this.teams.push(seed.team)
    if (space !== null && !existing) {
      this.spaces.push({
        name: space, region, shield: seed.shield ?? false, team: seed.team,
      })
    }

    this.apps.push(...apps)
    this.addons.push(...addons)
    return {addons, apps}
  }

  /** The add-on's app's AWS region: that of its Heroku region (its space's). */
  addonRegion(addon: SeedAddon): string {
    const app = this.apps.find(candidate => candidate.name === addon.app)
    return SEED_REGIONS.find(region => region.name === app?.region)?.aws ?? 'us-east-1'
  }

  findAddon(name: string): SeedAddon {
    const addon = this.addons.find(candidate => candidate.name === name)
    if (!addon) throw notFound(ADDON_NOT_FOUND)
    return addon
  }

  findApp(name: string): SeedApp {
    const app = this.apps.find(candidate => candidate.name === name)
    if (!app) throw notFound(APP_NOT_FOUND)
    return app
  }

  findSpace(idOrName: string): SeedSpace {
    const space = this.spaces.find(candidate => candidate.name === idOrName || stableId(`space:${candidate.name}`) === idOrName)
    if (!space) throw notFound(SPACE_NOT_FOUND)
    return space
  }

  /** A team's name, from its name or id. */
  findTeam(nameOrId: string): string {
    const team = this.teams.find(candidate => candidate === nameOrId || stableId(`team:${candidate}`) === nameOrId)
    if (!team) throw notFound(TEAM_NOT_FOUND)
    return team
  }

  reset(): void {
    this.addons = [...SEED_ADDONS]
    this.apps = [...SEED_APPS]
    this.spaces = [...SEED_SPACES]
    this.teams = [...SEED_TEAMS]
  }

  /** `GET /teams/{team}/apps`: every app of the team, in a space or not, by name or id. */
  teamApps(nameOrId: string): SeedApp[] {
    const team = this.findTeam(nameOrId)
    return this.apps.filter(app => app.team === team)
  }
}

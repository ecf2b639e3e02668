// The Platform API calls the plugin makes, through either Platform client (platform-client.ts).
import type {PlatformClient} from './platform-client.js'
import type {
  ConfigVars, Database, DatabaseKind, PlatformApp, PlatformRegion, PlatformSpace, ResolvedAddon, Target,
} from './types.js'

import {explainFailure, PrivateLinkError, sanitize} from './failures.js'
import {
  type RequestPolicy, responseOf, retryOptions, withRetries,
} from './retry.js'
import {privatelinkCommand} from './suggestions.js'

const KINDS: Record<string, DatabaseKind> = {
  'heroku-kafka': 'kafka',
  'heroku-postgresql': 'postgres',
  'heroku-redis': 'redis',
}

export const KIND_NAMES: Record<DatabaseKind, string> = {
  kafka: 'Apache Kafka on Heroku',
  postgres: 'Heroku Postgres',
  redis: 'Heroku Key-Value Store',
}

/** The PrivateLink-capable kind of an add-on, from its service (`heroku-postgresql` → postgres); undefined for others. */
export function kindOf(addon: Pick<ResolvedAddon, 'addon_service'>): DatabaseKind | undefined {
  return KINDS[addon.addon_service.name]
}

/**
 * Whether a plan networks the database into its app's space, as PrivateLink needs: the `private-*`
 * and `shield-*` plans of Heroku Postgres, Apache Kafka and Key-Value Store. Essential, Standard
 * and Premium databases can be attached to an app in a space without being in it.
 */
function isSpacePlan(plan: string): boolean {
  return /^[^:]+:(?:private|shield)-/.test(plan)
}

/** DATABASE and its app, and how requests about them are bounded and retried. */
export type PlatformContext = RequestPolicy & Target

function isAmbiguous(error: unknown): error is {matches: Array<{app?: {name?: string}; name: string}>} {
  return error instanceof Error && Array.isArray((error as {matches?: unknown}).matches)
}

/**
 * `@heroku/heroku-cli-util`'s add-on resolver, loaded once. A session loads it first thing: loaded
 * later, while the table renderer loads (from the same package), the lookup would leave about
 * 100 ms after the reads beside it.
 */
export function loadResolver(): Promise<typeof import('@heroku/heroku-cli-util/utils/addons')> {
  return import('@heroku/heroku-cli-util/utils/addons')
}

/** Resolves DATABASE (add-on name, attachment name or APP::ATTACHMENT) to one PrivateLink-capable add-on. */
export async function resolveDatabase(heroku: PlatformClient, context: PlatformContext): Promise<Database> {
  const {AddonResolver, isAdvancedDatabase} = await loadResolver()
  const failureContext = {
    api: 'Heroku Platform API', app: context.app, database: context.database, doing: 'look up the add-on',
  } as const
  let addon: ResolvedAddon
  try {
    // Resolving is a read even though it is a POST, so it is retried like one.
    // AddonResolver is typed for APIClient, but only posts to /actions/addons/resolve and reads the body.
    const resolver = new AddonResolver(heroku as ConstructorParameters<typeof AddonResolver>[0])
    addon = await withRetries(() => resolver.resolve(context.database, context.app) as Promise<ResolvedAddon>, retryOptions(context, 'lookup'))
  } catch (error) {
    if (isAmbiguous(error)) {
      const names = error.matches.map(match => match.name)
      throw new PrivateLinkError(`${context.database} matches several add-ons on ${context.app}: ${names.join(', ')}.\nName one of them, for example: ${privatelinkCommand('', {app: context.app, database: names[0]})}`, {reason: 'ambiguous'})
    }

    // Both the resolver's own NotFound and the API's 404 ("Couldn't find that app.") land here.
    if (responseOf(error)?.status === 404) {
      const said = error instanceof Error && error.message ? sanitize(error.message.split('\n')[0]) : "Couldn't find that addon."
      throw new PrivateLinkError(`${said} (${context.database} on ${context.app})\nList the app's add-ons with: heroku addons --app ${context.app}`, {reason: 'addon_not_found'})
    }

    throw explainFailure(error, failureContext)
  }

  const kind = kindOf(addon)
  if (!kind) {
    throw new PrivateLinkError(`${addon.name} on ${addon.app.name} is a ${addon.addon_service.name} add-on. PrivateLink is available for ${Object.values(KIND_NAMES).join(', ')} in Private and Shield Private Spaces.`, {reason: 'unsupported_addon'})
  }

  return {
    advanced: isAdvancedDatabase(addon as never), app: addon.app.name, kind, name: addon.name, plan: addon.plan.name, spacePlan: isSpacePlan(addon.plan.name),
  }
}

/**
 * The app's config vars. Read as a raw stream so that `@heroku/http-call`'s debug output
 * (`HEROKU_DEBUG=1`, `DEBUG=*`), which prints parsed bodies, never sees their secret values.
 */
export async function fetchConfigVars(heroku: PlatformClient, context: PlatformContext): Promise<ConfigVars> {
  try {
    return await withRetries(async () => {
      const {response} = await heroku.get<unknown>(`/apps/${encodeURIComponent(context.app)}/config-vars`, {raw: true})
      const chunks: Buffer[] = []
      for await (const chunk of response) chunks.push(chunk as Buffer)
      return JSON.parse(Buffer.concat(chunks).toString('utf8')) as ConfigVars
    }, retryOptions(context, 'read'))
  } catch (error) {
    throw explainFailure(error, {
      api: 'Heroku Platform API', app: context.app, database: context.database, doing: "read the app's config vars",
    })
  }
}

/** A Platform API read, retried as the session's other reads are, failing with an error that says what it was for. */
async function read<T>(heroku: PlatformClient, path: string, context: PlatformContext, doing: string): Promise<T> {
  try {
    return await withRetries(async () => (await heroku.get<T>(path)).body, retryOptions(context, 'read'))
  } catch (error) {
    throw explainFailure(error, {
      api: 'Heroku Platform API', app: context.app, database: context.database, doing,
    })
  }
}

/** The app (its space and region): `GET /apps/{app}`. */
export function fetchApp(heroku: PlatformClient, context: PlatformContext): Promise<PlatformApp> {
  return read<PlatformApp>(heroku, `/apps/${encodeURIComponent(context.app)}`, context, 'read the app')
}

/** A Heroku region, with the AWS region behind it: `GET /regions/{id_or_name}`. */
export function fetchRegion(heroku: PlatformClient, region: string, context: PlatformContext): Promise<PlatformRegion> {
  return read<PlatformRegion>(heroku, `/regions/${encodeURIComponent(region)}`, context, "read the app's region")
}

/** The app's add-ons: `GET /apps/{app}/addons`. */
export function fetchAppAddons(heroku: PlatformClient, context: PlatformContext): Promise<ResolvedAddon[]> {
  return read<ResolvedAddon[]>(heroku, `/apps/${encodeURIComponent(context.app)}/addons`, context, "list the app's add-ons")
}

/** A space or a team whose apps an audit lists, named as the user gave it. */
export type Scope = {kind: 'space' | 'team'; name: string}

/** How to find the names a scope may take: the Heroku CLI commands that list them. */
const SCOPE_LISTS: Record<Scope['kind'], string> = {space: 'heroku spaces', team: 'heroku teams'}

/**
 * A read about a space or a team, retried as the session's other reads are. Its failures say
 * which space or team, and how to check it: the names one can see (404) or one's membership (403).
 */
async function readScope<T>(heroku: PlatformClient, {doing, path, scope}: {doing: string; path: string; scope: Scope}, policy: RequestPolicy): Promise<T> {
  try {
    return await withRetries(async () => (await heroku.get<T>(path)).body, retryOptions(policy, 'read'))
  } catch (error) {
    const status = responseOf(error)?.status
    const said = error instanceof Error && error.message ? sanitize(error.message.split('\n')[0]) : `Couldn't find that ${scope.kind}.`
    if (status === 404) {
      throw new PrivateLinkError(`${said} (${scope.kind} ${scope.name})\nList the ${scope.kind === 'space' ? 'spaces' : 'teams'} you can see with: ${SCOPE_LISTS[scope.kind]}`, {reason: `${scope.kind}_not_found`, source: error})
    }

    if (status === 403) {
      throw new PrivateLinkError(`Couldn't ${doing} of ${scope.kind} ${scope.name}: ${said} (403 Forbidden).\nCheck that you are a member of its team: ${SCOPE_LISTS.team}`, {reason: 'forbidden', source: error})
    }

    throw explainFailure(error, {
      api: 'Heroku Platform API', app: `${scope.kind} ${scope.name}`, database: '', doing,
    })
  }
}

/** A space, with the team it belongs to: `GET /spaces/{id_or_name}`. */
export function fetchSpace(heroku: PlatformClient, space: string, policy: RequestPolicy): Promise<PlatformSpace> {
  return readScope<PlatformSpace>(heroku, {doing: 'read the space', path: `/spaces/${encodeURIComponent(space)}`, scope: {kind: 'space', name: space}}, policy)
}

/** Every app of a team, in its spaces or not: `GET /teams/{team}/apps`. */
export function fetchTeamApps(heroku: PlatformClient, team: string, policy: RequestPolicy): Promise<PlatformApp[]> {
  return readScope<PlatformApp[]>(heroku, {doing: 'list the apps', path: `/teams/${encodeURIComponent(team)}/apps`, scope: {kind: 'team', name: team}}, policy)
}

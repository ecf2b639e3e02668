// `data:privatelink --space SPACE` and `--team TEAM`: every Postgres, Kafka and Key-Value Store
// add-on of the apps of a space or a team, with its endpoint and what is worth a look (findings).
// Apps are found as `heroku apps --space` and `heroku apps --team` find them (heroku/cli's
// apps/index.ts); the apps' add-on lists and their endpoints are read at once, never more than
// MAX_IN_FLIGHT requests at a time, each failure becoming the entry of its add-on (or app).
import type {AuditedDatabase} from './endpoint-view.js'
import type {
  DatabaseKind, PlatformApp, PlatformSpace, PrivateLinkEndpoint, ResolvedAddon,
} from './types.js'

import {regionOf, toDatabaseOverview} from './endpoint-view.js'
import {
  PrivateLinkError, readFailure, refusedStatus, REJECTED_TOKEN,
} from './failures.js'
import {endpointFindings, unreadableFinding} from './findings.js'
import {kindOf, type Scope} from './platform.js'
import {Pool} from './pool.js'

export type {Scope} from './platform.js'

/** The most requests an audit has in flight at once: polite to both APIs, and quick enough (a space of 100 data add-ons in about 2 s at 100 ms a request). */
export const MAX_IN_FLIGHT = 8

/** What an audit reads (the Session's clients and policy); every failure explained for its app or add-on. */
export interface AuditSource {
  /** `GET /apps/{app}/addons`. */
  addons(app: string): Promise<ResolvedAddon[]>
  /** The add-on's endpoint; null when it has none (404). */
  endpoint(addon: ResolvedAddon): Promise<null | PrivateLinkEndpoint>
  /** `GET /spaces/{space}`, for its team. */
  space(space: string): Promise<PlatformSpace>
  /** `GET /teams/{team}/apps`. */
  teamApps(team: string): Promise<PlatformApp[]>
}

/** How far an audit is: apps whose add-ons are listed, and endpoints read of the data add-ons found so far. */
export interface AuditProgress {
  addons: {read: number; total: number}
  apps: {listed: number; total: number}
}

/** Sorted by name, as `heroku apps` sorts them (by code unit, like lodash's sortBy). */
function byName(a: {name: string}, b: {name: string}): number {
  if (a.name === b.name) return 0
  return a.name < b.name ? -1 : 1
}

/**
 * The apps of a space or a team, as `heroku apps --space/--team` finds them, less the Common
 * Runtime's (space null), where PrivateLink is not available. A space's are its team's apps whose
 * space has that name or id. A failure here is the command's: there is nothing to audit.
 */
export async function scopeApps(source: AuditSource, scope: Scope): Promise<PlatformApp[]> {
  let apps: PlatformApp[]
  if (scope.kind === 'team') {
    apps = await source.teamApps(scope.name)
  } else {
    const space = await source.space(scope.name)
    const team = space.team?.name
    if (!team) throw new PrivateLinkError(`The Heroku Platform API gave space ${scope.name} without its team, whose apps are listed to find the space's. Try again; if it persists, list them with: heroku apps --space ${scope.name}`, {reason: 'malformed_response'})
    apps = (await source.teamApps(team)).filter(app => app.space?.name === scope.name || app.space?.id === scope.name)
  }

  return apps.filter(app => app.space).sort(byName)
}

/** A failure that concerns every read (the token refused): it ends the audit, where any other stays with its add-on. */
function endsTheAudit(error: unknown): boolean {
  if (error instanceof PrivateLinkError && error.reason === 'unauthorized') return true
  return refusedStatus(error) === 401 || (error instanceof Error && REJECTED_TOKEN.test(error.message))
}

function auditedDatabase(addon: ResolvedAddon, kind: DatabaseKind, endpoint: null | PrivateLinkEndpoint, error?: unknown): AuditedDatabase {
  const failure = error === undefined ? null : readFailure(error)
  const {accounts, connections, service_name, status} = toDatabaseOverview(addon, kind, endpoint ?? undefined, failure)
  return {
    accounts,
    addon: addon.name,
    app: addon.app.name,
    connections,
    error: failure,
    findings: failure ? [unreadableFinding(failure.message)] : (endpoint ? endpointFindings(endpoint, {addon: addon.name, app: addon.app.name}) : []),
    kind,
    plan: addon.plan.name,
    region: regionOf(service_name),
    service_name,
    status,
  }
}

/** The entry of an app whose add-ons couldn't be listed. */
function unlistedApp(app: string, error: unknown): AuditedDatabase {
  const failure = readFailure(error)
  return {
    accounts: {active: 0, total: 0},
    addon: null,
    app,
    connections: {available: 0, total: 0},
    error: failure,
    findings: [unreadableFinding(failure.message)],
    kind: null,
    plan: null,
    region: null,
    service_name: null,
    status: null,
  }
}

export interface AuditOptions {
  /** Requests in flight at once (default MAX_IN_FLIGHT). */
  limit?: number
  /** Told after each read: for a progress bar. */
  onProgress?: (progress: AuditProgress) => void
}

/** By app, then add-on (an app whose add-ons couldn't be listed first in its group): the same order every run. */
function byAppThenAddon(a: AuditedDatabase, b: AuditedDatabase): number {
  return byName({name: a.app}, {name: b.app}) || byName({name: a.addon ?? ''}, {name: b.addon ?? ''})
}

/**
 * Every data add-on of `apps` with its endpoint and findings, sorted by app, then add-on. An
 * add-on attached to several of the apps is audited once, under the app that owns it. Other
 * add-ons are never sent to the Data API. Each app's add-on list and each endpoint is one piece
 * of work in one pool, so the endpoints of the first apps are read while later apps are still
 * being listed.
 */
export async function auditApps(source: AuditSource, apps: PlatformApp[], options: AuditOptions = {}): Promise<AuditedDatabase[]> {
  const pool = new Pool(options.limit ?? MAX_IN_FLIGHT, endsTheAudit)
  const progress: AuditProgress = {addons: {read: 0, total: 0}, apps: {listed: 0, total: apps.length}}
  const seen = new Set<string>()
  const told = (): void => options.onProgress?.({addons: {...progress.addons}, apps: {...progress.apps}})
  /** Keeps a failure with its add-on, unless it ends the audit (the pool then starts nothing more). */
  const kept = <T>(error: unknown, entry: () => T): T => {
    if (endsTheAudit(error)) throw error
    return entry()
  }

  const auditApp = async (app: PlatformApp): Promise<AuditedDatabase[]> => {
    let databases: Array<{addon: ResolvedAddon; kind: DatabaseKind}>
    try {
      databases = (await pool.run(() => source.addons(app.name))).flatMap(addon => {
        const kind = kindOf(addon)
        if (!kind || seen.has(addon.name)) return []
        seen.add(addon.name)
        return [{addon, kind}]
      })
      progress.addons.total += databases.length
    } catch (error) {
      return kept(error, () => [unlistedApp(app.name, error)])
    } finally {
      progress.apps.listed++
      told()
    }

    return Promise.all(databases.map(async ({addon, kind}) => {
      let endpoint: null | PrivateLinkEndpoint
      try {
        endpoint = await pool.run(() => source.endpoint(addon))
      } catch (error) {
        return kept(error, () => auditedDatabase(addon, kind, null, error))
      } finally {
        progress.addons.read++
        told()
      }

      return auditedDatabase(addon, kind, endpoint)
    }))
  }

  told()
  return (await Promise.all(apps.map(app => auditApp(app)))).flat().sort(byAppThenAddon)
}

/** Whether an audit found anything: what `--fail-on-findings` exits 6 on. */
export function hasFindings(entries: AuditedDatabase[]): boolean {
  return entries.some(entry => entry.findings.length > 0)
}

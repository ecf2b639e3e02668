// One command's conversation with the two APIs about one database: each call resolves the
// add-on once, and turns any failure into an error that names the add-on, the app and the fix.
// Independent requests start together here, so every command gets the same concurrency: reads
// that need the lookup's answer start beside it on a guess of that answer (speculation.ts), and
// are used when the lookup confirms the guess. Writes wait for the lookup.
import {ux} from '@oclif/core/ux'

import type {AuditSource} from './audit.js'
import type {DataApiClient} from './data-api.js'
import type {SessionPlatformClient} from './platform-client.js'
import type {
  ConfigVars, Database, PlatformApp, PrivateLinkEndpoint, ResolvedAddon, Target,
} from './types.js'

import {
  type DatabaseOverview, type EndpointView, needsAppRegion, needsConfigVars, type Read, toDatabaseOverview, toEndpointView,
} from './endpoint-view.js'
import {
  existingEndpointError, explainFailure, type FailureContext, firstLine, PrivateLinkError, readFailure, refusedStatus,
} from './failures.js'
import {accountArn} from './input.js'
import {
  fetchApp, fetchAppAddons, fetchConfigVars, fetchRegion, fetchSpace, fetchTeamApps, kindOf, type PlatformContext, resolveDatabase,
} from './platform.js'
import {DeadlineReached, type RequestPolicy, responseOf} from './retry.js'
import {
  addonNameGuess, appGuess, Guess, type KeyedRead, readForKey,
} from './speculation.js'

/** The app, and DATABASE unless the command is about all of the app's databases (the overview). */
export type SessionTarget = Partial<Target> & Pick<Target, 'app'>

function needsTwoFactor(error: unknown): boolean {
  const response = responseOf(error)
  return response?.status === 403 && (response.body as undefined | {id?: unknown})?.id === 'two_factor'
}

/** Whether a failed read is the command's deadline (--timeout), which ends the command whatever was being read. */
function isDeadline(error: unknown): boolean {
  return error instanceof DeadlineReached || (error instanceof PrivateLinkError && error.source instanceof DeadlineReached)
}

/**
 * A refusal of the Data API about one add-on (a 4xx but 401, 404 and 429): in the overview it
 * becomes that add-on's row. Credentials (401), rate limits and failures of the API itself concern
 * every add-on, and fail the command.
 */
function isRefusalOfOne(error: unknown): boolean {
  const status = refusedStatus(error)
  return status !== undefined && status >= 400 && status < 500 && ![401, 404, 429].includes(status)
}

export class Session {
  private appRead?: Promise<PlatformApp>
  /** The endpoint read started beside the lookup, which the next endpoint() call answers with. */
  private earlyEndpoint?: Guess<PrivateLinkEndpoint>
  /** A session guesses the endpoint once at most: one extra request when DATABASE was not the add-on's name. */
  private endpointGuessed = false
  /** The lookup's answer once it came: later reads need no guess. */
  private lookedUp?: Database
  private readonly readConfigVars: KeyedRead<ConfigVars> = (app, policy) => fetchConfigVars(this.heroku, {
    ...this.platformContext(), ...policy, app, readRetryMs: undefined,
  })
  private readonly readEndpoint: KeyedRead<PrivateLinkEndpoint> = (addon, policy) => this.dataApi.getEndpoint(addon, {policy})
  private regionRead?: Promise<Read<null | string>>
  private resolved?: Promise<Database>

  constructor(
    private readonly heroku: SessionPlatformClient,
    private readonly dataApi: DataApiClient,
    readonly target: SessionTarget,
    private readonly policy: RequestPolicy,
  ) {}

  addAllowedAccounts(accounts: string[]): Promise<void> {
    return this.data('add allowed accounts', true, addon => this.dataApi.addAllowedAccounts(addon, accounts))
  }

  /**
   * The database's app (its space and region), read once per session, with the full retry budget:
   * it is never polled. Asked for before the lookup answers, it is read beside it (on --app, or
   * OTHER_APP of OTHER_APP::ATTACHMENT), and again if the database turns out to be another app's.
   */
  app(): Promise<PlatformApp> {
    this.appRead ??= this.forApp((app, policy) => fetchApp(this.heroku, {
      ...this.platformContext(), ...policy, app, readRetryMs: undefined,
    }))
    return this.appRead
  }

  /**
   * The reads of an audit of a space or a team (audit.ts, which bounds them), with this session's
   * clients and retry policy: each failure explained for its app or add-on; no endpoint (404) is null.
   */
  auditSource(): AuditSource {
    return {
      addons: app => fetchAppAddons(this.heroku, {...this.policy, app, database: ''}),
      endpoint: addon => this.listedEndpoint(addon),
      space: space => fetchSpace(this.heroku, space, this.policy),
      teamApps: team => fetchTeamApps(this.heroku, team, this.policy),
    }
  }

  /**
   * The config vars of the database's app, which differs from --app for OTHER_APP::ATTACHMENT.
   * Only a complement to the endpoint: read with the full retry budget (within the deadline), and
   * a failure to read them (a 403, or still failing after the retries) is a warning and a reason,
   * never the command's failure.
   */
  async configVars(guess?: Guess<ConfigVars>): Promise<Read<ConfigVars>> {
    try {
      return {error: null, value: await this.requiredConfigVars(guess)}
    } catch (error) {
      if (isDeadline(error)) throw error
      ux.warn(`${firstLine(error)} The connections' config vars are shown as unknown.`)
      return {error: readFailure(error), value: null}
    }
  }

  /**
   * After a create answered without the endpoint: one GET of it, never a second create. While it
   * can't be read yet (a 404, any failure), the endpoint is what a create starts: Provisioning,
   * with the accounts sent.
   */
  async createdEndpoint(accounts: string[]): Promise<PrivateLinkEndpoint> {
    const {app, name} = await this.database()
    try {
      return await this.dataApi.getEndpoint(name, {once: true})
    } catch (error) {
      const why = explainFailure(error, this.failureContext('get the PrivateLink endpoint', false, name))
      ux.warn(`The Heroku Data API answered the create without the endpoint, and reading it back failed (${firstLine(why)}): it is shown as Provisioning.`)
      return {
        addon: {name},
        allowed_accounts: accounts.map(account => ({arn: accountArn(account), status: 'Provisioning'})),
        app: {name: app},
        connections: [],
        service_name: null,
        status: 'Provisioning',
      }
    }
  }

  /** The endpoint the create made, or undefined when the API answered without it (`200 {}`). */
  async createEndpoint(accounts: string[]): Promise<PrivateLinkEndpoint | undefined> {
    const doing = 'create the PrivateLink endpoint'
    try {
      return await this.data(doing, true, addon => this.dataApi.createEndpoint(addon, accounts))
    } catch (error) {
      const status = refusedStatus(error)
      if (status !== 409 && status !== 422) throw error
      // The refusal doesn't say whether an endpoint exists: one read of it does.
      const existing = await this.endpoint().catch(() => {})
      if (!existing) throw error
      throw existingEndpointError(existing, this.failureContext(doing, true, (await this.database()).name), error)
    }
  }

  /** The add-on behind DATABASE, resolved once per session (with the full retry budget: it precedes any polling). */
  database(): Promise<Database> {
    const {database} = this.target
    if (database === undefined) return Promise.reject(new Error('This command names no DATABASE'))
    this.resolved ??= resolveDatabase(this.heroku, {...this.policy, app: this.target.app, database}).then(resolved => {
      this.lookedUp = resolved
      return resolved
    })
    return this.resolved
  }

  destroyEndpoint(): Promise<void> {
    return this.data('destroy the PrivateLink endpoint', true, addon => this.dataApi.destroyEndpoint(addon))
  }

  /**
   * The endpoint. The session's first read, while the lookup is under way, goes beside it when
   * DATABASE can be taken for the add-on's name, and is used if the lookup answers that name.
   */
  endpoint(): Promise<PrivateLinkEndpoint> {
    const guess = this.earlyEndpoint ?? this.guessEndpoint()
    this.earlyEndpoint = undefined
    return this.data('get the PrivateLink endpoint', false, addon => this.readEndpoint(addon, {}), guess)
  }

  /**
   * The endpoint with its connections' config vars and its region (read from the app only when the
   * service name doesn't tell it). The config vars are read beside the endpoint (and the lookup),
   * on the app expected, and used only when there are connections.
   */
  async endpointView(endpoint?: PrivateLinkEndpoint): Promise<EndpointView> {
    const configVarsGuess = endpoint ? undefined : this.guessApp(this.readConfigVars)
    let current: PrivateLinkEndpoint
    try {
      current = endpoint ?? await this.endpoint()
    } catch (error) {
      configVarsGuess?.abandon()
      throw error
    }

    if (!needsConfigVars(current)) configVarsGuess?.abandon()
    const [configVars, region] = await Promise.all([
      needsConfigVars(current) ? this.configVars(configVarsGuess) : undefined,
      needsAppRegion(current) ? this.region() : undefined,
    ])
    return toEndpointView(await this.database(), current, {configVars, region})
  }

  /**
   * Every Postgres, Kafka and Key-Value Store add-on of the app with its endpoint: one Data API
   * read per data add-on, all at once; other add-ons are never sent to the Data API.
   */
  async overview(): Promise<DatabaseOverview[]> {
    const addons = await fetchAppAddons(this.heroku, this.platformContext())
    const databases = addons.flatMap(addon => {
      const kind = kindOf(addon)
      return kind ? [{addon, kind}] : []
    })
    return Promise.all(databases.map(async ({addon, kind}) => {
      const read = await this.endpointOf(addon)
      return toDatabaseOverview(addon, kind, read.value ?? undefined, read.error)
    }))
  }

  /**
   * Starts, beside the lookup the caller starts, the endpoint read that the next endpoint() call
   * answers with (`wait`'s first poll), when DATABASE can be taken for the add-on's name.
   */
  readEndpointEarly(): void {
    if (this.earlyEndpoint) return
    const guess = this.guessEndpoint()
    this.earlyEndpoint = guess
    this.database().catch(() => guess?.abandon())
  }

  /**
   * The AWS region of the database's app, which is its space's: the app, then its region's
   * `provider.region`; read once per session. Only a complement to the service name, so a failure
   * to read it is a warning and a reason, never the command's failure (but for the deadline).
   */
  region(): Promise<Read<null | string>> {
    this.regionRead ??= (async (): Promise<Read<null | string>> => {
      const app = await this.app()
      if (!app.region) return {error: null, value: null}
      const region = await fetchRegion(this.heroku, app.region.id || app.region.name, {...this.platformContext(), app: app.name, readRetryMs: undefined})
      return {error: null, value: region.provider?.region ?? null}
    })().catch(error => {
      if (isDeadline(error)) throw error
      ux.warn(`Couldn't read the AWS region of the database's app: ${firstLine(error)}`)
      return {error: readFailure(error), value: null}
    })
    return this.regionRead
  }

  removeAllowedAccounts(accounts: string[]): Promise<void> {
    return this.data('remove allowed accounts', true, addon => this.dataApi.removeAllowedAccounts(addon, accounts))
  }

  /**
   * The config vars of the database's app for a command that can't do without them (`check`: they
   * hold what it checks): a failure is the command's. Asked for before the lookup answers, they are
   * read beside it, on the app expected.
   */
  requiredConfigVars(guess = this.guessApp(this.readConfigVars)): Promise<ConfigVars> {
    return this.forApp(this.readConfigVars, guess)
  }

  /** The view, with its region taken from the app when the service name doesn't tell it. */
  async withRegion(view: EndpointView): Promise<EndpointView> {
    if (view.region) return view
    const {error, value} = await this.region()
    return {...view, region: value, region_error: error}
  }

  /** `call` for the resolved add-on, explained when it fails; `guess`, a read made beside the lookup, is its first attempt when the lookup confirms it. */
  private async data<T>(doing: string, write: boolean, call: (addon: string) => Promise<T>, guess?: Guess<T>): Promise<T> {
    let database: Database
    try {
      database = await this.database()
    } catch (error) {
      guess?.abandon()
      throw error
    }

    const {app, name} = database
    try {
      return await (guess?.take(name) ?? call(name))
    } catch (error) {
      if (!needsTwoFactor(error) || !process.stdin.isTTY) throw explainFailure(error, this.failureContext(doing, write, name))
    }

    // As the Heroku CLI does for the Platform API: ask for a code, pre-authorize the app, try once more.
    await this.heroku.preauth(app, await this.heroku.twoFactorPrompt())
    try {
      return await call(name)
    } catch (error) {
      throw explainFailure(error, this.failureContext(doing, write, name))
    }
  }

  /** An add-on's endpoint for the overview: null when it has none (404), or the Data API's refusal to show it. */
  private async endpointOf(addon: ResolvedAddon): Promise<Read<null | PrivateLinkEndpoint>> {
    try {
      return {error: null, value: await this.listedEndpoint(addon)}
    } catch (error) {
      if (isRefusalOfOne(error)) return {error: readFailure(error), value: null}
      throw error
    }
  }

  private failureContext(doing: string, write: boolean, addon: string): FailureContext {
    return {
      addon, api: 'Heroku Data API', ...this.target, database: this.target.database ?? addon, doing, write,
    }
  }

  /** `read` for the database's app; `guess` (by default, one started now on the app expected while the lookup runs) is used if the lookup confirms it. */
  private forApp<T>(read: KeyedRead<T>, guess = this.guessApp(read)): Promise<T> {
    return readForKey(this.database().then(({app}) => app), read, guess)
  }

  /** `read` started now on the app the lookup is expected to answer; undefined once the lookup answered, and for the overview (no DATABASE). */
  private guessApp<T>(read: KeyedRead<T>): Guess<T> | undefined {
    const app = appGuess(this.target)
    if (this.lookedUp || this.target.database === undefined || app === undefined) return undefined
    return new Guess(app, read, this.policy.onRetry)
  }

  /** The session's one guessed endpoint read, on DATABASE taken for the add-on's name, while the lookup has not answered. */
  private guessEndpoint(): Guess<PrivateLinkEndpoint> | undefined {
    const name = this.target.database === undefined ? undefined : addonNameGuess(this.target.database)
    if (this.lookedUp || this.endpointGuessed || name === undefined) return undefined
    this.endpointGuessed = true
    return new Guess(name, this.readEndpoint, this.policy.onRetry)
  }

  /** The endpoint of an add-on of an app's listing (the overview, an audit): null when it has none (404), any other failure explained for that add-on and its app. */
  private async listedEndpoint(addon: ResolvedAddon): Promise<null | PrivateLinkEndpoint> {
    try {
      return await this.dataApi.getEndpoint(addon.name)
    } catch (error) {
      if (responseOf(error)?.status === 404) return null
      throw explainFailure(error, {...this.failureContext('get the PrivateLink endpoint', false, addon.name), app: addon.app.name, database: addon.name})
    }
  }

  private platformContext(): PlatformContext {
    return {...this.target, database: this.target.database ?? '', ...this.policy}
  }
}

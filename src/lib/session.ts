// One command's conversation with the two APIs about one database: each call resolves the
// add-on once, and turns any failure into an error that names the add-on, the app and the fix.
import {ux} from '@oclif/core/ux'

import type {DataApiClient} from './data-api.js'
import type {SessionPlatformClient} from './platform-client.js'
import type {
  ConfigVars, Database, PlatformApp, PrivateLinkEndpoint, ResolvedAddon, Target,
} from './types.js'

import {
  type DatabaseOverview, type EndpointView, needsAppRegion, needsConfigVars, toDatabaseOverview, toEndpointView,
} from './endpoint-view.js'
import {
  existingEndpointError, explainFailure, type FailureContext, refusedStatus,
} from './failures.js'
import {
  fetchApp, fetchAppAddons, fetchConfigVars, fetchRegion, kindOf, type PlatformContext, resolveDatabase,
} from './platform.js'
import {type RequestPolicy, responseOf} from './retry.js'

/** The app, and DATABASE unless the command is about all of the app's databases (the overview). */
export type SessionTarget = Partial<Target> & Pick<Target, 'app'>

function needsTwoFactor(error: unknown): boolean {
  const response = responseOf(error)
  return response?.status === 403 && (response.body as undefined | {id?: unknown})?.id === 'two_factor'
}

export class Session {
  private appRead?: Promise<PlatformApp>
  private regionRead?: Promise<null | string>
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

  /** The database's app (its space and region), read once per session, with the full retry budget: it is never polled. */
  app(): Promise<PlatformApp> {
    this.appRead ??= this.database().then(({app}) => fetchApp(this.heroku, {...this.platformContext(), app, readRetryMs: undefined}))
    return this.appRead
  }

  /** The config vars of the database's app, which differs from --app for OTHER_APP::ATTACHMENT. */
  async configVars(): Promise<ConfigVars> {
    const {app} = await this.database()
    return fetchConfigVars(this.heroku, {...this.platformContext(), app})
  }

  async createEndpoint(accounts: string[]): Promise<PrivateLinkEndpoint> {
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
    this.resolved ??= resolveDatabase(this.heroku, {...this.policy, app: this.target.app, database})
    return this.resolved
  }

  destroyEndpoint(): Promise<void> {
    return this.data('destroy the PrivateLink endpoint', true, addon => this.dataApi.destroyEndpoint(addon))
  }

  endpoint(): Promise<PrivateLinkEndpoint> {
    return this.data('get the PrivateLink endpoint', false, addon => this.dataApi.getEndpoint(addon))
  }

  /**
   * The endpoint with its connections' config vars (read only when there are connections) and its
   * region (read from the app only when the service name doesn't tell it), both reads at once.
   */
  async endpointView(endpoint?: PrivateLinkEndpoint): Promise<EndpointView> {
    const current = endpoint ?? await this.endpoint()
    const [configVars, region] = await Promise.all([
      needsConfigVars(current) ? this.configVars() : {},
      needsAppRegion(current) ? this.region() : null,
    ])
    return toEndpointView(await this.database(), current, configVars, region)
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
    return Promise.all(databases.map(async ({addon, kind}) => toDatabaseOverview(addon, kind, await this.endpointOf(addon))))
  }

  /**
   * The AWS region of the database's app, which is its space's: the app, then its region's
   * `provider.region`; read once per session. Only a complement to the service name, so a failure
   * to read it is a warning, never the command's failure.
   */
  region(): Promise<null | string> {
    this.regionRead ??= (async () => {
      const app = await this.app()
      if (!app.region) return null
      const region = await fetchRegion(this.heroku, app.region.id || app.region.name, {...this.platformContext(), app: app.name, readRetryMs: undefined})
      return region.provider?.region ?? null
    })().catch(error => {
      ux.warn(`Couldn't read the AWS region of the database's app: ${error instanceof Error ? error.message : String(error)}`)
      return null
    })
    return this.regionRead
  }

  removeAllowedAccounts(accounts: string[]): Promise<void> {
    return this.data('remove allowed accounts', true, addon => this.dataApi.removeAllowedAccounts(addon, accounts))
  }

  /** The view, with its region taken from the app when the service name doesn't tell it. */
  async withRegion(view: EndpointView): Promise<EndpointView> {
    return view.region ? view : {...view, region: await this.region()}
  }

  private async data<T>(doing: string, write: boolean, call: (addon: string) => Promise<T>): Promise<T> {
    const {app, name} = await this.database()
    try {
      return await call(name)
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

  /** An add-on's endpoint for the overview; undefined when it has none (404). */
  private async endpointOf(addon: ResolvedAddon): Promise<PrivateLinkEndpoint | undefined> {
    try {
      return await this.dataApi.getEndpoint(addon.name)
    } catch (error) {
      if (responseOf(error)?.status === 404) return undefined
      throw explainFailure(error, {...this.failureContext('get the PrivateLink endpoint', false, addon.name), app: addon.app.name, database: addon.name})
    }
  }

  private failureContext(doing: string, write: boolean, addon: string): FailureContext {
    return {
      addon, api: 'Heroku Data API', ...this.target, database: this.target.database ?? addon, doing, write,
    }
  }

  private platformContext(): PlatformContext {
    return {...this.target, database: this.target.database ?? '', ...this.policy}
  }
}

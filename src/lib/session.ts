// One command's conversation with the two APIs about one database: each call resolves the
// add-on once, and turns any failure into an error that names the add-on, the app and the fix.
import type {APIClient} from '@heroku-cli/command'

import type {DataApiClient} from './data-api.js'
import type {ConfigVars, Database, PrivateLinkEndpoint} from './types.js'

import {type EndpointView, needsConfigVars, toEndpointView} from './endpoint-view.js'
import {
  existingEndpointError, explainFailure, type FailureContext, refusedStatus,
} from './failures.js'
import {fetchConfigVars, resolveDatabase} from './platform.js'
import {responseOf} from './retry.js'

export interface Target {
  app: string
  /** DATABASE as the user typed it. */
  database: string
}

function needsTwoFactor(error: unknown): boolean {
  const response = responseOf(error)
  return response?.status === 403 && (response.body as undefined | {id?: unknown})?.id === 'two_factor'
}

/** How the session's Platform reads are retried, as the Data API client's are. */
export interface ReadPolicy {
  onRetry: (reason: string) => void
  /** 0 when a polling loop retries instead. */
  readRetryMs?: number
}

export class Session {
  private resolved?: Promise<Database>

  constructor(
    private readonly heroku: APIClient,
    private readonly dataApi: DataApiClient,
    private readonly target: Target,
    private readonly reads: ReadPolicy,
  ) {}

  addAllowedAccounts(accounts: string[]): Promise<void> {
    return this.data('add allowed accounts', true, addon => this.dataApi.addAllowedAccounts(addon, accounts))
  }

  /** The config vars of the database's app, which differs from --app for OTHER_APP::ATTACHMENT. */
  async configVars(): Promise<ConfigVars> {
    const {app} = await this.database()
    return fetchConfigVars(this.heroku, {...this.target, ...this.reads, app})
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
    this.resolved ??= resolveDatabase(this.heroku, {...this.target, onRetry: this.reads.onRetry})
    return this.resolved
  }

  destroyEndpoint(): Promise<void> {
    return this.data('destroy the PrivateLink endpoint', true, addon => this.dataApi.destroyEndpoint(addon))
  }

  endpoint(): Promise<PrivateLinkEndpoint> {
    return this.data('get the PrivateLink endpoint', false, addon => this.dataApi.getEndpoint(addon))
  }

  /** The endpoint with its connections' config vars; those are read only when there are connections. */
  async endpointView(endpoint?: PrivateLinkEndpoint): Promise<EndpointView> {
    const current = endpoint ?? await this.endpoint()
    const configVars = needsConfigVars(current) ? await this.configVars() : {}
    return toEndpointView(await this.database(), current, configVars)
  }

  removeAllowedAccounts(accounts: string[]): Promise<void> {
    return this.data('remove allowed accounts', true, addon => this.dataApi.removeAllowedAccounts(addon, accounts))
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

  private failureContext(doing: string, write: boolean, addon: string): FailureContext {
    return {
      addon, api: 'Heroku Data API', ...this.target, doing, write,
    }
  }
}

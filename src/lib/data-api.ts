// A small typed client of the Heroku Data API's private-link routes.
import type {IncomingMessage} from 'node:http'

import {HTTP} from '@heroku/http-call'

import type {AllowedAccountsBody, PrivateLinkEndpoint} from './types.js'

import {PrivateLinkError} from './failures.js'
import {type RequestPolicy, retryOptions, withRetries} from './retry.js'

export const DEFAULT_DATA_HOST = 'api.data.heroku.com'
/** What every known client of the Data API sends; the Terraform provider's code calls it required. */
export const DATA_API_ACCEPT = 'application/vnd.heroku+json; version=3'
const HEROKU_DOMAINS = ['heroku.com', 'herokai.com', 'herokuspace.com', 'herokudev.com']
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost'])

function isHerokuHost(hostname: string): boolean {
  return HEROKU_DOMAINS.some(domain => hostname === domain || hostname.endsWith(`.${domain}`))
}

/**
 * The Data API's base URL from `HEROKU_DATA_HOST`: a bare host (`api.data.heroku.com`) or a full
 * URL with scheme and port. The token goes there, so only Heroku hosts (https) and loopback are
 * accepted; plain http only for loopback.
 */
export function dataApiBaseUrl(setting = process.env.HEROKU_DATA_HOST): URL {
  const value = setting?.trim() || DEFAULT_DATA_HOST
  let url: URL
  try {
    url = new URL(/^[a-z][a-z\d+.-]*:\/\//i.test(value) ? value : `https://${value}`)
  } catch {
    throw new PrivateLinkError(`HEROKU_DATA_HOST ${JSON.stringify(value)} is not a host name or URL. Unset it to use ${DEFAULT_DATA_HOST}.`, {reason: 'invalid_data_host'})
  }

  const problem = dataHostProblem(url)
  if (problem) {
    throw new PrivateLinkError(`HEROKU_DATA_HOST ${JSON.stringify(value)} ${problem}. Unset it to use ${DEFAULT_DATA_HOST}.`, {reason: 'invalid_data_host'})
  }

  return url
}

function dataHostProblem(url: URL): string | undefined {
  const loopback = LOOPBACK_HOSTS.has(url.hostname) || /^127(\.\d{1,3}){3}$/.test(url.hostname)
  if (url.username || url.password || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    return 'must be a host or scheme://host:port, without credentials, path or query'
  }

  if (url.protocol === 'http:') return loopback ? undefined : 'uses plain http, which is accepted only for localhost and 127.0.0.1'
  if (url.protocol !== 'https:') return 'must use https'
  return loopback || isHerokuHost(url.hostname) ? undefined : 'is not a Heroku host, and the API token would be sent to it'
}

/** The contract's path for an add-on: its name is always exactly one percent-encoded segment. */
export function endpointPath(addon: string): string {
  return `/private-link/v0/databases/${encodeURIComponent(addon).replaceAll('.', '%2E')}`
}

// Retries are decided by `withRetries`, which knows whether a write may be sent again;
// http-call's own network retries would resend writes blindly.
class DataApiHTTP extends HTTP<unknown> {
  override async _maybeRetry(error: Error): Promise<void> {
    throw error
  }
}

export interface DataApiOptions extends RequestPolicy {
  baseUrl: URL
  /** HEROKU_HEADERS, sent on every request as the Heroku CLI's APIClient sends them (they may replace Accept and User-Agent, never the token). */
  extraHeaders?: Record<string, string>
  token: string
  userAgent: string
}

type Method = 'DELETE' | 'GET' | 'PATCH' | 'POST' | 'PUT'

export class DataApiClient {
  constructor(private readonly options: DataApiOptions) {}

  async addAllowedAccounts(addon: string, accounts: string[]): Promise<void> {
    await this.request('PUT', `${endpointPath(addon)}/allowed_accounts`, {allowed_accounts: accounts})
  }

  /**
   * Creates the endpoint. Any 2xx means it was created, whatever the body: Heroku's own fixtures
   * answer `200 {}`. The endpoint comes back when the answer holds one, else undefined.
   */
  async createEndpoint(addon: string, accounts: string[]): Promise<PrivateLinkEndpoint | undefined> {
    const body = await this.request('POST', endpointPath(addon), {allowed_accounts: accounts})
    return isEndpoint(body) ? body : undefined
  }

  async destroyEndpoint(addon: string): Promise<void> {
    await this.request('DELETE', endpointPath(addon))
  }

  /** The endpoint; with `once`, one request and no retry; `policy` replaces the client's retry notice or adds an abort signal. */
  async getEndpoint(addon: string, {once = false, policy = {}}: {once?: boolean; policy?: Partial<RequestPolicy>} = {}): Promise<PrivateLinkEndpoint> {
    return asEndpoint(await this.request('GET', endpointPath(addon), undefined, {...this.options, ...policy, ...(once ? {readRetryMs: 0} : {})}), 'GET')
  }

  async removeAllowedAccounts(addon: string, accounts: string[]): Promise<void> {
    await this.request('PATCH', `${endpointPath(addon)}/allowed_accounts`, {allowed_accounts: accounts})
  }

  private async request(method: Method, path: string, body?: AllowedAccountsBody, policy: RequestPolicy = this.options): Promise<unknown> {
    const url = new URL(path, this.options.baseUrl).toString()
    const send = async () => {
      const http = await DataApiHTTP.request<unknown>(url, {
        body,
        followRedirects: false,
        headers: {
          ...withExtraHeaders({accept: DATA_API_ACCEPT, 'user-agent': this.options.userAgent}, this.options.extraHeaders),
          authorization: `Basic ${Buffer.from(`:${this.options.token}`).toString('base64')}`,
        },
        method,
        // A success is read here: a body that is not JSON must not fail a write that was made.
        raw: true,
      })
      if (http.statusCode >= 300 && http.statusCode < 400) {
        // Redirects are never followed: the token must not travel to a host we did not choose.
        throw new PrivateLinkError(`The Heroku Data API answered ${method} with a redirect (${http.statusCode}) to ${JSON.stringify(String(http.headers.location ?? ''))}, which was not followed. Check HEROKU_DATA_HOST and any proxy settings.`, {reason: 'redirect'})
      }

      return readBody(http.response)
    }

    return withRetries(send, retryOptions(policy, method === 'GET' ? 'read' : 'write'))
  }
}

/** `defaults` with `extra` over them, header names compared without case; the authorization header is never taken from `extra`. */
function withExtraHeaders(defaults: Record<string, string>, extra: Record<string, string> = {}): Record<string, string> {
  const headers = {...defaults}
  for (const [name, value] of Object.entries(extra)) {
    const lower = name.toLowerCase()
    if (lower === 'authorization') continue
    delete headers[lower]
    headers[name] = value
  }

  return headers
}

/** A successful answer's body: parsed JSON, else its text ('' when empty). */
async function readBody(response: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  for await (const chunk of response) chunks.push(chunk as Buffer)
  const text = Buffer.concat(chunks).toString('utf8')
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

function isEndpoint(body: unknown): body is PrivateLinkEndpoint {
  return typeof body === 'object' && body !== null && typeof (body as PrivateLinkEndpoint).status === 'string'
}

/** The answer of a GET must be an endpoint; anything else is reported, not rendered. */
function asEndpoint(body: unknown, method: Method): PrivateLinkEndpoint {
  if (!isEndpoint(body)) {
    const what = body === undefined || body === '' ? 'an empty body' : 'a body that is not a PrivateLink endpoint'
    throw new PrivateLinkError(`The Heroku Data API answered ${method} with ${what}. Try again; if it persists, check HEROKU_DATA_HOST and any proxy in between.`, {reason: 'malformed_response'})
  }

  return body
}

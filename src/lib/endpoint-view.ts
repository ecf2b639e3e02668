// The one value that both renderings of an endpoint (human and `--json`) are made from.
import type {Finding} from './findings.js'
import type {
  AllowedAccount, ConfigVars, Database, DatabaseKind, PrivateLinkConnection, PrivateLinkEndpoint, ResolvedAddon,
} from './types.js'

import {type ConnectionConfigVar, connectionConfigVars} from './config-vars.js'
import {accountArn, canonicalArn} from './input.js'

/** Why a read that complements the endpoint failed, beside the null it leaves in the view. */
export interface ReadFailure {
  message: string
  reason: string
}

/** A complementary read (the app's config vars, its region): the value, or why it couldn't be read. */
export type Read<T> = {error: null; value: T} | {error: ReadFailure; value: null}

export interface ConnectionView {
  /** null when the app's config vars couldn't be read: `config_vars_error` says why. */
  config_vars: ConnectionConfigVar[] | null
  endpoint_id: string
  /** The VPC endpoint's DNS name as the API gives it; null when it doesn't. */
  hostname: null | string
  owner_arn: string
  status: string
}

export interface EndpointView {
  addon: string
  allowed_accounts: Array<{arn: string; status: string}>
  app: string
  /** Why the connections' config vars are unknown (null), or null when they were read or not needed. */
  config_vars_error: null | ReadFailure
  connections: ConnectionView[]
  region: null | string
  /** Why the region is unknown, or null when it was read or not needed. */
  region_error: null | ReadFailure
  service_name: null | string
  status: string
}

/**
 * One row of `data:privatelink -a APP`: a data add-on of the app and its endpoint (status null:
 * none, or, with `error`, one the Data API refused to show).
 */
export interface DatabaseOverview {
  accounts: {active: number; total: number}
  addon: string
  app: string
  connections: {available: number; total: number}
  /** The Data API's refusal to show this add-on's endpoint; null when it was read (or has none). */
  error: null | ReadFailure
  kind: DatabaseKind
  plan: string
  service_name: null | string
  status: null | string
}

/**
 * One entry of `data:privatelink --space SPACE` or `--team TEAM`: an overview row with the AWS
 * region (from the service name) and what the audit found. For an app whose add-ons couldn't be
 * listed, one entry whose `addon`, `kind` and `plan` are null, with `error` saying why.
 */
export interface AuditedDatabase extends Omit<DatabaseOverview, 'addon' | 'kind' | 'plan'> {
  addon: null | string
  findings: Finding[]
  kind: DatabaseKind | null
  plan: null | string
  region: null | string
}

/** What `data:privatelink:access` shows. */
export type AllowedAccountsView = Pick<EndpointView, 'addon' | 'allowed_accounts' | 'app'>

/** What `destroy --wait` and `wait --destroyed` end on: the endpoint is gone (the API answers 404), so it has no status. */
export interface DestroyedView {
  addon: string
  app: string
  status: null
}

/** Where an allowed account stands: `pending` (Provisioning, Pending), `failed` (failed, rejected, error) or `ready` (any other word). */
export type AccountState = 'failed' | 'pending' | 'ready'

const PENDING_ACCOUNT = /^\s*(?:provisioning|pending)(?![a-z])/i
const FAILED_ACCOUNT = /fail|reject|error/i

/**
 * The one readiness rule of allowed accounts, for the waits and the overview alike. Ready is every
 * word but the pending and failed ones (Active, Available, and any word not foreseen), as the
 * Terraform provider tested against the live API treats them: no wait may hang on a new word.
 */
export function accountState(account: Pick<AllowedAccount, 'status'>): AccountState {
  if (FAILED_ACCOUNT.test(account.status)) return 'failed'
  return PENDING_ACCOUNT.test(account.status) ? 'pending' : 'ready'
}

/**
 * `--json --flat`: one object whose values are all strings, as Terraform's `external` data source
 * requires. Lists are joined with commas (endpoint ids and config var names have none), and a
 * value that is null is "".
 */
export type FlatView = Record<string, string>

/** The names of the config vars of every connection of the endpoint (none while they are unknown). */
export function connectionVarNames(view: Pick<EndpointView, 'connections'>): string[] {
  return view.connections.flatMap(connection => (connection.config_vars ?? []).map(configVar => configVar.name))
}

/** `data:privatelink DATABASE` and `wait` with --flat: the endpoint, its connections' ids and config var names. */
export function flatEndpointView(view: EndpointView): FlatView {
  return {
    addon: view.addon,
    app: view.app,
    config_vars: connectionVarNames(view).join(','),
    // Why config_vars is "" although there are connections: the app's config vars couldn't be read.
    config_vars_error: view.config_vars_error?.message ?? '',
    endpoint_ids: view.connections.map(connection => connection.endpoint_id).join(','),
    region: view.region ?? '',
    service_name: view.service_name ?? '',
    status: view.status,
  }
}

/** `wait --destroyed` with --flat: `status` is "", as the endpoint is gone. */
export function flatDestroyedView(view: DestroyedView): FlatView {
  return {addon: view.addon, app: view.app, status: view.status ?? ''}
}

/** What `access:set` changes, as ARNs: the accounts to add, those to remove, those that stay. */
export interface AccountsChange {
  added: string[]
  addon: string
  app: string
  removed: string[]
  unchanged: string[]
}

/**
 * From the endpoint's allowed accounts to exactly `desired` (accounts as `parseAwsAccount` returns
 * them): equivalent forms of one account compare equal, in the order given, then as listed.
 */
export function toAccountsChange(database: Database, endpoint: PrivateLinkEndpoint, desired: string[]): AccountsChange {
  const listed = new Map((endpoint.allowed_accounts ?? []).map(({arn}) => [canonicalArn(arn), arn]))
  const wanted = [...new Set(desired.map(account => accountArn(account)))]
  return {
    added: wanted.filter(arn => !listed.has(arn)),
    addon: endpoint.addon?.name ?? database.name,
    app: endpoint.app?.name ?? database.app,
    removed: [...listed].filter(([canonical]) => !wanted.includes(canonical)).map(([, arn]) => arn),
    unchanged: [...listed].filter(([canonical]) => wanted.includes(canonical)).map(([, arn]) => arn),
  }
}

/** The AWS region in a service name such as `com.amazonaws.vpce.us-east-1.vpce-svc-0410a2e25933fe8ec`. */
export function regionOf(serviceName: null | string | undefined): null | string {
  return /^com\.amazonaws\.vpce\.([a-z0-9-]+)\.vpce-svc-/.exec(serviceName ?? '')?.[1] ?? null
}

const CLOSED_CONNECTION = /reject|fail|delet|expired/i

/** A connection that will never carry traffic again (rejected, failed, deleting, deleted, expired): every other word is one that is, or may become, open. */
export function isClosedConnection(connection: Pick<PrivateLinkConnection, 'status'>): boolean {
  return CLOSED_CONNECTION.test(connection.status)
}

export function isOperational(endpoint: Pick<PrivateLinkEndpoint, 'status'>): boolean {
  return endpoint.status.toLowerCase() === 'operational'
}

export function isProvisioning(endpoint: Pick<PrivateLinkEndpoint, 'status'>): boolean {
  return endpoint.status.toLowerCase() === 'provisioning'
}

/** Whether the region must come from the app's: the service name doesn't tell it (e.g. while provisioning). */
export function needsAppRegion(endpoint: Pick<PrivateLinkEndpoint, 'service_name'>): boolean {
  return regionOf(endpoint.service_name) === null
}

/** Deprovisioning or Deprovisioned: destroyed, but not gone yet (a GET still answers it). */
export function isDeprovisioning(endpoint: Pick<PrivateLinkEndpoint, 'status'>): boolean {
  return endpoint.status.toLowerCase().startsWith('deprovision')
}

/** Whether showing the endpoint needs the app's config vars (only when something is connected). */
export function needsConfigVars(endpoint: PrivateLinkEndpoint): boolean {
  return (endpoint.connections ?? []).length > 0
}

/** What complements the endpoint in its view: reads left out were not needed (no connections, a region in the service name). */
export interface ViewReads {
  configVars?: Read<ConfigVars>
  region?: Read<null | string>
}

/**
 * Builds the view of an endpoint. `reads.configVars` are the app's config vars when the endpoint
 * has connections; only the names, hosts and ports of the connection vars are kept. The region is
 * the service name's, else the app's (the AWS region of its space), known before the service name.
 */
export function toEndpointView(database: Database, endpoint: PrivateLinkEndpoint, reads: ViewReads = {}): EndpointView {
  const configVars = reads.configVars ?? {error: null, value: {}}
  const region = regionOf(endpoint.service_name)
  return {
    addon: endpoint.addon?.name ?? database.name,
    allowed_accounts: (endpoint.allowed_accounts ?? []).map(({arn, status}) => ({arn, status})),
    app: endpoint.app?.name ?? database.app,
    config_vars_error: configVars.error,
    connections: (endpoint.connections ?? []).map(({endpoint_id, hostname, owner_arn, status}) => ({
      config_vars: configVars.value && connectionConfigVars(endpoint_id, configVars.value),
      endpoint_id,
      hostname: hostname || null,
      owner_arn,
      status,
    })),
    region: region ?? reads.region?.value ?? null,
    region_error: region ? null : reads.region?.error ?? null,
    service_name: endpoint.service_name || null,
    status: endpoint.status,
  }
}

/** The overview row of a data add-on; `endpoint` undefined when it has none, `error` when the Data API refused to show it. */
export function toDatabaseOverview(addon: ResolvedAddon, kind: DatabaseKind, endpoint?: PrivateLinkEndpoint, error: null | ReadFailure = null): DatabaseOverview {
  const accounts = endpoint?.allowed_accounts ?? []
  const connections = endpoint?.connections ?? []
  return {
    accounts: {active: accounts.filter(account => accountState(account) === 'ready').length, total: accounts.length},
    addon: addon.name,
    app: addon.app.name,
    connections: {available: connections.filter(connection => connection.status.toLowerCase() === 'available').length, total: connections.length},
    error,
    kind,
    plan: addon.plan.name,
    service_name: endpoint?.service_name || null,
    status: endpoint?.status ?? null,
  }
}

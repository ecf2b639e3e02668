// The one value that both renderings of an endpoint (human and `--json`) are made from.
import type {
  ConfigVars, Database, DatabaseKind, PrivateLinkEndpoint, ResolvedAddon,
} from './types.js'

import {type ConnectionConfigVar, connectionConfigVars} from './config-vars.js'
import {accountArn, canonicalArn} from './input.js'

export interface EndpointView {
  addon: string
  allowed_accounts: Array<{arn: string; status: string}>
  app: string
  connections: Array<{config_vars: ConnectionConfigVar[]; endpoint_id: string; owner_arn: string; status: string}>
  region: null | string
  service_name: null | string
  status: string
}

/** One row of `data:privatelink -a APP`: a data add-on of the app and its endpoint (status null: none). */
export interface DatabaseOverview {
  accounts: {active: number; total: number}
  addon: string
  app: string
  connections: {available: number; total: number}
  kind: DatabaseKind
  plan: string
  service_name: null | string
  status: null | string
}

/** What `data:privatelink:access` shows. */
export type AllowedAccountsView = Pick<EndpointView, 'addon' | 'allowed_accounts' | 'app'>

/** What `destroy --wait` and `wait --destroyed` end on: `status` is the endpoint's last word, `Deprovisioned`, or null once it is gone (404). */
export interface DestroyedView {
  addon: string
  app: string
  status: 'Deprovisioned' | null
}

/**
 * `--json --flat`: one object whose values are all strings, as Terraform's `external` data source
 * requires. Lists are joined with commas (endpoint ids and config var names have none), and a
 * value that is null is "".
 */
export type FlatView = Record<string, string>

/** `data:privatelink DATABASE` and `wait` with --flat: the endpoint, its connections' ids and config var names. */
export function flatEndpointView(view: EndpointView): FlatView {
  return {
    addon: view.addon,
    app: view.app,
    config_vars: view.connections.flatMap(connection => connection.config_vars.map(configVar => configVar.name)).join(','),
    endpoint_ids: view.connections.map(connection => connection.endpoint_id).join(','),
    region: view.region ?? '',
    service_name: view.service_name ?? '',
    status: view.status,
  }
}

/** `wait --destroyed` with --flat: `status` is "Deprovisioned", or "" once the endpoint is gone. */
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

/**
 * Builds the view of an endpoint. `configVars` are the app's config vars when the endpoint has
 * connections; only the names, hosts and ports of the connection vars are kept. The region is the
 * service name's, else `appRegion` (the AWS region of the app's space), known before the service name.
 */
export function toEndpointView(database: Database, endpoint: PrivateLinkEndpoint, configVars: ConfigVars = {}, appRegion: null | string = null): EndpointView {
  return {
    addon: endpoint.addon?.name ?? database.name,
    allowed_accounts: (endpoint.allowed_accounts ?? []).map(({arn, status}) => ({arn, status})),
    app: endpoint.app?.name ?? database.app,
    connections: (endpoint.connections ?? []).map(({endpoint_id, owner_arn, status}) => ({
      config_vars: connectionConfigVars(endpoint_id, configVars),
      endpoint_id,
      owner_arn,
      status,
    })),
    region: regionOf(endpoint.service_name) ?? appRegion,
    service_name: endpoint.service_name || null,
    status: endpoint.status,
  }
}

/** The overview row of a data add-on; `endpoint` undefined when it has none. */
export function toDatabaseOverview(addon: ResolvedAddon, kind: DatabaseKind, endpoint?: PrivateLinkEndpoint): DatabaseOverview {
  const accounts = endpoint?.allowed_accounts ?? []
  const connections = endpoint?.connections ?? []
  return {
    accounts: {active: accounts.filter(account => account.status.toLowerCase() === 'active').length, total: accounts.length},
    addon: addon.name,
    app: addon.app.name,
    connections: {available: connections.filter(connection => connection.status.toLowerCase() === 'available').length, total: connections.length},
    kind,
    plan: addon.plan.name,
    service_name: endpoint?.service_name || null,
    status: endpoint?.status ?? null,
  }
}

// The one value that both renderings of an endpoint (human and `--json`) are made from.
import type {ConfigVars, Database, PrivateLinkEndpoint} from './types.js'

import {type ConnectionConfigVar, connectionConfigVars} from './config-vars.js'

export interface EndpointView {
  addon: string
  allowed_accounts: Array<{arn: string; status: string}>
  app: string
  connections: Array<{config_vars: ConnectionConfigVar[]; endpoint_id: string; owner_arn: string; status: string}>
  region: null | string
  service_name: null | string
  status: string
}

/** What `data:privatelink:access` shows. */
export type AllowedAccountsView = Pick<EndpointView, 'addon' | 'allowed_accounts' | 'app'>

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
 * connections; only the names, hosts and ports of the connection vars are kept.
 */
export function toEndpointView(database: Database, endpoint: PrivateLinkEndpoint, configVars: ConfigVars = {}): EndpointView {
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
    region: regionOf(endpoint.service_name),
    service_name: endpoint.service_name || null,
    status: endpoint.status,
  }
}

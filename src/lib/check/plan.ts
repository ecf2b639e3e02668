// What `check` checks: the connections, every host and port of their config vars (or, before the
// config vars exist, the connection's hostname on the ports of its kind), and the one list of
// hops that both the command and the script of --print-script make.
import type {
  ConfigVars, DatabaseKind, PrivateLinkConnection, PrivateLinkEndpoint, Target,
} from '../types.js'
import type {HopName, Protocol, TargetResult} from './types.js'

import {connectionSecretsForCheck, DEFAULT_PORTS, type KafkaCertificates} from '../config-vars.js'
import {PrivateLinkError} from '../failures.js'
import {privatelinkCommand} from '../suggestions.js'
import {isAvailable} from './remedies.js'

/** The hops of every host and port, in order. */
export const HOPS: readonly HopName[] = ['dns', 'tcp', 'tls', 'login']

export const HOP_NAMES: Record<HopName, string> = {
  dns: 'DNS', login: 'Login', tcp: 'TCP', tls: 'TLS',
}

/** How TLS starts: Postgres and PgBouncer ask for it with an SSLRequest; the others begin with the handshake. */
export const TLS_START: Record<Protocol, 'postgres' | null> = {
  kafka: null, pgbouncer: 'postgres', postgres: 'postgres', redis: null,
}

/** The ports of a kind, for a connection whose config vars don't exist yet: Kafka's first broker only. */
const KIND_PORTS: Record<DatabaseKind, Array<{port: number; protocol: Protocol}>> = {
  kafka: [{port: DEFAULT_PORTS['kafka+ssl:'], protocol: 'kafka'}],
  postgres: [{port: 5432, protocol: 'postgres'}, {port: 5433, protocol: 'pgbouncer'}],
  redis: [{port: DEFAULT_PORTS['rediss:'], protocol: 'redis'}],
}

/** One host and port to check. */
export interface PlannedTarget extends Omit<TargetResult, 'hops'> {
  connection_status: string
  /** In memory only, never in a report: what the login hop connects with; absent before the config vars exist. */
  credentials?: {kafka?: KafkaCertificates; url: URL}
}

function protocolOf(kind: DatabaseKind, configVar: string): Protocol {
  if (kind === 'postgres') return configVar.endsWith('_PGBOUNCER_URL') ? 'pgbouncer' : 'postgres'
  return kind
}

function listConnections(endpoint: PrivateLinkEndpoint): string {
  const connections = endpoint.connections ?? []
  return connections.length === 0 ? 'it has none yet' : `it has ${connections.map(connection => `${connection.endpoint_id} (${connection.status})`).join(', ')}`
}

/**
 * The connections to check: the one --endpoint-id names (whatever its status: its failures then
 * say to wait for it), or else every Available one.
 */
export function connectionsToCheck(endpoint: PrivateLinkEndpoint, target: Target, who: string, endpointId?: string): PrivateLinkConnection[] {
  const connections = endpoint.connections ?? []
  if (endpointId) {
    const named = connections.find(connection => connection.endpoint_id === endpointId)
    if (!named) {
      throw new PrivateLinkError(`The PrivateLink endpoint for ${who} has no connection ${endpointId}: ${listConnections(endpoint)}.\nOnce the VPC endpoint exists, wait for its connection with: ${privatelinkCommand('wait', target, '--endpoint-id', endpointId)}`, {reason: 'no_connection'})
    }

    return [named]
  }

  const available = connections.filter(connection => isAvailable(connection.status))
  if (available.length === 0) {
    throw new PrivateLinkError(`The PrivateLink endpoint for ${who} has no Available connection to check: ${listConnections(endpoint)}.\nWait for one with: ${privatelinkCommand('wait', target, '--endpoint-id', 'VPC_ENDPOINT_ID')}`, {reason: 'no_connection'})
  }

  return available
}

/** Every host and port of `connection`, from its config vars, else from its hostname. */
export function targetsOf(connection: PrivateLinkConnection, kind: DatabaseKind, configVars: ConfigVars): PlannedTarget[] {
  const {endpoint_id, status} = connection
  const {kafka, vars} = connectionSecretsForCheck(endpoint_id, configVars)
  const fromVars = vars.flatMap(({name, urls}) => urls.flatMap(({host, port, url}) => (port === null
    ? []
    : [{
      config_var: name,
      connection_status: status,
      credentials: {kafka: kind === 'kafka' ? kafka : undefined, url},
      endpoint_id,
      host,
      port,
      protocol: protocolOf(kind, name),
    }])))
  if (fromVars.length > 0 || !connection.hostname) return fromVars
  const {hostname} = connection
  return KIND_PORTS[kind].map(({port, protocol}) => ({
    config_var: null, connection_status: status, endpoint_id, host: hostname, port, protocol,
  }))
}

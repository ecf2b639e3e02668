// The one result shape of every probe of `data:privatelink:check`, and the report made of them:
// what `--json` prints and the table is drawn from. No field ever holds a credential.

/** What is checked on a host and port: the protocol of its config var. */
export type Protocol = 'kafka' | 'pgbouncer' | 'postgres' | 'redis'

/** The hops, in the order an application makes them. */
export type HopName = 'dns' | 'login' | 'tcp' | 'tls'

export type HopStatus = 'failed' | 'passed' | 'skipped'

/** A likely cause of a failure and, when there is one, the command that fixes or shows it. */
export interface Remedy {
  cause: string
  command?: string
}

export type AddressScope = 'link-local' | 'loopback' | 'private' | 'public' | 'shared'

export interface ResolvedAddress {
  address: string
  family: 4 | 6
  scope: AddressScope
}

export interface TlsSession {
  /** ISO 8601, or null when the server sent no certificate. */
  expires_at: null | string
  /** `TLSv1.3`… */
  protocol: string
  /** The certificate's subject, `CN=…, O=…`. */
  subject: null | string
}

export interface HopResult {
  /** DNS: the addresses the name resolved to. */
  addresses?: ResolvedAddress[]
  /** What the hop found (passed), why it failed, or why it was not made (skipped). */
  detail: string
  duration_ms: number
  hop: HopName
  /** The likely causes of a failure, most likely first. */
  remedies: Remedy[]
  status: HopStatus
  /** TLS: the negotiated session. */
  tls?: TlsSession
}

/** One host and port of a connection, and its hops. */
export interface TargetResult {
  /** The connection config var it comes from; null when taken from the connection's hostname, before the config vars exist. */
  config_var: null | string
  endpoint_id: string
  hops: HopResult[]
  host: string
  port: number
  protocol: Protocol
}

/** What `data:privatelink:check --json` prints. */
export interface CheckReport {
  addon: string
  app: string
  /** Whether the login hop was made (false with --no-login). */
  login: boolean
  /** Every hop checked passed. */
  ok: boolean
  targets: TargetResult[]
}

export const PROTOCOL_NAMES: Record<Protocol, string> = {
  kafka: 'Kafka',
  pgbouncer: 'PgBouncer',
  postgres: 'Postgres',
  redis: 'Key-Value Store',
}

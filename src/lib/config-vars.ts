// Finding the config vars Heroku adds for a VPC endpoint connection. Their values are secrets:
// only names, hosts and ports leave this module, but for the one accessor `check` logs in with.
import type {ConfigVars} from './types.js'

export interface ConfigVarHost {
  host: string
  port: null | number
}

export interface ConnectionConfigVar {
  /** The first host's (kept for scripts written before `hosts`). */
  host: null | string
  /** Every host the value names: one for Postgres and Key-Value Store, one per broker for Kafka. */
  hosts: ConfigVarHost[]
  name: string
  /** The first host's port. */
  port: null | number
}

export const DEFAULT_PORTS: Record<string, number> = {
  'kafka+ssl:': 9096, 'postgres:': 5432, 'postgresql:': 5432, 'redis:': 6379, 'rediss:': 6379,
}

/** Heroku names the vars after the last 17 characters of the endpoint id, upper-cased. */
function endpointKey(endpointId: string): string {
  return endpointId.slice(-17).toUpperCase()
}

/**
 * Names of the app's config vars that belong to a connection, whatever the attachment prefix:
 * the direct `_URL` ones first, then the PgBouncer ones. Other vars of the add-on (Kafka's client
 * certificate and key, for instance) never match.
 */
export function configVarNamesFor(endpointId: string, configVars: ConfigVars): string[] {
  const key = endpointKey(endpointId)
  const names = Object.keys(configVars).sort()
  return [`_ENDPOINT_${key}_URL`, `_ENDPOINT_${key}_PGBOUNCER_URL`].flatMap(suffix => names.filter(name => name.endsWith(suffix)))
}

// A Kafka var lists its brokers' URLs separated by commas. Splitting only before a `scheme://`
// keeps a comma that belongs to a URL (in a password, say) where it is.
const URL_SEPARATOR = /,\s*(?=[a-z][\d+.a-z-]*:\/\/)/i

/** Every URL with a host that a config var's value holds (one per Kafka broker), with its host and port. */
function urlsOf(value: null | string): Array<ConfigVarHost & {url: URL}> {
  return (value ?? '').split(URL_SEPARATOR).flatMap(part => {
    let url: URL
    try {
      url = new URL(part.trim())
    } catch {
      return []
    }

    return url.hostname ? [{host: url.hostname, port: url.port ? Number(url.port) : DEFAULT_PORTS[url.protocol] ?? null, url}] : []
  })
}

/** The hosts and ports a config var's value names, never its credentials; none when it holds no URL. */
export function hostsOf(value: null | string): ConfigVarHost[] {
  return urlsOf(value).map(({host, port}) => ({host, port}))
}

export function connectionConfigVars(endpointId: string, configVars: ConfigVars): ConnectionConfigVar[] {
  return configVarNamesFor(endpointId, configVars).map(name => {
    const hosts = hostsOf(configVars[name])
    return {
      host: hosts[0]?.host ?? null, hosts, name, port: hosts[0]?.port ?? null,
    }
  })
}

/** A connection config var with what a client logs in with: for the login probes of `check` only. */
export interface ConnectionSecret {
  name: string
  /** One per host the value names (every Kafka broker): its host, port and whole URL, credentials included. */
  urls: Array<ConfigVarHost & {url: URL}>
}

/** Kafka's client certificate, its key and the CA of the brokers' certificates (PEM). */
export interface KafkaCertificates {
  cert?: string
  key?: string
  trusted?: string
}

/**
 * The secret values `data:privatelink:check` needs to connect as the application would: each
 * connection var's URLs (user, password, database) and, for Kafka, the attachment's client
 * certificate, key and trusted CA (`<ATTACHMENT>_CLIENT_CERT`, `_CLIENT_CERT_KEY`,
 * `_TRUSTED_CERT`). Everything else in this module keeps only names, hosts and ports, so that no
 * view can print a secret; this one is apart and named for its one use, and its values stay in
 * the memory of the probes that connect.
 */
export function connectionSecretsForCheck(endpointId: string, configVars: ConfigVars): {kafka: KafkaCertificates; vars: ConnectionSecret[]} {
  const names = configVarNamesFor(endpointId, configVars)
  const vars = names.map(name => ({
    name,
    urls: urlsOf(configVars[name] ?? null),
  }))
  // The attachment's prefix: DATABASE_ENDPOINT_…_URL → DATABASE, KAFKA_ENDPOINT_…_URL → KAFKA.
  const prefix = names[0]?.slice(0, names[0].indexOf(`_ENDPOINT_${endpointKey(endpointId)}_`))
  const kafkaVar = (suffix: string) => (prefix ? configVars[`${prefix}_${suffix}`] ?? undefined : undefined)
  return {kafka: {cert: kafkaVar('CLIENT_CERT'), key: kafkaVar('CLIENT_CERT_KEY'), trusted: kafkaVar('TRUSTED_CERT')}, vars}
}

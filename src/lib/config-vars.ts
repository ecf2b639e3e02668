// Finding the config vars Heroku adds for a VPC endpoint connection. Their values are secrets:
// only names, hosts and ports leave this module.
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

const DEFAULT_PORTS: Record<string, number> = {
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

/** The hosts and ports a config var's value names, never its credentials; none when it holds no URL. */
export function hostsOf(value: null | string): ConfigVarHost[] {
  return (value ?? '').split(URL_SEPARATOR).flatMap(part => {
    try {
      const url = new URL(part.trim())
      if (!url.hostname) return []
      return [{host: url.hostname, port: url.port ? Number(url.port) : DEFAULT_PORTS[url.protocol] ?? null}]
    } catch {
      return []
    }
  })
}

export function connectionConfigVars(endpointId: string, configVars: ConfigVars): ConnectionConfigVar[] {
  return configVarNamesFor(endpointId, configVars).map(name => {
    const hosts = hostsOf(configVars[name])
    return {
      host: hosts[0]?.host ?? null, hosts, name, port: hosts[0]?.port ?? null,
    }
  })
}

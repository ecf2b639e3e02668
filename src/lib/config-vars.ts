// Finding the config vars Heroku adds for a VPC endpoint connection. Their values are secrets:
// only names, hosts and ports leave this module.
import type {ConfigVars} from './types.js'

export interface ConnectionConfigVar {
  host: null | string
  name: string
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
 * the direct `_URL` ones first, then the PgBouncer ones.
 */
export function configVarNamesFor(endpointId: string, configVars: ConfigVars): string[] {
  const key = endpointKey(endpointId)
  const names = Object.keys(configVars).sort()
  return [`_ENDPOINT_${key}_URL`, `_ENDPOINT_${key}_PGBOUNCER_URL`].flatMap(suffix => names.filter(name => name.endsWith(suffix)))
}

function hostAndPort(value: null | string): Pick<ConnectionConfigVar, 'host' | 'port'> {
  try {
    const url = new URL(value ?? '')
    return {host: url.hostname || null, port: url.port ? Number(url.port) : DEFAULT_PORTS[url.protocol] ?? null}
  } catch {
    return {host: null, port: null}
  }
}

export function connectionConfigVars(endpointId: string, configVars: ConfigVars): ConnectionConfigVar[] {
  return configVarNamesFor(endpointId, configVars).map(name => ({name, ...hostAndPort(configVars[name])}))
}

// Composes the probes: every host and port at once, the hops of each in order (a failed hop skips
// the ones after it), each DNS name resolved once, and the report `--json` prints.
import type {
  ConfigVars, Database, PrivateLinkEndpoint, Target,
} from '../types.js'
import type {
  CheckReport, HopName, HopResult, TargetResult,
} from './types.js'

import {regionOf} from '../endpoint-view.js'
import {PrivateLinkError} from '../failures.js'
import {privatelinkCommand} from '../suggestions.js'
import {
  explainDns, type Lookup, lookupAll, probeDns,
} from './dns.js'
import {
  type HopLimits, type HopPlan, type HopRun, runHop, skipped,
} from './hop.js'
import {
  explainKafkaCertificates, explainKafkaLogin, kafkaTlsOptions, loginKafka,
} from './kafka.js'
import {
  connectionsToCheck, HOP_NAMES, HOPS, type PlannedTarget, targetsOf, TLS_START,
} from './plan.js'
import {explainPostgresLogin, loginPostgres, sslRequest} from './postgres.js'
import {explainRedisLogin, loginRedis} from './redis.js'
import {type FixContext, thisHostCidr} from './remedies.js'
import {pemSecrets, type Secrets, secretsOf} from './secrets.js'
import {explainTcp, probeTcp} from './tcp.js'
import {explainTls, probeTls} from './tls.js'

export interface CheckSettings {
  addon: string
  app: string
  limits: HopLimits
  /** False with --no-login: the check stops after TLS. */
  login: boolean
  /** The name resolution to use (tests); getaddrinfo by default. */
  lookup?: Lookup
  /** The database's AWS region, for the AWS CLI commands of the remedies. */
  region: null | string
  /** DATABASE and the app as typed, for the commands of the remedies. */
  target: Target
  /** This host's address as a /32 for the ingress rule of the remedies. */
  thisHost: string
}

export interface CheckRun {
  /** Some hop was cut short by the deadline (--timeout): the check did not finish. */
  cutByDeadline: boolean
  report: CheckReport
}

/** The probe of each hop after DNS, and what explains its failure. */
function hopPlan(hop: Exclude<HopName, 'dns'>, target: PlannedTarget, previous: HopResult[], context: FixContext): HopPlan {
  const {credentials, host, port, protocol} = target
  const kafka = protocol === 'kafka' ? credentials?.kafka : undefined
  switch (hop) {
  case 'login': {
    const login = {host, port, url: credentials!.url}
    if (protocol === 'kafka') return {explain: explainKafkaLogin(context, kafka), probe: loginKafka(host, port, kafka)}
    if (protocol === 'redis') return {explain: explainRedisLogin(context, target.config_var), probe: loginRedis(login)}
    return {explain: explainPostgresLogin(context, target.config_var), probe: loginPostgres(login)}
  }

  case 'tcp': {
    return {explain: explainTcp(port, context), probe: probeTcp(previous[0].addresses ?? [], port)}
  }

  case 'tls': {
    const start = TLS_START[protocol] === 'postgres' ? sslRequest(context) : undefined
    return {
      explain: explainTls(context, {certificates: protocol === 'kafka' ? explainKafkaCertificates(context, kafka) : undefined}),
      probe: probeTls(host, port, {...(protocol === 'kafka' ? kafkaTlsOptions(kafka) : {}), start}),
    }
  }
  }
}

function secretsOfTarget(target: PlannedTarget): Secrets {
  if (!target.credentials) return []
  const {kafka, url} = target.credentials
  return [...secretsOf(url), ...pemSecrets(kafka?.key, kafka?.cert)]
}

function whyNoLogin(target: PlannedTarget, settings: CheckSettings): string | undefined {
  if (!settings.login) return 'not made (--no-login)'
  if (!target.credentials) return 'not made: the connection\'s config vars don\'t exist yet, so there are no credentials to log in with'
  return undefined
}

async function checkTarget(target: PlannedTarget, settings: CheckSettings, dnsOf: (host: string, context: FixContext) => Promise<HopRun>): Promise<{cut: boolean; result: TargetResult}> {
  const context: FixContext = {
    configVar: target.config_var,
    connectionStatus: target.connection_status,
    endpointId: target.endpoint_id,
    region: settings.region,
    target: settings.target,
    thisHost: settings.thisHost,
  }
  const secrets = secretsOfTarget(target)
  const hops: HopResult[] = []
  let cut = false
  let blocked: string | undefined
  for (const hop of HOPS) {
    const noLogin = hop === 'login' ? whyNoLogin(target, settings) : undefined
    if (blocked || noLogin) {
      hops.push(skipped(hop, blocked ?? noLogin!))
      continue
    }

    const plan = hop === 'dns' ? undefined : hopPlan(hop, target, hops, context)
    // eslint-disable-next-line no-await-in-loop -- each hop needs the one before it
    const run = plan ? await runHop(hop, settings.limits, secrets, plan) : await dnsOf(target.host, context)
    hops.push(run.result)
    cut ||= run.cutByDeadline
    if (run.result.status === 'failed') blocked = `not made: the ${HOP_NAMES[hop]} hop failed`
  }

  const {config_var, endpoint_id, host, port, protocol} = target
  return {
    cut,
    result: {
      config_var, endpoint_id, hops, host, port, protocol,
    },
  }
}

/** Checks every target at once; the report never holds a credential. */
export async function runCheck(targets: PlannedTarget[], settings: CheckSettings): Promise<CheckRun> {
  const lookups = new Map<string, Promise<HopRun>>()
  const dnsOf = (host: string, context: FixContext): Promise<HopRun> => {
    if (!lookups.has(host)) lookups.set(host, runHop('dns', settings.limits, [], {explain: explainDns(host, context), probe: probeDns(host, settings.lookup ?? lookupAll)}))
    return lookups.get(host)!
  }

  const checked = await Promise.all(targets.map(target => checkTarget(target, settings, dnsOf)))
  const results = checked.map(({result}) => result)
  return {
    cutByDeadline: checked.some(({cut}) => cut),
    report: {
      addon: settings.addon,
      app: settings.app,
      login: settings.login,
      ok: results.every(result => result.hops.every(hop => hop.status !== 'failed')),
      targets: results,
    },
  }
}

/** `2 of 8 hops failed`, or `all 8 hops passed`, counting the hops that were made. */
export function summarize(report: CheckReport): string {
  const hops = report.targets.flatMap(target => target.hops)
  const failed = hops.filter(hop => hop.status === 'failed').length
  const made = hops.filter(hop => hop.status !== 'skipped').length
  return failed > 0 ? `${failed} of ${made} hops failed` : `all ${made} hops passed`
}

export interface DatabaseCheckOptions {
  /** The command's deadline (--timeout), in ms since the epoch. */
  deadline?: number
  /** Only this connection, whatever its status; otherwise every Available one. */
  endpointId?: string
  hopTimeoutMs: number
  login: boolean
  lookup?: Lookup
  /** DATABASE and the app as typed. */
  target: Target
}

/** The hosts and ports of the connections to check, from the endpoint and the app's config vars. */
export function plannedTargets(database: Database, endpoint: PrivateLinkEndpoint, configVars: ConfigVars, options: Pick<DatabaseCheckOptions, 'endpointId' | 'target'>): PlannedTarget[] {
  const who = `${database.name} on ${database.app}`
  const connections = connectionsToCheck(endpoint, options.target, who, options.endpointId)
  const targets = connections.flatMap(connection => targetsOf(connection, database.kind, configVars))
  if (targets.length === 0) {
    const ids = connections.map(connection => connection.endpoint_id)
    throw new PrivateLinkError(`Nothing to check yet for ${who}: connection ${ids.join(', ')} has no config vars and no hostname yet.\nWait for them with: ${privatelinkCommand('wait', options.target, '--endpoint-id', ids[0])}`, {reason: 'nothing_to_check'})
  }

  return targets
}

/** `check`, and each poll of `wait --reachable`: every host and port of the connections, from this host. */
export function checkDatabase(database: Database, endpoint: PrivateLinkEndpoint, configVars: ConfigVars, options: DatabaseCheckOptions): Promise<CheckRun> {
  return runCheck(plannedTargets(database, endpoint, configVars, options), {
    addon: database.name,
    app: database.app,
    limits: {deadline: options.deadline, timeoutMs: options.hopTimeoutMs},
    login: options.login,
    lookup: options.lookup,
    region: regionOf(endpoint.service_name),
    target: options.target,
    thisHost: thisHostCidr(),
  })
}

/** One line for a progress report: the first failure, or that every hop passed. */
export function describeFirstFailure(report: CheckReport): string {
  for (const target of report.targets) {
    const hop = target.hops.find(candidate => candidate.status === 'failed')
    if (hop) return `${summarize(report)}; the first: ${target.host}:${target.port} ${HOP_NAMES[hop.hop]}: ${hop.detail}`
  }

  return summarize(report)
}

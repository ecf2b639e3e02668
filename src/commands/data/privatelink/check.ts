import type {CheckReport} from '../../../lib/check/types.js'

import {hiddenAliasesFor, PrivateLinkCommand} from '../../../lib/base-command.js'
import {ExitCode, PrivateLinkError} from '../../../lib/failures.js'
import * as flags from '../../../lib/flags.js'

/** What --print-script returns (and prints under --json). */
export interface CheckScriptView {
  addon: string
  app: string
  script: string
}

export default class Check extends PrivateLinkCommand {
  static args = {database: flags.database}
  static description = `Run it where the application runs: on a host in the VPC (an EC2 instance, a CI runner there) or in a network routed to it. It checks every host and port of every Available connection (or of the one --endpoint-id names), hop by hop:
  DNS    the VPC endpoint's name resolves, to private addresses
  TCP    each address takes a connection on the port (a refusal told from no answer)
  TLS    the handshake (after the SSLRequest for Postgres and PgBouncer; with the client certificate for Kafka)
  Login  one round trip with the connection's own credentials (SELECT 1, AUTH and PING, ApiVersions)
Each failure gives its likely causes and the commands that fix them. Like sslmode=require, the certificate is not checked against the name. The credentials stay in memory, never printed (in --json neither); --no-login stops after TLS. Before the config vars exist, it checks the connection's hostname on the ports of its kind, without login. Hosts and ports are checked at once, each hop within --hop-timeout, the whole command within --timeout.
--print-script prints the DNS, TCP and TLS hops as a POSIX shell script (getent, bash or nc, openssl) for a host without the Heroku CLI: host names and ports only.

Exit codes:
  0  every hop passed
  1  an error, such as no Available connection to check
  2  invalid flags or arguments
  3  timed out (--timeout)
  5  some hop failed: the table and --json say which, and why`
  static enableJsonFlag = true
  static examples = [
    '<%= config.bin %> <%= command.id %> DATABASE --app example-app',
    '<%= config.bin %> <%= command.id %> DATABASE --app example-app --endpoint-id vpce-01c87ae3c05563935 --json',
    '<%= config.bin %> <%= command.id %> DATABASE --app example-app --print-script',
  ]
  static flags = {
    'endpoint-id': flags.checkEndpointId,
    'hop-timeout': flags.hopTimeout,
    login: flags.login,
    'print-script': flags.printScript,
    timeout: flags.checkTimeout,
  }
  static hiddenAliases = hiddenAliasesFor('data:privatelink:check')
  static summary = 'check that this host can reach a database through its PrivateLink endpoint: DNS, TCP, TLS and login'

  /** A lookup given up on past its hop's timeout must not hold the process once the result is out. */
  async finally(error: Error | undefined): Promise<void> {
    await super.finally(error)
    const {exitDespiteAbandonedWork} = await import('../../../lib/check/hop.js')
    exitDespiteAbandonedWork()
  }

  async run(): Promise<CheckReport | CheckScriptView> {
    const {args, flags} = await this.parse(Check)
    const target = {app: flags.app, database: args.database}
    // The table renderer loads while the requests and the probes are under way.
    const tables = this.renderer({tables: !flags['print-script']})
    // --timeout bounds every request and probe; `check` never polls, so no interval is used.
    const bounds = {interval: 1, timeout: flags.timeout}
    const session = await this.session(target, {wait: bounds})
    const [database, endpoint, configVars, check, {deadlineOf}] = await Promise.all([
      session.database(), session.endpoint(), session.requiredConfigVars(), import('../../../lib/check/run.js'), import('../../../lib/wait.js'),
    ])
    const options = {endpointId: flags['endpoint-id'], target}
    if (flags['print-script']) {
      const {checkScript} = await import('../../../lib/check/script.js')
      const command = ['heroku data:privatelink:check', args.database, '--app', flags.app, ...(flags['endpoint-id'] ? ['--endpoint-id', flags['endpoint-id']] : [])].join(' ')
      const script = checkScript(check.plannedTargets(database, endpoint, configVars, options), {
        addon: database.name, app: database.app, command, hopTimeoutSeconds: flags['hop-timeout'],
      })
      if (!this.jsonEnabled()) process.stdout.write(script)
      return {addon: database.name, app: database.app, script}
    }

    const {cutByDeadline, report} = await check.checkDatabase(database, endpoint, configVars, {
      ...options, deadline: deadlineOf(this.waitSettings(bounds), Date.now()), hopTimeoutMs: flags['hop-timeout'] * 1000, login: flags.login,
    })
    if (cutByDeadline) {
      throw new PrivateLinkError(`Timed out: the check of ${database.name} on ${database.app} did not finish within --timeout ${flags.timeout}s.\nRun it again, or give it longer with --timeout SECONDS (0 for no deadline).`, {exit: ExitCode.TimedOut, reason: 'timeout'})
    }

    if (tables) {
      await tables
      await (await import('../../../lib/check/render.js')).renderCheck(report)
    }

    if (!report.ok) process.exitCode = ExitCode.CheckFailed
    return report
  }
}

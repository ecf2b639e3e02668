import type {Scope} from '../../../lib/platform.js'

import {hiddenAliasesFor, PrivateLinkCommand} from '../../../lib/base-command.js'
import {
  type AuditedDatabase, type DatabaseOverview, type EndpointView, flatEndpointView, type FlatView,
} from '../../../lib/endpoint-view.js'
import {ExitCode, usageError, warnRetry} from '../../../lib/failures.js'
import * as flags from '../../../lib/flags.js'

export default class Show extends PrivateLinkCommand {
  static args = {database: flags.optionalDatabase}
  static baseFlags = {...PrivateLinkCommand.baseFlags, app: flags.appUnlessScoped}
  static description = `The service name to create an AWS VPC endpoint for, the status, the database's AWS region, the allowed accounts and the connections, with the names of the config vars each connection adds (never their values).
Without DATABASE, lists every Heroku Postgres, Apache Kafka and Key-Value Store add-on of the app with its endpoint's status, service name, active accounts and available connections.
With --space or --team instead of --app, audits every such add-on of every app in that Private Space, or in the Private Spaces of that team (as heroku apps --space and --team find apps; Common Runtime apps are left out): one table grouped by app, with the AWS region and the findings of each endpoint: connection_not_allowed (a connection whose owner no allowed account covers: removing an account leaves its connections open), unused_grant (an allowed account no connection uses), account_pending, account_failed, endpoint_not_operational, and unreadable (what couldn't be read, stated per add-on). At most 8 requests are in flight at once.
With --json, the same fields as one JSON document (for --space and --team, an array with one entry per add-on, with its findings); with --json --flat, one object whose values are all strings (addon, app, status, service_name, region, and the connections' endpoint_ids and config_vars joined with commas), which Terraform's external data source can read.

Exit codes:
  0  success; with --space or --team, whatever the findings, unless --fail-on-findings
  1  an error, such as no endpoint for the database, or a space or team that can't be listed
  2  invalid flags or arguments
  6  --fail-on-findings, and the audit found something`
  static enableJsonFlag = true
  static examples = [
    '<%= config.bin %> <%= command.id %> DATABASE --app example-app',
    '<%= config.bin %> <%= command.id %> DATABASE --app example-app --json | jq -r .service_name',
    '<%= config.bin %> <%= command.id %> DATABASE --app example-app --json --flat',
    '<%= config.bin %> <%= command.id %> --app example-app',
    '<%= config.bin %> <%= command.id %> --space example-space',
    '<%= config.bin %> <%= command.id %> --team example-team --json --fail-on-findings',
  ]
  static flags = {
    'fail-on-findings': flags.failOnFindings,
    flat: flags.flat,
    space: flags.space,
    team: flags.team,
  }
  static hiddenAliases = hiddenAliasesFor('data:privatelink')
  static summary = 'show the PrivateLink endpoint of a database, every data add-on of the app, or audit a space or a team'

  async run(): Promise<AuditedDatabase[] | DatabaseOverview[] | EndpointView | FlatView> {
    const {args, flags, raw} = await this.parse(Show)
    const given = (name: string): boolean => raw.some(token => token.type === 'flag' && token.flag === name)
    const scope: Scope | undefined = flags.space === undefined ? (flags.team === undefined ? undefined : {kind: 'team', name: flags.team}) : {kind: 'space', name: flags.space}
    if (scope) {
      // Checked before any request: an audit names no app and no database.
      if (flags.space !== undefined && flags.team !== undefined) throw usageError('Give --space SPACE or --team TEAM, not both: --team already covers the Private Spaces of the team.')
      const flag = ['app', 'remote'].find(name => given(name))
      if (flag) throw usageError(`--${scope.kind} lists the apps of the ${scope.kind} itself: it takes no --${flag}. Give one or the other.`)
      if (args.database !== undefined) throw usageError(`DATABASE names one database of one app, and --${scope.kind} lists every one of the ${scope.kind}: give DATABASE with --app, or --${scope.kind} alone.`)
      if (flags.flat) throw usageError(`--flat prints one endpoint: give DATABASE with --app, as in heroku data:privatelink DATABASE --app APP --json --flat, instead of --${scope.kind}.`)
      return this.audit(scope, flags['fail-on-findings'])
    }

    if (flags['fail-on-findings']) throw usageError('--fail-on-findings is for an audit: add --space SPACE or --team TEAM.')
    if (flags.flat && args.database === undefined) {
      throw usageError('--flat prints one endpoint: give DATABASE, as in heroku data:privatelink DATABASE --app APP --json --flat.')
    }

    const {app} = flags
    if (app === undefined) throw usageError('Missing required flag app: give --app APP (or set HEROKU_APP), or audit every app of a space or a team with --space SPACE or --team TEAM.')
    const render = this.renderer({tables: true})
    const session = await this.session({app, database: args.database})
    if (args.database === undefined) {
      const rows = await session.overview()
      if (render) await (await render).renderOverview(rows, app)
      return rows
    }

    const view = await session.endpointView()
    if (render) await (await render).renderEndpoint(view, {database: args.database, kind: (await session.database()).kind})

    return flags.flat ? flatEndpointView(view) : view
  }

  /** `--space` or `--team`: the audit, its table (or --json), and exit 6 with --fail-on-findings when it found anything. */
  private async audit(scope: Scope, failOnFindings: boolean): Promise<AuditedDatabase[]> {
    const render = this.renderer({tables: true})
    // Many reads may be retried for one reason (a rate limit): say it once.
    const told = new Set<string>()
    const onRetry = (reason: string): void => {
      if (told.has(reason)) return
      told.add(reason)
      warnRetry(reason)
    }

    // An audit names no app: its reads name theirs.
    const [session, {auditApps, hasFindings, scopeApps}, {AuditProgressBar}] = await Promise.all([
      this.session({app: ''}, {onRetry}), import('../../../lib/audit.js'), import('../../../lib/progress.js'),
    ])
    const source = session.auditSource()
    const apps = await scopeApps(source, scope)
    const progress = new AuditProgressBar(`Reading the PrivateLink endpoints of ${scope.kind} ${scope.name}`, this.jsonEnabled())
    let entries: AuditedDatabase[]
    try {
      entries = await auditApps(source, apps, {onProgress: update => progress.update(update)})
    } finally {
      progress.stop()
    }

    if (render) await (await render).renderAudit(entries, scope, apps.length)
    if (failOnFindings && hasFindings(entries)) process.exitCode = ExitCode.Findings
    return entries
  }
}

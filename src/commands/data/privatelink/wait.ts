import type {CheckReport} from '../../../lib/check/types.js'
import type {Session} from '../../../lib/session.js'
import type {Target} from '../../../lib/types.js'
import type {WaitSettings} from '../../../lib/wait.js'

import {hiddenAliasesFor, PrivateLinkCommand} from '../../../lib/base-command.js'
import {
  type DestroyedView, type EndpointView, flatDestroyedView, flatEndpointView, type FlatView,
} from '../../../lib/endpoint-view.js'
import {PrivateLinkError} from '../../../lib/failures.js'
import * as flags from '../../../lib/flags.js'

/** `wait --reachable`: the endpoint, and the check that passed. */
export type ReachableView = EndpointView & {check: CheckReport}

export default class Wait extends PrivateLinkCommand {
  static args = {database: flags.database}
  static description = `Ready means the endpoint is Operational and every allowed AWS account is ready (Active, Available: any status but Provisioning, Pending or a failed one), so the accounts can create their VPC endpoints; then it says what to do next. With --endpoint-id, also waits until that VPC endpoint connection is Available and its config vars exist, and prints their names. With --reachable too, keeps waiting until data:privatelink:check from this host passes for that connection (DNS, TCP, TLS, login), since DNS and security groups lag: run it on a host in the VPC. With --destroyed, waits instead until the endpoint is gone after data:privatelink:destroy: only the API's 404 says so, Deprovisioning and Deprovisioned are progress, and a new endpoint can be created once it is gone.
--timeout bounds the whole command from its first request on: the add-on lookup and every request count against it.
With --json --flat, the endpoint as one object whose values are all strings, as data:privatelink --json --flat prints it.

Exit codes:
  0    ready (or gone, with --destroyed; and reachable from this host, with --reachable)
  1    an error, such as no endpoint for the database or a rejected API token
  2    invalid flags or arguments
  3    timed out (--timeout)
  4    the endpoint, an account or the connection is in a failed or terminal state (e.g. Deprovisioned, rejected); never with --destroyed
  130  interrupted (SIGINT, Ctrl-C)
  143  terminated (SIGTERM, e.g. a cancelled CI job)`
  static enableJsonFlag = true
  static examples = [
    '<%= config.bin %> <%= command.id %> DATABASE --app example-app',
    '<%= config.bin %> <%= command.id %> DATABASE --app example-app --timeout 900 --interval 10',
    '<%= config.bin %> <%= command.id %> DATABASE --app example-app --endpoint-id vpce-01c87ae3c05563935',
    '<%= config.bin %> <%= command.id %> DATABASE --app example-app --endpoint-id vpce-01c87ae3c05563935 --reachable',
    '<%= config.bin %> <%= command.id %> DATABASE --app example-app --destroyed',
  ]
  static flags = {
    destroyed: flags.destroyed,
    'endpoint-id': flags.endpointId,
    flat: flags.flat,
    interval: flags.interval,
    reachable: flags.reachable,
    timeout: flags.timeout,
  }
  static hiddenAliases = hiddenAliasesFor('data:privatelink:wait')
  static summary = 'wait until the PrivateLink endpoint of a database is ready'
  /** Whether `check` ran from this host (--reachable). */
  private checked = false

  /** A lookup given up on past its hop's timeout must not hold the process once the result is out. */
  async finally(error: Error | undefined): Promise<void> {
    await super.finally(error)
    if (!this.checked) return
    const {exitDespiteAbandonedWork} = await import('../../../lib/check/hop.js')
    exitDespiteAbandonedWork()
  }

  async run(): Promise<DestroyedView | EndpointView | FlatView | ReachableView> {
    const {args, flags} = await this.parse(Wait)
    // Loaded while polling, so the exit follows the last answer at once; the check's table needs hux.
    const render = this.renderer({tables: flags.reachable})
    // The polling loop rides out transient failures itself, within --timeout.
    const session = await this.session({app: flags.app, database: args.database}, {readRetryMs: 0, wait: flags})
    const settings = this.waitSettings(flags)
    const waiting = await import('../../../lib/waiting.js')
    if (flags.destroyed) {
      const destroyed = await waiting.waitUntilDestroyed(this, session, settings)
      if (render) (await render).renderDestroyed(destroyed)
      return flags.flat ? flatDestroyedView(destroyed) : destroyed
    }

    const endpointId = flags['endpoint-id']
    if (flags.reachable && endpointId) {
      this.checked = true
      const reachable = await this.waitUntilReachable(session, settings, {app: flags.app, database: args.database}, endpointId)
      if (render) {
        (await render).renderOperational(reachable, {database: args.database, kind: (await session.database()).kind}, endpointId)
        await (await import('../../../lib/check/render.js')).renderCheck(reachable.check)
      }

      return reachable
    }

    const view = await session.withRegion(await waiting.waitUntilReady(this, session, settings, endpointId))
    const {kind} = await session.database()
    if (render) (await render).renderOperational(view, {database: args.database, kind}, flags['endpoint-id'])
    return flags.flat ? flatEndpointView(view) : view
  }

  /** Ready, then `check` of the connection from this host passing, within the same deadline. */
  private async waitUntilReachable(session: Session, settings: WaitSettings, target: Target, endpointId: string): Promise<ReachableView> {
    const [{checkDatabase, describeFirstFailure}, {waitUntilReachable}, {deadlineOf}] = await Promise.all([
      import('../../../lib/check/run.js'), import('../../../lib/waiting.js'), import('../../../lib/wait.js'),
    ])
    const deadline = deadlineOf(settings, settings.startedAt ?? Date.now())
    const {report, view} = await waitUntilReachable(this, session, settings, {
      endpointId,
      async look(database, {configVars, endpoint}) {
        // The check connects with what the config vars hold: without them there is nothing to check.
        if (configVars.error) throw new PrivateLinkError(`Couldn't check that ${database.name} on ${database.app} is reachable: ${configVars.error.message}`, {reason: configVars.error.reason})
        const {report} = await checkDatabase(database, endpoint, configVars.value, {
          deadline, endpointId, hopTimeoutMs: flags.DEFAULT_HOP_TIMEOUT_SECONDS * 1000, login: true, target,
        })
        return {ok: report.ok, report, summary: describeFirstFailure(report)}
      },
    })
    return {...await session.withRegion(view), check: report}
  }
}

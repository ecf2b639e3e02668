import type {DestroyedView, EndpointView} from '../../../lib/endpoint-view.js'

import {hiddenAliasesFor, PrivateLinkCommand} from '../../../lib/base-command.js'
import * as flags from '../../../lib/flags.js'

export default class Wait extends PrivateLinkCommand {
  static args = {database: flags.database}
  static description = `Ready means the endpoint is Operational and every allowed AWS account is ready (Active, Available: any status but Provisioning, Pending or a failed one), so the accounts can create their VPC endpoints; then it says what to do next. With --endpoint-id, also waits until that VPC endpoint connection is Available and its config vars exist, and prints their names. With --destroyed, waits instead until the endpoint is gone after data:privatelink:destroy: only the API's 404 says so, Deprovisioning and Deprovisioned are progress, and a new endpoint can be created once it is gone.
--timeout bounds the whole command from its first request on: the add-on lookup and every request count against it.

Exit codes:
  0    ready (or gone, with --destroyed)
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
    '<%= config.bin %> <%= command.id %> DATABASE --app example-app --destroyed',
  ]
  static flags = {
    destroyed: flags.destroyed,
    'endpoint-id': flags.endpointId,
    interval: flags.interval,
    timeout: flags.timeout,
  }
  static hiddenAliases = hiddenAliasesFor('data:privatelink:wait')
  static summary = 'wait until the PrivateLink endpoint of a database is ready'

  async run(): Promise<DestroyedView | EndpointView> {
    const {args, flags} = await this.parse(Wait)
    // Loaded while polling, so the exit follows the last answer at once.
    const render = this.renderer({tables: false})
    // The polling loop rides out transient failures itself, within --timeout.
    const session = await this.session({app: flags.app, database: args.database}, {readRetryMs: 0, wait: flags})
    const settings = this.waitSettings(flags)
    const waiting = await import('../../../lib/waiting.js')
    if (flags.destroyed) {
      const destroyed = await waiting.waitUntilDestroyed(this, session, settings)
      if (render) (await render).renderDestroyed(destroyed)
      return destroyed
    }

    const view = await session.withRegion(await waiting.waitUntilReady(this, session, settings, flags['endpoint-id']))
    const {kind} = await session.database()
    if (render) (await render).renderOperational(view, {database: args.database, kind}, flags['endpoint-id'])
    return view
  }
}

import type {EndpointView} from '../../../lib/endpoint-view.js'

import {hiddenAliasesFor, PrivateLinkCommand} from '../../../lib/base-command.js'
import * as flags from '../../../lib/flags.js'

export default class Wait extends PrivateLinkCommand {
  static args = {database: flags.database}
  static description = `Polls every --interval seconds and exits as soon as the endpoint is Operational. With --endpoint-id, also waits until that VPC endpoint connection is Available and its config vars exist, and prints their names.

Exit codes:
  0    the endpoint is operational (and the connection available, with --endpoint-id)
  1    an error, such as no endpoint for the database or a rejected API token
  2    invalid flags or arguments
  3    timed out (--timeout)
  4    the endpoint or the connection is in a failed or terminal state (e.g. Deprovisioned, rejected)
  130  interrupted (Ctrl-C)`
  static enableJsonFlag = true
  static examples = [
    '<%= config.bin %> <%= command.id %> DATABASE --app example-app',
    '<%= config.bin %> <%= command.id %> DATABASE --app example-app --timeout 900 --interval 10',
    '<%= config.bin %> <%= command.id %> DATABASE --app example-app --endpoint-id vpce-01c87ae3c05563935',
  ]
  static flags = {
    'endpoint-id': flags.endpointId,
    interval: flags.interval,
    timeout: flags.timeout,
  }
  static hiddenAliases = hiddenAliasesFor('data:privatelink:wait')
  static summary = 'wait until the PrivateLink endpoint of a database is operational'

  async run(): Promise<EndpointView> {
    const {args, flags} = await this.parse(Wait)
    // Load the renderer while polling, so the exit follows the Operational answer at once.
    const render = this.jsonEnabled() ? undefined : import('../../../lib/render.js')
    // The polling loop rides out transient failures itself, within --timeout.
    const session = await this.session({app: flags.app, database: args.database}, {readRetryMs: 0})
    const {waitWithProgress} = await import('../../../lib/waiting.js')
    const view = await waitWithProgress(session, {
      endpointId: flags['endpoint-id'],
      intervalMs: flags.interval * 1000,
      timeoutMs: flags.timeout * 1000,
    }, this)
    if (render) (await render).renderOperational(view, flags['endpoint-id'])

    return view
  }
}

import type {EndpointView} from '../../../lib/endpoint-view.js'

import {hiddenAliasesFor, PrivateLinkCommand} from '../../../lib/base-command.js'
import {PrivateLinkError} from '../../../lib/failures.js'
import * as flags from '../../../lib/flags.js'
import {devCenterArticle} from '../../../lib/suggestions.js'

export default class Create extends PrivateLinkCommand {
  static args = {database: flags.database}
  static description = `The endpoint takes 5 to 10 minutes to provision. Follow it with data:privatelink:wait, or pass --wait.
Repeat --aws-account-id (-i) once for each account allowed to connect. A database has one endpoint: to allow more accounts later, use data:privatelink:access:add.`
  static enableJsonFlag = true
  static examples = [
    '<%= config.bin %> <%= command.id %> DATABASE --app example-app --aws-account-id 123456789012:user/abc',
    '<%= config.bin %> <%= command.id %> DATABASE --app example-app --aws-account-id 123456789012 --aws-account-id 210987654321:role/deploy --wait',
  ]
  static flags = {
    'aws-account-id': flags.awsAccountId,
    interval: flags.interval,
    timeout: flags.timeout,
    wait: flags.wait,
  }
  static hiddenAliases = hiddenAliasesFor('data:privatelink:create')
  static summary = 'create a PrivateLink endpoint for a database'

  async run(): Promise<EndpointView> {
    const {args, flags} = await this.parse(Create)
    // Loading the renderer overlaps the requests (and the polling, with --wait).
    const render = this.jsonEnabled() ? undefined : import('../../../lib/render.js')
    const session = await this.session({app: flags.app, database: args.database}, {readRetryMs: flags.wait ? 0 : undefined})
    const database = await session.database()
    if (database.advanced) {
      throw new PrivateLinkError(`${database.name} on ${database.app} is a Heroku Postgres Advanced database (${database.plan}), and PrivateLink is not supported on Heroku Postgres Advanced. See ${devCenterArticle(database.kind)}`, {reason: 'unsupported_plan'})
    }

    this.progress(`Creating a PrivateLink endpoint for ${database.name} on ${database.app}`)
    const endpoint = await session.createEndpoint(flags['aws-account-id'])
    this.progressDone(endpoint.status)
    const view = flags.wait
      ? await (await import('../../../lib/waiting.js')).waitWithProgress(session, {intervalMs: flags.interval * 1000, timeoutMs: flags.timeout * 1000}, this)
      : await session.endpointView(endpoint)
    if (render) {
      const {renderCreated, renderOperational} = await render
      if (flags.wait) renderOperational(view)
      else renderCreated(view, {database: args.database, kind: database.kind})
    }

    return view
  }
}

import type {EndpointView} from '../../../lib/endpoint-view.js'

import {hiddenAliasesFor, PrivateLinkCommand} from '../../../lib/base-command.js'
import * as flags from '../../../lib/flags.js'

export default class Show extends PrivateLinkCommand {
  static args = {database: flags.database}
  static description = `The service name to create an AWS VPC endpoint for, the status, the database's AWS region, the allowed accounts and the connections, with the names of the config vars each connection adds (never their values).
With --json, the same fields as one JSON document.`
  static enableJsonFlag = true
  static examples = [
    '<%= config.bin %> <%= command.id %> DATABASE --app example-app',
    '<%= config.bin %> <%= command.id %> DATABASE --app example-app --json | jq -r .service_name',
  ]
  static hiddenAliases = hiddenAliasesFor('data:privatelink')
  static summary = 'show the PrivateLink endpoint of a database'

  async run(): Promise<EndpointView> {
    const {args, flags} = await this.parse(Show)
    // Loading the renderer overlaps the requests.
    const render = this.jsonEnabled() ? undefined : import('../../../lib/render.js')
    const session = await this.session({app: flags.app, database: args.database})
    const view = await session.endpointView()
    if (render) (await render).renderEndpoint(view, {database: args.database, kind: (await session.database()).kind})

    return view
  }
}

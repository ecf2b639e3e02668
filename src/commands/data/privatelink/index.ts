import type {EndpointView} from '../../../lib/endpoint-view.js'

import {hiddenAliasesFor, PrivateLinkCommand} from '../../../lib/base-command.js'
import * as flags from '../../../lib/flags.js'

export default class Show extends PrivateLinkCommand {
  static args = {database: flags.database}
  static description = 'show the PrivateLink endpoint of a database: its service name, status, allowed accounts and connections'
  static enableJsonFlag = true
  static examples = [
    '<%= config.bin %> <%= command.id %> DATABASE --app example-app',
    '<%= config.bin %> <%= command.id %> DATABASE --app example-app --json | jq -r .service_name',
  ]
  static hiddenAliases = hiddenAliasesFor('data:privatelink')

  async run(): Promise<EndpointView> {
    const {args, flags} = await this.parse(Show)
    const session = await this.session({app: flags.app, database: args.database})
    const view = await session.endpointView()
    if (!this.jsonEnabled()) {
      const [{renderEndpoint}, {kind}] = await Promise.all([import('../../../lib/render.js'), session.database()])
      renderEndpoint(view, {database: args.database, kind})
    }

    return view
  }
}

import type {DatabaseOverview, EndpointView} from '../../../lib/endpoint-view.js'

import {hiddenAliasesFor, PrivateLinkCommand} from '../../../lib/base-command.js'
import * as flags from '../../../lib/flags.js'

export default class Show extends PrivateLinkCommand {
  static args = {database: flags.optionalDatabase}
  static description = `The service name to create an AWS VPC endpoint for, the status, the database's AWS region, the allowed accounts and the connections, with the names of the config vars each connection adds (never their values).
Without DATABASE, lists every Heroku Postgres, Apache Kafka and Key-Value Store add-on of the app with its endpoint's status, service name, active accounts and available connections.
With --json, the same fields as one JSON document.`
  static enableJsonFlag = true
  static examples = [
    '<%= config.bin %> <%= command.id %> DATABASE --app example-app',
    '<%= config.bin %> <%= command.id %> DATABASE --app example-app --json | jq -r .service_name',
    '<%= config.bin %> <%= command.id %> --app example-app',
  ]
  static hiddenAliases = hiddenAliasesFor('data:privatelink')
  static summary = 'show the PrivateLink endpoint of a database, or every data add-on of the app'

  async run(): Promise<DatabaseOverview[] | EndpointView> {
    const {args, flags} = await this.parse(Show)
    const render = this.renderer({tables: true})
    const session = await this.session({app: flags.app, database: args.database})
    if (args.database === undefined) {
      const rows = await session.overview()
      if (render) await (await render).renderOverview(rows, flags.app)
      return rows
    }

    const view = await session.endpointView()
    if (render) await (await render).renderEndpoint(view, {database: args.database, kind: (await session.database()).kind})

    return view
  }
}

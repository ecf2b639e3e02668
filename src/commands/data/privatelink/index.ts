import {hiddenAliasesFor, PrivateLinkCommand} from '../../../lib/base-command.js'
import {
  type DatabaseOverview, type EndpointView, flatEndpointView, type FlatView,
} from '../../../lib/endpoint-view.js'
import {ExitCode, PrivateLinkError} from '../../../lib/failures.js'
import * as flags from '../../../lib/flags.js'

export default class Show extends PrivateLinkCommand {
  static args = {database: flags.optionalDatabase}
  static description = `The service name to create an AWS VPC endpoint for, the status, the database's AWS region, the allowed accounts and the connections, with the names of the config vars each connection adds (never their values).
Without DATABASE, lists every Heroku Postgres, Apache Kafka and Key-Value Store add-on of the app with its endpoint's status, service name, active accounts and available connections.
With --json, the same fields as one JSON document; with --json --flat, one object whose values are all strings (addon, app, status, service_name, region, and the connections' endpoint_ids and config_vars joined with commas), which Terraform's external data source can read.`
  static enableJsonFlag = true
  static examples = [
    '<%= config.bin %> <%= command.id %> DATABASE --app example-app',
    '<%= config.bin %> <%= command.id %> DATABASE --app example-app --json | jq -r .service_name',
    '<%= config.bin %> <%= command.id %> DATABASE --app example-app --json --flat',
    '<%= config.bin %> <%= command.id %> --app example-app',
  ]
  static flags = {flat: flags.flat}
  static hiddenAliases = hiddenAliasesFor('data:privatelink')
  static summary = 'show the PrivateLink endpoint of a database, or every data add-on of the app'

  async run(): Promise<DatabaseOverview[] | EndpointView | FlatView> {
    const {args, flags} = await this.parse(Show)
    if (flags.flat && args.database === undefined) {
      throw new PrivateLinkError('--flat prints one endpoint: give DATABASE, as in heroku data:privatelink DATABASE --app APP --json --flat.', {exit: ExitCode.Usage, reason: 'usage'})
    }

    const render = this.renderer({tables: true})
    const session = await this.session({app: flags.app, database: args.database})
    if (args.database === undefined) {
      const rows = await session.overview()
      if (render) await (await render).renderOverview(rows, flags.app)
      return rows
    }

    const view = await session.endpointView()
    if (render) await (await render).renderEndpoint(view, {database: args.database, kind: (await session.database()).kind})

    return flags.flat ? flatEndpointView(view) : view
  }
}

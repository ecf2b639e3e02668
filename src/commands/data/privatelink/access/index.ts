
import {hiddenAliasesFor, PrivateLinkCommand} from '../../../../lib/base-command.js'
import {type AllowedAccountsView, toEndpointView} from '../../../../lib/endpoint-view.js'
import * as flags from '../../../../lib/flags.js'

export default class Access extends PrivateLinkCommand {
  static args = {database: flags.database}
  static description = 'Each allowed account is an AWS account or one IAM user or role of it, shown as its ARN with its status: a principal can connect once it is ready: Active (or Available), no longer Provisioning or Pending.'
  static enableJsonFlag = true
  static examples = ['<%= config.bin %> <%= command.id %> DATABASE --app example-app']
  static hiddenAliases = hiddenAliasesFor('data:privatelink:access')
  static summary = 'list the AWS accounts allowed to connect to the PrivateLink endpoint of a database'

  async run(): Promise<AllowedAccountsView> {
    const {args, flags} = await this.parse(Access)
    const render = this.renderer({tables: true})
    const session = await this.session({app: flags.app, database: args.database})
    const [endpoint, database] = await Promise.all([session.endpoint(), session.database()])
    const {addon, allowed_accounts, app} = toEndpointView(database, endpoint)
    const view: AllowedAccountsView = {addon, allowed_accounts, app}
    if (render) await (await render).renderAccounts(view)

    return view
  }
}

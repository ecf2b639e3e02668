import type {AllowedAccountsView} from '../../../../lib/endpoint-view.js'

import {hiddenAliasesFor, PrivateLinkCommand} from '../../../../lib/base-command.js'
import * as flags from '../../../../lib/flags.js'

export default class Access extends PrivateLinkCommand {
  static args = {database: flags.database}
  static description = 'list the AWS accounts allowed to connect to the PrivateLink endpoint of a database'
  static enableJsonFlag = true
  static examples = ['<%= config.bin %> <%= command.id %> DATABASE --app example-app']
  static hiddenAliases = hiddenAliasesFor('data:privatelink:access')

  async run(): Promise<AllowedAccountsView> {
    const {args, flags} = await this.parse(Access)
    const session = await this.session({app: flags.app, database: args.database})
    const [{toEndpointView}, endpoint, database] = await Promise.all([import('../../../../lib/endpoint-view.js'), session.endpoint(), session.database()])
    const {addon, allowed_accounts, app} = toEndpointView(database, endpoint)
    const view: AllowedAccountsView = {addon, allowed_accounts, app}
    if (!this.jsonEnabled()) {
      const {renderAccounts} = await import('../../../../lib/render.js')
      renderAccounts(view)
    }

    return view
  }
}

import {hiddenAliasesFor, PrivateLinkCommand} from '../../../../lib/base-command.js'
import * as flags from '../../../../lib/flags.js'
import {privatelinkCommand} from '../../../../lib/suggestions.js'

export default class AccessAdd extends PrivateLinkCommand {
  static args = {database: flags.database}
  static description = `Repeat --aws-account-id (-i) once for each account. A new account can connect once its status is Active: follow it with data:privatelink:access.
Adding an account that is already allowed changes nothing.`
  static examples = ['<%= config.bin %> <%= command.id %> DATABASE --app example-app --aws-account-id 123456789012:user/abc']
  static flags = {
    'aws-account-id': flags.awsAccountId,
  }
  static hiddenAliases = hiddenAliasesFor('data:privatelink:access:add')
  static summary = 'allow AWS accounts to connect to the PrivateLink endpoint of a database'

  async run(): Promise<void> {
    const {args, flags} = await this.parse(AccessAdd)
    const session = await this.session({app: flags.app, database: args.database})
    const database = await session.database()
    this.progress(`Adding ${flags['aws-account-id'].join(', ')} to the allowed accounts of ${database.name} on ${database.app}`)
    await session.addAllowedAccounts(flags['aws-account-id'])
    this.progressDone()
    this.log(`Follow their status with: ${privatelinkCommand('access', {app: flags.app, database: args.database})}`)
  }
}

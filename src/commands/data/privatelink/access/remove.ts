import {hiddenAliasesFor, PrivateLinkCommand} from '../../../../lib/base-command.js'
import * as flags from '../../../../lib/flags.js'

export default class AccessRemove extends PrivateLinkCommand {
  static args = {database: flags.database}
  static description = 'Repeat --aws-account-id (-i) once for each account, written in any accepted form: data:privatelink:access lists the allowed ones. With --wait, waits until every removed account is gone from the list.'
  static examples = [
    '<%= config.bin %> <%= command.id %> DATABASE --app example-app --aws-account-id 123456789012:user/abc',
    '<%= config.bin %> <%= command.id %> DATABASE --app example-app --aws-account-id 123456789012:user/abc --wait',
  ]
  static flags = {
    'aws-account-id': flags.awsAccountId,
    interval: flags.interval,
    timeout: flags.timeout,
    wait: flags.wait('no removed account is listed any more'),
  }
  static hiddenAliases = hiddenAliasesFor('data:privatelink:access:remove')
  static summary = 'remove AWS accounts from those allowed to connect to the PrivateLink endpoint of a database'

  async run(): Promise<void> {
    const {args, flags} = await this.parse(AccessRemove)
    const session = await this.session({app: flags.app, database: args.database}, {readRetryMs: flags.wait ? 0 : undefined, wait: flags.wait ? flags : undefined})
    const settings = flags.wait ? this.waitSettings(flags) : undefined
    const database = await session.database()
    this.progress(`Removing ${flags['aws-account-id'].join(', ')} from the allowed accounts of ${database.name} on ${database.app}`)
    await session.removeAllowedAccounts(flags['aws-account-id'])
    this.progressDone()
    if (!settings) return
    const [{waitForAccounts}, {renderAccounts}] = await Promise.all([import('../../../../lib/waiting.js'), import('../../../../lib/render.js')])
    await renderAccounts(await waitForAccounts(this, session, settings, {removed: flags['aws-account-id']}))
  }
}

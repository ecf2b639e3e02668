import {hiddenAliasesFor, PrivateLinkCommand} from '../../../../lib/base-command.js'
import * as flags from '../../../../lib/flags.js'
import {privatelinkCommand} from '../../../../lib/suggestions.js'

export default class AccessAdd extends PrivateLinkCommand {
  static args = {database: flags.database}
  static description = `Repeat --aws-account-id (-i) once for each account. A new account can connect once it is ready (Active, Available: no longer Provisioning or Pending): pass --wait to wait for that, or follow it with data:privatelink:access.
Adding an account that is already allowed changes nothing.`
  static examples = [
    '<%= config.bin %> <%= command.id %> DATABASE --app example-app --aws-account-id 123456789012:user/abc',
    '<%= config.bin %> <%= command.id %> DATABASE --app example-app --aws-account-id 123456789012:user/abc --wait',
  ]
  static flags = {
    'aws-account-id': flags.awsAccountId,
    interval: flags.interval,
    timeout: flags.timeout,
    wait: flags.wait('every added account is ready'),
  }
  static hiddenAliases = hiddenAliasesFor('data:privatelink:access:add')
  static summary = 'allow AWS accounts to connect to the PrivateLink endpoint of a database'

  async run(): Promise<void> {
    const {args, flags} = await this.parse(AccessAdd)
    const target = {app: flags.app, database: args.database}
    const session = await this.session(target, {readRetryMs: flags.wait ? 0 : undefined, wait: flags.wait ? flags : undefined})
    const settings = flags.wait ? this.waitSettings(flags) : undefined
    const database = await session.database()
    this.progress(`Adding ${flags['aws-account-id'].join(', ')} to the allowed accounts of ${database.name} on ${database.app}`)
    await session.addAllowedAccounts(flags['aws-account-id'])
    this.progressDone()
    if (!settings) {
      this.log(`Follow their status with: ${privatelinkCommand('access', target)}`)
      return
    }

    const [{waitForAccounts}, {renderAccounts}] = await Promise.all([import('../../../../lib/waiting.js'), import('../../../../lib/render.js')])
    await renderAccounts(await waitForAccounts(this, session, settings, {added: flags['aws-account-id']}))
  }
}

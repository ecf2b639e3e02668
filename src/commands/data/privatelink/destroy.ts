import {hiddenAliasesFor, PrivateLinkCommand} from '../../../lib/base-command.js'
import {ExitCode, PrivateLinkError} from '../../../lib/failures.js'
import * as flags from '../../../lib/flags.js'
import {privatelinkCommand} from '../../../lib/suggestions.js'

export default class Destroy extends PrivateLinkCommand {
  static args = {database: flags.database}
  static description = 'VPC endpoints connected to it stop working. Asks for the app name on a terminal; scripts pass --confirm APP.'
  static examples = ['<%= config.bin %> <%= command.id %> DATABASE --app example-app --confirm example-app']
  static flags = {
    confirm: flags.confirm,
  }
  static hiddenAliases = hiddenAliasesFor('data:privatelink:destroy')
  static summary = 'destroy the PrivateLink endpoint of a database'

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Destroy)
    const {app, confirm} = flags
    // Refuse what cannot be confirmed before a single request is made.
    if (confirm !== undefined && confirm !== app) {
      throw new PrivateLinkError(`--confirm ${JSON.stringify(confirm)} does not match the app ${app}. Nothing was destroyed.`, {exit: ExitCode.Usage, reason: 'not_confirmed'})
    }

    if (confirm === undefined && !process.stdin.isTTY) {
      throw new PrivateLinkError(`Destroying the PrivateLink endpoint needs confirmation, and there is no terminal to ask on. Add --confirm ${app}:\n  ${privatelinkCommand('destroy', {app, database: args.database}, '--confirm', app)}`, {exit: ExitCode.Usage, reason: 'not_confirmed'})
    }

    const session = await this.session({app, database: args.database})
    const database = await session.database()
    if (confirm === undefined) {
      const {confirmCommand} = await import('@heroku/heroku-cli-util/hux')
      await confirmCommand({
        comparison: app,
        warningMessage: `Destructive action\nThis destroys the PrivateLink endpoint for ${database.name} on ${app}; VPC endpoints connected to it stop working.`,
      })
    }

    this.progress(`Destroying the PrivateLink endpoint for ${database.name} on ${database.app}`)
    await session.destroyEndpoint()
    this.progressDone()
  }
}

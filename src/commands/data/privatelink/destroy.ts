import {hiddenAliasesFor, PrivateLinkCommand} from '../../../lib/base-command.js'
import {ExitCode, PrivateLinkError} from '../../../lib/failures.js'
import * as flags from '../../../lib/flags.js'
import {privatelinkCommand} from '../../../lib/suggestions.js'

export default class Destroy extends PrivateLinkCommand {
  static args = {database: flags.database}
  static description = 'VPC endpoints connected to it stop working. Asks for the app name on a terminal; scripts pass --confirm APP. The endpoint is Deprovisioned for a while, and no new one can be created until it is gone: --wait waits until then (the API answers 404), so that a create can follow.'
  static examples = [
    '<%= config.bin %> <%= command.id %> DATABASE --app example-app --confirm example-app',
    '<%= config.bin %> <%= command.id %> DATABASE --app example-app --confirm example-app --wait',
  ]
  static flags = {
    confirm: flags.confirm,
    interval: flags.interval,
    timeout: flags.timeout,
    wait: flags.wait('the endpoint is gone: the API answers 404, Deprovisioning and Deprovisioned being progress'),
  }
  static hiddenAliases = hiddenAliasesFor('data:privatelink:destroy')
  static summary = 'destroy the PrivateLink endpoint of a database'

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Destroy)
    const {app, confirm} = flags
    const target = {app, database: args.database}
    // Refuse what cannot be confirmed before a single request is made.
    if (confirm !== undefined && confirm !== app) {
      throw new PrivateLinkError(`--confirm ${JSON.stringify(confirm)} does not match the app ${app}. Nothing was destroyed.`, {exit: ExitCode.Usage, reason: 'not_confirmed'})
    }

    if (confirm === undefined && !process.stdin.isTTY) {
      throw new PrivateLinkError(`Destroying the PrivateLink endpoint needs confirmation, and there is no terminal to ask on. Add --confirm ${app}:\n  ${privatelinkCommand('destroy', target, '--confirm', app)}`, {exit: ExitCode.Usage, reason: 'not_confirmed'})
    }

    const session = await this.session(target, {readRetryMs: flags.wait ? 0 : undefined, wait: flags.wait ? flags : undefined})
    const settings = flags.wait ? this.waitSettings(flags) : undefined
    const database = await session.database()
    if (confirm === undefined) {
      const {confirmDestroy} = await import('../../../lib/confirm.js')
      await confirmDestroy(app, `Destructive action\nThis destroys the PrivateLink endpoint for ${database.name} on ${app}; VPC endpoints connected to it stop working.`)
    }

    this.progress(`Destroying the PrivateLink endpoint for ${database.name} on ${database.app}`)
    await session.destroyEndpoint()
    this.progressDone()
    if (!settings) {
      this.log(`The endpoint is deprovisioning. Wait until it is destroyed with: ${privatelinkCommand('wait', target, '--destroyed')}`)
      return
    }

    const [{waitUntilDestroyed}, {renderDestroyed}] = await Promise.all([import('../../../lib/waiting.js'), import('../../../lib/render.js')])
    renderDestroyed(await waitUntilDestroyed(this, session, settings))
  }
}

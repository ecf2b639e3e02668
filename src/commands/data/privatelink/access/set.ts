import type {AccountsChange} from '../../../../lib/endpoint-view.js'

import {hiddenAliasesFor, PrivateLinkCommand} from '../../../../lib/base-command.js'
import {usageError} from '../../../../lib/failures.js'
import * as flags from '../../../../lib/flags.js'
import {accountOfArn} from '../../../../lib/input.js'
import {privatelinkCommand} from '../../../../lib/suggestions.js'

/** `access:set --json`: the change, whether it was only planned, and with --wait the accounts it ended with. */
export interface AccessSetResult extends AccountsChange {
  allowed_accounts?: Array<{arn: string; status: string}>
  dry_run: boolean
}

export default class AccessSet extends PrivateLinkCommand {
  static args = {database: flags.database}
  static description = `Repeat --aws-account-id (-i) once for each account: together they are the complete list. Accounts not yet allowed are added (one request), and allowed accounts not in the list are removed (one more); equivalent forms of an account (the ID alone and its :root ARN, the short and the ARN forms of a user or role) are the same account. Prints what changes; when nothing would, it sends nothing.
--dry-run prints what would change and sends nothing. --wait waits as access:add --wait and access:remove --wait do: until every added account is ready and no removed account is listed.
An endpoint needs at least one allowed account: to remove them all, destroy the endpoint.`
  static enableJsonFlag = true
  static examples = [
    '<%= config.bin %> <%= command.id %> DATABASE --app example-app --aws-account-id 123456789012:user/abc --aws-account-id 210987654321:role/deploy',
    '<%= config.bin %> <%= command.id %> DATABASE --app example-app --aws-account-id 123456789012:user/abc --dry-run',
  ]
  static flags = {
    'aws-account-id': flags.allowedAccounts,
    'dry-run': flags.dryRun,
    interval: flags.interval,
    timeout: flags.timeout,
    wait: flags.wait('every added account is ready and no removed account is listed any more'),
  }
  static hiddenAliases = hiddenAliasesFor('data:privatelink:access:set')
  static summary = 'set the complete list of AWS accounts allowed to connect to the PrivateLink endpoint of a database'

  async run(): Promise<AccessSetResult> {
    const {args, flags} = await this.parse(AccessSet)
    const target = {app: flags.app, database: args.database}
    const accounts = flags['aws-account-id'] ?? []
    if (accounts.length === 0) {
      throw usageError(`Give the complete list of allowed accounts, repeating --aws-account-id (-i) once for each: an endpoint needs at least one. To allow none, destroy the endpoint: ${privatelinkCommand('destroy', target)}`)
    }

    const render = this.renderer({tables: false})
    const waiting = flags.wait && !flags['dry-run']
    const session = await this.session(target, {readRetryMs: waiting ? 0 : undefined, wait: waiting ? flags : undefined})
    const settings = waiting ? this.waitSettings(flags) : undefined
    const [database, endpoint, {toAccountsChange}] = await Promise.all([session.database(), session.endpoint(), import('../../../../lib/endpoint-view.js')])
    const change = toAccountsChange(database, endpoint, accounts)
    const result: AccessSetResult = {...change, dry_run: Boolean(flags['dry-run'])}
    const changing = change.added.length > 0 || change.removed.length > 0
    if (render) (await render).renderAccountsChange(change, result.dry_run)
    if (!changing || result.dry_run) return result
    // Added before removed: the endpoint never lacks an account the list keeps, and a failed add removes nothing.
    if (change.added.length > 0) {
      this.progress(`Adding ${change.added.length} account${change.added.length === 1 ? '' : 's'} to the allowed accounts of ${change.addon} on ${change.app}`)
      await session.addAllowedAccounts(change.added.map(arn => accountOfArn(arn)))
      this.progressDone()
    }

    if (change.removed.length > 0) {
      this.progress(`Removing ${change.removed.length} account${change.removed.length === 1 ? '' : 's'} from the allowed accounts of ${change.addon} on ${change.app}`)
      await session.removeAllowedAccounts(change.removed.map(arn => accountOfArn(arn)))
      this.progressDone()
    }

    if (!settings) return result
    const [{waitForAccounts}, {renderAccounts}] = await Promise.all([import('../../../../lib/waiting.js'), import('../../../../lib/render.js')])
    const after = await waitForAccounts(this, session, settings, {
      added: change.added.map(arn => accountOfArn(arn)), removed: change.removed.map(arn => accountOfArn(arn)),
    })
    if (render) await renderAccounts(after)
    return {...result, allowed_accounts: after.allowed_accounts}
  }
}

import type {EndpointView} from '../../../lib/endpoint-view.js'
import type {Database, PlatformApp} from '../../../lib/types.js'

import {hiddenAliasesFor, PrivateLinkCommand} from '../../../lib/base-command.js'
import {PrivateLinkError} from '../../../lib/failures.js'
import * as flags from '../../../lib/flags.js'
import {devCenterArticle} from '../../../lib/suggestions.js'

/** The plan of a database attached to an app in a space without being networked into it (Essential, Standard, Premium…). */
function notInSpace(database: Database, app: PlatformApp & {space: {name: string}}): PrivateLinkError {
  const [service, tier = ''] = database.plan.split(':')
  const family = tier.split('-')[0]
  const word = family ? `${family[0].toUpperCase()}${family.slice(1)}` : 'this'
  return new PrivateLinkError(`${database.name} on ${database.app} has the plan ${database.plan}, which is not networked into the space ${app.space.name} of ${app.name}: a ${word} database can be attached to an app in a space without being in it, and it has no PrivateLink. PrivateLink needs a private or shield plan (${service}:private-* or ${service}:shield-*). Nothing was created. See ${devCenterArticle(database.kind)}`, {reason: 'unsupported_plan'})
}

export default class Create extends PrivateLinkCommand {
  static args = {database: flags.database}
  static description = `The database's app must be in a Private Space or Shield Private Space, and the database on a private or shield plan, networked into the space. The endpoint takes 5 to 10 minutes to provision. Follow it with data:privatelink:wait, or pass --wait: then --timeout bounds the whole command, the create included.
Repeat --aws-account-id (-i) once for each account allowed to connect. A database has one endpoint: to allow more accounts later, use data:privatelink:access:add.`
  static enableJsonFlag = true
  static examples = [
    '<%= config.bin %> <%= command.id %> DATABASE --app example-app --aws-account-id 123456789012:user/abc',
    '<%= config.bin %> <%= command.id %> DATABASE --app example-app --aws-account-id 123456789012 --aws-account-id 210987654321:role/deploy --wait',
  ]
  static flags = {
    'aws-account-id': flags.awsAccountId,
    interval: flags.interval,
    timeout: flags.timeout,
    wait: flags.wait('the endpoint is ready: Operational, with every allowed account ready'),
  }
  static hiddenAliases = hiddenAliasesFor('data:privatelink:create')
  static summary = 'create a PrivateLink endpoint for a database'

  async run(): Promise<EndpointView> {
    const {args, flags} = await this.parse(Create)
    // With --wait, the rendering is one line and the next steps: no table.
    const render = this.renderer({tables: !flags.wait})
    const session = await this.session({app: flags.app, database: args.database}, {readRetryMs: flags.wait ? 0 : undefined, wait: flags.wait ? flags : undefined})
    const settings = flags.wait ? this.waitSettings(flags) : undefined
    // The app (its space, and region) is read beside the lookup: the prerequisites are checked
    // before anything is sent to the Data API, the region read while the endpoint is created (its
    // service name comes later).
    const appRead = session.app()
    appRead.catch(() => {})
    const database = await session.database()
    if (database.advanced) {
      throw new PrivateLinkError(`${database.name} on ${database.app} is a Heroku Postgres Advanced database (${database.plan}), and PrivateLink is not supported on Heroku Postgres Advanced. See ${devCenterArticle(database.kind)}`, {reason: 'unsupported_plan'})
    }

    const app = await appRead
    if (!app.space) {
      throw new PrivateLinkError(`${database.name} belongs to ${app.name}, which runs in the Common Runtime. PrivateLink needs a database in a Private Space or Shield Private Space, in the same AWS region as the VPC that connects to it. Nothing was created. See ${devCenterArticle(database.kind)}`, {reason: 'not_in_private_space'})
    }

    if (!database.spacePlan) throw notInSpace(database, {...app, space: app.space})

    this.progress(`Creating a PrivateLink endpoint for ${database.name} on ${database.app}`)
    const [created] = await Promise.all([session.createEndpoint(flags['aws-account-id']), session.region()])
    this.progressDone(created?.status ?? 'done')
    // A create answered without the endpoint happened all the same: it is read back (the wait's
    // first poll does that), never sent again.
    const view = await session.withRegion(settings
      ? await (await import('../../../lib/waiting.js')).waitUntilReady(this, session, settings)
      : await session.endpointView(created ?? await session.createdEndpoint(flags['aws-account-id'])))
    if (render) {
      const {renderCreated, renderOperational} = await render
      const context = {database: args.database, kind: database.kind}
      if (flags.wait) renderOperational(view, context)
      else await renderCreated(view, context)
    }

    return view
  }
}

import type {AwsSetup} from '../../../lib/aws.js'

import {hiddenAliasesFor, PrivateLinkCommand} from '../../../lib/base-command.js'
import {isOperational} from '../../../lib/endpoint-view.js'
import {PrivateLinkError} from '../../../lib/failures.js'
import * as flags from '../../../lib/flags.js'
import {privatelinkCommand} from '../../../lib/suggestions.js'

export default class Aws extends PrivateLinkCommand {
  static args = {database: flags.database}
  static description = 'A security group in the VPC that lets the database\'s ports in, then an interface VPC endpoint for the service name, in the database\'s region, and the command that waits for its connection. What the plugin can\'t know comes from --vpc-id, --subnet-id and --cidr, or stays a <PLACEHOLDER> to replace. The endpoint must be Operational.'
  static enableJsonFlag = true
  static examples = [
    '<%= config.bin %> <%= command.id %> DATABASE --app example-app --vpc-id vpc-0a1b2c3d4e5f60718 --subnet-id subnet-0a1b2c3d4e5f60718 --subnet-id subnet-08f7e6d5c4b3a2910 --cidr 10.0.0.0/16',
    '<%= config.bin %> <%= command.id %> DATABASE --app example-app --format terraform',
  ]
  static flags = {
    cidr: flags.cidr,
    format: flags.format,
    'subnet-id': flags.subnetId,
    'vpc-id': flags.vpcId,
  }
  static hiddenAliases = hiddenAliasesFor('data:privatelink:aws')
  static summary = 'print the AWS CLI commands (or Terraform) that connect a VPC to the PrivateLink endpoint of a database'

  async run(): Promise<AwsSetup> {
    const {args, flags} = await this.parse(Aws)
    const render = this.renderer({tables: false})
    const session = await this.session({app: flags.app, database: args.database})
    const [view, database, {awsSetup}] = await Promise.all([session.endpointView(), session.database(), import('../../../lib/aws.js')])
    if (!isOperational(view)) {
      throw new PrivateLinkError(`The PrivateLink endpoint for ${view.addon} on ${view.app} is ${view.status}, not Operational: there is no service name to connect a VPC to yet. Wait for it with:\n  ${privatelinkCommand('wait', {app: flags.app, database: args.database})}`, {reason: 'not_operational'})
    }

    const setup = awsSetup(view, {database: args.database, kind: database.kind}, {cidr: flags.cidr, subnetIds: flags['subnet-id'] ?? [], vpcId: flags['vpc-id']})
    if (render) (await render).renderAwsSetup(setup, flags.format)
    return setup
  }
}

import type {AwsSetup, SecretStorage} from '../../../lib/aws.js'

import {hiddenAliasesFor, PrivateLinkCommand} from '../../../lib/base-command.js'
import {connectionVarNames, isOperational} from '../../../lib/endpoint-view.js'
import {PrivateLinkError, usageError} from '../../../lib/failures.js'
import * as flags from '../../../lib/flags.js'
import {privatelinkCommand} from '../../../lib/suggestions.js'

export default class Aws extends PrivateLinkCommand {
  static args = {database: flags.database}
  static description = `A security group in the VPC that lets the database's ports in, then an interface VPC endpoint for the service name, in the database's region, and the command that waits for its connection. First, the commands check that the VPC is in that region and that each subnet is in an Availability Zone the endpoint service offers: run them with bash -e, and a failed check stops them before anything is created. What the plugin can't know comes from --vpc-id, --subnet-id and --cidr, or stays a <PLACEHOLDER> to replace. The endpoint must be Operational.
--format terraform prints the same as Terraform, reading the service name with data:privatelink --json --flat when Terraform plans.
With --secrets-manager or --ssm-parameter, prints instead the commands that store each connection config var in AWS (the values go through a pipe, never an argument); run them again whenever Heroku changes the URLs.`
  static enableJsonFlag = true
  static examples = [
    '<%= config.bin %> <%= command.id %> DATABASE --app example-app --vpc-id vpc-0a1b2c3d4e5f60718 --subnet-id subnet-0a1b2c3d4e5f60718 --subnet-id subnet-08f7e6d5c4b3a2910 --cidr 10.0.0.0/16',
    '<%= config.bin %> <%= command.id %> DATABASE --app example-app --format terraform',
    '<%= config.bin %> <%= command.id %> DATABASE --app example-app --secrets-manager example-app/database',
  ]
  static flags = {
    cidr: flags.cidr,
    format: flags.format,
    'secrets-manager': flags.secretsManager,
    'ssm-parameter': flags.ssmParameter,
    'subnet-id': flags.subnetId,
    'vpc-id': flags.vpcId,
  }
  static hiddenAliases = hiddenAliasesFor('data:privatelink:aws')
  static summary = 'print the AWS CLI commands (or Terraform) that connect a VPC to the PrivateLink endpoint of a database'

  async run(): Promise<AwsSetup | SecretStorage> {
    const {args, flags} = await this.parse(Aws)
    const stores = {parameterPath: flags['ssm-parameter'], secretName: flags['secrets-manager']}
    const storing = stores.parameterPath !== undefined || stores.secretName !== undefined
    if (storing && flags.format === 'terraform') {
      // Terraform would keep the values in its state.
      throw usageError('--secrets-manager and --ssm-parameter print AWS CLI commands, not Terraform: a value stored through Terraform would be kept in its state.')
    }

    const render = this.renderer({tables: false})
    const target = {app: flags.app, database: args.database}
    const session = await this.session(target)
    const [view, database, aws] = await Promise.all([session.endpointView(), session.database(), import('../../../lib/aws.js')])
    if (!isOperational(view)) {
      throw new PrivateLinkError(`The PrivateLink endpoint for ${view.addon} on ${view.app} is ${view.status}, not Operational: there is no service name to connect a VPC to yet. Wait for it with:\n  ${privatelinkCommand('wait', target)}`, {reason: 'not_operational'})
    }

    const awsTarget = {database: args.database, kind: database.kind}
    if (storing) {
      if (view.config_vars_error) {
        throw new PrivateLinkError(`The connection config vars of ${view.addon} on ${view.app} can't be listed: ${view.config_vars_error.message}`, {reason: view.config_vars_error.reason})
      }

      if (connectionVarNames(view).length === 0) {
        throw new PrivateLinkError(`${view.addon} on ${view.app} has no connection config vars yet: Heroku adds them once a VPC endpoint's connection is available. Wait for it with:\n  ${privatelinkCommand('wait', target, '--endpoint-id', 'VPC_ENDPOINT_ID')}`, {reason: 'no_connection'})
      }

      const storage = aws.secretStorage(view, awsTarget, stores)
      if (render) (await render).renderCommands(storage.commands)
      return storage
    }

    const setup = aws.awsSetup(view, awsTarget, {cidr: flags.cidr, subnetIds: flags['subnet-id'] ?? [], vpcId: flags['vpc-id']})
    if (render) (await render).renderCommands(flags.format === 'terraform' ? [setup.terraform] : setup.commands)
    return setup
  }
}

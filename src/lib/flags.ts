// Flags and arguments shared by the commands. Every command module loads this at start-up, so it
// imports only `@oclif/core` and cheap modules of ours; `@heroku-cli/command` (about a second to
// load) is imported only when its app resolution is actually needed.
import {Args, Flags} from '@oclif/core'

import {
  ACCOUNT_FORMS, parseApp, parseAwsAccount, parseCidr, parseDatabase, parseEndpointId, parseSubnetId, parseVpcId,
} from './input.js'

/** `-a/--app`, resolved as `@heroku-cli/command` does: HEROKU_APP, then the git remote. */
export const app = Flags.string({
  char: 'a',
  async default(context) {
    const {flags} = await import('@heroku-cli/command')
    const {default: resolveApp} = flags.app({required: true})
    return typeof resolveApp === 'function' ? resolveApp(context as never) : resolveApp
  },
  description: 'app to run command against',
  env: 'HEROKU_APP',
  // Never resolve the default while building the manifest: it would bake in the build machine's app.
  noCacheDefault: true,
  async parse(input) {
    return parseApp(input)
  },
  required: true,
})

export const remote = Flags.string({char: 'r', description: 'git remote of app to use'})

export const awsAccountId = Flags.string({
  char: 'i',
  description: `AWS account allowed to connect: ${ACCOUNT_FORMS} (repeat the flag once for each account)`,
  multiple: true,
  // One value per occurrence, so DATABASE may come after the flag: `-i 123456789012 DATABASE`.
  multipleNonGreedy: true,
  async parse(input) {
    return parseAwsAccount(input)
  },
  required: true,
})

const DATABASE = {
  description: 'database add-on: its name, an attachment name such as DATABASE, or OTHER_APP::ATTACHMENT',
  async parse(input: string) {
    return parseDatabase(input)
  },
}

export const database = Args.string({...DATABASE, required: true})

/** DATABASE, optional: `data:privatelink` without it shows every data add-on of the app. */
export const optionalDatabase = Args.string({
  ...DATABASE,
  description: `${DATABASE.description}; without it, every Postgres, Kafka and Key-Value Store add-on of the app`,
  required: false,
})

export const vpcId = Flags.string({
  description: 'the VPC to connect (otherwise a placeholder)',
  async parse(input) {
    return parseVpcId(input)
  },
})

export const subnetId = Flags.string({
  description: 'a subnet of the VPC for the endpoint, one per Availability Zone (repeatable; otherwise a placeholder)',
  multiple: true,
  multipleNonGreedy: true,
  async parse(input) {
    return parseSubnetId(input)
  },
})

export const cidr = Flags.string({
  description: 'IPv4 range allowed in to the database\'s ports, such as the VPC\'s 10.0.0.0/16 (otherwise a placeholder)',
  async parse(input) {
    return parseCidr(input)
  },
})

export const format = Flags.string({
  default: 'aws-cli',
  description: 'print AWS CLI commands or Terraform',
  options: ['aws-cli', 'terraform'],
})

export const endpointId = Flags.string({
  description: 'also wait until this VPC endpoint connection is available and its config vars exist',
  async parse(input) {
    return parseEndpointId(input)
  },
})

export const timeout = Flags.integer({
  default: 1800,
  description: 'seconds from the first request (the add-on lookup) until giving up (exit code 3); 0 waits without a deadline',
  max: 7 * 24 * 3600,
  min: 0,
})

export const interval = Flags.integer({
  default: 5,
  description: 'seconds between polls',
  max: 3600,
  min: 1,
})

/** `--wait` of a command that changes something: `until` says what it waits for. */
export function wait(until: string) {
  return Flags.boolean({description: `wait until ${until} (--timeout, --interval and exit codes as data:privatelink:wait)`})
}

export const destroyed = Flags.boolean({
  description: 'wait until the endpoint is gone (the API answers 404) after data:privatelink:destroy, instead of until it is ready',
  exclusive: ['endpoint-id'],
})

export const confirm = Flags.string({description: 'the app name, to confirm the destructive action without a prompt'})

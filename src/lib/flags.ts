// Flags and arguments shared by the commands. Every command module loads this at start-up, so it
// imports only `@oclif/core` and cheap modules of ours; `@heroku-cli/command` (about a second to
// load) is imported only when its app resolution is actually needed.
import {Args, Flags} from '@oclif/core'

import {
  ACCOUNT_FORMS, parseApp, parseAwsAccount, parseCidr, parseDatabase, parseEndpointId, parseParameterPath, parseScopeName, parseSecretName, parseSubnetId, parseVpcId,
} from './input.js'

/** The app `@heroku-cli/command` resolves when -a/--app is not given: HEROKU_APP, then the git remote. */
async function defaultApp(context: {flags: Record<string, unknown>; options: object}): Promise<string | undefined> {
  const {flags} = await import('@heroku-cli/command')
  const {default: resolveApp} = flags.app({required: true})
  return typeof resolveApp === 'function' ? resolveApp({...context, options: {...context.options, required: true}} as never) : resolveApp
}

const APP = {
  char: 'a',
  description: 'app to run command against',
  env: 'HEROKU_APP',
  // Never resolve the default while building the manifest: it would bake in the build machine's app.
  noCacheDefault: true,
  async parse(input: string) {
    return parseApp(input)
  },
} as const

/** `-a/--app`, resolved as `@heroku-cli/command` does: HEROKU_APP, then the git remote. */
export const app = Flags.string({...APP, default: defaultApp, required: true})

/**
 * `data:privatelink`'s -a/--app, which --space and --team replace: resolved as `app` is, but
 * never beside either of them (no git remote is read, no app is needed). The command asks for one.
 */
export const appUnlessScoped = Flags.string({
  ...APP,
  async default(context) {
    return context.flags.space === undefined && context.flags.team === undefined ? defaultApp(context) : undefined
  },
})

export const remote = Flags.string({char: 'r', description: 'git remote of app to use'})

const AWS_ACCOUNT_ID = {
  char: 'i',
  description: `AWS account allowed to connect: ${ACCOUNT_FORMS} (repeat the flag once for each account)`,
  multiple: true,
  // One value per occurrence, so DATABASE may come after the flag: `-i 123456789012 DATABASE`.
  multipleNonGreedy: true,
  async parse(input: string) {
    return parseAwsAccount(input)
  },
} as const

export const awsAccountId = Flags.string({...AWS_ACCOUNT_ID, required: true})

/** `access:set`'s: the complete list, whose absence the command refuses itself (an endpoint needs an account). */
export const allowedAccounts = Flags.string({
  ...AWS_ACCOUNT_ID,
  description: `an AWS account that may connect, and only those given may: ${ACCOUNT_FORMS} (repeat the flag once for each account)`,
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

/** `--flat` of the commands that print an endpoint under --json: what Terraform's `external` data source reads. */
export const flat = Flags.boolean({
  dependsOn: ['json'],
  description: 'with --json, one JSON object whose values are all strings (lists joined with commas), as Terraform\'s external data source requires',
})

const NOT_WITH_THE_VPC = ['vpc-id', 'subnet-id', 'cidr']

export const secretsManager = Flags.string({
  description: 'instead, print the commands that store each connection config var in AWS Secrets Manager, as the secret NAME/VAR (rerun them after Heroku changes the URL)',
  exclusive: NOT_WITH_THE_VPC,
  helpValue: 'NAME',
  async parse(input) {
    return parseSecretName(input)
  },
})

export const ssmParameter = Flags.string({
  description: 'instead, print the commands that store each connection config var in SSM Parameter Store, as the SecureString parameter NAME/VAR (rerun them after Heroku changes the URL)',
  exclusive: NOT_WITH_THE_VPC,
  helpValue: '/NAME',
  async parse(input) {
    return parseParameterPath(input)
  },
})

export const dryRun = Flags.boolean({description: 'print what would change, and change nothing'})

const ENDPOINT_ID = {
  async parse(input: string) {
    return parseEndpointId(input)
  },
} as const

export const endpointId = Flags.string({
  ...ENDPOINT_ID,
  description: 'also wait until this VPC endpoint connection is available and its config vars exist',
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

export const reachable = Flags.boolean({
  dependsOn: ['endpoint-id'],
  description: 'also wait until data:privatelink:check from this host passes for that connection: DNS, TCP, TLS and login (DNS and security groups lag)',
  exclusive: ['destroyed'],
})

export const destroyed = Flags.boolean({
  description: 'wait until the endpoint is gone (the API answers 404) after data:privatelink:destroy, instead of until it is ready',
  exclusive: ['endpoint-id'],
})

export const confirm = Flags.string({description: 'the app name, to confirm the destructive action without a prompt'})

export const checkEndpointId = Flags.string({
  ...ENDPOINT_ID,
  description: 'check only this VPC endpoint connection, whatever its status (otherwise every Available one)',
})

export const checkTimeout = Flags.integer({
  default: 60,
  description: 'seconds from the first request until giving up (exit code 3); 0 for no deadline',
  max: 24 * 3600,
  min: 0,
})

/** What each hop of each host and port may take, by default: `check --hop-timeout`, and `wait --reachable`. */
export const DEFAULT_HOP_TIMEOUT_SECONDS = 5

export const hopTimeout = Flags.integer({
  default: DEFAULT_HOP_TIMEOUT_SECONDS,
  description: 'seconds each hop of each host and port may take (the DNS lookup, the TCP connection, the TLS handshake, the login)',
  max: 300,
  min: 1,
})

export const login = Flags.boolean({
  allowNo: true,
  default: true,
  description: 'log in with the connection\'s credentials; --no-login stops after TLS, for hosts that must not use them',
})

export const printScript = Flags.boolean({
  description: 'print a POSIX shell script of the DNS, TCP and TLS hops for a host without the Heroku CLI (host names and ports only), instead of checking',
})

export const space = Flags.string({
  char: 's',
  description: 'instead of an app, audit every app in this Private Space: their Postgres, Kafka and Key-Value Store add-ons and endpoints, with findings',
  async parse(input) {
    return parseScopeName(input, 'space')
  },
})

export const team = Flags.string({
  char: 't',
  description: 'instead of an app, audit every app of this team that is in a Private Space, as --space does',
  async parse(input) {
    return parseScopeName(input, 'team')
  },
})

export const failOnFindings = Flags.boolean({
  description: 'with --space or --team, exit 6 when anything is found (a finding), for a scheduled compliance job',
})

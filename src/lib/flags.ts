// Flags and arguments shared by the commands. Every command module loads this at start-up, so it
// imports only `@oclif/core` and cheap modules of ours; `@heroku-cli/command` (about a second to
// load) is imported only when its app resolution is actually needed.
import {Args, Flags} from '@oclif/core'

import {
  ACCOUNT_FORMS, parseApp, parseAwsAccount, parseDatabase, parseEndpointId,
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

export const database = Args.string({
  description: 'database add-on: its name, an attachment name such as DATABASE, or OTHER_APP::ATTACHMENT',
  async parse(input) {
    return parseDatabase(input)
  },
  required: true,
})

export const endpointId = Flags.string({
  description: 'also wait until this VPC endpoint connection is available and its config vars exist',
  async parse(input) {
    return parseEndpointId(input)
  },
})

export const timeout = Flags.integer({
  default: 1800,
  description: 'seconds to wait before giving up (exit code 3); 0 waits without a deadline',
  max: 7 * 24 * 3600,
  min: 0,
})

export const interval = Flags.integer({
  default: 5,
  description: 'seconds between polls',
  max: 3600,
  min: 1,
})

export const wait = Flags.boolean({description: 'wait until the endpoint is operational (exit codes as data:privatelink:wait)'})

export const confirm = Flags.string({description: 'the app name, to confirm the destructive action without a prompt'})

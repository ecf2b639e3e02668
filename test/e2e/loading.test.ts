// What each path of the built plugin loads, recorded by a preload (test/helpers/record-modules.mjs):
// scripts pay only for what they use. `--json` never loads the table renderer; with HEROKU_API_KEY
// nothing loads `@heroku-cli/command` (and its telemetry); a stored login does, to read the token.
import {expect} from 'chai'
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {pathToFileURL} from 'node:url'

import {POSTGRES_ADDON} from '../emulator/server.js'
import {type CliOptions, type CliResult, ROOT} from '../helpers/cli.js'
import {
  APP, E2E_AUTH, e2eContext, parseJson, printed,
} from './helpers.js'

const RECORDER = pathToFileURL(path.join(ROOT, 'test', 'helpers', 'record-modules.mjs')).href
const TABLE_RENDERER = /\/node_modules\/(@oclif\/table|ink|react|yoga-layout)\/|\/@heroku\/heroku-cli-util\/dist\/ux\/table\.js$/
const HEROKU_CLI_COMMAND = /\/node_modules\/(@heroku-cli\/command|@sentry)\//
// check's database clients, which only its login probes load.
const DATABASE_CLIENTS = /\/node_modules\/(pg|pg-protocol|@redis\/client)\//
const DB = ['DATABASE', '--app', APP]

const matching = (modules: string[], pattern: RegExp) => modules.filter(url => pattern.test(url))

function expectPlatformClientOfTheMode(modules: string[]): void {
  if (E2E_AUTH === 'env') expect(matching(modules, HEROKU_CLI_COMMAND), 'HEROKU_API_KEY needs no @heroku-cli/command').to.deep.equal([])
  else expect(matching(modules, HEROKU_CLI_COMMAND), 'a stored login is read by @heroku-cli/command').not.to.deep.equal([])
}

describe('e2e: modules each path loads', function () {
  this.timeout(120_000)
  const e2e = e2eContext()
  let scratch: string

  before(async function () {
    this.timeout(300_000) // builds the plugin when dist/ is missing
    await e2e.start()
    scratch = mkdtempSync(path.join(tmpdir(), 'privatelink-modules-'))
  })

  beforeEach(() => {
    e2e.reset()
    // A connection Available with its config vars, which a show reads beside the endpoint.
    e2e.emulator.seedEndpoint({addon: POSTGRES_ADDON, allowed_accounts: ['123456789012:user/abc'], connections: [{status: 'Available'}]})
  })

  after(async () => {
    await e2e.stop()
    rmSync(scratch, {force: true, recursive: true})
  })

  let runs = 0
  async function runRecorded(args: string[], options: CliOptions = {}): Promise<{modules: string[]; result: CliResult}> {
    const file = path.join(scratch, `modules-${++runs}`)
    const result = await e2e.cli(args, {...options, env: {...options.env, NODE_OPTIONS: `--import=${RECORDER}`, PRIVATELINK_MODULES_FILE: file}})
    expect(result.status, printed(result)).to.equal(0)
    const modules = readFileSync(file, 'utf8').split('\n').filter(Boolean)
    // The recorder saw the plugin itself: an empty or broken record cannot pass for a light run.
    expect(modules.some(url => url.endsWith('/dist/lib/session.js')), 'the record lists dist/lib/session.js').to.equal(true)
    return {modules, result}
  }

  for (const args of [
    ['data:privatelink', ...DB, '--json'],
    ['data:privatelink', '--space', 'example-space', '--json'],
    ['data:privatelink:access', ...DB, '--json'],
    ['data:privatelink:wait', ...DB, '--json'],
    ['data:privatelink:wait', ...DB],
  ]) {
    it(`${args.join(' ')} loads no table renderer`, async () => {
      const {modules, result} = await runRecorded(args)
      if (args.includes('--json')) parseJson(result)
      else expect(result.stdout).to.include(`${POSTGRES_ADDON} on ${APP} is Operational.`)
      expect(matching(modules, TABLE_RENDERER)).to.deep.equal([])
      expect(matching(modules, DATABASE_CLIENTS)).to.deep.equal([])
      expectPlatformClientOfTheMode(modules)
    })
  }

  it('check --print-script loads no database client and no table renderer', async () => {
    const {modules, result} = await runRecorded(['data:privatelink:check', ...DB, '--print-script'])
    expect(result.stdout).to.match(/^#!\/bin\/sh\n/)
    expect(matching(modules, DATABASE_CLIENTS)).to.deep.equal([])
    expect(matching(modules, TABLE_RENDERER)).to.deep.equal([])
  })

  it('data:privatelink draws its tables with the table renderer', async () => {
    const {modules, result} = await runRecorded(['data:privatelink', ...DB])
    expect(result.stdout).to.include('=== Connection Config Vars')
    expect(matching(modules, TABLE_RENDERER)).not.to.deep.equal([])
    expectPlatformClientOfTheMode(modules)
  })

  it('--app from HEROKU_APP needs no @heroku-cli/command either', async () => {
    const {modules, result} = await runRecorded(['data:privatelink', 'DATABASE', '--json'], {env: {HEROKU_APP: APP}})
    expect(parseJson(result)).to.include({app: APP})
    expectPlatformClientOfTheMode(modules)
  })
})

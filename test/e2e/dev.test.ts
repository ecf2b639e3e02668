// `bin/dev.js` runs the TypeScript sources: an edit shows without a build, with no dist/ at all.
// It runs from a copy of the sources in a temporary folder (node_modules linked), so the shared
// dist/ of the other suites is never touched.
import {expect} from 'chai'
import {
  // eslint-disable-next-line n/no-unsupported-features/node-builtins -- stable since Node 22.3, and works without a warning on Node 20
  cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync,
} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {POSTGRES_ADDON} from '../emulator/server.js'
import {ROOT} from '../helpers/cli.js'
import {
  APP, e2eContext, oneLine, parseJson, POSTGRES_PATH, printed,
} from './helpers.js'

const SOURCES = ['bin/dev.js', 'package.json', 'scripts/source-plugin.ts', 'src', 'tsconfig.json']

describe('e2e: bin/dev.js runs the TypeScript sources, without dist/', function () {
  this.timeout(120_000)
  const e2e = e2eContext()
  let copy: string
  let devBin: string

  before(async function () {
    this.timeout(300_000)
    await e2e.start()
    copy = mkdtempSync(path.join(tmpdir(), 'privatelink-dev-'))
    for (const source of SOURCES) cpSync(path.join(ROOT, source), path.join(copy, source), {recursive: true})
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'), 'dir')
    devBin = path.join(copy, 'bin', 'dev.js')
  })

  beforeEach(() => e2e.reset())

  after(async () => {
    await e2e.stop()
    if (copy) rmSync(copy, {force: true, recursive: true})
  })

  it('has no dist/ and no manifest to fall back on', () => {
    expect(existsSync(path.join(copy, 'dist'))).to.equal(false)
    expect(existsSync(path.join(copy, 'oclif.manifest.json'))).to.equal(false)
  })

  it('shows an edit of a command at once', async () => {
    const file = path.join(copy, 'src', 'commands', 'data', 'privatelink', 'index.ts')
    const edited = 'show the PrivateLink endpoint of a database, as edited a moment ago'
    writeFileSync(file, readFileSync(file, 'utf8').replace(/static summary = '[^']*'/, `static summary = '${edited}'`))
    const help = await e2e.cli(['data:privatelink', '--help'], {bin: devBin})
    expect(help.status, printed(help)).to.equal(0)
    expect(help.stdout.split('\n')[0]).to.equal(edited)
  })

  it('runs a command against the API, -i before DATABASE', async () => {
    const create = await e2e.cli(['data:privatelink:create', '-i', '123456789012', 'DATABASE', '--app', APP, '--json'], {bin: devBin})
    expect(create.status, printed(create)).to.equal(0)
    expect(parseJson(create)).to.include({addon: POSTGRES_ADDON, status: 'Provisioning'})
    expect(e2e.requests().filter(request => !/ \/(?:apps|regions)\//.test(request))).to.deep.equal(['POST /actions/addons/resolve bearer', `POST ${POSTGRES_PATH} basic`])
  })

  it('answers a user error with its message alone, without a stack trace or a warning, with and without --json', async () => {
    const human = await e2e.cli(['data:privatelink:create', 'DATABASE', '--app', APP, '-i', 'arn:aws:iam:123456789012:user/abc'], {bin: devBin})
    expect(human.status, printed(human)).to.equal(2)
    expect(oneLine(human.stderr)).to.match(/^Error: Invalid AWS account ID "arn:aws:iam:123456789012:user\/abc": a colon is missing/)
    const json = await e2e.cli(['data:privatelink:create', 'DATABASE', '--app', APP, '-i', '123456789012,210987654321', '--json'], {bin: devBin})
    expect(json.status, printed(json)).to.equal(2)
    expect(json.stderr).to.equal('')
    expect(parseJson(json)).to.have.nested.property('error.reason', 'invalid_input')
    expect(e2e.emulator.log()).to.deep.equal([])
  })
})

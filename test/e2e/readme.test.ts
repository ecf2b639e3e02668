// Every command the README shows is run: its `heroku data:privatelink…` lines here, with the built
// `bin/run.js` against the emulator; its install and walkthrough sections through the real Heroku
// CLI by `npm run test:heroku-cli`; its curl lines against the emulator; its npm lines are
// scripts of package.json (which CI runs).
import {expect} from 'chai'
import {execFile} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {promisify} from 'node:util'

import {ExitCode} from '../../src/lib/failures.js'
import {POSTGRES_ADDON} from '../emulator/server.js'
import {ROOT} from '../helpers/cli.js'
import {
  type DatabaseServers, requireDatabaseServers, SERVER_PACKAGES, serversUnavailable, startDatabaseServers,
} from '../helpers/database-servers.js'
import {
  herokuCommand, INSTALL_SECTION, readmeLines, WALKTHROUGH_SECTION,
} from '../helpers/readme.js'
import {findTerraform, terraformFmtCheck} from '../helpers/shell.js'
import {
  APP, e2eContext, parseJson, printed,
} from './helpers.js'

const PLUGIN_COMMAND = /^heroku (?:data|pg|kafka|redis):privatelink(?::|\s|$)/
const ENDPOINT_ID = 'vpce-01c87ae3c05563935'
// Lines that are neither heroku nor curl commands: npm and git, as a clone is set up.
const SET_UP = /^(?:npm ci(?: && npm (?:run [\w:-]+|test|pack))?|git clone https:\/\/github\.com\/<owner>\/<repository>\.git && cd <repository>|sudo apt-get install [\w -]+)$/
// Commands that reach the database from this host: their config vars point at real servers here.
const REACHES_DATABASE = /privatelink:check\b(?!.*--print-script)|--reachable/

describe('e2e: the README', function () {
  this.timeout(120_000)
  // Every transition after one poll: waits in the README end at their first answer.
  const e2e = e2eContext({
    accountActive: {polls: 1}, accountRemoved: {polls: 1}, connectionAvailable: {polls: 1}, deprovision: {polls: 1}, endpointOperational: {polls: 1},
  })
  const lines = readmeLines()
  const pjson = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {name: string; scripts: Record<string, string>; version: string}
  const scripts = Object.keys(pjson.scripts)

  let servers: DatabaseServers | undefined

  before(async function () {
    this.timeout(300_000)
    await e2e.start()
    if (!serversUnavailable()) servers = await startDatabaseServers()
  })

  after(async () => {
    await Promise.all([e2e.stop(), servers?.stop()])
  })

  it('has command lines to check', () => {
    expect(lines.filter(({line}) => PLUGIN_COMMAND.test(herokuCommand(line) ?? '')).length).to.be.greaterThan(10)
  })

  it('has no command line that this suite does not know how to check', () => {
    const unknown = lines.filter(({line}) => !herokuCommand(line) && !line.startsWith('curl ') && !SET_UP.test(line))
    expect(unknown).to.deep.equal([])
  })

  it('installs with apt-get the database servers the tests start, as .ci/run does', () => {
    const installs = lines.filter(({line}) => line.startsWith('sudo apt-get install '))
    expect(installs.map(({line}) => line)).to.deep.equal([`sudo apt-get install ${SERVER_PACKAGES}`])
    // .ci/run installs each package that is missing, in one apt-get install.
    const ci = readFileSync(path.join(ROOT, '.ci', 'run'), 'utf8')
    expect(ci).to.match(/apt-get install -y --no-install-recommends "\$\{missing\[@]}"/)
    for (const name of SERVER_PACKAGES.split(' ')) expect(ci).to.include(`missing+=(${name})`)
  })

  it('has CI run its one-line demo and test commands, as written after npm ci', () => {
    const ci = readFileSync(path.join(ROOT, '.ci', 'run'), 'utf8').split('\n')
    const oneLiners = lines.flatMap(({line}) => /^npm ci && (npm (?:run [\w:-]+|test))$/.exec(line)?.[1] ?? [])
    expect(oneLiners).to.include.members(['npm run demo', 'npm test'])
    expect(oneLiners.filter(command => !ci.includes(command))).to.deep.equal([])
  })

  it('runs in npm only scripts package.json has', () => {
    const npmRuns = lines.flatMap(({line}) => [...line.matchAll(/npm run ([\w:-]+)/g)].map(match => match[1]))
    expect(npmRuns.filter(script => !scripts.includes(script))).to.deep.equal([])
  })

  it('shows heroku commands of other plugins only where the Heroku CLI test runs them, or marked as not yet possible', () => {
    const others = lines.filter(({line}) => herokuCommand(line) && !PLUGIN_COMMAND.test(herokuCommand(line)!))
    const unrun = others.filter(({line, section}) => ![INSTALL_SECTION, WALKTHROUGH_SECTION].includes(section) && !/^heroku plugins:install heroku-data-privatelink$/.test(line))
    expect(unrun, 'heroku commands no test runs').to.deep.equal([])
    // The npm line can't be run until the package is published, and the README says so next to it.
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8')
    expect(readme).to.match(/Once the package is published on npm \(not yet\), this will be the way:\n\n```sh\nheroku plugins:install heroku-data-privatelink\n```/)
  })

  it('installs from the repository first while the package is unpublished, then from a tarball, then a linked clone', () => {
    const install = lines.filter(({section}) => section === INSTALL_SECTION).map(({line}) => line).filter(line => line.startsWith('heroku plugins:'))
    expect(install).to.deep.equal([
      'heroku plugins:install <owner>/<repository>',
      'heroku plugins:install git+https://github.com/<owner>/<repository>.git',
      `heroku plugins:install file:$PWD/${pjson.name}-${pjson.version}.tgz`,
      'heroku plugins:link .',
      `heroku plugins:install ${pjson.name}`,
    ])
  })

  /** Every command but create (and a wait for a destroy) finds an Operational endpoint, with the accounts the README removes and its connection. */
  const seed = () => e2e.emulator.seedEndpoint({
    addon: POSTGRES_ADDON,
    allowed_accounts: ['123456789012:user/abc', '210987654321:role/deploy'],
    connections: [{endpoint_id: ENDPOINT_ID}],
  })

  describe('the scheduled audit job', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8')
    const section = readme.slice(readme.indexOf('## Auditing a space or a team'))
    const workflow = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? ''
    const audit = /^\s+- run: (heroku data:privatelink .*)$/m.exec(workflow)?.[1] ?? ''

    it('fails its step (exit 6) on a finding, and leaves the report it wrote; passes (0) on none', async () => {
      expect(audit, 'the workflow\'s audit step').to.match(/--json --fail-on-findings > (\S+)$/)
      const report = /> (\S+)$/.exec(audit)![1]
      const dir = mkdtempSync(path.join(tmpdir(), 'privatelink-audit-job-'))
      try {
        e2e.reset()
        seed()
        const failing = await e2e.script(`cd '${dir}' && ${audit}`)
        expect(failing.status, printed(failing)).to.equal(ExitCode.Findings)
        const entries = JSON.parse(readFileSync(path.join(dir, report), 'utf8')) as Array<{addon: string; findings: Array<{kind: string}>}>
        expect(entries.find(entry => entry.addon === POSTGRES_ADDON)?.findings.map(finding => finding.kind)).to.deep.equal(['unused_grant'])
        e2e.emulator.seedEndpoint({addon: POSTGRES_ADDON, allowed_accounts: ['123456789012:user/abc'], connections: [{endpoint_id: ENDPOINT_ID}]})
        const passing = await e2e.script(`cd '${dir}' && ${audit}`)
        expect(passing.status, printed(passing)).to.equal(0)
      } finally {
        rmSync(dir, {force: true, recursive: true})
      }
    })
  })

  describe('the Terraform module', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8')
    const section = readme.slice(readme.indexOf('### Terraform, without scraping'))
    const module = /```hcl\n([\s\S]*?)```/.exec(section)?.[1] ?? ''
    const command = /That is what `(heroku data:privatelink:aws [^`]+ --format terraform)`/.exec(section)?.[1] ?? ''

    it('is what --format terraform prints, after the terraform and provider blocks', async () => {
      expect(command, 'the command the README says prints the module').not.to.equal('')
      e2e.reset()
      seed()
      const result = await e2e.cli(command.split(' ').slice(1))
      expect(result.status, printed(result)).to.equal(0)
      expect(module).to.match(/^terraform \{\n {2}required_providers \{[\s\S]*\nprovider "aws" \{\n {2}region = "us-east-1"\n\}\n\n/)
      expect(module.endsWith(result.stdout), 'the module ends with what the command prints').to.equal(true)
    })

    it('is formatted as terraform fmt writes it (when terraform is installed)', function () {
      const terraform = findTerraform()
      if (!terraform) this.skip()
      expect(terraformFmtCheck(terraform!, module)).to.deep.equal({diff: '', status: 0})
    })
  })

  for (const {line, section} of lines.filter(({line}) => line.startsWith('curl '))) {
    it(`${section}: ${line}`, async () => {
      e2e.reset()
      // An Operational endpoint, for the VPC endpoint the README connects to it.
      e2e.emulator.seedEndpoint({addon: POSTGRES_ADDON, allowed_accounts: ['123456789012:user/abc']})
      // A shell, as the README's reader uses, with the variables `npm run emulator` prints; curl -f fails on an error answer.
      await promisify(execFile)('sh', ['-c', line], {env: {...process.env, ...e2e.emulator.env}, timeout: 30_000})
    })
  }

  for (const {line, section} of lines) {
    const command = herokuCommand(line)
    if (!command || !PLUGIN_COMMAND.test(command)) continue
    it(`${section}: ${line}`, async function () {
      e2e.reset()
      if (!/:create\s|--destroyed/.test(command)) seed()
      if (REACHES_DATABASE.test(command)) {
        if (!servers) requireDatabaseServers(this)
        e2e.emulator.setConfigVars(APP, {
          DATABASE_ENDPOINT_01C87AE3C05563935_PGBOUNCER_URL: servers!.urls.pgbouncer, DATABASE_ENDPOINT_01C87AE3C05563935_URL: servers!.urls.postgres,
        })
      }

      const result = await e2e.cli(command.split(/\s+/).slice(1))
      // The seed's endpoint allows an account that no connection uses: an audit finds it.
      expect(result.status, printed(result)).to.equal(command.includes('--fail-on-findings') ? ExitCode.Findings : 0)
      // What a jq filter after the command reads must be there.
      const field = /\| jq -r '?\.(\w+)/.exec(line)?.[1]
      if (field) expect(parseJson(result)).to.have.property(field).that.is.not.null
    })
  }
})

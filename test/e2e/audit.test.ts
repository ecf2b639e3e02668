// `data:privatelink --space SPACE` and `--team TEAM`, the built plugin against the emulator: which
// apps and add-ons are read (and which never), the findings, --fail-on-findings, failures per
// add-on, 429s, and that reads overlap without ever passing the bound: all asserted from the
// emulator's request log (holds make the overlap certain), never from timings.
import {expect} from 'chai'
import {spawn} from 'node:child_process'

import type {AuditedDatabase} from '../../src/lib/endpoint-view.js'

import {
  COMMON_APP, EXAMPLE_APP, EXAMPLE_TEAM, KAFKA_ADDON, OTHER_APP, OTHER_POSTGRES_ADDON, PAPERTRAIL_ADDON, POSTGRES_ADDON, REDIS_ADDON,
} from '../emulator/server.js'
import {BIN, cleanEnv} from '../helpers/cli.js'
import {
  maxInFlight, overlapped, parseJson, printed,
} from './helpers.js'
import {e2eSuite} from './suite.js'

const SPACE = 'example-space'
const ENDPOINTS = '/private-link/v0/databases/'
const USER = 'arn:aws:iam::123456789012:user/abc'
// With a stored login, @heroku-cli/command's APIClient reads the team from Particleboard beside any
// /teams/ request (for its delinquency notices): the Heroku CLI's request, not the plugin's.
const PARTICLEBOARD_TEAM = /^GET \/teams\/[^/]+$/
const DEPLOY = 'arn:aws:iam::210987654321:role/deploy'

/**
 * Runs the plugin on a pseudo-terminal (util-linux's script), as a person's shell does, against the
 * emulator: stdout and stderr together, as the terminal shows them.
 */
function onTerminal(env: Record<string, string>, args: string[]): Promise<{output: string; status: null | number}> {
  return new Promise((resolve, reject) => {
    const command = [process.execPath, BIN, 'data:privatelink', ...args].map(arg => `'${arg}'`).join(' ')
    const child = spawn('script', ['-q', '-e', '-c', command, '/dev/null'], {env: cleanEnv({...env, CI: undefined, TERM: 'xterm'})})
    let output = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk
    })
    child.on('error', reject)
    child.on('close', status => resolve({output, status}))
    child.stdin.end()
  })
}

describe('e2e: auditing a space or a team', function () {
  this.timeout(90_000)
  const e2e = e2eSuite()
  const paths = () => e2e.emulator.log().map(entry => `${entry.method} ${entry.path}`).filter(path => !PARTICLEBOARD_TEAM.test(path))
  const audit = async (args: string[], exit = 0): Promise<AuditedDatabase[]> => {
    const result = await e2e.cli(['data:privatelink', ...args, '--json'])
    expect(result.status, printed(result)).to.equal(exit)
    expect(result.stderr, 'nothing on stderr in a --json run without a warning').to.equal('')
    return parseJson<AuditedDatabase[]>(result)
  }

  /** A space of its own: `apps` apps with three data add-ons and a Papertrail each, every endpoint Operational with its one account connected. */
  const auditSpace = (apps: number) => e2e.emulator.addApps({
    addons: ['heroku-postgresql:private-0', 'heroku-kafka:private-0', 'heroku-redis:private-7', 'papertrail:choklad'],
    apps,
    endpoint: {allowed_accounts: ['123456789012'], connections: [{}]},
    space: 'audit-space',
    team: 'audit-team',
  })

  it('--space: the data add-ons of the space\'s apps alone; other add-ons, other spaces\' and Common Runtime apps are never read', async () => {
    e2e.emulator.seedEndpoint({addon: POSTGRES_ADDON, allowed_accounts: ['123456789012'], connections: [{owner_arn: USER}]})
    const entries = await audit(['--space', SPACE])
    expect(entries.map(entry => entry.addon)).to.deep.equal([KAFKA_ADDON, 'postgresql-advanced-11111', 'postgresql-shield-67890', POSTGRES_ADDON, 'postgresql-standard-55555', REDIS_ADDON])
    expect(entries.every(entry => entry.app === EXAMPLE_APP)).to.equal(true)
    expect(entries.find(entry => entry.addon === POSTGRES_ADDON)).to.deep.include({
      accounts: {active: 1, total: 1}, connections: {available: 1, total: 1}, findings: [], region: 'us-east-1', status: 'Operational',
    })
    expect(paths().slice(0, 3)).to.deep.equal(['GET /spaces/example-space', `GET /teams/${EXAMPLE_TEAM}/apps`, `GET /apps/${EXAMPLE_APP}/addons`])
    expect(paths()).not.to.include(`GET ${ENDPOINTS}${PAPERTRAIL_ADDON}`)
    expect(paths().filter(path => path.includes(OTHER_APP) || path.includes(COMMON_APP))).to.deep.equal([])
  })

  it('--team: the apps of the team in Private Spaces, whichever space; the Common Runtime\'s are never read', async () => {
    const entries = await audit(['--team', EXAMPLE_TEAM])
    expect([...new Set(entries.map(entry => entry.app))]).to.deep.equal([EXAMPLE_APP, OTHER_APP])
    expect(entries.at(-1)?.addon).to.equal(OTHER_POSTGRES_ADDON)
    expect(paths()).not.to.include(`GET /apps/${COMMON_APP}/addons`)
    expect(paths().some(path => path.startsWith('GET /spaces/'))).to.equal(false)
  })

  it('finds connections no allowed account covers, grants nobody uses, pending accounts and endpoints not Operational; a root grant covers its account', async () => {
    e2e.emulator.seedEndpoint({
      addon: POSTGRES_ADDON,
      allowed_accounts: [USER, DEPLOY, {arn: 'arn:aws:iam::333333333333:root', status: 'Provisioning'}],
      connections: [{endpoint_id: 'vpce-01c87ae3c05563935', owner_arn: USER}, {endpoint_id: 'vpce-0aaaaaaaaaaaaaaaa', owner_arn: 'arn:aws:iam::999999999999:user/mallory'}],
    })
    e2e.emulator.seedEndpoint({addon: KAFKA_ADDON, allowed_accounts: ['123456789012'], status: 'Provisioning'})
    e2e.emulator.seedEndpoint({addon: REDIS_ADDON, allowed_accounts: ['123456789012'], connections: [{owner_arn: 'arn:aws:iam::123456789012:role/app'}]})
    const entries = await audit(['--space', SPACE])
    const found = Object.fromEntries(entries.map(entry => [entry.addon, entry.findings.map(finding => [finding.kind, finding.arn ?? finding.endpoint_id ?? null])]))
    expect(found[POSTGRES_ADDON]).to.deep.equal([['connection_not_allowed', 'vpce-0aaaaaaaaaaaaaaaa'], ['unused_grant', DEPLOY], ['account_pending', 'arn:aws:iam::333333333333:root']])
    expect(found[KAFKA_ADDON]).to.deep.equal([['endpoint_not_operational', null]])
    expect(found[REDIS_ADDON]).to.deep.equal([])
  })

  it('--fail-on-findings exits 6 when there is a finding, printing the audit all the same, and 0 when there is none', async () => {
    e2e.emulator.seedEndpoint({addon: POSTGRES_ADDON, allowed_accounts: [USER, DEPLOY], connections: [{owner_arn: USER}]})
    const withFindings = await audit(['--space', SPACE, '--fail-on-findings'], 6)
    expect(withFindings.flatMap(entry => entry.findings.map(finding => finding.kind))).to.deep.equal(['unused_grant'])
    const human = await e2e.cli(['data:privatelink', '--space', SPACE, '--fail-on-findings'])
    expect(human.status, printed(human)).to.equal(6)
    // Six data add-ons, more than a handful, but no terminal: no progress output.
    expect(human.stderr).to.equal('')
    expect(human.stdout).to.include(`${POSTGRES_ADDON} on ${EXAMPLE_APP}: Allowed account ${DEPLOY} has no connection: a grant nobody uses.`)
    e2e.emulator.seedEndpoint({addon: POSTGRES_ADDON, allowed_accounts: [USER], connections: [{owner_arn: USER}]})
    expect(await audit(['--space', SPACE, '--fail-on-findings'], 0)).to.have.length(6)
    const listing = await e2e.cli(['data:privatelink', '--space', SPACE])
    expect(listing.status, printed(listing)).to.equal(0)
    expect(listing.stdout).to.include('No findings in 6 data add-ons in 1 app.')
  })

  it('states each failure with its add-on or app, and audits the rest (exit 0; 6 with --fail-on-findings)', async () => {
    e2e.emulator.seedEndpoint({addon: POSTGRES_ADDON, allowed_accounts: [USER], connections: [{owner_arn: USER}]})
    e2e.emulator.injectFault({
      kind: 'status', message: 'You do not have access to this cluster.', path: `${ENDPOINTS}${KAFKA_ADDON}`, status: 403,
    })
    e2e.emulator.injectFault({
      kind: 'status', message: 'Forbidden.', path: `/apps/${OTHER_APP}/addons`, status: 403,
    })
    const entries = await audit(['--team', EXAMPLE_TEAM])
    const kafka = entries.find(entry => entry.addon === KAFKA_ADDON)
    expect(kafka).to.deep.include({error: {message: `Couldn't get the PrivateLink endpoint for ${KAFKA_ADDON} on ${EXAMPLE_APP}: You do not have access to this cluster. (403 Forbidden).\nCheck that your account has access to ${EXAMPLE_APP}: heroku access --app ${EXAMPLE_APP}`, reason: 'forbidden'}, status: null})
    expect(kafka?.findings.map(finding => finding.kind)).to.deep.equal(['unreadable'])
    expect(entries.find(entry => entry.app === OTHER_APP)).to.deep.include({addon: null, kind: null})
    expect(entries.find(entry => entry.addon === POSTGRES_ADDON)).to.deep.include({error: null, findings: [], status: 'Operational'})
  })

  it('fails (exit 1) when the space can\'t be listed, saying which and how to find the right name', async () => {
    const result = await e2e.cli(['data:privatelink', '--space', 'nosuch-space'])
    expect(result.status, printed(result)).to.equal(1)
    expect(result.stderr).to.include('Couldn\'t find that space. (space nosuch-space)')
    expect(result.stderr).to.include('List the spaces you can see with: heroku spaces')
    expect(paths()).to.deep.equal(['GET /spaces/nosuch-space'])
  })

  it('refuses --space with --app or DATABASE before any request (exit 2)', async () => {
    for (const args of [['--space', SPACE, '--app', EXAMPLE_APP], ['DATABASE', '--space', SPACE], ['--space', SPACE, '--team', EXAMPLE_TEAM]]) {
      // eslint-disable-next-line no-await-in-loop
      const result = await e2e.cli(['data:privatelink', ...args])
      expect(result.status, printed(result)).to.equal(2)
    }

    expect(e2e.emulator.log()).to.deep.equal([])
  })

  it('honours 429 and Retry-After for each read, says so once, and loses no add-on to it', async () => {
    auditSpace(2)
    e2e.emulator.injectFault({
      count: 3, kind: 'status', path: `${ENDPOINTS}*`, retry_after: 1, status: 429,
    })
    const result = await e2e.cli(['data:privatelink', '--space', 'audit-space', '--json'])
    expect(result.status, printed(result)).to.equal(0)
    expect(result.stderr.match(/Warning: Retrying after a transient failure: rate limited \(429\)/g)).to.have.length(1)
    const entries = parseJson<AuditedDatabase[]>(result)
    expect(entries.map(entry => [entry.status, entry.error])).to.deep.equal(Array.from({length: 6}, () => ['Operational', null]))
    const log = e2e.emulator.log()
    const limited = log.filter(entry => entry.status === 429)
    expect(limited).to.have.length(3)
    for (const refused of limited) {
      const retry = log.find(entry => entry.path === refused.path && entry.received_ms > refused.received_ms)
      // Retry-After is a floor: the retry came at least that long after the 429 (setTimeout may fire a hair early).
      expect((retry?.received_ms ?? 0) - (refused.answered_ms ?? 0), refused.path).to.be.at.least(990)
    }
  })

  it('reads add-on lists together and endpoints together, reaching 8 requests in flight and never more', async () => {
    auditSpace(6)
    // The six lists are answered only once all six are in flight; the first 8 endpoint reads once 8
    // are. The next hold wants 9, which a client bounded to 8 never gathers: its safety release lets
    // them through, and the log shows whether 9 were ever in flight.
    e2e.emulator.hold({count: 6, path: '/apps/*', release_after_ms: 60_000})
    e2e.emulator.hold({count: 8, path: `${ENDPOINTS}*`, release_after_ms: 60_000})
    e2e.emulator.hold({count: 9, path: `${ENDPOINTS}*`, release_after_ms: 1000})
    const entries = await audit(['--space', 'audit-space'])
    expect(entries).to.have.length(18)
    const log = e2e.emulator.log()
    const lists = log.filter(entry => entry.path.endsWith('/addons'))
    const reads = log.filter(entry => entry.path.startsWith(ENDPOINTS))
    expect(lists).to.have.length(6)
    expect(reads).to.have.length(18)
    expect(reads.some(entry => entry.path.includes('papertrail'))).to.equal(false)
    expect(lists.every(list => lists.every(other => list === other || overlapped(list, other)))).to.equal(true)
    expect(maxInFlight(reads.slice(0, 8))).to.equal(8)
    expect(maxInFlight(log)).to.equal(8)
  })

  describe('on a terminal', () => {
    it('shows a progress bar while more than a handful of add-ons are read, ending on the count', async () => {
      auditSpace(3)
      const {output, status} = await onTerminal(e2e.emulator.env, ['--space', 'audit-space'])
      expect(status, output).to.equal(0)
      expect(output).to.include('Reading the PrivateLink endpoints of space audit-space...')
      expect(output).to.match(/▕█{20}▏ 9\/9 add-ons, 3\/3 apps listed/)
      expect(output).to.include('No findings in 9 data add-ons in 3 apps.')
    })

    it('shows none for a handful of add-ons, nor under --json, whose output stays the JSON alone', async () => {
      const few = await onTerminal(e2e.emulator.env, ['--space', 'other-space'])
      expect(few.status, few.output).to.equal(0)
      expect(few.output).not.to.include('Reading the PrivateLink endpoints')
      auditSpace(3)
      const json = await onTerminal(e2e.emulator.env, ['--space', 'audit-space', '--json'])
      expect(json.status, json.output).to.equal(0)
      expect(json.output).not.to.include('Reading')
      expect(JSON.parse(json.output.replaceAll('\r', ''))).to.have.length(9)
    })
  })
})

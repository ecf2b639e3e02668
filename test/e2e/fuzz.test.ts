// Feeds malformed and random values to every argument and flag of every command, through the real
// binary, and checks that each ends in a clean refusal with nothing sent, or in requests confined
// to the contract's paths (and the reads a guess of the add-on lookup's answer makes): never a
// crash or a stack trace.
import {expect} from 'chai'

import {
  COMMON_APP, EXAMPLE_APP, OTHER_APP, POSTGRES_ADDON, SEED_ADDONS,
} from '../emulator/server.js'
import {e2eContext} from './helpers.js'

const HOSTILE = [
  '',
  ' ',
  '\u0007',
  'a\nb',
  '\u001B[31mred',
  '..',
  '../../etc/passwd',
  '%2e%2e%2f',
  'a/b',
  '?x=1',
  '#frag',
  'DATABASE::',
  '::DATABASE',
  'a::b::c',
  'http://evil.example.com/',
  '$(id)',
  '`id`',
  '\'; DROP TABLE x;--',
  '\u202Eevil',
  'データベース',
  '😀',
  '-',
  '--',
  '--app',
  'A'.repeat(5000),
  '123456789012:user/',
  '123456789012:admin/x',
  'arn:aws:iam::123456789012:group/x',
  '1234567890123',
  'vpce-',
  'vpce-XYZ',
  '-1',
  '0',
  '99999999999999999999',
  '1.5',
]

/** A small deterministic generator, so a failure can be replayed. */
function generator(seed: number): () => number {
  let state = seed
  return () => {
    state = ((state * 1_103_515_245) + 12_345) % 2_147_483_648
    return state / 2_147_483_648
  }
}

const random = generator(20_261_126)
function randomValue(): string {
  const length = 1 + Math.floor(random() * 24)
  return Array.from({length}, () => String.fromCodePoint(32 + Math.floor(random() * 95))).join('')
}

function pick(count: number): string[] {
  return Array.from({length: count}, () => (random() < 0.7 ? HOSTILE[Math.floor(random() * HOSTILE.length)] : randomValue()))
}

const DATABASE = 'DATABASE'
const APP = ['--app', EXAMPLE_APP]
const ACCOUNT = ['--aws-account-id', '123456789012']

// Each command with a valid invocation, and the places a fuzzed value may go.
const COMMANDS: Array<{fields: Record<string, (value: string) => string[]>; id: string}> = [
  {fields: {app: v => [DATABASE, '--app', v], database: v => [v, ...APP], flat: v => [v, ...APP, '--json', '--flat']}, id: 'data:privatelink'},
  {fields: {account: v => [DATABASE, ...APP, '--aws-account-id', v], database: v => [v, ...APP, ...ACCOUNT]}, id: 'data:privatelink:create'},
  {
    fields: {
      database: v => [v, ...APP],
      'endpoint-id': v => [DATABASE, ...APP, '--endpoint-id', v, '--timeout', '1'],
      interval: v => [DATABASE, ...APP, '--interval', v, '--timeout', '1'],
      timeout: v => [DATABASE, ...APP, '--timeout', v],
    },
    id: 'data:privatelink:wait',
  },
  {fields: {confirm: v => [DATABASE, ...APP, '--confirm', v], database: v => [v, ...APP, '--confirm', EXAMPLE_APP]}, id: 'data:privatelink:destroy'},
  {fields: {database: v => [v, ...APP], remote: v => [DATABASE, ...APP, '--remote', v]}, id: 'data:privatelink:access'},
  {fields: {account: v => [DATABASE, ...APP, '--aws-account-id', v]}, id: 'data:privatelink:access:add'},
  {fields: {account: v => [DATABASE, ...APP, '--aws-account-id', v]}, id: 'data:privatelink:access:remove'},
  {fields: {account: v => [DATABASE, ...APP, '--aws-account-id', v, '--dry-run'], database: v => [v, ...APP, ...ACCOUNT]}, id: 'data:privatelink:access:set'},
  {
    fields: {
      cidr: v => [DATABASE, ...APP, '--cidr', v],
      database: v => [v, ...APP],
      format: v => [DATABASE, ...APP, '--format', v],
      'secrets-manager': v => [DATABASE, ...APP, '--secrets-manager', v],
      'ssm-parameter': v => [DATABASE, ...APP, '--ssm-parameter', v],
      'subnet-id': v => [DATABASE, ...APP, '--subnet-id', v],
      'vpc-id': v => [DATABASE, ...APP, '--vpc-id', v],
    },
    id: 'data:privatelink:aws',
  },
  {
    // The seeded endpoint has no connection: nothing is ever probed.
    fields: {
      database: v => [v, ...APP],
      'endpoint-id': v => [DATABASE, ...APP, '--endpoint-id', v],
      'hop-timeout': v => [DATABASE, ...APP, '--hop-timeout', v],
      timeout: v => [DATABASE, ...APP, '--timeout', v],
    },
    id: 'data:privatelink:check',
  },
  // Last, so that the values drawn for the fields above stay those of before.
  {fields: {space: v => ['--space', v], team: v => ['--team', v]}, id: 'data:privatelink'},
]

// The only paths the contract allows (and the regions, by the id an app names; the spaces and teams
// an audit names, and with a stored login the team APIClient reads beside them for its delinquency notices).
const NAMED = /^\/regions\/[\da-f-]{36}$|^\/spaces\/[\da-z-]+$|^\/teams\/[\da-z-]+(?:\/apps)?$/i
const ALLOWED_PATHS = new Set([
  '/actions/addons/resolve',
  ...[EXAMPLE_APP, OTHER_APP, COMMON_APP].flatMap(app => [`/apps/${app}`, `/apps/${app}/addons`, `/apps/${app}/config-vars`]),
  ...SEED_ADDONS.flatMap(({name}) => [`/private-link/v0/databases/${name}`, `/private-link/v0/databases/${name}/allowed_accounts`]),
])

/**
 * What a run may read beside the add-on lookup, on a guess of its answer: the app it names (--app,
 * or OTHER_APP of OTHER_APP::ATTACHMENT, when written as an app name) and its config vars, and
 * the endpoint of a DATABASE written as an add-on name (lowercase letters, digits and dashes).
 */
function guessedPaths(args: string[]): string[] {
  const app = args[args.indexOf('--app') + 1]
  const database = args[0]
  const apps = [app, /^(.+)::.+$/.exec(database)?.[1]].filter(name => name !== undefined && /^[a-z\d][a-z\d-]{0,99}$/i.test(name))
  return [
    ...apps.flatMap(name => [`/apps/${name}`, `/apps/${name}/config-vars`]),
    ...(/^[a-z][\da-z-]*$/.test(database) ? [`/private-link/v0/databases/${database}`] : []),
  ]
}

describe('fuzzing every argument and flag (end to end)', function () {
  this.timeout(600_000)
  const e2e = e2eContext()

  before(() => e2e.start())

  after(() => e2e.stop())

  for (const {fields, id} of COMMANDS) {
    for (const [field, place] of Object.entries(fields)) {
      const values = pick(3)
      it(`${id} ${field}: ${values.map(value => JSON.stringify(value.slice(0, 30))).join(', ')}`, async () => {
        for (const value of values) {
          e2e.reset()
          e2e.emulator.seedEndpoint({addon: POSTGRES_ADDON, allowed_accounts: ['123456789012']})
          // eslint-disable-next-line no-await-in-loop
          const result = await e2e.cli([id, ...place(value)])
          const context = `${id} ${field}=${JSON.stringify(value)}\n${result.stderr}`
          expect(result.signal, context).to.equal(null)
          expect([0, 1, 2, 3, 4], context).to.include(result.status)
          expect(result.stderr, context).not.to.match(/\n\s+at .+[(:]\d+|node:internal|TypeError|ReferenceError|RangeError/)
          const paths = e2e.emulator.log().map(entry => decodeURIComponent(entry.path))
          if (result.status === 2) expect(paths, `a refusal sent requests: ${context}`).to.deep.equal([])
          const allowed = new Set([...ALLOWED_PATHS, ...guessedPaths(place(value))])
          for (const path of paths.filter(candidate => !NAMED.test(candidate))) expect(allowed, context).to.include(path)
        }
      })
    }
  }
})

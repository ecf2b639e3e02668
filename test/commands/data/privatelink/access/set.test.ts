import {expect} from 'chai'

import type {PrivateLinkEndpoint} from '../../../../../src/lib/types.js'

import {APP, operationalEndpoint, POSTGRES} from '../../../../helpers/fixtures.js'
import {
  checkRequests, commandFile, dataApi, endpointOf, expectResolve, parseJson, runCommand, watchRequests,
} from '../../../helpers.js'

const ABC = 'arn:aws:iam::123456789012:user/abc'
const DEPLOY = 'arn:aws:iam::210987654321:role/deploy'
const ROOT = 'arn:aws:iam::111122223333:root'

function listing(...accounts: Array<[string, string]>): PrivateLinkEndpoint {
  return {...operationalEndpoint(), allowed_accounts: accounts.map(([arn, status]) => ({arn, status}))}
}

const ACCOUNTS = `${endpointOf(POSTGRES)}/allowed_accounts`

describe('data:privatelink:access:set', () => {
  beforeEach(watchRequests)

  afterEach(checkRequests)

  it('runs the TypeScript source', async () => {
    expect(await commandFile('data:privatelink:access:set')).to.equal('src/commands/data/privatelink/access/set.ts')
  })

  it('adds the missing accounts with one PUT, removes the others with one PATCH, and prints the diff', async () => {
    expectResolve('DATABASE', [POSTGRES])
    const api = dataApi()
    .get(endpointOf(POSTGRES)).reply(200, listing([ABC, 'Active'], [ROOT, 'Active']))
    .put(ACCOUNTS, {allowed_accounts: ['210987654321:role/deploy', '444455556666']}).reply(200, operationalEndpoint())
    .patch(ACCOUNTS, {allowed_accounts: ['111122223333']}).reply(200, operationalEndpoint())
    const {error, stderr, stdout} = await runCommand(['data:privatelink:access:set', 'DATABASE', '--app', APP, '-i', '123456789012:user/abc', '-i', DEPLOY, '-i', '444455556666'])
    expect(error).to.equal(undefined)
    expect(api.isDone()).to.equal(true)
    expect(stdout).to.equal([
      `Allowed accounts of ${POSTGRES.name} on ${APP}:`,
      `+ ${DEPLOY}`,
      '+ arn:aws:iam::444455556666:root',
      `- ${ROOT}`,
      `  ${ABC}`,
      '',
    ].join('\n'))
    expect(stderr).to.include(`Adding 2 accounts to the allowed accounts of ${POSTGRES.name} on ${APP}... done`)
    expect(stderr).to.include(`Removing 1 account from the allowed accounts of ${POSTGRES.name} on ${APP}... done`)
  })

  it('sends nothing and exits 0 when the list is already as given, in whatever forms', async () => {
    expectResolve('DATABASE', [POSTGRES])
    dataApi().get(endpointOf(POSTGRES)).reply(200, listing([ABC, 'Active'], [ROOT, 'Active'], [DEPLOY, 'Provisioning']))
    const {error, stdout} = await runCommand(['data:privatelink:access:set', 'DATABASE', '--app', APP, '-i', 'arn:aws:iam::123456789012:user/abc', '-i', '111122223333', '-i', '210987654321:role/deploy'])
    expect(error).to.equal(undefined)
    expect(stdout).to.equal(`The allowed accounts of ${POSTGRES.name} on ${APP} are already these: nothing to change.\n  ${ABC}\n  ${ROOT}\n  ${DEPLOY}\n`)
  })

  it('only adds when nothing is to be removed, and only removes when nothing is to be added', async () => {
    expectResolve('DATABASE', [POSTGRES])
    dataApi().get(endpointOf(POSTGRES)).reply(200, listing([ABC, 'Active']))
    .put(ACCOUNTS, {allowed_accounts: ['111122223333']}).reply(200, operationalEndpoint())
    expect((await runCommand(['data:privatelink:access:set', 'DATABASE', '--app', APP, '-i', ABC, '-i', ROOT])).error).to.equal(undefined)
    checkRequests()
    watchRequests()
    expectResolve('DATABASE', [POSTGRES])
    dataApi().get(endpointOf(POSTGRES)).reply(200, listing([ABC, 'Active'], [ROOT, 'Active']))
    .patch(ACCOUNTS, {allowed_accounts: ['123456789012:user/abc']}).reply(200, operationalEndpoint())
    expect((await runCommand(['data:privatelink:access:set', 'DATABASE', '--app', APP, '-i', ROOT])).error).to.equal(undefined)
  })

  it('prints the diff only with --dry-run, sending nothing', async () => {
    expectResolve('DATABASE', [POSTGRES])
    dataApi().get(endpointOf(POSTGRES)).reply(200, listing([ABC, 'Active']))
    const {error, stdout} = await runCommand(['data:privatelink:access:set', 'DATABASE', '--app', APP, '-i', DEPLOY, '--dry-run', '--wait'])
    expect(error).to.equal(undefined)
    expect(stdout).to.equal(`Allowed accounts of ${POSTGRES.name} on ${APP}, if set:\n+ ${DEPLOY}\n- ${ABC}\nDry run: nothing was sent.\n`)
  })

  it('with --wait, polls until the added account is Active and the removed one gone, then lists the accounts', async () => {
    expectResolve('DATABASE', [POSTGRES])
    dataApi()
    .get(endpointOf(POSTGRES)).reply(200, listing([ABC, 'Active']))
    .put(ACCOUNTS, {allowed_accounts: ['210987654321:role/deploy']}).reply(200, operationalEndpoint())
    .patch(ACCOUNTS, {allowed_accounts: ['123456789012:user/abc']}).reply(200, operationalEndpoint())
    .get(endpointOf(POSTGRES)).reply(200, listing([DEPLOY, 'Active']))
    const {error, stdout} = await runCommand(['data:privatelink:access:set', 'DATABASE', '--app', APP, '-i', DEPLOY, '--wait', '--json'])
    expect(error).to.equal(undefined)
    expect(parseJson(stdout)).to.deep.equal({
      added: [DEPLOY],
      addon: POSTGRES.name,
      allowed_accounts: [{arn: DEPLOY, status: 'Active'}],
      app: APP,
      dry_run: false,
      removed: [ABC],
      unchanged: [],
    })
  })

  it('removes nothing when the add fails', async () => {
    expectResolve('DATABASE', [POSTGRES])
    dataApi()
    .get(endpointOf(POSTGRES)).reply(200, listing([ABC, 'Active']))
    .put(ACCOUNTS).reply(422, {id: 'invalid_params', message: 'Account 210987654321 cannot be added.'})
    const {error} = await runCommand(['data:privatelink:access:set', 'DATABASE', '--app', APP, '-i', DEPLOY])
    expect(error?.message).to.include('Account 210987654321 cannot be added.')
  })

  it('refuses an empty list with exit code 2, before any request: an endpoint needs an account', async () => {
    const {error} = await runCommand(['data:privatelink:access:set', 'DATABASE', '--app', APP])
    expect(error?.message).to.include('Give the complete list of allowed accounts').and.include(`heroku data:privatelink:destroy DATABASE --app ${APP}`)
    expect(error?.oclif?.exit).to.equal(2)
    const json = await runCommand(['data:privatelink:access:set', 'DATABASE', '--app', APP, '--json'])
    expect((parseJson(json.stdout) as {error: {exit_code: number}}).error.exit_code).to.equal(2)
  })

  it('refuses an invalid account, naming it, with no request made', async () => {
    const {error} = await runCommand(['data:privatelink:access:set', 'DATABASE', '--app', APP, '-i', ABC, '-i', '12345:user/x'])
    expect(error?.message).to.include('Invalid AWS account ID "12345:user/x"')
    expect(error?.oclif?.exit).to.equal(2)
  })

  describe('hidden aliases', () => {
    for (const alias of ['pg:privatelink:access:set', 'kafka:privatelink:access:set', 'redis:privatelink:access:set']) {
      it(`${alias} sets the accounts`, async () => {
        expectResolve('DATABASE', [POSTGRES])
        dataApi().get(endpointOf(POSTGRES)).reply(200, listing([ABC, 'Active']))
        const {error} = await runCommand([alias, 'DATABASE', '--app', APP, '-i', ABC])
        expect(error).to.equal(undefined)
      })
    }
  })
})

import {expect} from 'chai'

import {
  APP, operationalEndpoint, OTHER_APP, OTHER_POSTGRES, POSTGRES,
} from '../../../../helpers/fixtures.js'
import {
  checkRequests, commandFile, dataApi, endpointOf, expectResolve, runCommand, watchRequests,
} from '../../../helpers.js'

describe('data:privatelink:access:add', () => {
  beforeEach(watchRequests)

  afterEach(checkRequests)

  it('runs the TypeScript source', async () => {
    expect(await commandFile('data:privatelink:access:add')).to.equal('src/commands/data/privatelink/access/add.ts')
  })

  it('PUTs the normalized accounts to allowed_accounts', async () => {
    expectResolve('DATABASE', [POSTGRES])
    const add = dataApi()
    .put(`${endpointOf(POSTGRES)}/allowed_accounts`, {allowed_accounts: ['123456789012:user/abc', '210987654321:role/deploy', '111122223333']})
    .reply(200, operationalEndpoint())
    const {error} = await runCommand([
      'data:privatelink:access:add',
      'DATABASE',
      '--app',
      APP,
      '-i',
      '123456789012:user/abc',
      '-i',
      'arn:aws:iam::210987654321:role/deploy',
      '--aws-account-id',
      'arn:aws:iam::111122223333:root',
    ])
    expect(error).to.equal(undefined)
    expect(add.isDone()).to.equal(true)
  })

  it('says on stderr what it adds, and on stdout how to follow their status', async () => {
    expectResolve('DATABASE', [POSTGRES])
    dataApi().put(`${endpointOf(POSTGRES)}/allowed_accounts`).reply(200, operationalEndpoint())
    const {stderr, stdout} = await runCommand(['data:privatelink:access:add', 'DATABASE', '--app', APP, '-i', '123456789012:user/abc'])
    expect(stderr).to.include(`Adding 123456789012:user/abc to the allowed accounts of ${POSTGRES.name} on ${APP}... done`)
    expect(stdout).to.equal(`Follow their status with: heroku data:privatelink:access DATABASE --app ${APP}\n`)
  })

  it('adds to the endpoint of OTHER_APP::ATTACHMENT', async () => {
    expectResolve('DATABASE', [OTHER_POSTGRES], OTHER_APP)
    const add = dataApi().put(`${endpointOf(OTHER_POSTGRES)}/allowed_accounts`, {allowed_accounts: ['123456789012']}).reply(200, operationalEndpoint())
    await runCommand(['data:privatelink:access:add', `${OTHER_APP}::DATABASE`, '--app', APP, '-i', '123456789012'])
    expect(add.isDone()).to.equal(true)
  })

  it('refuses an invalid account, naming it, with no request made', async () => {
    const {error} = await runCommand(['data:privatelink:access:add', 'DATABASE', '--app', APP, '-i', '12345678901:user/abc'])
    expect(error?.message).to.include('Invalid AWS account ID "12345678901:user/abc": the account ID must be exactly 12 digits')
    expect(error?.oclif?.exit).to.equal(2)
  })

  it("passes a 422's message on, naming the add-on and the app", async () => {
    expectResolve('DATABASE', [POSTGRES])
    dataApi().put(`${endpointOf(POSTGRES)}/allowed_accounts`).reply(422, {id: 'invalid_params', message: 'Account 123456789012 is already allowed.'})
    const {error} = await runCommand(['data:privatelink:access:add', 'DATABASE', '--app', APP, '-i', '123456789012'])
    expect(error?.message).to.equal(`Couldn't add allowed accounts for ${POSTGRES.name} on ${APP}: Account 123456789012 is already allowed. (422 Unprocessable Entity).`)
  })

  it('says there is no endpoint on a 404, with the create command', async () => {
    expectResolve('DATABASE', [POSTGRES])
    dataApi().put(`${endpointOf(POSTGRES)}/allowed_accounts`).reply(404, {id: 'not_found', message: 'Not found.'})
    const {error} = await runCommand(['data:privatelink:access:add', 'DATABASE', '--app', APP, '-i', '123456789012'])
    expect(error?.message).to.include('Create one with: heroku data:privatelink:create DATABASE')
  })

  describe('hidden aliases', () => {
    for (const alias of ['pg:privatelink:access:add', 'kafka:privatelink:access:add', 'redis:privatelink:access:add']) {
      it(`${alias} adds the accounts`, async () => {
        expectResolve('DATABASE', [POSTGRES])
        const add = dataApi().put(`${endpointOf(POSTGRES)}/allowed_accounts`, {allowed_accounts: ['123456789012']}).reply(200, operationalEndpoint())
        await runCommand([alias, 'DATABASE', '--app', APP, '-i', '123456789012'])
        expect(add.isDone()).to.equal(true)
      })
    }
  })
})

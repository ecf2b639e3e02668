import {expect} from 'chai'

import {APP, operationalEndpoint, POSTGRES} from '../../../../helpers/fixtures.js'
import {
  checkRequests, commandFile, dataApi, endpointOf, expectResolve, runCommand, watchRequests,
} from '../../../helpers.js'

describe('data:privatelink:access:remove', () => {
  beforeEach(watchRequests)

  afterEach(checkRequests)

  it('runs the TypeScript source', async () => {
    expect(await commandFile('data:privatelink:access:remove')).to.equal('src/commands/data/privatelink/access/remove.ts')
  })

  it('PATCHes the normalized accounts to allowed_accounts', async () => {
    expectResolve('DATABASE', [POSTGRES])
    const remove = dataApi()
    .patch(`${endpointOf(POSTGRES)}/allowed_accounts`, {allowed_accounts: ['123456789012:user/abc', '210987654321:user/division_a/x,y']})
    .reply(200, operationalEndpoint())
    const {error} = await runCommand([
      'data:privatelink:access:remove',
      'DATABASE',
      '--app',
      APP,
      '-i',
      '123456789012:user/abc',
      '-i',
      'arn:aws:iam::210987654321:user/division_a/x,y',
    ])
    expect(error).to.equal(undefined)
    expect(remove.isDone()).to.equal(true)
  })

  it('says on stderr what it removes, and prints nothing on stdout', async () => {
    expectResolve('DATABASE', [POSTGRES])
    dataApi().patch(`${endpointOf(POSTGRES)}/allowed_accounts`).reply(200, operationalEndpoint())
    const {stderr, stdout} = await runCommand(['data:privatelink:access:remove', 'DATABASE', '--app', APP, '-i', '123456789012'])
    expect(stderr).to.include(`Removing 123456789012 from the allowed accounts of ${POSTGRES.name} on ${APP}... done`)
    expect(stdout).to.equal('')
  })

  it('refuses an invalid account, naming it, with no request made', async () => {
    const {error} = await runCommand(['data:privatelink:access:remove', 'DATABASE', '--app', APP, '-i', 'arn:aws:iam::x'])
    expect(error?.message).to.include('Invalid AWS account ID "arn:aws:iam::x"')
    expect(error?.oclif?.exit).to.equal(2)
  })

  it('requires --aws-account-id, with no request made', async () => {
    const {error} = await runCommand(['data:privatelink:access:remove', 'DATABASE', '--app', APP])
    expect(error?.message).to.include('aws-account-id')
    expect(error?.oclif?.exit).to.equal(2)
  })

  it("passes a 422's message on, naming the add-on and the app", async () => {
    expectResolve('DATABASE', [POSTGRES])
    dataApi().patch(`${endpointOf(POSTGRES)}/allowed_accounts`).reply(422, {id: 'invalid_params', message: 'Account 123456789012 is not allowed.'})
    const {error} = await runCommand(['data:privatelink:access:remove', 'DATABASE', '--app', APP, '-i', '123456789012'])
    expect(error?.message).to.equal(`Couldn't remove allowed accounts for ${POSTGRES.name} on ${APP}: Account 123456789012 is not allowed. (422 Unprocessable Entity).`)
  })

  describe('hidden aliases', () => {
    for (const alias of ['pg:privatelink:access:remove', 'kafka:privatelink:access:remove', 'redis:privatelink:access:remove']) {
      it(`${alias} removes the accounts`, async () => {
        expectResolve('DATABASE', [POSTGRES])
        const remove = dataApi().patch(`${endpointOf(POSTGRES)}/allowed_accounts`, {allowed_accounts: ['123456789012']}).reply(200, operationalEndpoint())
        await runCommand([alias, 'DATABASE', '--app', APP, '-i', '123456789012'])
        expect(remove.isDone()).to.equal(true)
      })
    }
  })
})

import {expect} from 'chai'

import {
  APP, KAFKA, operationalEndpoint, POSTGRES, provisioningEndpoint,
} from '../../../../helpers/fixtures.js'
import {
  checkRequests, commandFile, dataApi, endpointOf, expectResolve, parseJson, runCommand, watchRequests,
} from '../../../helpers.js'

describe('data:privatelink:access', () => {
  beforeEach(watchRequests)

  afterEach(checkRequests)

  it('runs the TypeScript source', async () => {
    expect(await commandFile('data:privatelink:access')).to.equal('src/commands/data/privatelink/access/index.ts')
  })

  it('lists the allowed accounts and their status', async () => {
    expectResolve('DATABASE', [POSTGRES])
    dataApi().get(endpointOf(POSTGRES)).reply(200, {
      ...operationalEndpoint(),
      allowed_accounts: [
        {arn: 'arn:aws:iam::123456789012:user/abc', status: 'Active'},
        {arn: 'arn:aws:iam::210987654321:role/division_a/deploy', status: 'Pending'},
      ],
    })
    const {error, stdout} = await runCommand(['data:privatelink:access', 'DATABASE', '--app', APP])
    expect(error).to.equal(undefined)
    expect(stdout).to.include(`=== Allowed accounts for ${POSTGRES.name} on ${APP}`)
    expect(stdout).to.match(/arn:aws:iam::123456789012:user\/abc +Active/)
    expect(stdout).to.match(/arn:aws:iam::210987654321:role\/division_a\/deploy +Pending/)
  })

  it('says when no account is allowed', async () => {
    expectResolve('KAFKA', [KAFKA])
    dataApi().get(endpointOf(KAFKA)).reply(200, {...provisioningEndpoint(KAFKA.name), allowed_accounts: []})
    const {stdout} = await runCommand(['data:privatelink:access', 'KAFKA', '--app', APP])
    expect(stdout).to.equal(`No allowed accounts for ${KAFKA.name} on ${APP}.\n`)
  })

  it('prints the add-on, app and accounts alone under --json', async () => {
    expectResolve('DATABASE', [POSTGRES])
    dataApi().get(endpointOf(POSTGRES)).reply(200, operationalEndpoint())
    const {stdout} = await runCommand(['data:privatelink:access', 'DATABASE', '--app', APP, '--json'])
    expect(parseJson(stdout)).to.deep.equal({
      addon: POSTGRES.name,
      allowed_accounts: [{arn: 'arn:aws:iam::123456789012:user/abc', status: 'Active'}],
      app: APP,
    })
  })

  it('says there is no endpoint on a 404, with the create command', async () => {
    expectResolve('DATABASE', [POSTGRES])
    dataApi().get(endpointOf(POSTGRES)).reply(404, {id: 'not_found', message: 'Not found.'})
    const {error} = await runCommand(['data:privatelink:access', 'DATABASE', '--app', APP])
    expect(error?.message).to.include(`No PrivateLink endpoint exists for ${POSTGRES.name} on ${APP}. The Heroku Data API said: Not found.\nCreate one with: heroku data:privatelink:create DATABASE --app ${APP}`)
  })

  describe('hidden aliases', () => {
    for (const alias of ['pg:privatelink:access', 'kafka:privatelink:access', 'redis:privatelink:access']) {
      it(`${alias} lists the accounts`, async () => {
        expectResolve('DATABASE', [POSTGRES])
        dataApi().get(endpointOf(POSTGRES)).reply(200, operationalEndpoint())
        const {stdout} = await runCommand([alias, 'DATABASE', '--app', APP])
        expect(stdout).to.include('arn:aws:iam::123456789012:user/abc')
      })
    }
  })
})

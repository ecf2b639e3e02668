import {expect} from 'chai'

import {
  APP, OTHER_APP, OTHER_POSTGRES, POSTGRES,
} from '../../../helpers/fixtures.js'
import {networkError} from '../../../lib/fakes.js'
import {
  checkRequests, commandFile, dataApi, endpointOf, expectResolve, runCommand, watchRequests,
} from '../../helpers.js'

describe('data:privatelink:destroy', () => {
  let stdinIsTTY: boolean | undefined

  beforeEach(() => {
    watchRequests()
    stdinIsTTY = process.stdin.isTTY
    // As in CI, whatever terminal runs the tests.
    process.stdin.isTTY = false
  })

  afterEach(() => {
    if (stdinIsTTY === undefined) delete (process.stdin as {isTTY?: boolean}).isTTY
    else process.stdin.isTTY = stdinIsTTY
    checkRequests()
  })

  it('runs the TypeScript source', async () => {
    expect(await commandFile('data:privatelink:destroy')).to.equal('src/commands/data/privatelink/destroy.ts')
  })

  it('sends DELETE with --confirm APP', async () => {
    expectResolve('DATABASE', [POSTGRES])
    const destroy = dataApi().delete(endpointOf(POSTGRES)).reply(200, {})
    const {error} = await runCommand(['data:privatelink:destroy', 'DATABASE', '--app', APP, '--confirm', APP])
    expect(error).to.equal(undefined)
    expect(destroy.isDone()).to.equal(true)
  })

  it('says on stderr what it destroys, and that it is deprovisioning with the command that waits for it', async () => {
    expectResolve('DATABASE', [POSTGRES])
    dataApi().delete(endpointOf(POSTGRES)).reply(200, {})
    const {stderr, stdout} = await runCommand(['data:privatelink:destroy', 'DATABASE', '--app', APP, '--confirm', APP])
    expect(stderr).to.include(`Destroying the PrivateLink endpoint for ${POSTGRES.name} on ${APP}... done`)
    expect(stdout).to.equal(`The endpoint is deprovisioning. Wait until it is destroyed with: heroku data:privatelink:wait DATABASE --app ${APP} --destroyed\n`)
  })

  it('with --wait, polls after the DELETE until the endpoint is gone, then says it is destroyed', async () => {
    expectResolve('DATABASE', [POSTGRES])
    dataApi().delete(endpointOf(POSTGRES)).reply(200, {})
    dataApi().get(endpointOf(POSTGRES)).reply(404, {id: 'not_found', message: 'Not found.'})
    const {error, stdout} = await runCommand(['data:privatelink:destroy', 'DATABASE', '--app', APP, '--confirm', APP, '--wait'])
    expect(error).to.equal(undefined)
    expect(stdout).to.equal(`The PrivateLink endpoint for ${POSTGRES.name} on ${APP} is destroyed.\n`)
  })

  it('destroys the endpoint of OTHER_APP::ATTACHMENT', async () => {
    expectResolve('DATABASE', [OTHER_POSTGRES], OTHER_APP)
    const destroy = dataApi().delete(endpointOf(OTHER_POSTGRES)).reply(200, {})
    await runCommand(['data:privatelink:destroy', `${OTHER_APP}::DATABASE`, '--app', APP, '--confirm', APP])
    expect(destroy.isDone()).to.equal(true)
  })

  it('refuses a --confirm that is not the app, with no request sent', async () => {
    const {error} = await runCommand(['data:privatelink:destroy', 'DATABASE', '--app', APP, '--confirm', 'other-app'])
    expect(error?.message).to.equal(`--confirm "other-app" does not match the app ${APP}. Nothing was destroyed.`)
    expect(error?.oclif?.exit).to.equal(2)
  })

  it('refuses without --confirm when there is no terminal to ask on, with no request sent', async () => {
    const {error} = await runCommand(['data:privatelink:destroy', 'DATABASE', '--app', APP])
    expect(error?.message).to.include('needs confirmation, and there is no terminal to ask on')
    expect(error?.message).to.include(`heroku data:privatelink:destroy DATABASE --app ${APP} --confirm ${APP}`)
    expect(error?.oclif?.exit).to.equal(2)
  })

  it('says there is nothing to destroy on a 404', async () => {
    expectResolve('DATABASE', [POSTGRES])
    dataApi().delete(endpointOf(POSTGRES)).reply(404, {id: 'not_found', message: 'Not found.'})
    const {error} = await runCommand(['data:privatelink:destroy', 'DATABASE', '--app', APP, '--confirm', APP])
    expect(error?.message).to.include(`No PrivateLink endpoint exists for ${POSTGRES.name} on ${APP}.`)
  })

  it('does not resend the DELETE after ECONNRESET, and says how to check the state', async () => {
    expectResolve('DATABASE', [POSTGRES])
    dataApi().delete(endpointOf(POSTGRES)).once().replyWithError(networkError('ECONNRESET'))
    const {error} = await runCommand(['data:privatelink:destroy', 'DATABASE', '--app', APP, '--confirm', APP])
    expect(error?.message).to.equal([
      `Couldn't destroy the PrivateLink endpoint for ${POSTGRES.name} on ${APP}: the Heroku Data API could not be reached: connection reset (ECONNRESET).`,
      `The change may or may not have been made. Check the current state with: heroku data:privatelink DATABASE --app ${APP}`,
    ].join('\n'))
  })

  describe('hidden aliases', () => {
    for (const alias of ['pg:privatelink:destroy', 'kafka:privatelink:destroy', 'redis:privatelink:destroy']) {
      it(`${alias} destroys the endpoint`, async () => {
        expectResolve('DATABASE', [POSTGRES])
        const destroy = dataApi().delete(endpointOf(POSTGRES)).reply(200, {})
        await runCommand([alias, 'DATABASE', '--app', APP, '--confirm', APP])
        expect(destroy.isDone()).to.equal(true)
      })
    }
  })
})

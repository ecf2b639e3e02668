// Every command with a repeatable flag (`-i/--aws-account-id`, and `data:privatelink:aws`'s
// `--subnet-id`, tested with that command) takes exactly one value per occurrence, so DATABASE may
// come before, between or after the flags, as people type.
import type {OptionFlag} from '@oclif/core/interfaces'

import {expect} from 'chai'
import nock from 'nock'

import {
  APP, operationalEndpoint, POSTGRES, provisioningEndpoint,
} from '../../../helpers/fixtures.js'
import {
  checkRequests, dataApi, endpointOf, expectAppRegion, expectResolve, runCommand, sourceCommands, watchRequests,
} from '../../helpers.js'

const FIRST = '123456789012:user/abc'
const SECOND = '210987654321'

/** The write each command sends the accounts with. */
const WRITES: Record<string, (scope: nock.Scope, body: {allowed_accounts: string[]}) => nock.Scope> = {
  'data:privatelink:access:add': (scope, body) => scope.put(`${endpointOf(POSTGRES)}/allowed_accounts`, body).reply(200, operationalEndpoint()),
  'data:privatelink:access:remove': (scope, body) => scope.patch(`${endpointOf(POSTGRES)}/allowed_accounts`, body).reply(200, operationalEndpoint()),
  // From an endpoint that lists none yet, the complete list is all added.
  'data:privatelink:access:set': (scope, body) => scope.get(endpointOf(POSTGRES)).reply(200, {...operationalEndpoint(), allowed_accounts: []})
  .put(`${endpointOf(POSTGRES)}/allowed_accounts`, body).reply(200, operationalEndpoint()),
  'data:privatelink:create': (scope, body) => scope.post(endpointOf(POSTGRES), body).reply(201, provisioningEndpoint()),
}

const ORDERS: Record<string, string[]> = {
  'DATABASE after the flags': ['-i', FIRST, '-i', SECOND, 'DATABASE', '--app', APP],
  'DATABASE between the flags': ['-i', FIRST, 'DATABASE', '--aws-account-id', SECOND, '--app', APP],
  'DATABASE first': ['DATABASE', '--app', APP, '-i', FIRST, '-i', SECOND],
  'long flags with =, DATABASE last': ['--app', APP, `--aws-account-id=${FIRST}`, `--aws-account-id=${SECOND}`, 'DATABASE'],
}

describe('repeatable flags, in any order', () => {
  beforeEach(watchRequests)

  afterEach(checkRequests)

  it('every repeatable flag takes one value per occurrence, and its command is tested here', async () => {
    const commands = await Promise.all((await sourceCommands()).map(async command => ({id: command.id, loaded: await command.load()})))
    const repeatable = commands.flatMap(({id, loaded}) => Object.entries({...loaded.baseFlags, ...loaded.flags})
    .filter(([, flag]) => flag.type === 'option' && flag.multiple)
    .map(([name, flag]) => ({command: id, name, nonGreedy: (flag as OptionFlag<unknown>).multipleNonGreedy})))
    expect(repeatable.map(({command, name}) => `${command} --${name}`).sort()).to.deep.equal([...Object.keys(WRITES).map(command => `${command} --aws-account-id`), 'data:privatelink:aws --subnet-id'].sort())
    for (const flag of repeatable) expect(flag.nonGreedy, `${flag.command} --${flag.name}`).to.equal(true)
  })

  for (const [command, write] of Object.entries(WRITES)) {
    describe(command, () => {
      for (const [order, args] of Object.entries(ORDERS)) {
        it(`sends both accounts with ${order}`, async () => {
          expectResolve('DATABASE', [POSTGRES])
          if (command === 'data:privatelink:create') expectAppRegion()
          const sent = write(dataApi(), {allowed_accounts: [FIRST, SECOND]})
          const {error} = await runCommand([command, ...args])
          expect(error).to.equal(undefined)
          expect(sent.isDone()).to.equal(true)
        })
      }

      it('refuses account IDs joined by a comma before any request, with the flags to type instead', async () => {
        const {error} = await runCommand([command, '-i', `${FIRST},${SECOND}`, 'DATABASE', '--app', APP])
        expect(error?.message).to.equal(`Invalid AWS account ID "${FIRST},${SECOND}": it looks like several accounts joined by commas. Repeat --aws-account-id (-i) once for each account: -i ${FIRST} -i ${SECOND}`)
        expect(error?.oclif?.exit).to.equal(2)
      })

      it('keeps a comma inside an IAM name', async () => {
        expectResolve('DATABASE', [POSTGRES])
        if (command === 'data:privatelink:create') expectAppRegion()
        const sent = write(dataApi(), {allowed_accounts: ['123456789012:user/last,first']})
        const {error} = await runCommand([command, '-i', '123456789012:user/last,first', 'DATABASE', '--app', APP])
        expect(error).to.equal(undefined)
        expect(sent.isDone()).to.equal(true)
      })
    })
  }
})

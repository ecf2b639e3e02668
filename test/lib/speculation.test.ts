import {expect} from 'chai'

import type {GuessPolicy} from '../../src/lib/speculation.js'

import {
  addonNameGuess, appGuess, Guess, readForKey,
} from '../../src/lib/speculation.js'

/** A read that records what it was started with, and settles when told. */
function controlledRead() {
  const started: Array<{key: string; policy: Partial<GuessPolicy>}> = []
  let settle: undefined | {reject: (error: Error) => void; resolve: (value: string) => void}
  const read = (key: string, policy: Partial<GuessPolicy>) => {
    started.push({key, policy})
    return new Promise<string>((resolve, reject) => {
      settle = {reject, resolve}
    })
  }

  return {
    read,
    reject: (error: Error) => settle?.reject(error),
    resolve: (value: string) => settle?.resolve(value),
    started,
  }
}

describe('speculation: reads started on a guess of the add-on lookup\'s answer', () => {
  describe('addonNameGuess', () => {
    it('takes a lowercase name of letters, digits and dashes for the add-on\'s own', () => {
      for (const name of ['postgresql-simply-12345', 'kafka-curved-24680', 'redis-cubed-13579', 'my-db']) expect(addonNameGuess(name), name).to.equal(name)
    })

    it('never takes an attachment, OTHER_APP::ATTACHMENT, a service\'s name or an id for one', () => {
      for (const name of ['DATABASE', 'HEROKU_POSTGRESQL_RED', 'other-app::DATABASE', 'other-app::postgresql-x', 'heroku-postgresql', 'heroku-kafka', 'heroku-redis', 'a0b1c2d3-0000-4000-8000-0123456789ab', 'Postgres-1', '1-postgres', 'db.name']) {
        expect(addonNameGuess(name), name).to.equal(undefined)
      }
    })
  })

  describe('appGuess', () => {
    it('is OTHER_APP of OTHER_APP::ATTACHMENT, else --app; none when OTHER_APP is no app name', () => {
      expect(appGuess({app: 'example-app', database: 'DATABASE'})).to.equal('example-app')
      expect(appGuess({app: 'example-app', database: 'other-app::DATABASE'})).to.equal('other-app')
      expect(appGuess({app: 'example-app'})).to.equal('example-app')
      expect(appGuess({app: 'example-app', database: '..::DATABASE'})).to.equal(undefined)
    })
  })

  describe('Guess', () => {
    it('hands its read over when the lookup confirms the key, with the retry notices held until then', async () => {
      const told: string[] = []
      const {read, resolve, started} = controlledRead()
      const guess = new Guess('postgresql-simply-12345', read, reason => told.push(reason))
      expect(started.map(({key}) => key)).to.deep.equal(['postgresql-simply-12345'])
      started[0].policy.onRetry?.('server error (503)')
      expect(told).to.deep.equal([])
      const taken = guess.take('postgresql-simply-12345')
      expect(told).to.deep.equal(['server error (503)'])
      started[0].policy.onRetry?.('rate limited (429)')
      expect(told).to.deep.equal(['server error (503)', 'rate limited (429)'])
      resolve('the endpoint')
      expect(await taken).to.equal('the endpoint')
      expect(started[0].policy.signal?.aborted).to.equal(false)
    })

    it('abandons its read when the lookup answers another key: its signal aborts, its notices and failure are dropped', async () => {
      const told: string[] = []
      const {read, reject, started} = controlledRead()
      const guess = new Guess('heroku-postgres-alias', read, reason => told.push(reason))
      started[0].policy.onRetry?.('server error (503)')
      expect(guess.take('postgresql-simply-12345')).to.equal(undefined)
      expect(started[0].policy.signal?.aborted).to.equal(true)
      // A failure after it was dropped is no unhandled rejection.
      reject(new Error('404 Not Found'))
      await new Promise(resolve => {
        setImmediate(resolve)
      })
      expect(told).to.deep.equal([])
    })
  })

  describe('readForKey', () => {
    it('uses the guessed read when the lookup answers its key, else reads again for the right one', async () => {
      const keys: string[] = []
      const read = async (key: string) => {
        keys.push(key)
        return `read of ${key}`
      }

      expect(await readForKey(Promise.resolve('example-app'), read, new Guess('example-app', read, () => {}))).to.equal('read of example-app')
      expect(keys).to.deep.equal(['example-app'])
      expect(await readForKey(Promise.resolve('other-app'), read, new Guess('example-app', read, () => {}))).to.equal('read of other-app')
      expect(keys).to.deep.equal(['example-app', 'example-app', 'other-app'])
      expect(await readForKey(Promise.resolve('other-app'), read)).to.equal('read of other-app')
    })

    it('fails with the lookup\'s failure, never the guessed read\'s, and abandons that read', async () => {
      const {read, reject, started} = controlledRead()
      const failing = readForKey(Promise.reject(new Error("Couldn't find that addon.")), read, new Guess('postgresql-nosuch-00000', read, () => {}))
      reject(new Error('404 from the Data API'))
      expect((await failing.catch(error => error)).message).to.equal("Couldn't find that addon.")
      expect(started[0].policy.signal?.aborted).to.equal(true)
    })
  })
})

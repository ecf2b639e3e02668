import {expect} from 'chai'

import {Pool} from '../../src/lib/pool.js'

/** A piece of work that ends when the test says so. */
function deferred(): {promise: Promise<void>; resolve: () => void} {
  const gate: {promise?: Promise<void>; resolve?: () => void} = {}
  gate.promise = new Promise<void>(done => {
    gate.resolve = done
  })
  return gate as {promise: Promise<void>; resolve: () => void}
}

const turn = (): Promise<void> => new Promise(resolve => {
  setImmediate(resolve)
})

describe('Pool', () => {
  it('runs at most `limit` pieces of work at once, the others in the order they came, and work added later too', async () => {
    const pool = new Pool(2)
    const gates = Array.from({length: 5}, () => deferred())
    const started: number[] = []
    let running = 0
    let most = 0
    const work = (index: number) => pool.run(async () => {
      started.push(index)
      running++
      most = Math.max(most, running)
      await gates[index].promise
      running--
      return index
    })
    const results = [work(0), work(1), work(2)]
    await turn()
    expect(started).to.deep.equal([0, 1])
    gates[1].resolve()
    await turn()
    expect(started).to.deep.equal([0, 1, 2])
    results.push(work(3), work(4))
    for (const gate of gates) gate.resolve()
    expect(await Promise.all(results)).to.deep.equal([0, 1, 2, 3, 4])
    expect(started).to.deep.equal([0, 1, 2, 3, 4])
    expect(most).to.equal(2)
  })

  it('frees the place of work that failed', async () => {
    const pool = new Pool(1)
    const failed = pool.run(() => Promise.reject(new Error('no')))
    const next = pool.run(async () => 'next')
    expect(await failed.catch((error: Error) => error.message)).to.equal('no')
    expect(await next).to.equal('next')
  })

  it('once stopped, starts nothing more: waiting work rejects with the reason, work under way ends', async () => {
    const pool = new Pool(1)
    const gate = deferred()
    let ran = false
    const first = pool.run(async () => {
      await gate.promise
      return 'first'
    })
    const waiting = pool.run(async () => {
      ran = true
    })
    pool.stop(new Error('token refused'))
    gate.resolve()
    expect(await first).to.equal('first')
    expect(await waiting.catch((error: Error) => error.message)).to.equal('token refused')
    expect(ran).to.equal(false)
  })

  it('stops itself on a failure that ends the run, before the next piece of work would start', async () => {
    const pool = new Pool(1, error => (error as Error).message === 'fatal')
    let ran = false
    const failed = pool.run(() => Promise.reject(new Error('fatal')))
    const next = pool.run(async () => {
      ran = true
    })
    expect(await failed.catch((error: Error) => error.message)).to.equal('fatal')
    expect(await next.catch((error: Error) => error.message)).to.equal('fatal')
    expect(ran).to.equal(false)
  })

  it('refuses a limit below 1', () => {
    expect(() => new Pool(0)).to.throw(RangeError)
  })
})

import {expect} from 'chai'
import {createServer, get} from 'node:http'

import {
  Abandoned, backoffDelay, DeadlineReached, neverReachedServer, NoAnswerError, pollDelay, REQUEST_TIMEOUT_MS, requestTimeoutMs, retryAfterMs, type RetryOptions,
  retryOptions, transientReason, within, withRetries,
} from '../../src/lib/retry.js'
import {FakeClock, httpError, networkError} from './fakes.js'

/** The default backoff with a fixed random draw. */
const backoff = (random: number) => ({baseMs: 500, maxMs: 8000, random: () => random})

/** A request that fails with each of `failures` in turn, then answers `ok`. */
/** A server on 127.0.0.1 that never answers; `closed` settles when its first request's socket closes. */
async function neverAnswering(onRequest: () => void) {
  const server = createServer(onRequest)
  const closed = new Promise<void>(resolve => {
    server.once('request', request => request.socket.once('close', () => resolve()))
  })
  await new Promise<void>(resolve => {
    server.listen(0, '127.0.0.1', resolve)
  })
  const {port} = server.address() as {port: number}
  return {closed, port, server}
}

function failing(...failures: unknown[]) {
  const calls = {count: 0}
  const request = async () => {
    const failure = failures[calls.count++]
    if (failure) throw failure
    return 'ok'
  }

  return {calls, request}
}

/** Each attempt: 'hang' never answers (the clock then moves on by `afterMs`), else it answers. */
function answering(clock: FakeClock, afterMs: number, ...attempts: Array<'hang' | 'ok'>) {
  const calls = {count: 0}
  const request = () => {
    const attempt = attempts[Math.min(calls.count++, attempts.length - 1)]
    if (attempt === 'ok') return Promise.resolve('ok')
    setImmediate(() => clock.advance(afterMs))
    return new Promise<string>(() => {})
  }

  return {calls, request}
}

describe('retry', () => {
  describe('transientReason', () => {
    for (const status of [500, 502, 503, 504]) {
      it(`retries a ${status}`, () => {
        expect(transientReason(httpError(status))).to.equal(`server error (${status})`)
      })
    }

    it('retries a 429', () => {
      expect(transientReason(httpError(429))).to.equal('rate limited (429)')
    })

    for (const status of [400, 401, 403, 404, 422]) {
      it(`does not retry a ${status}`, () => {
        expect(transientReason(httpError(status))).to.equal(undefined)
      })
    }

    for (const [code, words] of [
      ['ECONNRESET', 'connection reset (ECONNRESET)'],
      ['ECONNREFUSED', 'connection refused (ECONNREFUSED)'],
      ['ETIMEDOUT', 'timed out (ETIMEDOUT)'],
      ['ENOTFOUND', 'host not found (ENOTFOUND)'],
      ['EAI_AGAIN', 'DNS lookup failed (EAI_AGAIN)'],
      ['EPIPE', 'connection closed (EPIPE)'],
    ]) {
      it(`retries a network error ${code}`, () => {
        expect(transientReason(networkError(code))).to.equal(words)
      })
    }

    it("treats http-call's own timeout as ETIMEDOUT", () => {
      expect(transientReason(new Error('Request timed out'))).to.equal('timed out (ETIMEDOUT)')
    })

    it('does not retry other errors', () => {
      expect(transientReason(new Error('boom'))).to.equal(undefined)
      expect(transientReason(networkError('EACCES'))).to.equal(undefined)
      expect(transientReason(new SyntaxError('Unexpected token <'))).to.equal(undefined)
    })

    it('finds the status behind a Platform API error that wraps an HTTPError', () => {
      const wrapped = Object.assign(new Error('Service Unavailable'), {http: httpError(503)})
      expect(transientReason(wrapped)).to.equal('server error (503)')
    })
  })

  describe('neverReachedServer', () => {
    it('is true when the connection was refused or the host not found', () => {
      expect(neverReachedServer(networkError('ECONNREFUSED'))).to.equal(true)
      expect(neverReachedServer(networkError('ENOTFOUND'))).to.equal(true)
    })

    it('is false when the connection broke after it was made', () => {
      expect(neverReachedServer(networkError('ECONNRESET'))).to.equal(false)
      expect(neverReachedServer(networkError('ETIMEDOUT'))).to.equal(false)
      expect(neverReachedServer(httpError(503))).to.equal(false)
    })
  })

  describe('retryAfterMs', () => {
    it('reads seconds', () => {
      expect(retryAfterMs(httpError(429, {}, {'retry-after': '7'}))).to.equal(7000)
    })

    it('reads an HTTP date relative to now', () => {
      const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT')
      expect(retryAfterMs(httpError(503, {}, {'retry-after': 'Wed, 21 Oct 2015 07:28:30 GMT'}), now)).to.equal(30_000)
    })

    it('never answers a negative delay for a date in the past', () => {
      const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT')
      expect(retryAfterMs(httpError(503, {}, {'retry-after': 'Wed, 21 Oct 2015 07:00:00 GMT'}), now)).to.equal(0)
    })

    it('ignores a missing or unreadable header', () => {
      expect(retryAfterMs(httpError(429))).to.equal(undefined)
      expect(retryAfterMs(httpError(429, {}, {'retry-after': 'soon'}))).to.equal(undefined)
      expect(retryAfterMs(networkError('ECONNRESET'))).to.equal(undefined)
    })
  })

  describe('backoffDelay', () => {
    it('grows exponentially from the base', () => {
      expect([1, 2, 3, 4].map(attempt => backoffDelay(attempt, backoff(1)))).to.deep.equal([500, 1000, 2000, 4000])
    })

    it('is capped at the maximum', () => {
      expect(backoffDelay(5, backoff(1))).to.equal(8000)
      expect(backoffDelay(20, backoff(1))).to.equal(8000)
    })

    it('jitters over the upper half of the ceiling', () => {
      expect(backoffDelay(3, backoff(0))).to.equal(1000)
      expect(backoffDelay(3, backoff(0.5))).to.equal(1500)
      expect(backoffDelay(20, backoff(0))).to.equal(4000)
    })
  })

  describe('withRetries', () => {
    let clock: FakeClock
    let retries: string[]

    beforeEach(() => {
      clock = new FakeClock()
      retries = []
    })

    function options(overrides: Partial<RetryOptions> = {}): RetryOptions {
      return {
        backoff: {baseMs: 500, maxMs: 8000, random: () => 1},
        idempotent: true,
        maxTotalMs: 30_000,
        now: clock.now,
        onRetry: reason => retries.push(reason),
        sleep: clock.sleep,
        ...overrides,
      }
    }

    it('answers at once when the first try succeeds, without sleeping or warning', async () => {
      const {calls, request} = failing()
      expect(await withRetries(request, options())).to.equal('ok')
      expect(calls.count).to.equal(1)
      expect(clock.sleeps).to.deep.equal([])
      expect(retries).to.deep.equal([])
    })

    it('retries a read after a 503, then succeeds', async () => {
      const {calls, request} = failing(httpError(503))
      expect(await withRetries(request, options())).to.equal('ok')
      expect(calls.count).to.equal(2)
      expect(clock.sleeps).to.deep.equal([500])
    })

    it('tells onRetry once for a streak of failures', async () => {
      const {request} = failing(httpError(503), httpError(502), networkError('ECONNRESET'))
      await withRetries(request, options())
      expect(retries).to.deep.equal(['server error (503)'])
    })

    it('backs off between tries', async () => {
      const {request} = failing(httpError(503), httpError(503), httpError(503))
      await withRetries(request, options())
      expect(clock.sleeps).to.deep.equal([500, 1000, 2000])
    })

    it('honours Retry-After in seconds', async () => {
      const {request} = failing(httpError(429, {}, {'retry-after': '3'}))
      await withRetries(request, options())
      expect(clock.sleeps).to.deep.equal([3000])
    })

    it('honours Retry-After as an HTTP date, on the injected clock', async () => {
      clock = new FakeClock(Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))
      const {request} = failing(httpError(503, {}, {'retry-after': 'Wed, 21 Oct 2015 07:28:12 GMT'}))
      await withRetries(request, options())
      expect(clock.sleeps).to.deep.equal([12_000])
    })

    it('gives up, with the last error, when the next try would pass maxTotalMs', async () => {
      const last = httpError(503, {message: 'last'})
      const {calls, request} = failing(httpError(503), httpError(503), httpError(503), last, httpError(503))
      const error = await withRetries(request, options({maxTotalMs: 5000})).catch(error_ => error_)
      expect(error).to.equal(last)
      expect(calls.count).to.equal(4)
      expect(clock.sleeps).to.deep.equal([500, 1000, 2000])
    })

    it('does not wait for a Retry-After longer than maxTotalMs', async () => {
      const tooLate = httpError(429, {}, {'retry-after': '60'})
      const {calls, request} = failing(tooLate)
      expect(await withRetries(request, options({maxTotalMs: 30_000})).catch(error => error)).to.equal(tooLate)
      expect(calls.count).to.equal(1)
      expect(clock.sleeps).to.deep.equal([])
    })

    it('does not retry reads at all with maxTotalMs 0', async () => {
      const {calls, request} = failing(httpError(503))
      await withRetries(request, options({maxTotalMs: 0})).catch(() => {})
      expect(calls.count).to.equal(1)
    })

    for (const status of [400, 401, 404, 422]) {
      it(`does not retry a ${status}`, async () => {
        const rejected = httpError(status)
        const {calls, request} = failing(rejected)
        expect(await withRetries(request, options()).catch(error => error)).to.equal(rejected)
        expect(calls.count).to.equal(1)
        expect(retries).to.deep.equal([])
      })
    }

    it('never resends a write after ECONNRESET: it may have reached the server', async () => {
      const reset = networkError('ECONNRESET')
      const {calls, request} = failing(reset)
      expect(await withRetries(request, options({idempotent: false})).catch(error => error)).to.equal(reset)
      expect(calls.count).to.equal(1)
      expect(retries).to.deep.equal([])
    })

    it('never resends a write after a 503', async () => {
      const {calls, request} = failing(httpError(503))
      await withRetries(request, options({idempotent: false})).catch(() => {})
      expect(calls.count).to.equal(1)
    })

    it('resends a write after ECONNREFUSED: it never left', async () => {
      const {calls, request} = failing(networkError('ECONNREFUSED'))
      expect(await withRetries(request, options({idempotent: false}))).to.equal('ok')
      expect(calls.count).to.equal(2)
      expect(retries).to.deep.equal(['connection refused (ECONNREFUSED)'])
    })

    it('stops with Abandoned, sending nothing more, when its signal aborts during a pause', async () => {
      const {calls, request} = failing(httpError(503))
      const controller = new AbortController()
      const retrying = withRetries(request, options({signal: controller.signal}))
      await new Promise(resolve => {
        setImmediate(resolve)
      })
      controller.abort()
      expect(await retrying.catch(error => error)).to.be.instanceOf(Abandoned)
      expect(calls.count).to.equal(1)
      expect(clock.pendingTimers).to.equal(0)
    })

    it('sends nothing when its signal was aborted before', async () => {
      const {calls, request} = failing()
      const controller = new AbortController()
      controller.abort()
      expect(await withRetries(request, options({signal: controller.signal})).catch(error => error)).to.be.instanceOf(Abandoned)
      expect(calls.count).to.equal(0)
    })

    describe('requests without an answer', () => {
      it('abandons a read after the request timeout and sends it again, saying so once', async () => {
        const {calls, request} = answering(clock, 1000, 'hang', 'ok')
        expect(await withRetries(request, options({requestTimeoutMs: 1000}))).to.equal('ok')
        expect(calls.count).to.equal(2)
        expect(retries).to.deep.equal(['no answer within 1s'])
      })

      it('retries a read that had no answer even when that took longer than the budget: the budget starts at the failure', async () => {
        const {calls, request} = answering(clock, 30_000, 'hang', 'ok')
        expect(await withRetries(request, options({maxTotalMs: 20_000, requestTimeoutMs: 30_000}))).to.equal('ok')
        expect(calls.count).to.equal(2)
      })

      it('never sends a write again after no answer', async () => {
        const {calls, request} = answering(clock, 1000, 'hang', 'ok')
        const error = await withRetries(request, options({idempotent: false, requestTimeoutMs: 1000})).catch(error_ => error_)
        expect(error).to.be.instanceOf(NoAnswerError)
        expect(calls.count).to.equal(1)
      })

      it('stops at the command deadline, before the request timeout', async () => {
        const {calls, request} = answering(clock, 5000, 'hang', 'ok')
        const error = await withRetries(request, options({deadline: clock.now() + 5000, requestTimeoutMs: 30_000})).catch(error_ => error_)
        expect(error).to.be.instanceOf(DeadlineReached)
        expect(calls.count).to.equal(1)
      })

      it('does not pause past the deadline: it says what it was retrying', async () => {
        const {request} = failing(httpError(503), httpError(503))
        const error = await withRetries(request, options({deadline: clock.now() + 400})).catch(error_ => error_)
        expect(error).to.be.instanceOf(DeadlineReached)
        expect(error.lastFailure).to.equal('server error (503)')
        expect(clock.sleeps).to.deep.equal([])
      })
    })
  })

  describe('within', () => {
    it('ends the HTTP requests of abandoned work, so their sockets do not keep the process alive', async () => {
      const clock = new FakeClock()
      const {closed, port, server} = await neverAnswering(() => {})
      try {
        const work = () => new Promise<never>((_resolve, reject) => {
          get(`http://127.0.0.1:${port}/`).on('error', reject)
          server.once('request', () => clock.advance(1000))
        })
        const error = await within(1000, work, () => new NoAnswerError(1000), {wait: clock.sleep}).catch(error_ => error_)
        expect(error).to.be.instanceOf(NoAnswerError)
        await closed
      } finally {
        server.close()
      }
    })

    it('ends the HTTP requests of work given up by its signal, without a deadline, with Abandoned', async () => {
      const controller = new AbortController()
      const {closed, port, server} = await neverAnswering(() => controller.abort())
      try {
        const work = () => new Promise<never>((_resolve, reject) => {
          get(`http://127.0.0.1:${port}/`).on('error', reject)
        })
        const error = await within(Number.POSITIVE_INFINITY, work, () => new NoAnswerError(0), {signal: controller.signal}).catch(error_ => error_)
        expect(error).to.be.instanceOf(Abandoned)
        await closed
      } finally {
        server.close()
      }
    })
  })

  describe('policy', () => {
    it('has one documented request timeout, which only a test variable shortens', () => {
      expect(REQUEST_TIMEOUT_MS).to.equal(30_000)
      expect(requestTimeoutMs({})).to.equal(30_000)
      expect(requestTimeoutMs({PRIVATELINK_TEST_REQUEST_TIMEOUT_MS: '1500'})).to.equal(1500)
      expect(requestTimeoutMs({PRIVATELINK_TEST_REQUEST_TIMEOUT_MS: 'soon'})).to.equal(30_000)
    })

    it('retries lookups and reads, never writes, and reads only within readRetryMs', () => {
      const policy = {
        deadline: 123, onRetry() {}, readRetryMs: 0, requestTimeoutMs: 1000,
      }
      expect(retryOptions(policy, 'read')).to.include({
        deadline: 123, idempotent: true, maxTotalMs: 0, requestTimeoutMs: 1000,
      })
      expect(retryOptions(policy, 'lookup')).to.include({idempotent: true, maxTotalMs: 20_000})
      expect(retryOptions(policy, 'write')).to.include({idempotent: false})
    })

    it('polls after a failure no sooner than the interval, for Retry-After when longer, and at most 30 s', () => {
      expect(pollDelay(httpError(429, {}, {'retry-after': '1'}), 1, 5000, 0)).to.equal(5000)
      expect(pollDelay(httpError(429, {}, {'retry-after': '12'}), 1, 5000, 0)).to.equal(12_000)
      expect(pollDelay(httpError(429, {}, {'retry-after': '600'}), 1, 5000, 0)).to.equal(30_000)
    })
  })
})

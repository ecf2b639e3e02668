import {expect} from 'chai'

import type {ConfigVars, PrivateLinkEndpoint} from '../../src/lib/types.js'

import {ExitCode, PrivateLinkError} from '../../src/lib/failures.js'
import {formatDuration, waitForEndpoint, type WaitSettings} from '../../src/lib/wait.js'
import {
  CONNECTED_CONFIG_VARS, connectedEndpoint, ENDPOINT_ID, operationalEndpoint, provisioningEndpoint,
} from '../helpers/fixtures.js'
import {FakeClock, httpError} from './fakes.js'

const WHO = 'postgresql-simply-12345 on example-app'

/** What the Session would throw for a failed request: an explained error over the original one. */
function explained(source: unknown): PrivateLinkError {
  return new PrivateLinkError("Couldn't get the PrivateLink endpoint", {source})
}

function withStatus(status: string): PrivateLinkEndpoint {
  return {...provisioningEndpoint(), status}
}

/** The PrivateLinkError a wait fails with. */
async function failure(promise: Promise<unknown>): Promise<PrivateLinkError> {
  const error = await promise.then(() => {
    throw new Error('the wait succeeded')
  }, error_ => error_)
  expect(error).to.be.instanceOf(PrivateLinkError)
  return error as PrivateLinkError
}

describe('wait', () => {
  let clock: FakeClock
  let polls: Array<{changed: boolean; elapsedMs: number; status: string}>
  let retries: string[]
  let configVarReads: number

  beforeEach(() => {
    clock = new FakeClock()
    polls = []
    retries = []
    configVarReads = 0
  })

  /** Waits while the Data API answers each of `answers` in turn (an Error is thrown), the last one forever. */
  function waitThrough(answers: Array<Error | PrivateLinkEndpoint>, settings: Partial<WaitSettings> = {}, configVars: ConfigVars[] = [CONNECTED_CONFIG_VARS]) {
    let call = 0
    return waitForEndpoint({intervalMs: 5000, timeoutMs: 600_000, ...settings}, {
      async fetchConfigVars() {
        return configVars[Math.min(configVarReads++, configVars.length - 1)]
      },
      async fetchEndpoint() {
        const answer = answers[Math.min(call++, answers.length - 1)]
        if (answer instanceof Error) throw answer
        return answer
      },
      now: clock.now,
      onPoll: (status, elapsedMs, changed) => polls.push({changed, elapsedMs, status}),
      onRetry: reason => retries.push(reason),
      sleep: clock.sleep,
    }, WHO)
  }

  describe('until operational', () => {
    it('returns at once on Operational, without sleeping afterwards', async () => {
      const result = await waitThrough([operationalEndpoint()])
      expect(result.endpoint.status).to.equal('Operational')
      expect(clock.sleeps).to.deep.equal([])
    })

    it('leaves no deadline timer behind', async () => {
      await waitThrough([operationalEndpoint()])
      expect(clock.pendingTimers).to.equal(0)
    })

    it('does not read config vars without --endpoint-id', async () => {
      const result = await waitThrough([operationalEndpoint()])
      expect(configVarReads).to.equal(0)
      expect(result.configVars).to.deep.equal({})
    })

    it('sleeps the interval between polls', async () => {
      await waitThrough([provisioningEndpoint(), provisioningEndpoint(), operationalEndpoint()], {intervalMs: 7000})
      expect(clock.sleeps).to.deep.equal([7000, 7000])
    })

    it('tells onPoll of every poll, with changed only when the status changes', async () => {
      await waitThrough([provisioningEndpoint(), provisioningEndpoint(), operationalEndpoint()], {intervalMs: 5000})
      expect(polls).to.deep.equal([
        {changed: true, elapsedMs: 0, status: 'Provisioning'},
        {changed: false, elapsedMs: 5000, status: 'Provisioning'},
        {changed: true, elapsedMs: 10_000, status: 'Operational'},
      ])
    })

    it('treats an unknown status as one to keep waiting through', async () => {
      const result = await waitThrough([withStatus('Upgrading'), operationalEndpoint()])
      expect(result.endpoint.status).to.equal('Operational')
      expect(polls.map(poll => poll.status)).to.deep.equal(['Upgrading', 'Operational'])
    })
  })

  describe('deadline', () => {
    it('times out with exit code 3, naming the add-on and the last status', async () => {
      const error = await failure(waitThrough([provisioningEndpoint()], {intervalMs: 10_000, timeoutMs: 30_000}))
      expect(error.oclif.exit).to.equal(ExitCode.TimedOut)
      expect(error.oclif.exit).to.equal(3)
      expect(error.reason).to.equal('timeout')
      expect(error.message).to.include(`Timed out after 30s waiting for ${WHO}; last status: Provisioning.`)
      expect(error.message).to.include('--timeout SECONDS')
    })

    it('never sleeps past the deadline', async () => {
      await failure(waitThrough([provisioningEndpoint()], {intervalMs: 10_000, timeoutMs: 25_000}))
      expect(clock.sleeps).to.deep.equal([10_000, 10_000, 5000])
    })

    it('gives up when a request hangs past the deadline', async () => {
      const hanging = waitForEndpoint({intervalMs: 5000, timeoutMs: 60_000}, {
        fetchConfigVars: async () => ({}),
        fetchEndpoint() {
          setImmediate(() => clock.advance(60_000))
          return new Promise(() => {})
        },
        now: clock.now,
        onPoll() {},
        onRetry() {},
        sleep: clock.sleep,
      }, WHO)
      const error = await failure(hanging)
      expect(error.oclif.exit).to.equal(ExitCode.TimedOut)
      expect(error.message).to.include('last status: no answer yet')
    })

    it('mentions the transient failure that came after the last status', async () => {
      const error = await failure(waitThrough([provisioningEndpoint(), explained(httpError(503))], {intervalMs: 10_000, timeoutMs: 30_000}))
      expect(error.message).to.include('last status: Provisioning, then server error (503).')
    })

    it('waits without a deadline when the timeout is 0', async () => {
      const answers = [...Array.from({length: 50}, () => provisioningEndpoint()), operationalEndpoint()]
      const result = await waitThrough(answers, {intervalMs: 60_000, timeoutMs: 0})
      expect(result.endpoint.status).to.equal('Operational')
      expect(clock.sleeps).to.have.length(50)
    })
  })

  describe('terminal states', () => {
    for (const status of ['Deprovisioning', 'Deprovisioned', 'Failed', 'Deleted']) {
      it(`stops with exit code 4 on ${status}`, async () => {
        const error = await failure(waitThrough([provisioningEndpoint(), withStatus(status)]))
        expect(error.oclif.exit).to.equal(ExitCode.EndpointFailed)
        expect(error.oclif.exit).to.equal(4)
        expect(error.reason).to.equal('endpoint_failed')
        expect(error.message).to.include(`The PrivateLink endpoint for ${WHO} is ${status}`)
        expect(clock.sleeps).to.have.length(1)
      })
    }
  })

  describe('transient failures', () => {
    it('keeps polling through a 503 behind an explained error', async () => {
      const result = await waitThrough([explained(httpError(503)), operationalEndpoint()], {intervalMs: 5000})
      expect(result.endpoint.status).to.equal('Operational')
      expect(retries).to.deep.equal(['server error (503)'])
    })

    it('sleeps for Retry-After after a 429', async () => {
      await waitThrough([explained(httpError(429, {}, {'retry-after': '12'})), operationalEndpoint()], {intervalMs: 5000})
      expect(retries).to.deep.equal(['rate limited (429)'])
      expect(clock.sleeps).to.deep.equal([12_000])
    })

    it('never sleeps less than the interval after a failure', async () => {
      await waitThrough([explained(httpError(502)), operationalEndpoint()], {intervalMs: 20_000})
      expect(clock.sleeps).to.deep.equal([20_000])
    })

    it('caps a long Retry-After at 30 seconds', async () => {
      await waitThrough([explained(httpError(429, {}, {'retry-after': '600'})), operationalEndpoint()])
      expect(clock.sleeps).to.deep.equal([30_000])
    })

    it('tells onRetry once per streak of failures', async () => {
      await waitThrough([
        explained(httpError(503)),
        explained(httpError(502)),
        provisioningEndpoint(),
        explained(httpError(503)),
        operationalEndpoint(),
      ], {intervalMs: 10_000})
      expect(retries).to.deep.equal(['server error (503)', 'server error (503)'])
    })

    it('stops on a non-transient error (401), as it was thrown', async () => {
      const unauthorized = explained(httpError(401))
      const error = await waitThrough([provisioningEndpoint(), unauthorized, operationalEndpoint()]).catch(error_ => error_)
      expect(error).to.equal(unauthorized)
      expect(retries).to.deep.equal([])
      expect(clock.sleeps).to.have.length(1)
    })
  })

  describe('with an endpoint id', () => {
    const settings = {endpointId: ENDPOINT_ID}

    it('waits for the connection to appear, then to be Available with its config vars', async () => {
      const result = await waitThrough([
        operationalEndpoint(),
        connectedEndpoint(undefined, undefined, 'Pending Acceptance'),
        connectedEndpoint(),
      ], settings)
      expect(result.endpoint.connections?.[0].status).to.equal('Available')
      expect(result.configVars).to.equal(CONNECTED_CONFIG_VARS)
      expect(polls.map(poll => poll.status)).to.deep.equal([
        `Operational, waiting for connection ${ENDPOINT_ID}`,
        `Operational, connection ${ENDPOINT_ID} Pending Acceptance`,
        `Operational, connection ${ENDPOINT_ID} Available`,
      ])
    })

    it('reads config vars only once the connection is Available', async () => {
      await waitThrough([connectedEndpoint(undefined, undefined, 'Pending Acceptance'), connectedEndpoint()], settings)
      expect(configVarReads).to.equal(1)
    })

    it('keeps waiting while the config vars are not there yet', async () => {
      const result = await waitThrough([connectedEndpoint()], settings, [{LANG: 'en_US.UTF-8'}, CONNECTED_CONFIG_VARS])
      expect(result.configVars).to.equal(CONNECTED_CONFIG_VARS)
      expect(configVarReads).to.equal(2)
      expect(polls[0].status).to.equal(`Operational, connection ${ENDPOINT_ID} Available, waiting for its config vars`)
    })

    it('stops with exit code 4 when the connection is rejected', async () => {
      const error = await failure(waitThrough([connectedEndpoint(undefined, undefined, 'rejected')], settings))
      expect(error.oclif.exit).to.equal(ExitCode.EndpointFailed)
      expect(error.reason).to.equal('connection_failed')
      expect(error.message).to.include(`Connection ${ENDPOINT_ID} to ${WHO} is rejected`)
    })

    it('does not wait for connections that are not the one asked for', async () => {
      const other = {...connectedEndpoint(), connections: [{endpoint_id: 'vpce-0aaaaaaaaaaaaaaaa', owner_arn: 'arn:aws:iam::123456789101:root', status: 'rejected'}]}
      const error = await failure(waitThrough([other], {...settings, intervalMs: 10_000, timeoutMs: 20_000}))
      expect(error.oclif.exit).to.equal(ExitCode.TimedOut)
      expect(error.message).to.include(`waiting for connection ${ENDPOINT_ID}`)
    })
  })

  describe('formatDuration', () => {
    it('shows seconds, then minutes and padded seconds', () => {
      expect(formatDuration(0)).to.equal('0s')
      expect(formatDuration(59_400)).to.equal('59s')
      expect(formatDuration(65_000)).to.equal('1m 05s')
      expect(formatDuration(1_800_000)).to.equal('30m 00s')
    })
  })
})

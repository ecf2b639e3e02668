import {expect} from 'chai'

import type {Read} from '../../src/lib/endpoint-view.js'
import type {ConfigVars, PrivateLinkEndpoint} from '../../src/lib/types.js'

import {ExitCode, PrivateLinkError} from '../../src/lib/failures.js'
import {accountOfArn} from '../../src/lib/input.js'
import {DeadlineReached} from '../../src/lib/retry.js'
import {
  accountsActive, accountsChanged, accountsRemoved, endpointDestroyed, endpointReachable, endpointReady, type EndpointSource, formatDuration, type ReadinessCheck, type WaitSettings, waitUntil,
} from '../../src/lib/wait.js'
import {
  CONNECTED_CONFIG_VARS, connectedEndpoint, ENDPOINT_ID, operationalEndpoint, provisioningEndpoint,
} from '../helpers/fixtures.js'
import {FakeClock, httpError} from './fakes.js'

const WHO = 'postgresql-simply-12345 on example-app'

/** What the Session would throw for a failed request: an explained error over the original one. */
function explained(source: unknown): PrivateLinkError {
  return new PrivateLinkError("Couldn't get the PrivateLink endpoint", {source})
}

/** An endpoint whose one account the API lists under `accountId`, with an ARN that matches nothing we send. */
function withAccountId(accountId: string): PrivateLinkEndpoint {
  return {...operationalEndpoint(), allowed_accounts: [{account_id: accountId, arn: 'arn:partition:iam::123456789012:x', status: 'Active'}]}
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

  /** The Data API answering each of `answers` in turn (an Error is thrown), the last one forever; the config vars each of theirs (a Read: as is). */
  function source(answers: Array<Error | PrivateLinkEndpoint>, configVars: Array<ConfigVars | Read<ConfigVars>> = [CONNECTED_CONFIG_VARS]): EndpointSource {
    let call = 0
    return {
      async configVars() {
        const answer = configVars[Math.min(configVarReads++, configVars.length - 1)]
        return 'error' in answer && 'value' in answer ? answer as Read<ConfigVars> : {error: null, value: answer as ConfigVars}
      },
      async endpoint() {
        const answer = answers[Math.min(call++, answers.length - 1)]
        if (answer instanceof Error) throw answer
        return answer
      },
    }
  }

  function waitFor<T>(check: ReadinessCheck<T>, settings: Partial<WaitSettings> = {}) {
    return waitUntil(check, {intervalMs: 5000, timeoutMs: 600_000, ...settings}, {
      now: clock.now,
      onPoll: (status, elapsedMs, changed) => polls.push({changed, elapsedMs, status}),
      onRetry: reason => retries.push(reason),
      sleep: clock.sleep,
    }, WHO)
  }

  /** Waits until ready (endpointReady) while the Data API answers `answers`. */
  type ConfigVarsAnswer = ConfigVars | Read<ConfigVars>

  function waitThrough(answers: Array<Error | PrivateLinkEndpoint>, settings: Partial<WaitSettings> & {endpointId?: string} = {}, configVars: ConfigVarsAnswer[] = [CONNECTED_CONFIG_VARS]) {
    const {endpointId, ...rest} = settings
    return waitFor(endpointReady(source(answers, configVars), WHO, endpointId), rest)
  }

  const ARN = 'arn:aws:iam::123456789012:user/abc'
  const OTHER_ARN = 'arn:aws:iam::210987654321:role/deploy'
  const withAccounts = (...accounts: Array<[string, string]>): PrivateLinkEndpoint => ({
    ...operationalEndpoint(), allowed_accounts: accounts.map(([arn, status]) => ({arn, status})),
  })

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
      expect(result.configVars).to.deep.equal({error: null, value: {}})
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
      const hanging = waitFor(endpointReady({
        configVars: async () => ({error: null, value: {}}),
        endpoint() {
          setImmediate(() => clock.advance(60_000))
          return new Promise(() => {})
        },
      }, WHO), {intervalMs: 5000, timeoutMs: 60_000})
      const error = await failure(hanging)
      expect(error.oclif.exit).to.equal(ExitCode.TimedOut)
      expect(error.message).to.include('last status: no answer yet')
    })

    it('counts the deadline from the command start, not from the first poll', async () => {
      const startedAt = clock.now() - 20_000
      const error = await failure(waitThrough([provisioningEndpoint()], {intervalMs: 5000, startedAt, timeoutMs: 30_000}))
      expect(error.message).to.include('Timed out after 30s')
      expect(clock.sleeps).to.deep.equal([5000, 5000])
    })

    it('ends with its own timeout message when the session says the deadline came during a request', async () => {
      const error = await failure(waitThrough([provisioningEndpoint(), explained(new DeadlineReached())], {intervalMs: 10_000, startedAt: clock.now(), timeoutMs: 10_000}))
      expect(error.oclif.exit).to.equal(ExitCode.TimedOut)
      expect(error.message).to.include('last status: Provisioning.')
      expect(retries).to.deep.equal([])
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
      expect(result.configVars).to.deep.equal({error: null, value: CONNECTED_CONFIG_VARS})
      expect(polls.map(poll => poll.status)).to.deep.equal([
        `Operational, waiting for connection ${ENDPOINT_ID}; no connections yet`,
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
      expect(result.configVars.value).to.equal(CONNECTED_CONFIG_VARS)
      expect(configVarReads).to.equal(2)
      expect(polls[0].status).to.equal(`Operational, connection ${ENDPOINT_ID} Available, waiting for its config vars`)
    })

    it('is done when the connection is Available but the app\'s config vars can\'t be read: they are unknown, and the wait ends', async () => {
      const refused = {error: {message: "Couldn't read the app's config vars", reason: 'forbidden'}, value: null}
      const result = await waitThrough([connectedEndpoint(undefined, undefined, 'Pending Acceptance'), connectedEndpoint()], settings, [refused])
      expect(result.configVars).to.deep.equal(refused)
      expect(configVarReads).to.equal(1)
      expect(polls.at(-1)?.status).to.equal(`Operational, connection ${ENDPOINT_ID} Available, its config vars unknown`)
      expect(clock.sleeps).to.have.length(1)
    })

    it('stops with exit code 4 when the connection is rejected', async () => {
      const error = await failure(waitThrough([connectedEndpoint(undefined, undefined, 'rejected')], settings))
      expect(error.oclif.exit).to.equal(ExitCode.EndpointFailed)
      expect(error.reason).to.equal('connection_failed')
      expect(error.message).to.include(`Connection ${ENDPOINT_ID} to ${WHO} is rejected`)
    })

    it('keeps waiting for a mistyped endpoint id, naming the connections that do exist in progress and timeout', async () => {
      const other = {...connectedEndpoint(), connections: [{endpoint_id: 'vpce-0aaaaaaaaaaaaaaaa', owner_arn: 'arn:aws:iam::123456789101:root', status: 'rejected'}, {endpoint_id: 'vpce-0bbbbbbbbbbbbbbbb', owner_arn: 'arn:aws:iam::123456789101:root', status: 'Available'}]}
      const error = await failure(waitThrough([other], {...settings, intervalMs: 10_000, timeoutMs: 20_000}))
      expect(error.oclif.exit).to.equal(ExitCode.TimedOut)
      const existing = `waiting for connection ${ENDPOINT_ID}; connections: vpce-0aaaaaaaaaaaaaaaa (rejected), vpce-0bbbbbbbbbbbbbbbb (Available)`
      expect(polls[0].status).to.equal(`Operational, ${existing}`)
      expect(error.message).to.include(existing)
    })

    it('waits for the allowed accounts before the connection', async () => {
      await waitThrough([{...connectedEndpoint(), allowed_accounts: [{arn: ARN, status: 'Provisioning'}]}, connectedEndpoint()], settings)
      expect(polls.map(poll => poll.status)).to.deep.equal([
        `Operational; 1 of 1 account still Provisioning: ${ARN}`,
        `Operational, connection ${ENDPOINT_ID} Available`,
      ])
    })
  })

  describe('ready means every allowed account Active', () => {
    it('keeps waiting while an account is Provisioning on an Operational endpoint, saying which', async () => {
      const result = await waitThrough([withAccounts([ARN, 'Active'], [OTHER_ARN, 'Provisioning']), withAccounts([ARN, 'Active'], [OTHER_ARN, 'Active'])])
      expect(result.endpoint.allowed_accounts?.map(account => account.status)).to.deep.equal(['Active', 'Active'])
      expect(polls.map(poll => poll.status)).to.deep.equal([`Operational; 1 of 2 accounts still Provisioning: ${OTHER_ARN}`, 'Operational'])
      expect(clock.sleeps).to.deep.equal([5000])
    })

    it('treats Pending and Provisioning as pending, in any case, naming each when they differ', async () => {
      await waitThrough([withAccounts([ARN, 'Pending'], [OTHER_ARN, 'Provisioning']), withAccounts([ARN, 'PENDING'], [OTHER_ARN, 'provisioning']), withAccounts([ARN, 'Active'])])
      expect(polls.map(poll => poll.status)).to.deep.equal([
        `Operational; 2 of 2 accounts not yet done: ${ARN} (Pending), ${OTHER_ARN} (Provisioning)`,
        `Operational; 2 of 2 accounts not yet done: ${ARN} (PENDING), ${OTHER_ARN} (provisioning)`,
        'Operational',
      ])
    })

    it('treats Available, and any word not foreseen, as ready: no wait hangs on a new word', async () => {
      for (const status of ['Available', 'available', 'Active', 'Enabled', 'Ready']) {
        polls = []
        // eslint-disable-next-line no-await-in-loop
        const result = await waitThrough([withAccounts([ARN, status], [OTHER_ARN, 'Active'])])
        expect(result.endpoint.allowed_accounts?.[0].status).to.equal(status)
        expect(polls.map(poll => poll.status), status).to.deep.equal(['Operational'])
      }

      expect(clock.sleeps).to.deep.equal([])
    })

    it('times out naming the accounts still pending', async () => {
      const error = await failure(waitThrough([withAccounts([ARN, 'Provisioning'])], {intervalMs: 10_000, timeoutMs: 20_000}))
      expect(error.message).to.include(`last status: Operational; 1 of 1 account still Provisioning: ${ARN}.`)
    })

    for (const status of ['Failed', 'rejected', 'Error', 'provisioning_failed']) {
      it(`stops with exit code 4 on an account that is ${status}`, async () => {
        const error = await failure(waitThrough([withAccounts([ARN, status])]))
        expect(error.oclif.exit).to.equal(ExitCode.EndpointFailed)
        expect(error.reason).to.equal('account_failed')
        expect(error.message).to.include(`Allowed account ${ARN} of ${WHO} is ${status}: it will not become ready.`)
      })
    }
  })

  describe('accountsActive (access:add --wait)', () => {
    const OTHER = '210987654321:role/deploy'

    it('waits until every added account is listed and ready, ignoring the others', async () => {
      const endpoint = await waitFor(accountsActive(source([
        withAccounts([ARN, 'Provisioning']),
        withAccounts([ARN, 'Provisioning'], [OTHER_ARN, 'Provisioning']),
        withAccounts([ARN, 'Provisioning'], [OTHER_ARN, 'Active']),
      ]), WHO, [OTHER]))
      expect(endpoint.allowed_accounts?.[1]).to.deep.equal({arn: OTHER_ARN, status: 'Active'})
      expect(polls.map(poll => poll.status)).to.deep.equal([
        `1 of 1 added account still not listed: ${OTHER_ARN}`,
        `1 of 1 added account still Provisioning: ${OTHER_ARN}`,
        '1 of 1 added account ready',
      ])
    })

    it('is done on Available, or any word not foreseen', async () => {
      await waitFor(accountsActive(source([withAccounts([OTHER_ARN, 'Pending']), withAccounts([OTHER_ARN, 'Available'])]), WHO, [OTHER]))
      expect(polls.map(poll => poll.status)).to.deep.equal([`1 of 1 added account still Pending: ${OTHER_ARN}`, '1 of 1 added account ready'])
      polls = []
      await waitFor(accountsActive(source([withAccounts([OTHER_ARN, 'Enabled'])]), WHO, [OTHER]))
      expect(polls.map(poll => poll.status)).to.deep.equal(['1 of 1 added account ready'])
    })

    it('finds an account by the API\'s account_id when its ARN is written another way', async () => {
      const listed = {...operationalEndpoint(), allowed_accounts: [{account_id: '123456789012', arn: 'arn:aws-us-gov:iam::123456789012:root', status: 'Provisioning'}]}
      const ready = {...listed, allowed_accounts: [{...listed.allowed_accounts[0], status: 'Active'}]}
      await waitFor(accountsActive(source([listed, ready]), WHO, ['123456789012']))
      expect(polls.map(poll => poll.status)).to.deep.equal(['1 of 1 added account still Provisioning: arn:aws-us-gov:iam::123456789012:root', '1 of 1 added account ready'])
    })

    it('takes an account_id in any accepted form, but never another principal of the same account', async () => {
      await waitFor(accountsActive(source([withAccountId('arn:aws:iam::123456789012:user/abc')]), WHO, ['123456789012:user/abc']))
      const error = await failure(waitFor(accountsActive(source([withAccountId('123456789012:user/abc')]), WHO, ['123456789012']), {intervalMs: 10_000, timeoutMs: 10_000}))
      expect(error.oclif.exit).to.equal(ExitCode.TimedOut)
      expect(error.message).to.include('still not listed: arn:aws:iam::123456789012:root')
    })

    it('stops with exit code 4 when the endpoint is being destroyed', async () => {
      const error = await failure(waitFor(accountsActive(source([withStatus('Deprovisioning')]), WHO, ['123456789012:user/abc'])))
      expect(error.oclif.exit).to.equal(ExitCode.EndpointFailed)
    })
  })

  describe('accountsRemoved (access:remove --wait)', () => {
    it('waits until no removed account is listed', async () => {
      await waitFor(accountsRemoved(source([withAccounts([ARN, 'Active'], [OTHER_ARN, 'Removing']), withAccounts([ARN, 'Active'])]), WHO, ['210987654321:role/deploy']))
      expect(polls.map(poll => poll.status)).to.deep.equal([`1 of 1 removed account still Removing: ${OTHER_ARN}`, '1 of 1 removed account gone'])
      expect(clock.sleeps).to.deep.equal([5000])
    })

    it('still sees a removed account listed by its account_id alone', async () => {
      const listed = {...operationalEndpoint(), allowed_accounts: [{account_id: '210987654321:role/deploy', arn: 'arn:aws-cn:iam::210987654321:role/deploy', status: 'Removing'}]}
      await waitFor(accountsRemoved(source([listed, operationalEndpoint()]), WHO, ['210987654321:role/deploy']))
      expect(polls.map(poll => poll.status)).to.deep.equal(['1 of 1 removed account still Removing: arn:aws-cn:iam::210987654321:role/deploy', '1 of 1 removed account gone'])
    })
  })

  describe('accountsChanged (access:set --wait)', () => {
    it('waits until the added account is Active and the removed one gone, on one read per poll', async () => {
      let reads = 0
      const answers = [
        withAccounts([ARN, 'Removing'], [OTHER_ARN, 'Provisioning']),
        withAccounts([OTHER_ARN, 'Provisioning']),
        withAccounts([OTHER_ARN, 'Active']),
      ]
      const counted: EndpointSource = {
        configVars: async () => ({error: null, value: {}}),
        async endpoint() {
          return answers[Math.min(reads++, answers.length - 1)]
        },
      }
      const endpoint = await waitFor(accountsChanged(counted, WHO, {added: [accountOfArn(OTHER_ARN)], removed: [accountOfArn(ARN)]}))
      expect(endpoint.allowed_accounts).to.deep.equal([{arn: OTHER_ARN, status: 'Active'}])
      expect(reads).to.equal(3)
      expect(polls.map(poll => poll.status)).to.deep.equal([
        `1 of 1 added account still Provisioning: ${OTHER_ARN}; 1 of 1 removed account still Removing: ${ARN}`,
        `1 of 1 added account still Provisioning: ${OTHER_ARN}`,
        '1 of 1 added account ready; 1 of 1 removed account gone',
      ])
    })

    it('checks only what changed: added accounts alone, or removed ones alone', async () => {
      await waitFor(accountsChanged(source([withAccounts([ARN, 'Active'])]), WHO, {added: [accountOfArn(ARN)], removed: []}))
      await waitFor(accountsChanged(source([withAccounts([ARN, 'Active'])]), WHO, {added: [], removed: [accountOfArn(OTHER_ARN)]}))
      expect(polls.map(poll => poll.status)).to.deep.equal(['1 of 1 added account ready', '1 of 1 removed account gone'])
    })

    it('stops with exit code 4 on a failed added account', async () => {
      const error = await failure(waitFor(accountsChanged(source([withAccounts([OTHER_ARN, 'Failed'])]), WHO, {added: [accountOfArn(OTHER_ARN)], removed: [accountOfArn(ARN)]})))
      expect(error.oclif.exit).to.equal(ExitCode.EndpointFailed)
    })
  })

  describe('endpointDestroyed (destroy --wait, wait --destroyed)', () => {
    it('shows Deprovisioning and Deprovisioned as progress, and is done only on the 404', async () => {
      const result = await waitFor(endpointDestroyed(source([withStatus('Deprovisioning'), withStatus('Deprovisioned'), withStatus('Deprovisioned'), explained(httpError(404))])))
      expect(result).to.equal(null)
      expect(polls.map(poll => poll.status)).to.deep.equal(['Deprovisioning', 'Deprovisioned', 'Deprovisioned', 'gone'])
      expect(clock.sleeps).to.deep.equal([5000, 5000, 5000])
    })

    it('times out with exit code 3 while the endpoint stays Deprovisioned', async () => {
      const error = await failure(waitFor(endpointDestroyed(source([withStatus('Deprovisioned')])), {intervalMs: 10_000, timeoutMs: 20_000}))
      expect(error.oclif.exit).to.equal(ExitCode.TimedOut)
      expect(error.message).to.include('last status: Deprovisioned.')
    })

    it('still stops on other failures, and rides out transient ones', async () => {
      await waitFor(endpointDestroyed(source([explained(httpError(503)), withStatus('Deprovisioned'), explained(httpError(404))])))
      expect(retries).to.deep.equal(['server error (503)'])
      const unauthorized = explained(httpError(401))
      expect(await waitFor(endpointDestroyed(source([unauthorized]))).catch(error => error)).to.equal(unauthorized)
    })

    it('times out with exit code 3 while the endpoint stays Deprovisioning', async () => {
      const error = await failure(waitFor(endpointDestroyed(source([withStatus('Deprovisioning')])), {intervalMs: 10_000, timeoutMs: 20_000}))
      expect(error.oclif.exit).to.equal(ExitCode.TimedOut)
      expect(error.message).to.include('last status: Deprovisioning.')
    })
  })

  describe('endpointReachable (wait --endpoint-id --reachable)', () => {
    const connected = connectedEndpoint()

    it('looks from this host only once the connection is ready, and keeps polling until the look passes', async () => {
      const looks: string[] = []
      const answers = [false, false, true]
      const result = await waitFor(endpointReachable(endpointReady(source([provisioningEndpoint(), connected]), WHO, ENDPOINT_ID), async ({endpoint}) => {
        looks.push(endpoint.status)
        const ok = answers[looks.length - 1]
        return {ok, report: {ok}, summary: ok ? 'all 8 hops passed' : '1 of 8 hops failed'}
      }), {intervalMs: 2000})
      expect(looks).to.deep.equal(['Operational', 'Operational', 'Operational'])
      expect(result.report).to.deep.equal({ok: true})
      expect(polls.map(poll => poll.status)).to.deep.equal([
        'Provisioning',
        `Operational, connection ${ENDPOINT_ID} Available, not reachable yet: 1 of 8 hops failed`,
        `Operational, connection ${ENDPOINT_ID} Available, not reachable yet: 1 of 8 hops failed`,
        `Operational, connection ${ENDPOINT_ID} Available, reachable: all 8 hops passed`,
      ])
      expect(clock.sleeps).to.deep.equal([2000, 2000, 2000])
    })

    it('times out (exit 3) when the look never passes, with the last one in the message', async () => {
      const failing = endpointReachable(endpointReady(source([connected]), WHO, ENDPOINT_ID), async () => ({ok: false, report: {}, summary: '1 of 2 hops failed'}))
      const error = await failure(waitFor(failing, {intervalMs: 10_000, timeoutMs: 30_000}))
      expect(error.oclif.exit).to.equal(ExitCode.TimedOut)
      expect(error.message).to.include('not reachable yet: 1 of 2 hops failed')
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

// Exit 0 means ready, across the whole lifecycle: the real binary, no TTY, against the emulator
// with poll-counted transitions. Each test would fail without the behaviour it names.
import {expect} from 'chai'

import {EXAMPLE_APP, POSTGRES_ADDON} from '../emulator/server.js'
import {stopCliWith} from '../helpers/cli.js'
import {
  oneLine, parseJson, POSTGRES_PATH, printed,
} from './helpers.js'
import {e2eSuite} from './suite.js'

const ARN = 'arn:aws:iam::123456789012:user/abc'
const OTHER = '210987654321:role/deploy'
const OTHER_ARN = `arn:aws:iam::${OTHER}`
const target = ['DATABASE', '--app', EXAMPLE_APP]
const wait = ['data:privatelink:wait', ...target, '--interval', '1']
const WHO = `${POSTGRES_ADDON} on ${EXAMPLE_APP}`
// A request with no answer is abandoned after this long here (REQUEST_TIMEOUT_MS, 30 s, otherwise).
const SHORT_REQUEST_TIMEOUT = {PRIVATELINK_TEST_REQUEST_TIMEOUT_MS: '1000'}

interface JsonError {
  error: {exit_code: number; message: string; reason: string}
}

describe('e2e: exit 0 means ready, and every wait is bounded', function () {
  this.timeout(120_000)
  const e2e = e2eSuite()

  const gets = () => e2e.requests().filter(request => request === `GET ${POSTGRES_PATH} basic`).length
  const operational = (accounts: Array<string | {arn: string; status: string}> = [ARN]) => e2e.emulator.seedEndpoint({addon: POSTGRES_ADDON, allowed_accounts: accounts})

  describe('ready means Operational and every allowed account Active', () => {
    it('wait keeps polling while an account is still Provisioning, and says which', async () => {
      e2e.emulator.setTiming({accountActive: {polls: 3}, endpointOperational: {polls: 1}})
      const created = await e2e.cli(['data:privatelink:create', ...target, '-i', '123456789012:user/abc', '-i', OTHER])
      expect(created.status, printed(created)).to.equal(0)
      e2e.emulator.clearLog()
      const result = await e2e.cli(wait)
      expect(result.status, printed(result)).to.equal(0)
      expect(result.stderr).to.include(`Operational; 2 of 2 accounts still Provisioning: ${ARN}, ${OTHER_ARN} after`)
      expect(result.stdout).to.include(`${WHO} is Operational`)
      // Operational on the first GET, both accounts Active only on the third.
      expect(gets()).to.equal(3)
      const endpoint = await e2e.endpoint()
      expect(endpoint?.allowed_accounts.map(account => account.status)).to.deep.equal(['Active', 'Active'])
    })

    it('create --wait returns only once the accounts are Active too', async () => {
      e2e.emulator.setTiming({accountActive: {polls: 4}, endpointOperational: {polls: 2}})
      const result = await e2e.cli(['data:privatelink:create', ...target, '-i', '123456789012:user/abc', '--wait', '--interval', '1', '--json'])
      expect(result.status, printed(result)).to.equal(0)
      expect(parseJson<{allowed_accounts: unknown}>(result).allowed_accounts).to.deep.equal([{arn: ARN, status: 'Active'}])
      expect(result.stderr).to.include(`Operational; 1 of 1 account still Provisioning: ${ARN}`)
      expect(gets()).to.equal(4)
    })

    it('times out with exit code 3 naming the account still pending', async () => {
      operational([{arn: ARN, status: 'Provisioning'}])
      const result = await e2e.cli([...wait, '--timeout', '2'])
      expect(result.status, printed(result)).to.equal(3)
      expect(oneLine(result.stderr)).to.include(`last status: Operational; 1 of 1 account still Provisioning: ${ARN}.`)
    })

    it('keeps waiting for a mistyped --endpoint-id, naming the connections that exist as it goes and when it gives up', async () => {
      operational()
      e2e.emulator.simulateConnection(POSTGRES_ADDON, {endpoint_id: 'vpce-01c87ae3c05563935'})
      const result = await e2e.cli([...wait, '--endpoint-id', 'vpce-01c87ae3c0556393', '--timeout', '2'])
      expect(result.status, printed(result)).to.equal(3)
      const existing = 'waiting for connection vpce-01c87ae3c0556393; connections: vpce-01c87ae3c05563935 (Available)'
      expect(result.stderr).to.include(`Operational, ${existing} after`)
      expect(oneLine(result.stderr)).to.include(`last status: Operational, ${existing}.`)
    })
  })

  describe('access:add --wait and access:remove --wait', () => {
    it('access:add --wait waits until every added account is Active, then lists the accounts', async () => {
      operational()
      e2e.emulator.setTiming({accountActive: {polls: 2}})
      const result = await e2e.cli(['data:privatelink:access:add', ...target, '-i', OTHER, '--wait', '--interval', '1'])
      expect(result.status, printed(result)).to.equal(0)
      expect(result.stderr).to.include(`1 of 1 added account still Provisioning: ${OTHER_ARN} after`)
      expect(result.stdout).to.match(new RegExp(`${OTHER_ARN} +Active`))
      expect(gets()).to.equal(2)
    })

    it('access:add --wait times out with exit code 3, as wait does', async () => {
      operational()
      e2e.emulator.setTiming({accountActive: {polls: 1000}})
      const result = await e2e.cli(['data:privatelink:access:add', ...target, '-i', OTHER, '--wait', '--interval', '1', '--timeout', '2'])
      expect(result.status, printed(result)).to.equal(3)
      expect(oneLine(result.stderr)).to.include(`Timed out after 2s waiting for ${WHO}; last status: 1 of 1 added account still Provisioning: ${OTHER_ARN}.`)
    })

    it('access:remove --wait waits until every removed account is gone from the list', async () => {
      operational([ARN, OTHER_ARN])
      e2e.emulator.setTiming({accountRemoved: {polls: 2}})
      const result = await e2e.cli(['data:privatelink:access:remove', ...target, '-i', OTHER, '--wait', '--interval', '1'])
      expect(result.status, printed(result)).to.equal(0)
      expect(result.stderr).to.include(`1 of 1 removed account still Removing: ${OTHER_ARN} after`)
      expect(result.stdout).to.include(ARN)
      expect(result.stdout).not.to.include(OTHER_ARN)
      expect(gets()).to.equal(2)
    })
  })

  describe('access:set --wait', () => {
    it('adds with one PUT, removes with one PATCH, then waits until the added account is Active and the removed one gone', async () => {
      operational([ARN])
      e2e.emulator.setTiming({accountActive: {polls: 2}, accountRemoved: {polls: 2}})
      const result = await e2e.cli(['data:privatelink:access:set', ...target, '-i', OTHER, '--wait', '--interval', '1'])
      expect(result.status, printed(result)).to.equal(0)
      expect(result.stdout).to.include(`Allowed accounts of ${WHO}:\n+ ${OTHER_ARN}\n- ${ARN}\n`)
      expect(result.stderr).to.include(`1 of 1 added account still Provisioning: ${OTHER_ARN}; 1 of 1 removed account still Removing: ${ARN} after`)
      expect(result.stdout).to.match(new RegExp(`${OTHER_ARN} +Active`))
      const writes = e2e.requests().filter(request => !request.startsWith('GET ') && !request.startsWith('POST /actions'))
      expect(writes).to.deep.equal([`PUT ${POSTGRES_PATH}/allowed_accounts basic`, `PATCH ${POSTGRES_PATH}/allowed_accounts basic`])
      // The read that the change is computed from, then one per poll.
      expect(gets()).to.equal(3)
      expect((await e2e.endpoint())?.allowed_accounts).to.deep.equal([{arn: OTHER_ARN, status: 'Active'}])
    })
  })

  describe('destroy: gone means 404', () => {
    it('destroy --wait shows Deprovisioned as progress and succeeds on the 404 alone', async () => {
      operational()
      e2e.emulator.setTiming({deprovision: {polls: 2}})
      const result = await e2e.cli(['data:privatelink:destroy', ...target, '--confirm', EXAMPLE_APP, '--wait', '--interval', '1'])
      expect(result.status, printed(result)).to.equal(0)
      expect(result.stderr).to.match(/\nDeprovisioned after \d+s\ngone after \d+s\n/)
      expect(result.stdout).to.equal(`The PrivateLink endpoint for ${WHO} is destroyed.\n`)
      expect(e2e.requests().filter(request => request.startsWith('DELETE'))).to.have.length(1)
      // Deprovisioned twice, then the 404.
      expect(gets()).to.equal(3)
    })

    it('a pipeline\'s destroy --wait && create works: the create comes after the 404, and is accepted', async () => {
      operational()
      e2e.emulator.setTiming({deprovision: {polls: 2}})
      const script = `heroku data:privatelink:destroy DATABASE --app ${EXAMPLE_APP} --confirm ${EXAMPLE_APP} --wait --interval 1 && heroku data:privatelink:create DATABASE --app ${EXAMPLE_APP} -i 123456789012 --json`
      const result = await e2e.script(script)
      expect(result.status, printed(result)).to.equal(0)
      const [destroyed, ...created] = result.stdout.split('\n')
      expect(destroyed).to.equal(`The PrivateLink endpoint for ${WHO} is destroyed.`)
      expect(JSON.parse(created.join('\n'))).to.include({addon: POSTGRES_ADDON, status: 'Provisioning'})
      const dataRequests = e2e.emulator.log().filter(entry => entry.path === POSTGRES_PATH).map(entry => `${entry.method} ${entry.status}`)
      expect(dataRequests).to.deep.equal(['DELETE 200', 'GET 200', 'GET 200', 'GET 404', 'POST 201'])
      expect((await e2e.endpoint())?.status).to.equal('Provisioning')
    })

    it('without --wait says it is deprovisioning, and the command it prints waits until it is gone without a second DELETE', async () => {
      operational()
      e2e.emulator.setTiming({deprovision: {polls: 2}})
      const destroy = await e2e.cli(['data:privatelink:destroy', ...target, '--confirm', EXAMPLE_APP])
      expect(destroy.status, printed(destroy)).to.equal(0)
      const command = `heroku data:privatelink:wait DATABASE --app ${EXAMPLE_APP} --destroyed`
      expect(destroy.stdout).to.equal(`The endpoint is deprovisioning. Wait until it is destroyed with: ${command}\n`)
      e2e.emulator.clearLog()
      const waited = await e2e.cli([...command.split(' ').slice(1), '--interval', '1', '--json'])
      expect(waited.status, printed(waited)).to.equal(0)
      expect(parseJson(waited)).to.deep.equal({addon: POSTGRES_ADDON, app: EXAMPLE_APP, status: null})
      expect(waited.stderr).to.include('Deprovisioned after')
      expect(gets()).to.equal(3)
      expect(e2e.requests().filter(request => request.startsWith('DELETE'))).to.deep.equal([])
    })

    it('wait --destroyed times out (exit 3) while the endpoint stays Deprovisioned, never taking it for gone', async () => {
      e2e.emulator.seedEndpoint({addon: POSTGRES_ADDON, status: 'Deprovisioned'})
      const result = await e2e.cli([...wait, '--destroyed', '--timeout', '2', '--json'])
      expect(result.status, printed(result)).to.equal(3)
      expect(parseJson<JsonError>(result).error.message).to.include('last status: Deprovisioned.')
    })

    it('wait for readiness still stops on Deprovisioned with exit code 4', async () => {
      e2e.emulator.seedEndpoint({addon: POSTGRES_ADDON, status: 'Deprovisioned'})
      const result = await e2e.cli([...wait, '--json'])
      expect(result.status, printed(result)).to.equal(4)
      expect(parseJson<JsonError>(result).error.reason).to.equal('endpoint_failed')
    })
  })

  describe('accounts are ready on any word but a pending or failed one', () => {
    it('create --wait ends on Available accounts (as one of Heroku\'s fixtures answers) instead of hanging until --timeout', async () => {
      e2e.emulator.setSettings({account_ready_status: 'Available'})
      e2e.emulator.setTiming({accountActive: {polls: 1}, endpointOperational: {polls: 2}})
      const result = await e2e.cli(['data:privatelink:create', ...target, '-i', '123456789012:user/abc', '--wait', '--interval', '1', '--timeout', '60', '--json'])
      expect(result.status, printed(result)).to.equal(0)
      expect(parseJson<{allowed_accounts: unknown[]; status: string}>(result)).to.deep.include({allowed_accounts: [{arn: ARN, status: 'Available'}], status: 'Operational'})
    })

    it('access:add --wait ends once the added account is Available', async () => {
      operational()
      e2e.emulator.setSettings({account_ready_status: 'Available'})
      e2e.emulator.setTiming({accountActive: {polls: 2}})
      const result = await e2e.cli(['data:privatelink:access:add', ...target, '-i', OTHER, '--wait', '--interval', '1', '--timeout', '60'])
      expect(result.status, printed(result)).to.equal(0)
      expect(result.stderr).to.include(`1 of 1 added account still Provisioning: ${OTHER_ARN} after`)
      expect(result.stderr).to.include('1 of 1 added account ready after')
    })
  })

  describe('the deadline covers the whole command', () => {
    it('a hung add-on lookup ends with exit code 3 within about a second of --timeout', async () => {
      e2e.emulator.injectFault({count: 10, kind: 'hang', path: '/actions/addons/resolve'})
      const result = await e2e.cli([...wait, '--timeout', '3', '--json'])
      expect(result.status, printed(result)).to.equal(3)
      expect(parseJson<JsonError>(result).error).to.include({exit_code: 3, reason: 'timeout'})
      expect(parseJson<JsonError>(result).error.message).to.include(`Timed out: couldn't look up the add-on for DATABASE on ${EXAMPLE_APP} within --timeout`)
      // Start-up (about a second, more on a busy machine) plus the timeout: never the minute the client's own timeout took.
      expect(result.durationMs).to.be.below(3000 + 6000)
    })

    it('a hung config var read counts against it too', async () => {
      operational()
      e2e.emulator.simulateConnection(POSTGRES_ADDON, {endpoint_id: 'vpce-01c87ae3c05563935'})
      e2e.emulator.injectFault({count: 10, kind: 'hang', path: `/apps/${EXAMPLE_APP}/config-vars`})
      const result = await e2e.cli([...wait, '--endpoint-id', 'vpce-01c87ae3c05563935', '--timeout', '3'])
      expect(result.status, printed(result)).to.equal(3)
      expect(oneLine(result.stderr)).to.include(`Timed out after 3s waiting for ${WHO}`)
      expect(result.durationMs).to.be.below(3000 + 6000)
    })

    it('a hung create under create --wait ends with exit code 3 and says the create may or may not have been made', async () => {
      e2e.emulator.injectFault({kind: 'hang', method: 'POST', path: POSTGRES_PATH})
      const result = await e2e.cli(['data:privatelink:create', ...target, '-i', '123456789012', '--wait', '--timeout', '2'])
      expect(result.status, printed(result)).to.equal(3)
      expect(oneLine(result.stderr)).to.include(`The change may or may not have been made. Check the current state with: heroku data:privatelink DATABASE --app ${EXAMPLE_APP}`)
      expect(e2e.requests().filter(request => request.startsWith('POST /private-link'))).to.have.length(1)
    })
  })

  describe('no request waits forever', () => {
    it('a read with no answer is abandoned, sent again once with one notice, and the process exits at once', async () => {
      operational()
      e2e.emulator.injectFault({kind: 'hang', method: 'GET', path: POSTGRES_PATH})
      const result = await e2e.cli(['data:privatelink', ...target, '--json'], {env: SHORT_REQUEST_TIMEOUT})
      expect(result.status, printed(result)).to.equal(0)
      expect(parseJson(result)).to.include({status: 'Operational'})
      expect(result.stderr.match(/Retrying after a transient failure: no answer within 1s/g)).to.have.length(1)
      expect(gets()).to.equal(2)
      // The abandoned socket is ended: nothing holds the process until the emulator closes.
      expect(result.durationMs).to.be.below(15_000)
    })

    it('wait rides out a read with no answer within its deadline', async () => {
      operational()
      e2e.emulator.injectFault({kind: 'hang', method: 'GET', path: POSTGRES_PATH})
      const result = await e2e.cli([...wait, '--timeout', '30'], {env: SHORT_REQUEST_TIMEOUT})
      expect(result.status, printed(result)).to.equal(0)
      expect(result.stderr).to.include('Retrying after a transient failure: no answer within 1s')
    })

    it('a write with no answer is not sent again, and the message says how to check', async () => {
      operational()
      e2e.emulator.injectFault({kind: 'hang', method: 'PUT', path: `${POSTGRES_PATH}/allowed_accounts`})
      const result = await e2e.cli(['data:privatelink:access:add', ...target, '-i', OTHER], {env: SHORT_REQUEST_TIMEOUT})
      expect(result.status, printed(result)).to.equal(1)
      expect(oneLine(result.stderr)).to.include(`Couldn't add allowed accounts for ${WHO}: the Heroku Data API gave no answer within 1s. The change may or may not have been made. Check the current state with: heroku data:privatelink DATABASE --app ${EXAMPLE_APP}`)
      expect(e2e.requests().filter(request => request.startsWith('PUT'))).to.have.length(1)
    })
  })

  describe('signals stop every wait at once', () => {
    const stopWith = (signal: NodeJS.Signals, args: string[], progress: RegExp) => stopCliWith(signal, args, progress, e2e.emulator.env)

    const cases: Array<[string, NodeJS.Signals, string[], RegExp, () => void]> = [
      ['wait', 'SIGTERM', wait, /Provisioning after/, () => e2e.emulator.seedEndpoint({addon: POSTGRES_ADDON, status: 'Provisioning'})],
      ['create --wait', 'SIGTERM', ['data:privatelink:create', ...target, '-i', '123456789012', '--wait'], /Provisioning after/, () => e2e.emulator.setTiming({endpointOperational: {polls: 1000}})],
      ['access:add --wait', 'SIGINT', ['data:privatelink:access:add', ...target, '-i', OTHER, '--wait'], /still Provisioning/, () => {
        operational()
        e2e.emulator.setTiming({accountActive: {polls: 1000}})
      }],
      ['access:remove --wait', 'SIGTERM', ['data:privatelink:access:remove', ...target, '-i', OTHER, '--wait'], /still Removing/, () => {
        operational([ARN, OTHER_ARN])
        e2e.emulator.setTiming({accountRemoved: {polls: 1000}})
      }],
      ['destroy --wait', 'SIGINT', ['data:privatelink:destroy', ...target, '--confirm', EXAMPLE_APP, '--wait'], /Deprovisioned after/, () => {
        operational()
        e2e.emulator.setTiming({deprovision: {polls: 1000}})
      }],
    ]
    for (const [name, signal, args, progress, setUp] of cases) {
      it(`${name}: ${signal} exits ${signal === 'SIGINT' ? 130 : 143} at once, saying what it stopped waiting for`, async () => {
        setUp()
        const result = await stopWith(signal, args, progress)
        expect(result.status, result.stderr).to.equal(signal === 'SIGINT' ? 130 : 143)
        expect(result.stderr).to.include(`Stopped waiting for ${WHO}.`)
        expect(result.stderr).not.to.match(/\n\s+at /)
      })
    }

    for (const [signal, exitCode, reason] of [['SIGINT', 130, 'interrupted'], ['SIGTERM', 143, 'terminated']] as const) {
      it(`under --json, ${signal} still prints its one JSON error object on stdout`, async () => {
        e2e.emulator.seedEndpoint({addon: POSTGRES_ADDON, status: 'Provisioning'})
        const result = await stopWith(signal, [...wait, '--json'], /Provisioning after/)
        expect(result.status, result.stderr).to.equal(exitCode)
        expect(JSON.parse(result.stdout)).to.deep.equal({error: {exit_code: exitCode, message: `Stopped waiting for ${WHO}.`, reason}})
        expect(result.stderr).to.include(`Stopped waiting for ${WHO}.`)
      })
    }
  })
})

// `data:privatelink:wait` and `create --wait` as a CI script runs them: the real binary, no TTY,
// against the emulator with poll-based timing.
import {expect} from 'chai'

import {EXAMPLE_APP, type Fault, POSTGRES_ADDON} from '../emulator/server.js'
import {stopCliWith} from '../helpers/cli.js'
import {e2eContext, oneLine} from './helpers.js'

const ENDPOINT_PATH = `/private-link/v0/databases/${POSTGRES_ADDON}`
const VPCE = 'vpce-01c87ae3c05563935'
const wait = ['data:privatelink:wait', 'DATABASE', '--app', EXAMPLE_APP, '--interval', '1']

describe('data:privatelink:wait (end to end)', () => {
  const e2e = e2eContext()

  before(() => e2e.start())

  after(() => e2e.stop())

  beforeEach(() => {
    e2e.reset()
    e2e.emulator.setTiming({endpointOperational: {polls: 2}})
  })

  const run = (args: string[], env: Record<string, string> = {}) => e2e.cli(args, {env})
  const polls = () => e2e.emulator.log().filter(entry => entry.method === 'GET' && entry.path === ENDPOINT_PATH).length
  const provisioning = async () => {
    const created = await run(['data:privatelink:create', 'DATABASE', '--app', EXAMPLE_APP, '-i', '123456789012:user/abc'])
    expect(created.status, created.stderr).to.equal(0)
    e2e.emulator.clearLog()
  }

  it('returns as soon as the endpoint is Operational, without another poll or sleep', async () => {
    await provisioning()
    const result = await run(wait)
    expect(result.status, result.stderr).to.equal(0)
    expect(result.stdout).to.match(/postgresql-simply-12345 on example-app is Operational\. Service Name: com\.amazonaws\.vpce\.us-east-1\.vpce-svc-/)
    expect(polls()).to.equal(2)
  })

  it('prints one stderr line per status change without a TTY, and no control characters', async () => {
    await provisioning()
    e2e.emulator.setTiming({endpointOperational: {polls: 3}})
    const result = await run(wait)
    expect(result.status, result.stderr).to.equal(0)
    const lines = result.stderr.trim().split('\n')
    expect(lines[0]).to.match(/^Waiting for postgresql-simply-12345 on example-app \(timeout 30m 00s, polling every 1s\)$/)
    expect(lines.slice(1).map(line => line.replace(/ after .*/, ''))).to.deep.equal(['Provisioning', 'Operational'])
    // eslint-disable-next-line no-control-regex -- spinner and colour codes are what must be absent
    expect(result.stderr + result.stdout).not.to.match(/[\r\u001B]/)
    expect(polls()).to.equal(3)
  })

  it('prints the final endpoint alone on stdout with --json', async () => {
    await provisioning()
    const result = await run([...wait, '--json'])
    expect(result.status, result.stderr).to.equal(0)
    const endpoint = JSON.parse(result.stdout)
    expect(endpoint).to.include({
      addon: POSTGRES_ADDON, app: EXAMPLE_APP, region: 'us-east-1', status: 'Operational',
    })
    expect(endpoint.service_name).to.match(/^com\.amazonaws\.vpce\.us-east-1\.vpce-svc-/)
  })

  it('times out with exit code 3, saying after how long and the last status', async () => {
    e2e.emulator.seedEndpoint({addon: POSTGRES_ADDON, status: 'Provisioning'})
    const result = await run([...wait, '--timeout', '2'])
    expect(result.status, result.stderr).to.equal(3)
    expect(oneLine(result.stderr)).to.match(/Timed out after 2s waiting for postgresql-simply-12345 on example-app; last status: Provisioning\./)
    expect(result.stdout).to.equal('')
  })

  describe('transient faults never end the wait early', () => {
    const faults: Array<[string, Partial<Fault>]> = [
      ['a 500', {kind: 'status', status: 500}],
      ['a 502 HTML page', {body: '<html>bad gateway</html>', kind: 'status', status: 502}],
      ['a 503', {kind: 'status', status: 503}],
      ['a 504', {kind: 'status', status: 504}],
      ['a 429 with Retry-After', {kind: 'status', retry_after: 1, status: 429}],
      ['a dropped connection', {kind: 'drop'}],
    ]
    for (const [name, fault] of faults) {
      it(`keeps polling through ${name}, saying once what it retries`, async () => {
        await provisioning()
        e2e.emulator.injectFault({
          count: 2, method: 'GET', path: ENDPOINT_PATH, ...fault,
        } as Fault)
        const result = await run(wait)
        expect(result.status, result.stderr).to.equal(0)
        expect(result.stderr.match(/Retrying after a transient failure/g)).to.have.length(1)
        expect(polls()).to.equal(4)
      })
    }

    it('keeps polling while the Data API refuses connections, until the deadline', async () => {
      await provisioning()
      const result = await run([...wait, '--timeout', '2'], {HEROKU_DATA_HOST: 'http://127.0.0.1:9'})
      expect(result.status, result.stderr).to.equal(3)
      expect(oneLine(result.stderr)).to.include('Retrying after a transient failure: connection refused (ECONNREFUSED)')
      expect(oneLine(result.stderr)).to.match(/Timed out after 2s .* then connection refused/)
    })

    it('gives up on an answer that never comes at the deadline', async () => {
      await provisioning()
      e2e.emulator.injectFault({
        delay_ms: 20_000, kind: 'delay', method: 'GET', path: ENDPOINT_PATH,
      })
      const result = await run([...wait, '--timeout', '2'])
      expect(result.status, result.stderr).to.equal(3)
      expect(oneLine(result.stderr)).to.include('Timed out after 2s')
    })

    it('stops at once on a 401, which is not transient', async () => {
      await provisioning()
      const result = await run(wait, {HEROKU_API_KEY: 'wrong-token'})
      expect(result.status).to.equal(1)
      expect(result.stderr).not.to.include('Retrying')
    })
  })

  describe('terminal states', () => {
    for (const status of ['Deprovisioning', 'Deprovisioned', 'Failed']) {
      it(`stops with exit code 4 on ${status}`, async () => {
        e2e.emulator.seedEndpoint({addon: POSTGRES_ADDON, status})
        const result = await run(wait)
        expect(result.status, result.stderr).to.equal(4)
        expect(oneLine(result.stderr)).to.include(`is ${status}: it will not become operational`)
      })
    }

    it('stops on a missing endpoint and says how to create one', async () => {
      const result = await run(wait)
      expect(result.status).to.equal(1)
      expect(oneLine(result.stderr)).to.include('No PrivateLink endpoint exists for postgresql-simply-12345 on example-app')
      expect(oneLine(result.stderr)).to.include('heroku data:privatelink:create DATABASE --app example-app')
    })

    it('stops with exit code 4 on a rejected connection', async () => {
      e2e.emulator.seedEndpoint({addon: POSTGRES_ADDON, connections: [{endpoint_id: VPCE, status: 'rejected'}]})
      const result = await run([...wait, '--endpoint-id', VPCE])
      expect(result.status, result.stderr).to.equal(4)
      expect(oneLine(result.stderr)).to.include(`Connection ${VPCE} to postgresql-simply-12345 on example-app is rejected`)
    })
  })

  it('with --endpoint-id, waits for the connection and its config vars, then names them', async () => {
    e2e.emulator.setTiming({connectionAvailable: {polls: 2}})
    e2e.emulator.seedEndpoint({addon: POSTGRES_ADDON, allowed_accounts: ['123456789012']})
    e2e.emulator.simulateConnection(POSTGRES_ADDON, {endpoint_id: VPCE})
    const result = await run([...wait, '--endpoint-id', VPCE])
    expect(result.status, result.stderr).to.equal(0)
    expect(result.stdout).to.include('DATABASE_ENDPOINT_01C87AE3C05563935_URL')
    expect(result.stdout).to.include('DATABASE_ENDPOINT_01C87AE3C05563935_PGBOUNCER_URL')
    expect(result.stdout).to.include('heroku config:get DATABASE_ENDPOINT_01C87AE3C05563935_URL -a example-app')
    expect(result.stderr).to.include(`Operational, connection ${VPCE} Pending Acceptance`)
    expect(result.stdout + result.stderr).not.to.include('secretpassword1234')
  })

  it('create --wait creates, then waits with the same timing flags', async () => {
    const result = await run(['data:privatelink:create', 'DATABASE', '--app', EXAMPLE_APP, '-i', '123456789012', '--wait', '--interval', '1', '--json'])
    expect(result.status, result.stderr).to.equal(0)
    expect(JSON.parse(result.stdout)).to.include({status: 'Operational'})
    // The resolve, then the Data API's create and polls (the app and its region are read besides).
    const calls = e2e.emulator.log().filter(entry => entry.path === '/actions/addons/resolve' || entry.path.startsWith('/private-link/'))
    expect(calls.map(entry => entry.method)).to.deep.equal(['POST', 'POST', 'GET', 'GET'])
  })

  it('stops at once on Ctrl-C with exit code 130 and no stack trace', async () => {
    e2e.emulator.seedEndpoint({addon: POSTGRES_ADDON, status: 'Provisioning'})
    const {status, stderr} = await stopCliWith('SIGINT', wait, /Provisioning after/, e2e.emulator.env)
    expect(status).to.equal(130)
    expect(stderr).to.include('Stopped waiting for postgresql-simply-12345 on example-app')
    expect(stderr).not.to.match(/\n\s+at /)
  })
})

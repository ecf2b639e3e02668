// Fault injection against the emulator: transient faults, every kind of HTTP answer, hostile
// settings, secrets and pasted typographic dashes, with the real `bin/run.js`.
import {expect} from 'chai'
import {createServer, type Server} from 'node:http'
import {type AddressInfo, connect} from 'node:net'
import {type Duplex} from 'node:stream'

import {
  DATABASE_URL, EXAMPLE_APP, type Fault, POSTGRES_ADDON, type RunningEmulator, startEmulator,
} from '../emulator/server.js'
import {type TestCertificate, testCertificate} from '../helpers/certificate.js'
import {type CliResult} from '../helpers/cli.js'
import {
  describeRequest, e2eContext, oneLine, POLL_TIMING, RESOLVE,
} from './helpers.js'

const ENDPOINT_PATH = `/private-link/v0/databases/${POSTGRES_ADDON}`
const show = ['data:privatelink', 'DATABASE', '--app', EXAMPLE_APP]
const create = ['data:privatelink:create', 'DATABASE', '--app', EXAMPLE_APP, '--aws-account-id', '123456789012']

/** No stack trace, no Node.js internals: what a user sees on a failure is one paragraph. */
function expectCleanFailure(result: CliResult, exit = 1): void {
  expect(result.status, result.stderr).to.equal(exit)
  expect(result.stderr).to.match(/Error: /)
  expect(result.stderr).not.to.match(/\n\s+at .+[(:]\d+|node:internal|TypeError|ReferenceError|SyntaxError:/)
  expect(result.stdout).to.equal('')
}

describe('hardening (end to end)', () => {
  const e2e = e2eContext()

  before(() => e2e.start())

  after(() => e2e.stop())

  beforeEach(() => {
    e2e.reset()
    e2e.emulator.seedEndpoint({addon: POSTGRES_ADDON, allowed_accounts: ['123456789012:user/abc']})
  })

  const run = (args: string[], env: Record<string, string | undefined> = {}) => e2e.cli(args, {env})
  const requests = (method: string, path = ENDPOINT_PATH) => e2e.emulator.log().filter(entry => entry.method === method && entry.path === path)
  const inject = (fault: Fault) => e2e.emulator.injectFault(fault)

  describe('reads ride out transient faults', () => {
    for (const fault of [
      {kind: 'status', status: 500},
      {body: '<html><body>Bad Gateway</body></html>', kind: 'status', status: 502},
      {kind: 'status', status: 503},
      {body: '', kind: 'status', status: 504},
      {kind: 'status', retry_after: 1, status: 429},
      {kind: 'drop'},
    ] as const) {
      it(`retries a GET after ${fault.kind === 'drop' ? 'a dropped connection' : fault.status} and says so once`, async () => {
        inject({
          count: 2, method: 'GET', path: ENDPOINT_PATH, ...fault,
        })
        const result = await run(show)
        expect(result.status, result.stderr).to.equal(0)
        expect(result.stdout).to.include('Operational')
        expect(result.stderr.match(/Retrying after a transient failure/g)).to.have.length(1)
        expect(requests('GET')).to.have.length(3)
      })
    }

    it('retries the add-on lookup on the Platform API too', async () => {
      inject({
        kind: 'status', method: 'POST', path: '/actions/addons/resolve', status: 503,
      })
      const result = await run(show)
      expect(result.status, result.stderr).to.equal(0)
      expect(requests('POST', '/actions/addons/resolve')).to.have.length(2)
    })

    it('does not retry a 401', async () => {
      const result = await run(show, {HEROKU_API_KEY: 'wrong-token'})
      expectCleanFailure(result)
      expect(result.stderr).not.to.include('Retrying')
      // The lookup and the config vars read beside it, each sent once.
      expect(e2e.emulator.log().map(entry => `${entry.method} ${entry.path} ${entry.status}`).sort()).to.deep.equal([
        `GET /apps/${EXAMPLE_APP}/config-vars 401`, 'POST /actions/addons/resolve 401',
      ])
    })
  })

  describe('writes are never sent twice blindly', () => {
    it('does not resend a create after a 503, and says how to check the state', async () => {
      inject({
        kind: 'status', method: 'POST', path: ENDPOINT_PATH, status: 503,
      })
      const result = await run(create)
      expectCleanFailure(result)
      expect(requests('POST')).to.have.length(1)
      expect(oneLine(result.stderr)).to.include('may or may not have been made')
      expect(oneLine(result.stderr)).to.include(`heroku data:privatelink DATABASE --app ${EXAMPLE_APP}`)
    })

    it('does not resend a destroy after the connection dropped', async () => {
      inject({kind: 'drop', method: 'DELETE', path: ENDPOINT_PATH})
      const result = await run(['data:privatelink:destroy', 'DATABASE', '--app', EXAMPLE_APP, '--confirm', EXAMPLE_APP])
      expectCleanFailure(result)
      expect(requests('DELETE')).to.have.length(1)
      expect(oneLine(result.stderr)).to.include('may or may not have been made')
    })
  })

  describe('every answer the APIs can give is one clear paragraph', () => {
    const cases: Array<{expected: RegExp; fault: Partial<Fault>; name: string}> = [
      {expected: /Bad allowed_accounts \(400 Bad Request\)/, fault: {message: 'Bad allowed_accounts', status: 400}, name: '400'},
      {expected: /rejected your credentials \(401\)[\s\S]*heroku login/, fault: {status: 401}, name: '401'},
      {expected: /Not allowed \(403 Forbidden\)[\s\S]*heroku access --app example-app/, fault: {message: 'Not allowed', status: 403}, name: '403'},
      {expected: /two-factor authentication/, fault: {id: 'two_factor', message: 'A second factor is required.', status: 403}, name: '403 two-factor'},
      {expected: /No PrivateLink endpoint exists[\s\S]*data:privatelink:create/, fault: {status: 404}, name: '404'},
      {expected: /Endpoint is changing \(409 Conflict\)/, fault: {message: 'Endpoint is changing', status: 409}, name: '409'},
      {expected: /Already exists \(422 Unprocessable Entity\)/, fault: {message: 'Already exists', status: 422}, name: '422'},
      {expected: /rate limiting requests \(429 Too Many Requests\)[\s\S]*Try again in 30 seconds/, fault: {retry_after: 30, status: 429}, name: '429'},
      {expected: /failed with 500 Internal Server Error/, fault: {status: 500}, name: '500'},
      {expected: /failed with 502 Bad Gateway: it answered with an HTML page/, fault: {body: '<!DOCTYPE html><html>proxy error</html>', status: 502}, name: '502 with an HTML page'},
      {expected: /failed with 503 Service Unavailable/, fault: {status: 503}, name: '503'},
      {expected: /failed with 504 Gateway Timeout: it answered with an empty body/, fault: {body: '', status: 504}, name: '504 with an empty body'},
    ]
    for (const {expected, fault, name} of cases) {
      it(`explains a ${name} from the Data API`, async () => {
        // A create meets no endpoint: with one, a refusal is explained by it (see errors.test.ts).
        e2e.reset()
        inject({
          kind: 'status', method: 'POST', path: ENDPOINT_PATH, ...fault,
        })
        const result = await run(create)
        expectCleanFailure(result)
        expect(oneLine(result.stderr)).to.match(expected)
        expect(result.stderr).to.include(POSTGRES_ADDON)
      })
    }

    it('explains an HTML page from the Platform API', async () => {
      inject({
        body: '<html>upstream error</html>', kind: 'status', method: 'POST', path: '/actions/addons/resolve', status: 400,
      })
      const result = await run(show)
      expectCleanFailure(result)
      expect(oneLine(result.stderr)).to.include('HTML page')
    })

    it('puts the error on stdout as JSON under --json', async () => {
      e2e.reset()
      inject({
        kind: 'status', message: 'Already exists', method: 'POST', path: ENDPOINT_PATH, status: 422,
      })
      const result = await run([...create, '--json'])
      expect(result.status).to.equal(1)
      expect(JSON.parse(result.stdout).error).to.include({exit_code: 1, reason: 'invalid_params'})
    })
  })

  describe('the token goes only where it should', () => {
    for (const host of ['http://example.com', 'https://api.data.example.com', 'https://user:pw@api.data.heroku.com', 'ftp://127.0.0.1']) {
      it(`refuses HEROKU_DATA_HOST=${host} before any request`, async () => {
        const result = await run(show, {HEROKU_DATA_HOST: host})
        expectCleanFailure(result)
        expect(result.stderr).to.include('HEROKU_DATA_HOST')
        expect(e2e.emulator.log()).to.have.length(0)
      })
    }

    it('never follows a redirect, so the token stays with the configured host', async () => {
      const elsewhere = await startEmulator({quiet: true})
      try {
        inject({
          kind: 'status', location: `${elsewhere.url}${ENDPOINT_PATH}`, method: 'GET', path: ENDPOINT_PATH, status: 307,
        })
        const result = await run(show)
        expectCleanFailure(result)
        expect(oneLine(result.stderr)).to.include('redirect (307)')
        expect(oneLine(result.stderr)).to.include('which was not followed')
        expect(elsewhere.log()).to.have.length(0)
      } finally {
        await elsewhere.close()
      }
    })

    it('accepts a loopback URL', async () => {
      const result = await run(show)
      expect(result.status, result.stderr).to.equal(0)
      expect(requests('GET')[0].auth).to.equal('basic')
    })
  })

  describe('secrets never leave', () => {
    it('prints neither the token nor a password, even with every debug switch on', async () => {
      const {endpoint_id} = e2e.emulator.simulateConnection(POSTGRES_ADDON)
      await run(show)
      const result = await run(show, {DEBUG: '*', HEROKU_DEBUG: '1', HEROKU_DEBUG_HEADERS: '1'})
      expect(result.status, result.stderr).to.equal(0)
      expect(result.stdout).to.include(endpoint_id.slice(-17).toUpperCase())
      const everything = result.stdout + result.stderr
      expect(everything).to.include('config-vars')
      for (const secret of [e2e.emulator.token, Buffer.from(`:${e2e.emulator.token}`).toString('base64'), 'secretpassword1234', new URL(DATABASE_URL).password]) {
        expect(everything).not.to.include(secret)
      }
    })

    it('keeps a token that an error message echoes out of the output', async () => {
      e2e.reset()
      inject({
        kind: 'status', message: `token ${e2e.emulator.token} is not welcome here`, method: 'POST', path: ENDPOINT_PATH, status: 422,
      })
      const result = await run(create)
      expectCleanFailure(result)
      expect(result.stderr).not.to.include(e2e.emulator.token)
      expect(result.stderr).to.include('[REDACTED]')
    })
  })

  describe('pasted typographic dashes', () => {
    for (const [typed, meant] of [['–app', '--app'], ['—app', '--app'], ['–a', '-a']]) {
      it(`hints ${meant} for ${typed}, sending nothing`, async () => {
        const result = await run(['data:privatelink', 'DATABASE', typed, EXAMPLE_APP])
        expectCleanFailure(result, 2)
        expect(oneLine(result.stderr)).to.include(`did you mean ${meant}?`)
        expect(e2e.emulator.log()).to.have.length(0)
      })
    }
  })

  describe('a proxy', () => {
    let proxy: Server
    /** The `host:port` of each CONNECT, in order. */
    let tunnels: string[] = []
    let proxyUrl: string
    /** Tunnels are no longer HTTP connections, so `closeAllConnections` leaves them. */
    const open = new Set<Duplex>()

    before(async () => {
      // A minimal CONNECT proxy on loopback, as corporate networks put in front of Heroku.
      proxy = createServer()
      proxy.on('connect', (request, client, head) => {
        const target = request.url ?? ''
        tunnels.push(target)
        const separator = target.lastIndexOf(':')
        const upstream = connect(Number(target.slice(separator + 1)), target.slice(0, separator), () => {
          client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
          upstream.write(head)
          upstream.pipe(client)
          client.pipe(upstream)
        })
        // Either side closing ends the tunnel: the proxy's sockets are half-open by default.
        upstream.on('error', () => client.destroy()).on('close', () => client.destroy())
        client.on('error', () => upstream.destroy()).on('close', () => upstream.destroy())
        open.add(client)
        client.once('close', () => open.delete(client))
      })
      await new Promise<void>(resolve => {
        proxy.listen(0, '127.0.0.1', resolve)
      })
      proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`
    })

    beforeEach(() => {
      tunnels = []
    })

    after(async () => {
      proxy.closeAllConnections()
      for (const socket of open) socket.destroy()
      await new Promise(resolve => {
        proxy.close(resolve)
      })
    })

    /** Every request the emulator logged came through a tunnel to it, and only to it. */
    function expectAllTunnelled(emulator: RunningEmulator): void {
      expect(emulator.log().length).to.be.at.least(2)
      expect(tunnels.length, tunnels.join(', ')).to.be.at.least(emulator.log().length)
      expect(new Set(tunnels)).to.deep.equal(new Set([new URL(emulator.url).host]))
    }

    it('sends every request to a plain-http API through HTTP_PROXY', async () => {
      const result = await run(show, {HTTP_PROXY: proxyUrl, HTTPS_PROXY: undefined})
      expect(result.status, result.stderr).to.equal(0)
      expect(result.stdout).to.include('Operational')
      expectAllTunnelled(e2e.emulator)
    })

    describe('to an https API', () => {
      let certificate: TestCertificate
      let secure: RunningEmulator

      before(async () => {
        certificate = testCertificate()
        secure = await startEmulator({quiet: true, timing: POLL_TIMING, tls: certificate})
      })

      beforeEach(() => {
        secure.reset()
        secure.seedEndpoint({addon: POSTGRES_ADDON, allowed_accounts: ['123456789012:user/abc']})
      })

      after(async () => {
        await secure?.close()
        certificate?.remove()
      })

      it('sends every request through HTTPS_PROXY alone', async () => {
        const result = await e2e.cli(show, {
          env: {
            ...secure.env, HTTP_PROXY: undefined, HTTPS_PROXY: proxyUrl, NODE_EXTRA_CA_CERTS: certificate.caFile,
          },
        })
        expect(result.status, result.stderr).to.equal(0)
        expect(result.stdout).to.include(`=== PrivateLink endpoint for ${POSTGRES_ADDON} on ${EXAMPLE_APP}`)
        expect(result.stdout).to.match(/Status: +Operational/)
        expect(result.stdout).to.include('123456789012:user/abc')
        expect(secure.url).to.match(/^https:\/\/localhost:\d+$/)
        expect(secure.log().map(entry => describeRequest(entry)).sort()).to.deep.equal([`GET ${ENDPOINT_PATH} basic`, `GET /apps/${EXAMPLE_APP}/config-vars bearer`, RESOLVE].sort())
        expectAllTunnelled(secure)
        expect(e2e.emulator.log()).to.deep.equal([])
      })
    })
  })
})

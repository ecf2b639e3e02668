import {expect} from 'chai'
import nock from 'nock'

import {dataApiBaseUrl, DataApiClient, endpointPath} from '../../src/lib/data-api.js'
import {PrivateLinkError} from '../../src/lib/failures.js'
import {
  BASIC, DATA_API, DATA_API_ACCEPT, operationalEndpoint, provisioningEndpoint, TOKEN,
} from '../helpers/fixtures.js'
import {networkError} from './fakes.js'

function refusal(setting: string): PrivateLinkError {
  try {
    dataApiBaseUrl(setting)
  } catch (error) {
    expect(error).to.be.instanceOf(PrivateLinkError)
    return error as PrivateLinkError
  }

  throw new Error(`${setting} was accepted`)
}

/** The Data API, expecting Basic auth of ":" and the token, the Accept header it requires, and the client's user agent. */
const api = () => nock(DATA_API, {reqheaders: {accept: DATA_API_ACCEPT, authorization: BASIC, 'user-agent': 'heroku-data-privatelink test'}})

describe('data-api', () => {
  describe('dataApiBaseUrl', () => {
    it('defaults to https://api.data.heroku.com', () => {
      expect(dataApiBaseUrl().href).to.equal('https://api.data.heroku.com/')
      expect(dataApiBaseUrl('').href).to.equal('https://api.data.heroku.com/')
      expect(dataApiBaseUrl('  ').href).to.equal('https://api.data.heroku.com/')
    })

    it('reads HEROKU_DATA_HOST when given no argument', () => {
      const saved = process.env.HEROKU_DATA_HOST
      process.env.HEROKU_DATA_HOST = 'api.data.staging.herokudev.com'
      try {
        expect(dataApiBaseUrl().href).to.equal('https://api.data.staging.herokudev.com/')
      } finally {
        if (saved === undefined) delete process.env.HEROKU_DATA_HOST
        else process.env.HEROKU_DATA_HOST = saved
      }
    })

    it('takes a bare host as https', () => {
      expect(dataApiBaseUrl('api.data.heroku.com').href).to.equal('https://api.data.heroku.com/')
    })

    it('takes a full https URL of a Heroku host, with a port', () => {
      expect(dataApiBaseUrl('https://shogun.herokai.com:8443').href).to.equal('https://shogun.herokai.com:8443/')
    })

    for (const local of ['http://127.0.0.1:5001', 'http://localhost:5001', 'http://[::1]:5001', 'http://127.0.0.2:5001/']) {
      it(`takes ${local} for local testing`, () => {
        const url = dataApiBaseUrl(local)
        expect(url.protocol).to.equal('http:')
        expect(url.port).to.equal('5001')
      })
    }

    it('refuses plain http to a host that is not loopback', () => {
      const error = refusal('http://api.data.heroku.com')
      expect(error.message).to.include('"http://api.data.heroku.com"')
      expect(error.message).to.include('plain http')
      expect(error.reason).to.equal('invalid_data_host')
    })

    for (const host of ['evil.example.com', 'https://api.data.heroku.com.evil.com', 'notheroku.com', 'https://heroku.com@evil.com']) {
      it(`refuses ${host}, which would receive the token`, () => {
        const error = refusal(host)
        expect(error.message).to.match(/not a Heroku host|without credentials/)
        expect(error.message).to.include('Unset it to use api.data.heroku.com')
      })
    }

    it('refuses credentials in the URL', () => {
      expect(refusal('https://user:secret@api.data.heroku.com').message).to.include('without credentials, path or query')
    })

    it('refuses a path', () => {
      expect(refusal('https://api.data.heroku.com/private-link').message).to.include('without credentials, path or query')
    })

    it('refuses a query', () => {
      expect(refusal('https://api.data.heroku.com?x=1').message).to.include('without credentials, path or query')
    })

    it('refuses a scheme other than http and https', () => {
      expect(refusal('ftp://api.data.heroku.com').message).to.include('must use https')
    })

    it('refuses what is not a host', () => {
      expect(refusal('http://').message).to.include('is not a host name or URL')
    })
  })

  describe('endpointPath', () => {
    it('puts the add-on name under /private-link/v0/databases/', () => {
      expect(endpointPath('postgresql-simply-12345')).to.equal('/private-link/v0/databases/postgresql-simply-12345')
    })

    it('percent-encodes the name into exactly one segment', () => {
      expect(endpointPath('a/b')).to.equal('/private-link/v0/databases/a%2Fb')
      expect(endpointPath('a?b#c')).to.equal('/private-link/v0/databases/a%3Fb%23c')
      expect(endpointPath('a b')).to.equal('/private-link/v0/databases/a%20b')
    })

    it("encodes dots, so '..' cannot climb out of the collection", () => {
      expect(endpointPath('..')).to.equal('/private-link/v0/databases/%2E%2E')
      expect(endpointPath('a.b')).to.equal('/private-link/v0/databases/a%2Eb')
    })
  })

  describe('DataApiClient', () => {
    const addon = 'postgresql-simply-12345'
    const path = `/private-link/v0/databases/${addon}`
    let retries: string[]
    let client: DataApiClient

    beforeEach(() => {
      retries = []
      client = new DataApiClient({
        baseUrl: new URL(DATA_API),
        onRetry: reason => retries.push(reason),
        readRetryMs: 0,
        token: TOKEN,
        userAgent: 'heroku-data-privatelink test',
      })
    })

    afterEach(() => {
      nock.cleanAll()
    })

    it('gets an endpoint with Basic auth of ":" and the token', async () => {
      const scope = api().get(path).reply(200, operationalEndpoint())
      expect(await client.getEndpoint(addon)).to.deep.equal(operationalEndpoint())
      expect(scope.isDone()).to.equal(true)
    })

    it('creates an endpoint with a POST of the allowed accounts', async () => {
      const scope = api().post(path, {allowed_accounts: ['123456789012', '123456789012:user/abc']}).reply(201, provisioningEndpoint())
      expect((await client.createEndpoint(addon, ['123456789012', '123456789012:user/abc']))?.status).to.equal('Provisioning')
      expect(scope.isDone()).to.equal(true)
    })

    const withoutEndpoint: Array<[string, number, nock.Body, Record<string, string>]> = [
      ['200 {}, as Heroku\'s fixtures', 200, {}, {}],
      ['an empty 200', 200, '', {}],
      ['a 201 that is not JSON', 201, '<html>ok</html>', {'content-type': 'application/json'}],
    ]
    for (const [what, status, body, headers] of withoutEndpoint) {
      it(`takes ${what} as a create that happened, without an endpoint, sent once`, async () => {
        const scope = api().post(path).once().reply(status, body, headers)
        expect(await client.createEndpoint(addon, ['123456789012'])).to.equal(undefined)
        expect(scope.isDone()).to.equal(true)
        expect(retries).to.deep.equal([])
      })
    }

    it('sends Accept: application/vnd.heroku+json; version=3 on every request', async () => {
      const seen: Array<string | string[] | undefined> = []
      for (const method of ['DELETE', 'GET', 'PATCH', 'POST', 'PUT']) {
        nock(DATA_API).intercept(/.*/, method).reply(function () {
          seen.push(this.req.headers.accept)
          return [200, operationalEndpoint()]
        })
      }

      await client.getEndpoint(addon)
      await client.createEndpoint(addon, ['123456789012'])
      await client.destroyEndpoint(addon)
      await client.addAllowedAccounts(addon, ['123456789012'])
      await client.removeAllowedAccounts(addon, ['123456789012'])
      expect(seen).to.deep.equal(Array.from({length: 5}, () => DATA_API_ACCEPT))
    })

    it('sends HEROKU_HEADERS on every request, over Accept and User-Agent whatever their case, but never over the token', async () => {
      const withHeaders = new DataApiClient({
        baseUrl: new URL(DATA_API),
        extraHeaders: {Authorization: 'Bearer other', 'User-Agent': 'mine', 'X-Heroku-Test': 'one'},
        onRetry() {},
        token: TOKEN,
        userAgent: 'heroku-data-privatelink test',
      })
      const seen: Array<Record<string, unknown>> = []
      for (const method of ['DELETE', 'GET']) {
        nock(DATA_API).intercept(/.*/, method).reply(function () {
          seen.push({...this.req.headers})
          return [200, operationalEndpoint()]
        })
      }

      await withHeaders.getEndpoint(addon)
      await withHeaders.destroyEndpoint(addon)
      for (const headers of seen) {
        expect(headers).to.include({
          accept: DATA_API_ACCEPT, authorization: BASIC, 'user-agent': 'mine', 'x-heroku-test': 'one',
        })
      }

      expect(seen).to.have.length(2)
    })

    it('reads an endpoint once, without retrying, when asked to', async () => {
      const retrying = new DataApiClient({
        baseUrl: new URL(DATA_API), onRetry: reason => retries.push(reason), token: TOKEN, userAgent: 'heroku-data-privatelink test',
      })
      const scope = api().get(path).once().reply(503, {})
      const error = await retrying.getEndpoint(addon, {once: true}).catch(error_ => error_)
      expect(error.statusCode).to.equal(503)
      expect(scope.isDone()).to.equal(true)
      expect(retries).to.deep.equal([])
    })

    it('destroys an endpoint with a DELETE', async () => {
      const scope = api().delete(path).reply(200, {})
      await client.destroyEndpoint(addon)
      expect(scope.isDone()).to.equal(true)
    })

    it('adds allowed accounts with a PUT', async () => {
      const scope = api().put(`${path}/allowed_accounts`, {allowed_accounts: ['123456789012:role/deploy']}).reply(200, operationalEndpoint())
      await client.addAllowedAccounts(addon, ['123456789012:role/deploy'])
      expect(scope.isDone()).to.equal(true)
    })

    it('removes allowed accounts with a PATCH', async () => {
      const scope = api().patch(`${path}/allowed_accounts`, {allowed_accounts: ['123456789012:role/deploy']}).reply(200, operationalEndpoint())
      await client.removeAllowedAccounts(addon, ['123456789012:role/deploy'])
      expect(scope.isDone()).to.equal(true)
    })

    it('sends to the path of an encoded add-on name', async () => {
      const scope = api().get('/private-link/v0/databases/a%2E%2E%2Fb').reply(200, operationalEndpoint())
      await client.getEndpoint('a../b')
      expect(scope.isDone()).to.equal(true)
    })

    it('sends to a loopback base URL with its port', async () => {
      const local = new DataApiClient({
        baseUrl: new URL('http://127.0.0.1:5999'), onRetry() {}, token: TOKEN, userAgent: 'x',
      })
      const scope = nock('http://127.0.0.1:5999').get(path).reply(200, operationalEndpoint())
      await local.getEndpoint(addon)
      expect(scope.isDone()).to.equal(true)
    })

    it('never follows a redirect, which could carry the token elsewhere', async () => {
      const scope = api().get(path).reply(302, '', {location: 'https://evil.example.com/steal'})
      const error = await client.getEndpoint(addon).catch(error_ => error_)
      expect(error).to.be.instanceOf(PrivateLinkError)
      expect(error.message).to.include('redirect (302) to "https://evil.example.com/steal", which was not followed')
      expect(error.reason).to.equal('redirect')
      expect(scope.isDone()).to.equal(true)
    })

    it('reports an answer that is not an endpoint', async () => {
      api().get(path).reply(200, '<html>hello</html>', {'content-type': 'text/html'})
      const error = await client.getEndpoint(addon).catch(error_ => error_)
      expect(error.message).to.include('answered GET with a body that is not a PrivateLink endpoint')
      expect(error.reason).to.equal('malformed_response')
    })

    it('reports an empty answer to a GET', async () => {
      api().get(path).reply(200, '')
      const error = await client.getEndpoint(addon).catch(error_ => error_)
      expect(error.message).to.include('answered GET with an empty body')
    })

    it('passes an HTTP error on with its status and body', async () => {
      api().get(path).reply(404, {id: 'not_found', message: 'Not found.'})
      const error = await client.getEndpoint(addon).catch(error_ => error_)
      expect(error.statusCode).to.equal(404)
      expect(error.body).to.deep.equal({id: 'not_found', message: 'Not found.'})
    })

    it('sends a write once after ECONNRESET: it may have been made', async () => {
      const scope = api().post(path).replyWithError(networkError('ECONNRESET'))
      const error = await client.createEndpoint(addon, ['123456789012']).catch(error_ => error_)
      expect(error.code).to.equal('ECONNRESET')
      expect(scope.isDone()).to.equal(true)
      expect(retries).to.deep.equal([])
    })

    it('sends a write once after a 503', async () => {
      const scope = api().delete(path).reply(503, {id: 'unavailable', message: 'try later'})
      const error = await client.destroyEndpoint(addon).catch(error_ => error_)
      expect(error.statusCode).to.equal(503)
      expect(scope.isDone()).to.equal(true)
      expect(retries).to.deep.equal([])
    })

    it('does not retry a read when readRetryMs is 0', async () => {
      api().get(path).reply(503, {})
      const error = await client.getEndpoint(addon).catch(error_ => error_)
      expect(error.statusCode).to.equal(503)
      expect(retries).to.deep.equal([])
    })
  })
})

import {CLIError} from '@oclif/core/errors'
import {expect} from 'chai'

import {
  ExitCode, explainFailure, type FailureContext, PrivateLinkError, sanitize,
} from '../../src/lib/failures.js'
import {DeadlineReached, NoAnswerError} from '../../src/lib/retry.js'
import {privatelinkCommand} from '../../src/lib/suggestions.js'
import {httpError, networkError} from './fakes.js'

const WRITE: FailureContext = {
  addon: 'postgresql-simply-12345',
  api: 'Heroku Data API',
  app: 'example-app',
  database: 'DATABASE',
  doing: 'create the PrivateLink endpoint',
  write: true,
}
const READ: FailureContext = {...WRITE, doing: 'get the PrivateLink endpoint', write: false}
const HEAD = "Couldn't create the PrivateLink endpoint for postgresql-simply-12345 on example-app"
const CHECK_STATE = 'The change may or may not have been made. Check the current state with: heroku data:privatelink DATABASE --app example-app'

function explain(error: unknown, context = WRITE): PrivateLinkError {
  const explained = explainFailure(error, context)
  expect(explained).to.be.instanceOf(PrivateLinkError)
  return explained as PrivateLinkError
}

describe('failures', () => {
  describe('explainFailure', () => {
    it('401: says to log in again', () => {
      const error = explain(httpError(401, {id: 'unauthorized', message: 'Invalid credentials provided.'}))
      expect(error.message).to.equal(`${HEAD}: the Heroku Data API rejected your credentials (401).\nLog in again with: heroku login (or set HEROKU_API_KEY to a valid API key)`)
      expect(error.reason).to.equal('unauthorized')
    })

    it('403 two_factor: says a terminal is needed for the code', () => {
      const error = explain(httpError(403, {id: 'two_factor', message: 'Two-factor code required.'}))
      expect(error.message).to.include('Two-factor code required. (403 Forbidden)')
      expect(error.message).to.include('needs two-factor authentication: run the command in a terminal')
      expect(error.reason).to.equal('two_factor')
    })

    it('403 otherwise: says how to check access to the app', () => {
      const error = explain(httpError(403, {id: 'forbidden', message: 'You do not have access to the app example-app.'}))
      expect(error.message).to.include('You do not have access to the app example-app. (403 Forbidden)')
      expect(error.message).to.include('heroku access --app example-app')
      expect(error.message).not.to.include('two-factor')
    })

    it('404 from the Data API: no endpoint, the API\'s own words (it may not know the add-on at all), and the create command', () => {
      const error = explain(httpError(404, {id: 'not_found', message: 'Couldn\'t find that database'}), READ)
      expect(error.message).to.equal([
        'No PrivateLink endpoint exists for postgresql-simply-12345 on example-app. The Heroku Data API said: Couldn\'t find that database.',
        'Create one with: heroku data:privatelink:create DATABASE --app example-app --aws-account-id ACCOUNT_ID',
      ].join('\n'))
      expect(error.reason).to.equal('not_found')
    })

    it('404 from the Data API without a message: our words alone', () => {
      const error = explain(httpError(404, ''), READ)
      expect(error.message).to.equal([
        'No PrivateLink endpoint exists for postgresql-simply-12345 on example-app.',
        'Create one with: heroku data:privatelink:create DATABASE --app example-app --aws-account-id ACCOUNT_ID',
      ].join('\n'))
    })

    it('404 from the Platform API is not taken for a missing endpoint', () => {
      const error = explain(httpError(404, {id: 'not_found', message: "Couldn't find that app."}), {...READ, api: 'Heroku Platform API'})
      expect(error.message).to.include("Couldn't find that app. (404 Not Found)")
      expect(error.message).not.to.include('data:privatelink:create')
    })

    it("422: passes the API's message on, naming the add-on and app", () => {
      const error = explain(httpError(422, {id: 'invalid_params', message: 'Allowed accounts are invalid: 12345.'}))
      expect(error.message).to.equal(`${HEAD}: Allowed accounts are invalid: 12345. (422 Unprocessable Entity).`)
      expect(error.reason).to.equal('invalid_params')
    })

    it('names DATABASE as typed while the add-on is not resolved yet', () => {
      const error = explain(httpError(422, {message: 'nope'}), {...WRITE, addon: undefined, database: 'other-app::DATABASE'})
      expect(error.message).to.include('for other-app::DATABASE on example-app')
      expect(error.reason).to.equal('http_422')
    })

    it('429: says when to try again, from Retry-After', () => {
      const error = explain(httpError(429, {id: 'rate_limit', message: 'Slow down.'}, {'retry-after': '20'}))
      expect(error.message).to.include('the Heroku Data API is rate limiting requests (429 Too Many Requests): Slow down.\nTry again')
      expect(error.message).to.include('Try again in 20 seconds.')
      expect(error.reason).to.equal('rate_limited')
    })

    it('429 without Retry-After: says to try again in a minute', () => {
      expect(explain(httpError(429, {message: 'Slow down.'})).message).to.include('Try again in a minute.')
    })

    for (const [status, words] of [[500, 'Internal Server Error'], [502, 'Bad Gateway'], [503, 'Service Unavailable'], [504, 'Gateway Timeout']] as const) {
      it(`${status}: names the failure and, for a write, how to check the state`, () => {
        const error = explain(httpError(status, {id: 'oops', message: 'Something broke.'}))
        expect(error.message).to.equal(`${HEAD}: the Heroku Data API failed with ${status} ${words}: Something broke.\n${CHECK_STATE}`)
      })
    }

    it('5xx on a read: does not talk of a change', () => {
      expect(explain(httpError(503, {message: 'down'}), READ).message).not.to.include('may or may not')
    })

    it('an HTML body: says a proxy or gateway answered', () => {
      const error = explain(httpError(502, '<!DOCTYPE html><html><body>Bad Gateway</body></html>'))
      expect(error.message).to.include('it answered with an HTML page instead of JSON (likely from a proxy or gateway)')
      expect(error.message).not.to.include('<html')
      expect(error.reason).to.equal('http_502')
    })

    it('an empty body: says so', () => {
      expect(explain(httpError(500, '')).message).to.include('it answered with an empty body')
    })

    it('a JSON body without a message: says so', () => {
      expect(explain(httpError(400, {error: 'x'})).message).to.include('it answered with a JSON body without a message (400 Bad Request)')
    })

    it('ECONNRESET on a write: the change may have been made, and how to check', () => {
      const error = explain(networkError('ECONNRESET'))
      expect(error.message).to.equal(`${HEAD}: the Heroku Data API could not be reached: connection reset (ECONNRESET).\n${CHECK_STATE}`)
      expect(error.reason).to.equal('network')
    })

    it('ECONNREFUSED on a write: nothing was sent, so nothing to check', () => {
      const error = explain(networkError('ECONNREFUSED'))
      expect(error.message).to.include('could not be reached: connection refused (ECONNREFUSED).')
      expect(error.message).not.to.include('may or may not')
    })

    it('mentions HTTPS_PROXY when one is set', () => {
      process.env.HTTPS_PROXY = 'http://proxy.example.com:3128'
      try {
        expect(explain(networkError('ETIMEDOUT')).message).to.include('could not be reached (through the proxy in HTTPS_PROXY): timed out (ETIMEDOUT)')
      } finally {
        delete process.env.HTTPS_PROXY
      }
    })

    it('malformed JSON: says so', () => {
      const error = explain(new SyntaxError('Unexpected token < in JSON'))
      expect(error.message).to.include('answered with malformed JSON')
      expect(error.reason).to.equal('malformed_response')
    })

    it('strips control characters from API messages', () => {
      const error = explain(httpError(422, {id: 'bad\u0007id', message: 'Invalid\u001B]0;pwned\u0007 account\r\u0000'}))
      // eslint-disable-next-line no-control-regex
      expect(error.message).not.to.match(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/)
      expect(error.message).to.include('Invalid]0;pwned account (422 Unprocessable Entity)')
      expect(error.reason).to.equal('badid')
    })

    it('keeps the original error as its source, for retry decisions', () => {
      const original = httpError(503)
      expect(explain(original).source).to.equal(original)
    })

    it('passes an error of ours on unchanged', () => {
      const ours = new PrivateLinkError('already explained', {exit: ExitCode.Usage})
      expect(explainFailure(ours, WRITE)).to.equal(ours)
    })

    it('no answer to a write: it may or may not have been applied, and how to check', () => {
      const error = explain(new NoAnswerError(30_000))
      expect(error.message).to.equal(`${HEAD}: the Heroku Data API gave no answer within 30s.\n${CHECK_STATE}`)
      expect(error.reason).to.equal('no_answer')
      expect(error.oclif.exit).to.equal(ExitCode.Failure)
    })

    it('no answer to a read: nothing about the state', () => {
      expect(explain(new NoAnswerError(30_000), READ).message).not.to.include('may or may not')
    })

    it('the deadline during a request: exit code 3, and for a write how to check the state', () => {
      const error = explain(new DeadlineReached('server error (503)'))
      expect(error.oclif.exit).to.equal(ExitCode.TimedOut)
      expect(error.reason).to.equal('timeout')
      expect(error.message).to.include('Timed out: couldn\'t create the PrivateLink endpoint for postgresql-simply-12345 on example-app within --timeout (it was retrying after server error (503)).')
      expect(error.message).to.include(CHECK_STATE)
    })

    it('passes an unknown error on unchanged', () => {
      const unknown = new Error('boom')
      expect(explainFailure(unknown, WRITE)).to.equal(unknown)
    })

    it('is a CLIError with exit code 1', () => {
      const error = explain(httpError(500, ''))
      expect(error).to.be.instanceOf(CLIError)
      expect(error.oclif.exit).to.equal(1)
    })
  })

  describe('sanitize', () => {
    it('bounds the length of server text', () => {
      const long = sanitize('x'.repeat(2000))
      expect(long).to.have.length(501)
      expect(long.endsWith('…')).to.equal(true)
    })

    it('keeps newlines and trims', () => {
      expect(sanitize('  one\ntwo\t ')).to.equal('one\ntwo')
    })
  })

  describe('suggested commands', () => {
    it('show and create name DATABASE as typed and the app', () => {
      const context = {app: 'example-app', database: 'other-app::DATABASE'}
      expect(privatelinkCommand('', context)).to.equal('heroku data:privatelink other-app::DATABASE --app example-app')
      expect(privatelinkCommand('create', context, '--aws-account-id', 'ACCOUNT_ID')).to.equal('heroku data:privatelink:create other-app::DATABASE --app example-app --aws-account-id ACCOUNT_ID')
    })
  })
})

// Failures of the built plugin against the emulator: what the user reads, the exit code, and the
// requests made (none at all when the input is refused).
import {expect} from 'chai'

import {
  ADVANCED_ADDON, COMMON_APP, COMMON_POSTGRES_ADDON, POSTGRES_ADDON, STANDARD_ADDON,
} from '../emulator/server.js'
import {
  APP, oneLine, parseJson, POSTGRES_PATH, printed, RESOLVE,
} from './helpers.js'
import {e2eSuite} from './suite.js'

const CONFIG_VARS_READ = `GET /apps/${APP}/config-vars bearer`

interface JsonError {
  error: {exit_code: number; message: string; reason: string}
}

describe('e2e: data:privatelink errors', function () {
  this.timeout(120_000)
  const e2e = e2eSuite()

  const operationalEndpoint = () => e2e.emulator.seedEndpoint({addon: POSTGRES_ADDON, allowed_accounts: ['123456789012:user/abc']})

  describe('API errors (exit code 1)', () => {
    it('reports a rejected API token without printing it', async () => {
      const token = 'wrong-token-4b9e1f0c7d2a'
      const show = await e2e.cli(['data:privatelink', 'DATABASE', '--app', APP], {env: {HEROKU_API_KEY: token}})
      expect(show.status, printed(show)).to.equal(1)
      expect(show.stdout).to.equal('')
      expect(oneLine(show.stderr)).to.include('The token provided to HEROKU_API_KEY is invalid')
      expect(oneLine(show.stderr)).to.include('heroku login')
      expect(show.stderr).not.to.include(token)
      // Refused on the add-on lookup, whose failure is the one shown: the Data API is never asked, and
      // the refusal of the config vars read beside the lookup is dropped with it.
      expect(e2e.requests().sort()).to.deep.equal([`GET /apps/${APP}/config-vars invalid`, 'POST /actions/addons/resolve invalid'])

      const json = await e2e.cli(['data:privatelink', 'DATABASE', '--app', APP, '--json'], {env: {HEROKU_API_KEY: token}})
      expect(json.status, printed(json)).to.equal(1)
      expect(parseJson<JsonError>(json).error).to.include({exit_code: 1, reason: 'unauthorized'})
      expect(json.stdout + json.stderr).not.to.include(token)
    })

    it('reports a missing token as unauthorized, before any request', async () => {
      const json = await e2e.cli(['data:privatelink:wait', 'DATABASE', '--app', APP, '--json'], {env: {HEROKU_API_KEY: undefined}})
      expect(json.status, printed(json)).to.equal(1)
      expect(parseJson<JsonError>(json).error).to.deep.equal({
        exit_code: 1, message: 'You are not logged in to Heroku. Run heroku login, or set HEROKU_API_KEY.', reason: 'unauthorized',
      })
      expect(e2e.requests()).to.deep.equal([])
    })

    it('reports credentials rejected by the Data API', async () => {
      e2e.emulator.injectFault({kind: 'status', path: POSTGRES_PATH, status: 401})
      const show = await e2e.cli(['data:privatelink', 'DATABASE', '--app', APP, '--json'])
      expect(show.status, printed(show)).to.equal(1)
      const {error} = parseJson<JsonError>(show)
      expect(error).to.include({exit_code: 1, reason: 'unauthorized'})
      expect(error.message).to.include('the Heroku Data API rejected your credentials (401)')
      expect(show.stderr).to.equal('')
      expect(e2e.requests().sort()).to.deep.equal([`GET ${POSTGRES_PATH} basic`, CONFIG_VARS_READ, RESOLVE].sort())
    })

    it('says when there is no endpoint, with the create command to run', async () => {
      const show = await e2e.cli(['data:privatelink', 'DATABASE', '--app', APP])
      expect(show.status, printed(show)).to.equal(1)
      expect(show.stdout).to.equal('')
      const hint = `heroku data:privatelink:create DATABASE --app ${APP} --aws-account-id ACCOUNT_ID`
      // The API's own words stay beside ours: the same 404 may mean it does not know the add-on.
      const said = `The Heroku Data API said: No PrivateLink endpoint for ${POSTGRES_ADDON}.`
      expect(oneLine(show.stderr)).to.equal(`Error: No PrivateLink endpoint exists for ${POSTGRES_ADDON} on ${APP}. ${said} Create one with: ${hint}`)
      expect(e2e.requests().sort()).to.deep.equal([`GET ${POSTGRES_PATH} basic`, CONFIG_VARS_READ, RESOLVE].sort())

      const json = await e2e.cli(['data:privatelink:access', 'DATABASE', '--app', APP, '--json'])
      expect(json.status, printed(json)).to.equal(1)
      expect(parseJson<JsonError>(json)).to.deep.equal({
        error: {
          exit_code: 1,
          message: `No PrivateLink endpoint exists for ${POSTGRES_ADDON} on ${APP}. ${said}\nCreate one with: ${hint}`,
          reason: 'not_found',
        },
      })
    })

    it('says a second create finds the endpoint there already, with the commands that show it and add accounts', async () => {
      const first = await e2e.cli(['data:privatelink:create', 'DATABASE', '--app', APP, '-i', '123456789012'])
      expect(first.status, printed(first)).to.equal(0)

      e2e.emulator.clearLog()
      const second = await e2e.cli(['data:privatelink:create', 'DATABASE', '--app', APP, '-i', '210987654321'])
      expect(second.status, printed(second)).to.equal(1)
      expect(second.stdout).to.equal('')
      expect(oneLine(second.stderr)).to.equal(`Creating a PrivateLink endpoint for ${POSTGRES_ADDON} on ${APP}... ! Error: ${POSTGRES_ADDON} on ${APP} already has a PrivateLink endpoint (Provisioning), and a database has only one, so the Heroku Data API refused to create another. Show it with: heroku data:privatelink DATABASE --app ${APP} Allow more AWS accounts to connect with: heroku data:privatelink:access:add DATABASE --app ${APP} --aws-account-id ACCOUNT_ID`)
      // The create is sent once; one read of the endpoint tells why it was refused.
      expect(e2e.requests().filter(request => request.includes('/private-link/'))).to.deep.equal([`POST ${POSTGRES_PATH} basic`, `GET ${POSTGRES_PATH} basic`])
    })

    it('says to wait for the destroy when a create follows it too soon', async () => {
      operationalEndpoint()
      const destroy = await e2e.cli(['data:privatelink:destroy', 'DATABASE', '--app', APP, '--confirm', APP])
      expect(destroy.status, printed(destroy)).to.equal(0)
      e2e.emulator.setTiming({deprovision: {polls: 5}})

      const create = await e2e.cli(['data:privatelink:create', 'DATABASE', '--app', APP, '-i', '123456789012', '--json'])
      expect(create.status, printed(create)).to.equal(1)
      const {error} = parseJson<JsonError>(create)
      expect(error).to.deep.equal({
        exit_code: 1,
        message: `The previous PrivateLink endpoint for ${POSTGRES_ADDON} on ${APP} is still being destroyed (Deprovisioned), so the Heroku Data API refused to create a new one. Wait for the destroy to finish, then create it again:\n  heroku data:privatelink:wait DATABASE --app ${APP} --destroyed`,
        reason: 'destroy_in_progress',
      })
    })

    it('shows the message of an injected 422', async () => {
      operationalEndpoint()
      e2e.emulator.injectFault({
        kind: 'status', message: 'Allowed accounts limit reached for this endpoint', method: 'PUT', path: `${POSTGRES_PATH}/allowed_accounts`, status: 422,
      })
      const add = await e2e.cli(['data:privatelink:access:add', 'DATABASE', '--app', APP, '-i', '210987654321'])
      expect(add.status, printed(add)).to.equal(1)
      expect(add.stdout).to.equal('')
      expect(oneLine(add.stderr)).to.include(`Couldn't add allowed accounts for ${POSTGRES_ADDON} on ${APP}: Allowed accounts limit reached for this endpoint (422 Unprocessable Entity).`)
      // A write answered with an error is not sent again.
      expect(e2e.requests()).to.deep.equal([RESOLVE, `PUT ${POSTGRES_PATH}/allowed_accounts basic`])
    })

    it('says when the add-on is unknown, never showing the 404 of the endpoint read beside the lookup', async () => {
      for (const args of [[], ['--json']]) {
        e2e.emulator.clearLog()
        // eslint-disable-next-line no-await-in-loop
        const show = await e2e.cli(['data:privatelink', 'postgresql-nosuch-00000', '--app', APP, ...args])
        expect(show.status, printed(show)).to.equal(1)
        const message = oneLine(args.length > 0 ? parseJson<JsonError>(show).error.message : show.stderr)
        expect(message).to.match(/Couldn't find that add ?on\. \(postgresql-nosuch-00000 on example-app\)/)
        expect(message).to.include(`List the app's add-ons with: heroku addons --app ${APP}`)
        expect(show.stdout + show.stderr).not.to.match(/PrivateLink endpoint|Data API|Warning/)
        // Read as an add-on name while the lookup ran, and answered 404: dropped with the lookup's failure.
        expect(e2e.emulator.log().map(entry => `${entry.method} ${entry.path} ${entry.status}`).sort()).to.deep.equal([
          `GET /apps/${APP}/config-vars 200`, 'GET /private-link/v0/databases/postgresql-nosuch-00000 404', 'POST /actions/addons/resolve 404',
        ])
      }
    })

    it('names the add-ons an ambiguous DATABASE matches', async () => {
      const show = await e2e.cli(['data:privatelink', 'heroku-postgresql', '--app', APP, '--json'])
      expect(show.status, printed(show)).to.equal(1)
      const {error} = parseJson<JsonError>(show)
      expect(error).to.include({exit_code: 1, reason: 'ambiguous'})
      expect(error.message).to.include(`heroku-postgresql matches several add-ons on ${APP}: ${POSTGRES_ADDON}, postgresql-shield-67890, ${ADVANCED_ADDON}, postgresql-standard-55555.`)
      expect(error.message).to.include(`heroku data:privatelink ${POSTGRES_ADDON} --app ${APP}`)
      // A service's name is never read as an add-on's: only the config vars go beside the lookup.
      expect(e2e.requests().sort()).to.deep.equal([CONFIG_VARS_READ, RESOLVE])
    })

    it('refuses to create an endpoint for Heroku Postgres Advanced before asking the Data API', async () => {
      const create = await e2e.cli(['data:privatelink:create', ADVANCED_ADDON, '--app', APP, '-i', '123456789012'])
      expect(create.status, printed(create)).to.equal(1)
      expect(oneLine(create.stderr)).to.include('PrivateLink is not supported on Heroku Postgres Advanced')
      // Only the app, read beside the lookup: never a write before the lookup answered.
      expect(e2e.requests().sort()).to.deep.equal([`GET /apps/${APP} bearer`, RESOLVE])
    })

    it('refuses to create an endpoint for a Standard database attached to an app in a space: not networked into it, with the Dev Center\'s link, before asking the Data API', async () => {
      const create = await e2e.cli(['data:privatelink:create', 'HEROKU_POSTGRESQL_GREEN', '--app', APP, '-i', '123456789012', '--json'])
      expect(create.status, printed(create)).to.equal(1)
      const {error} = parseJson<JsonError>(create)
      expect(error).to.deep.equal({
        exit_code: 1,
        message: `${STANDARD_ADDON} on ${APP} has the plan heroku-postgresql:standard-0, which is not networked into the space example-space of ${APP}: a Standard database can be attached to an app in a space without being in it, and it has no PrivateLink. PrivateLink needs a private or shield plan (heroku-postgresql:private-* or heroku-postgresql:shield-*). Nothing was created. See https://devcenter.heroku.com/articles/heroku-postgres-via-privatelink`,
        reason: 'unsupported_plan',
      })
      expect(e2e.requests().sort()).to.deep.equal([`GET /apps/${APP} bearer`, RESOLVE])
    })

    it('refuses to create an endpoint for a database in the Common Runtime, with the Dev Center\'s link, before asking the Data API', async () => {
      const create = await e2e.cli(['data:privatelink:create', 'DATABASE', '--app', COMMON_APP, '-i', '123456789012'])
      expect(create.status, printed(create)).to.equal(1)
      expect(create.stdout).to.equal('')
      const said = oneLine(create.stderr)
      expect(said).to.include(`${COMMON_POSTGRES_ADDON} belongs to ${COMMON_APP}, which runs in the Common Runtime.`)
      expect(said).to.include('PrivateLink needs a database in a Private Space or Shield Private Space')
      expect(said).to.include('https://devcenter.heroku.com/articles/heroku-postgres-via-privatelink')
      expect(e2e.requests().sort()).to.deep.equal([`GET /apps/${COMMON_APP} bearer`, RESOLVE])

      const json = await e2e.cli(['data:privatelink:create', 'DATABASE', '--app', COMMON_APP, '-i', '123456789012', '--json'])
      expect(parseJson<{error: {reason: string}}>(json).error.reason).to.equal('not_in_private_space')
      expect(e2e.requests().filter(request => request.includes('/private-link/'))).to.deep.equal([])
    })
  })

  describe('refused input (exit code 2, nothing sent)', () => {
    it('refuses destroy without --confirm when there is no terminal, even with the app name on stdin', async () => {
      operationalEndpoint()
      const destroy = await e2e.cli(['data:privatelink:destroy', 'DATABASE', '--app', APP], {input: `${APP}\n`})
      expect(destroy.status, printed(destroy)).to.equal(2)
      expect(destroy.stdout).to.equal('')
      expect(oneLine(destroy.stderr)).to.include(`Add --confirm ${APP}: heroku data:privatelink:destroy DATABASE --app ${APP} --confirm ${APP}`)
      expect(e2e.emulator.log()).to.deep.equal([])
      expect((await e2e.endpoint())?.status).to.equal('Operational')
    })

    it('refuses destroy with a --confirm that is not the app', async () => {
      operationalEndpoint()
      const destroy = await e2e.cli(['data:privatelink:destroy', 'DATABASE', '--app', APP, '--confirm', 'other-app'])
      expect(destroy.status, printed(destroy)).to.equal(2)
      expect(destroy.stdout).to.equal('')
      expect(oneLine(destroy.stderr)).to.equal(`Error: --confirm "other-app" does not match the app ${APP}. Nothing was destroyed.`)
      expect(e2e.emulator.log()).to.deep.equal([])
      expect((await e2e.endpoint())?.status).to.equal('Operational')
    })

    it('refuses an invalid --aws-account-id with the message that fits it', async () => {
      const create = await e2e.cli(['data:privatelink:create', 'DATABASE', '--app', APP, '-i', '12345'])
      expect(create.status, printed(create)).to.equal(2)
      expect(create.stdout).to.equal('')
      expect(oneLine(create.stderr)).to.include('Invalid AWS account ID "12345": the account ID must be exactly 12 digits (it has 5).')

      const add = await e2e.cli(['data:privatelink:access:add', 'DATABASE', '--app', APP, '-i', '123456789012:group/admins'])
      expect(add.status, printed(add)).to.equal(2)
      expect(oneLine(add.stderr)).to.include('Invalid AWS account ID "123456789012:group/admins": "group/admins" is not a user or role: after the account ID comes user/NAME or role/NAME.')

      const arn = await e2e.cli(['data:privatelink:access:remove', 'DATABASE', '--app', APP, '-i', 'arn:aws:iam:123456789012:user/abc'])
      expect(arn.status, printed(arn)).to.equal(2)
      expect(oneLine(arn.stderr)).to.include('Invalid AWS account ID "arn:aws:iam:123456789012:user/abc": a colon is missing: an IAM ARN has an empty region, so two colons follow iam, as in arn:aws:iam::123456789012:user/abc.')
      expect(arn.stderr).not.to.include('12 digits')

      const json = await e2e.cli(['data:privatelink:create', '-i', '123456789012,210987654321', 'DATABASE', '--app', APP, '--json'])
      expect(json.status, printed(json)).to.equal(2)
      const {error} = parseJson<JsonError>(json)
      expect(error).to.deep.equal({
        exit_code: 2,
        message: 'Invalid AWS account ID "123456789012,210987654321": it looks like several accounts joined by commas. Repeat --aws-account-id (-i) once for each account: -i 123456789012 -i 210987654321',
        reason: 'invalid_input',
      })
      expect(e2e.emulator.log()).to.deep.equal([])
    })

    it('takes -i before DATABASE, as many people type it', async () => {
      const create = await e2e.cli(['data:privatelink:create', '-i', '123456789012', '-i', '210987654321:role/deploy', 'DATABASE', '-a', APP])
      expect(create.status, printed(create)).to.equal(0)
      expect(e2e.emulator.log().find(entry => entry.method === 'POST' && entry.path === POSTGRES_PATH)?.body).to.deep.equal({allowed_accounts: ['123456789012', '210987654321:role/deploy']})
    })
  })

  describe('wait (exit codes 3 and 4)', () => {
    it('times out with exit code 3 while the endpoint stays Provisioning', async () => {
      e2e.emulator.seedEndpoint({addon: POSTGRES_ADDON, status: 'Provisioning'})
      const wait = await e2e.cli(['data:privatelink:wait', 'DATABASE', '--app', APP, '--timeout', '1', '--interval', '1', '--json'])
      expect(wait.status, printed(wait)).to.equal(3)
      const {error} = parseJson<JsonError>(wait)
      expect(error).to.include({exit_code: 3, reason: 'timeout'})
      expect(error.message).to.include('last status: Provisioning')
    })

    it('stops with exit code 4 when the endpoint failed', async () => {
      e2e.emulator.seedEndpoint({addon: POSTGRES_ADDON, status: 'Failed'})
      const wait = await e2e.cli(['data:privatelink:wait', 'DATABASE', '--app', APP, '--interval', '1'])
      expect(wait.status, printed(wait)).to.equal(4)
      expect(wait.stdout).to.equal('')
      expect(oneLine(wait.stderr)).to.include(`The PrivateLink endpoint for ${POSTGRES_ADDON} on ${APP} is Failed: it will not become operational.`)
      expect(e2e.requests()).to.deep.equal([RESOLVE, `GET ${POSTGRES_PATH} basic`])
    })
  })
})

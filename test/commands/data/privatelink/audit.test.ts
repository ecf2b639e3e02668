// `data:privatelink --space SPACE` and `--team TEAM` in-process against nock: what is read, what is
// refused before any request, the findings and --fail-on-findings. The e2e suite (test/e2e/audit.test.ts)
// runs it against the emulator: concurrency, 429s and the progress bar.
import {expect} from 'chai'

import type {AuditedDatabase} from '../../../../src/lib/endpoint-view.js'
import type {PrivateLinkEndpoint} from '../../../../src/lib/types.js'

import {
  APP, connectedEndpoint, KAFKA, operationalEndpoint, OTHER_APP, OTHER_POSTGRES, platformApp, POSTGRES, REDIS, SENDGRID,
} from '../../../helpers/fixtures.js'
import {
  checkRequests, dataApi, endpointOf, parseJson, platformApi, runCommand, watchRequests,
} from '../../helpers.js'

const SPACE = 'example-space'
const TEAM = 'example-team'
const COMMON = platformApp('common-app', undefined, null)
const IN_SPACE = platformApp(APP, undefined, SPACE)
const IN_OTHER_SPACE = platformApp(OTHER_APP, undefined, 'other-space')

/** The team's apps, Common Runtime included, out of order as an API may give them. */
function teamApps(): void {
  platformApi().get(`/teams/${TEAM}/apps`).reply(200, [IN_OTHER_SPACE, COMMON, IN_SPACE])
}

/** Postgres's endpoint with its connection, whose owner's whole account is allowed: no finding. */
const ALLOWED_CONNECTION: PrivateLinkEndpoint = {...connectedEndpoint(), allowed_accounts: [{arn: 'arn:aws:iam::123456789101:root', status: 'Active'}]}

/** example-app's add-ons and their endpoints: Postgres with a connection, Kafka none, SendGrid never read. */
function exampleApp(postgres = ALLOWED_CONNECTION): void {
  platformApi().get(`/apps/${APP}/addons`).reply(200, [POSTGRES, SENDGRID, KAFKA])
  dataApi().get(endpointOf(POSTGRES)).reply(200, postgres)
  dataApi().get(endpointOf(KAFKA)).reply(404, {id: 'not_found', message: 'No PrivateLink endpoint'})
}

const OTHER_REDIS = {...REDIS, app: {name: OTHER_APP}}

const entries = (stdout: string) => JSON.parse(stdout) as AuditedDatabase[]

describe('data:privatelink --space and --team', () => {
  beforeEach(watchRequests)

  afterEach(checkRequests)

  it('--space: the space\'s team, that team\'s apps in the space alone, and the data add-ons\' endpoints only (exit 0)', async () => {
    platformApi().get(`/spaces/${SPACE}`).reply(200, {id: 'space-id', name: SPACE, team: {id: 'team-id', name: TEAM}})
    teamApps()
    exampleApp()
    const {error, stdout} = await runCommand(['data:privatelink', '--space', SPACE, '--json'])
    expect(error).to.equal(undefined)
    expect(entries(stdout)).to.deep.equal([
      {
        accounts: {active: 0, total: 0}, addon: KAFKA.name, app: APP, connections: {available: 0, total: 0}, error: null, findings: [], kind: 'kafka', plan: KAFKA.plan.name, region: null, service_name: null, status: null,
      },
      {
        accounts: {active: 1, total: 1}, addon: POSTGRES.name, app: APP, connections: {available: 1, total: 1}, error: null, findings: [], kind: 'postgres', plan: POSTGRES.plan.name, region: 'us-east-1', service_name: connectedEndpoint().service_name, status: 'Operational',
      },
    ])
    expect(process.exitCode).to.equal(undefined)
  })

  it('--team: every app of the team in a Private Space, sorted by name, without the Common Runtime\'s', async () => {
    teamApps()
    exampleApp()
    platformApi().get(`/apps/${OTHER_APP}/addons`).reply(200, [OTHER_POSTGRES])
    dataApi().get(endpointOf(OTHER_POSTGRES)).reply(200, operationalEndpoint(OTHER_POSTGRES.name, OTHER_APP))
    const {stdout} = await runCommand(['data:privatelink', '--team', TEAM, '--json'])
    expect(entries(stdout).map(entry => [entry.app, entry.addon])).to.deep.equal([[APP, KAFKA.name], [APP, POSTGRES.name], [OTHER_APP, OTHER_POSTGRES.name]])
  })

  it('shows one table grouped by app, the findings\' kinds in it and their messages below, and still exits 0', async () => {
    teamApps()
    exampleApp(connectedEndpoint())
    platformApi().get(`/apps/${OTHER_APP}/addons`).reply(200, [OTHER_POSTGRES, OTHER_REDIS])
    dataApi().get(endpointOf(OTHER_POSTGRES)).reply(200, {...operationalEndpoint(OTHER_POSTGRES.name, OTHER_APP), allowed_accounts: [{arn: 'arn:aws:iam::123456789012:root', status: 'Provisioning'}]})
    dataApi().get(endpointOf(OTHER_REDIS)).reply(403, {id: 'forbidden', message: 'You do not have access to this cluster.'})
    const {error, stdout} = await runCommand(['data:privatelink', '--team', TEAM])
    expect(error).to.equal(undefined)
    expect(stdout).to.include(`=== PrivateLink endpoints of the apps in the Private Spaces of team ${TEAM}`)
    expect(stdout).to.match(new RegExp(` ${APP} +${KAFKA.name} +Apache Kafka on Heroku +none\\s*\\n +${POSTGRES.name} +Heroku Postgres +Operational +\\S+ +us-east-1 +1/1 active +1/1 available +connection_not_allowed, unused_grant`))
    expect(stdout).to.match(new RegExp(` ${OTHER_APP} +${OTHER_POSTGRES.name} +Heroku Postgres +Operational .* 0/1 active +0/0 available +account_pending\\s*\\n +${REDIS.name} +Heroku Key-Value Store +unknown +unreadable`))
    expect(stdout).to.include(`\n${POSTGRES.name} on ${APP}: Connection vpce-01c87ae3c05563935 (Available) is owned by arn:aws:iam::123456789101:user/abc.xyz, which no allowed account covers`)
    expect(stdout).to.include(`\n${POSTGRES.name} on ${APP}: Allowed account arn:aws:iam::123456789012:user/abc has no connection: a grant nobody uses. Remove it with: heroku data:privatelink:access:remove ${POSTGRES.name} --app ${APP} --aws-account-id 123456789012:user/abc\n`)
    expect(stdout).to.include(`\n${REDIS.name} on ${OTHER_APP}: Couldn't be audited: Couldn't get the PrivateLink endpoint for ${REDIS.name} on ${OTHER_APP}: You do not have access to this cluster. (403 Forbidden).\n`)
    expect(stdout).to.include('\n4 findings in 4 data add-ons in 2 apps.\n')
    expect(stdout).not.to.include(SENDGRID.name)
    expect(process.exitCode).to.equal(undefined)
  })

  it('--fail-on-findings exits 6 when there is a finding, after printing the audit', async () => {
    teamApps()
    exampleApp(connectedEndpoint())
    platformApi().get(`/apps/${OTHER_APP}/addons`).reply(200, [])
    const {stdout} = await runCommand(['data:privatelink', '--team', TEAM, '--json', '--fail-on-findings'])
    expect(entries(stdout).find(entry => entry.addon === POSTGRES.name)?.findings.map(finding => finding.kind)).to.deep.equal(['connection_not_allowed', 'unused_grant'])
    expect(process.exitCode).to.equal(6)
  })

  it('--fail-on-findings exits 0 when there is none', async () => {
    teamApps()
    exampleApp()
    platformApi().get(`/apps/${OTHER_APP}/addons`).reply(200, [SENDGRID])
    const {error, stdout} = await runCommand(['data:privatelink', '--team', TEAM, '--fail-on-findings'])
    expect(error).to.equal(undefined)
    expect(stdout).to.include('\nNo findings in 2 data add-ons in 2 apps.\n')
    expect(process.exitCode).to.equal(undefined)
  })

  it('says so when there is no app, or no data add-on, in the space', async () => {
    platformApi().get(`/spaces/${SPACE}`).twice().reply(200, {id: 'space-id', name: SPACE, team: {name: TEAM}})
    platformApi().get(`/teams/${TEAM}/apps`).reply(200, [COMMON])
    expect((await runCommand(['data:privatelink', '--space', SPACE])).stdout).to.equal(`There are no apps in space ${SPACE}.\n`)
    platformApi().get(`/teams/${TEAM}/apps`).reply(200, [IN_SPACE])
    platformApi().get(`/apps/${APP}/addons`).reply(200, [SENDGRID])
    expect((await runCommand(['data:privatelink', '--space', SPACE])).stdout).to.equal(`No Heroku Postgres, Apache Kafka or Key-Value Store add-on in the 1 app in space ${SPACE}.\n`)
  })

  it('fails (exit 1) when the space can\'t be found, in the API\'s words, with the command that lists spaces', async () => {
    platformApi().get('/spaces/nosuch-space').reply(404, {id: 'not_found', message: 'Couldn\'t find that space.', resource: 'space'})
    const {stdout} = await runCommand(['data:privatelink', '--space', 'nosuch-space', '--json'])
    expect(parseJson(stdout)).to.deep.equal({
      error: {exit_code: 1, message: 'Couldn\'t find that space. (space nosuch-space)\nList the spaces you can see with: heroku spaces', reason: 'space_not_found'},
    })
  })

  it('fails when the team\'s apps can\'t be listed', async () => {
    platformApi().get('/teams/nosuch-team/apps').reply(404, {id: 'not_found', message: 'Couldn\'t find that team.', resource: 'team'})
    const {error} = await runCommand(['data:privatelink', '--team', 'nosuch-team'])
    expect(error?.message).to.equal('Couldn\'t find that team. (team nosuch-team)\nList the teams you can see with: heroku teams')
    expect(error?.oclif?.exit).to.equal(1)
  })

  it('needs no app: HEROKU_APP is not the --app of an audit', async () => {
    process.env.HEROKU_APP = APP
    try {
      platformApi().get(`/teams/${TEAM}/apps`).reply(200, [COMMON])
      const {error, stdout} = await runCommand(['data:privatelink', '--team', TEAM])
      expect(error).to.equal(undefined)
      expect(stdout).to.equal(`There are no apps in the Private Spaces of team ${TEAM}.\n`)
    } finally {
      delete process.env.HEROKU_APP
    }
  })

  for (const [args, said] of [
    [['--space', SPACE, '--team', TEAM], 'Give --space SPACE or --team TEAM, not both'],
    [['--space', SPACE, '--app', APP], '--space lists the apps of the space itself: it takes no --app.'],
    [['--team', TEAM, '-r', 'heroku'], '--team lists the apps of the team itself: it takes no --remote.'],
    [['DATABASE', '--space', SPACE], 'DATABASE names one database of one app, and --space lists every one of the space'],
    [['--space', SPACE, '--json', '--flat'], '--flat prints one endpoint: give DATABASE with --app'],
    [['--app', APP, '--fail-on-findings'], '--fail-on-findings is for an audit: add --space SPACE or --team TEAM.'],
    [['--space', 'not_a_space'], 'Invalid space name "not_a_space"'],
  ] as const) {
    it(`refuses ${args.join(' ')} before any request (exit 2)`, async () => {
      const {error, stdout} = await runCommand(['data:privatelink', ...args])
      // Under --json, the refusal is the one JSON document on stdout.
      const refusal = error ? {exit_code: error.oclif?.exit, message: error.message} : (parseJson(stdout) as {error: {exit_code: number; message: string}}).error
      expect(refusal.message).to.include(said)
      expect(refusal.exit_code).to.equal(2)
    })
  }

  it('without --app, --space or --team, asks for one (exit 2)', async () => {
    const {error} = await runCommand(['data:privatelink'])
    expect(error?.message).to.include('Missing required flag app: give --app APP (or set HEROKU_APP), or audit every app of a space or a team with --space SPACE or --team TEAM.')
    expect(error?.oclif?.exit).to.equal(2)
  })
})

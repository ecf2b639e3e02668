// `data:privatelink:check` and `wait --reachable` as a host in the VPC runs them: the real binary,
// the emulator's connection config vars pointing at real servers started here (PostgreSQL with
// TLS and a password, PgBouncer in front of it, Redis with TLS, a Kafka-like TLS listener that
// requires a client certificate), and the stand-ins of what goes wrong: a closed port, a name
// that doesn't resolve, a listener that never answers, a server that refuses TLS, a wrong password.
import {expect} from 'chai'
import {spawn} from 'node:child_process'

import type {CheckReport, HopResult, TargetResult} from '../../src/lib/check/types.js'

import {KAFKA_ADDON, POSTGRES_ADDON, REDIS_ADDON} from '../emulator/server.js'
import {selfSignedCertificate} from '../helpers/certificate.js'
import {type CliResult} from '../helpers/cli.js'
import {
  closedPort, type DatabaseServers, type KafkaLike, kafkaLikeListener, type Listener, requireDatabaseServers, silentListener, startDatabaseServers,
} from '../helpers/database-servers.js'
import {
  APP, oneLine, parseJson, POSTGRES_PATH, printed, RESOLVE,
} from './helpers.js'
import {e2eSuite} from './suite.js'

const ACCOUNT = '123456789012:user/abc'
const ENDPOINT_ID = 'vpce-01c87ae3c05563935'
const OTHER_ENDPOINT_ID = 'vpce-0a1b2c3d4e5f60718'
const keyOf = (id: string) => id.slice(-17).toUpperCase()
const CHECK = ['data:privatelink:check', 'DATABASE', '--app', APP]

/** A URL with another port, or another password. */
function withPort(url: string, port: number): string {
  const changed = new URL(url)
  changed.port = String(port)
  return changed.href
}

function withPassword(url: string, password: string): string {
  const changed = new URL(url)
  changed.password = password
  return changed.href
}

function hopsOf(target: TargetResult): Record<string, HopResult> {
  return Object.fromEntries(target.hops.map(hop => [hop.hop, hop]))
}

function statuses(report: CheckReport): string[][] {
  return report.targets.map(target => [target.protocol, ...target.hops.map(hop => `${hop.hop} ${hop.status}`)])
}

/** Runs a script with sh, as a bare EC2 host would. */
function runScript(script: string, env: Record<string, string> = {}): Promise<{status: null | number; stdout: string}> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-s'], {env: {PATH: process.env.PATH, ...env}})
    let stdout = ''
    child.stdout.setEncoding('utf8').on('data', chunk => {
      stdout += chunk
    })
    child.on('error', reject)
    child.on('close', status => resolve({status, stdout}))
    child.stdin.end(script)
  })
}

describe('e2e: data:privatelink:check against real servers', function () {
  this.timeout(120_000)
  const e2e = e2eSuite()
  let servers: DatabaseServers
  let kafka: KafkaLike
  let silent: Listener

  before(async function () {
    requireDatabaseServers(this)
    this.timeout(120_000)
    // Each kept as it starts, so that `after` stops the others when one fails to start.
    await Promise.all([
      startDatabaseServers().then(started => {
        servers = started
      }),
      kafkaLikeListener().then(started => {
        kafka = started
      }),
      silentListener().then(started => {
        silent = started
      }),
    ])
  })

  after(async () => {
    await Promise.all([servers?.stop(), kafka?.close(), silent?.close()])
  })

  /** No credential of any server, in any form, in what a run printed. */
  function expectNoCredentials(result: Pick<CliResult, 'stderr' | 'stdout'>, extra: string[] = []): void {
    const text = result.stdout + result.stderr
    for (const secret of [servers.password, encodeURIComponent(servers.password), servers.user, servers.redisPassword, servers.urls.postgres, ...extra]) {
      expect(text, 'a credential was printed').not.to.include(secret)
    }

    for (const pem of [kafka.clientCertificate.key]) {
      for (const line of pem.split('\n').filter(part => part.length > 20 && !part.startsWith('-----'))) expect(text, 'a key was printed').not.to.include(line)
    }
  }

  /** The Postgres endpoint with an Available connection whose config vars are `vars` (by suffix: URL, PGBOUNCER_URL). */
  // The connections' config vars point at the servers here; the API's hostname, a VPC endpoint's name that doesn't resolve here, is left out.
  function connectPostgres(vars: Record<string, string>, connections: Array<{endpoint_id: string; status?: string}> = [{endpoint_id: ENDPOINT_ID}]): void {
    e2e.emulator.seedEndpoint({addon: POSTGRES_ADDON, allowed_accounts: [ACCOUNT], connections: connections.map(connection => ({...connection, config_vars: false, hostname: false}))})
    e2e.emulator.setConfigVars(APP, Object.fromEntries(Object.entries(vars).map(([suffix, value]) => [`DATABASE_ENDPOINT_${keyOf(ENDPOINT_ID)}_${suffix}`, value])))
  }

  const check = async (args: string[] = [], env: Record<string, string> = {}) => {
    const result = await e2e.cli([...CHECK, ...args], {env})
    expectNoCredentials(result)
    return result
  }

  async function checkKafka(): Promise<{report: CheckReport; result: CliResult}> {
    const result = await e2e.cli(['data:privatelink:check', 'KAFKA', '--app', APP, '--json'])
    expectNoCredentials(result)
    return {report: parseJson<CheckReport>(result), result}
  }

  describe('every hop passes', () => {
    it('Postgres and PgBouncer: a row per host, port and hop, each ✓, and exit 0; three requests, in two round trips', async () => {
      connectPostgres({PGBOUNCER_URL: servers.urls.pgbouncer, URL: servers.urls.postgres})
      const result = await check()
      expect(result.status, printed(result)).to.equal(0)
      for (const [port, protocol] of [[servers.postgresPort, 'Postgres'], [servers.pgbouncerPort, 'PgBouncer']]) {
        for (const hop of ['DNS', 'TCP', 'TLS', 'Login']) {
          expect(result.stdout).to.match(new RegExp(`127\\.0\\.0\\.1 +${port} +${protocol} +${hop} +✓ +\\d+ms `))
        }
      }

      expect(result.stdout).to.match(/TLSv1\.[23], certificate CN=localhost, expires \d{4}-\d\d-\d\d/)
      expect(result.stdout).to.include('Reachable: all 8 hops passed, logins included.')
      expect(e2e.requests()).to.have.members([RESOLVE, `GET ${POSTGRES_PATH} basic`, `GET /apps/${APP}/config-vars bearer`])
    })

    it('--json gives every hop: addresses and their scope, the TLS session, and no credential', async () => {
      connectPostgres({PGBOUNCER_URL: servers.urls.pgbouncer, URL: servers.urls.postgres})
      const result = await check(['--json'])
      expect(result.status, printed(result)).to.equal(0)
      const report = parseJson<CheckReport>(result)
      expect(report).to.include({
        addon: POSTGRES_ADDON, app: APP, login: true, ok: true,
      })
      expect(report.targets.map(({config_var, endpoint_id, host, port, protocol}) => ({
        config_var, endpoint_id, host, port, protocol,
      }))).to.deep.equal([
        {
          config_var: `DATABASE_ENDPOINT_${keyOf(ENDPOINT_ID)}_URL`, endpoint_id: ENDPOINT_ID, host: '127.0.0.1', port: servers.postgresPort, protocol: 'postgres',
        },
        {
          config_var: `DATABASE_ENDPOINT_${keyOf(ENDPOINT_ID)}_PGBOUNCER_URL`, endpoint_id: ENDPOINT_ID, host: '127.0.0.1', port: servers.pgbouncerPort, protocol: 'pgbouncer',
        },
      ])
      for (const target of report.targets) {
        const hops = hopsOf(target)
        expect(target.hops.map(hop => [hop.hop, hop.status])).to.deep.equal([['dns', 'passed'], ['tcp', 'passed'], ['tls', 'passed'], ['login', 'passed']])
        expect(hops.dns.addresses).to.deep.equal([{address: '127.0.0.1', family: 4, scope: 'loopback'}])
        expect(hops.tls.tls?.protocol).to.match(/^TLSv1\.[23]$/)
        expect(hops.tls.tls?.subject).to.equal('CN=localhost')
        expect(Date.parse(hops.tls.tls?.expires_at ?? '')).to.be.greaterThan(Date.now())
        for (const hop of target.hops) expect(hop.duration_ms).to.be.a('number')
      }
    })

    it('Key-Value Store: TLS, then AUTH and PING', async () => {
      e2e.emulator.seedEndpoint({addon: REDIS_ADDON, allowed_accounts: [ACCOUNT], connections: [{config_vars: false, endpoint_id: ENDPOINT_ID}]})
      e2e.emulator.setConfigVars(APP, {[`REDIS_ENDPOINT_${keyOf(ENDPOINT_ID)}_URL`]: servers.urls.redis})
      const result = await e2e.cli(['data:privatelink:check', 'REDIS', '--app', APP, '--json'])
      expectNoCredentials(result)
      expect(result.status, printed(result)).to.equal(0)
      const report = parseJson<CheckReport>(result)
      expect(statuses(report)).to.deep.equal([['redis', 'dns passed', 'tcp passed', 'tls passed', 'login passed']])
      expect(hopsOf(report.targets[0]).login.detail).to.include('PING answered PONG')
    })

    it('checks the hosts and ports at once', async () => {
      // Both PgBouncer and Postgres point at the listener that never answers: their TLS hops hang side by side.
      connectPostgres({PGBOUNCER_URL: withPort(servers.urls.pgbouncer, silent.port), URL: withPort(servers.urls.postgres, silent.port)})
      const result = await check(['--hop-timeout', '5', '--json'])
      expect(result.status, printed(result)).to.equal(5)
      expect(silent.mostOpenAtOnce()).to.be.at.least(2)
    })
  })

  describe('each failure, explained', () => {
    it('a closed port: TCP refused, with its likely cause and command, the later hops skipped, exit 5', async () => {
      const port = await closedPort()
      connectPostgres({PGBOUNCER_URL: servers.urls.pgbouncer, URL: withPort(servers.urls.postgres, port)})
      const result = await check()
      expect(result.status, printed(result)).to.equal(5)
      expect(result.stdout).to.match(new RegExp(`127\\.0\\.0\\.1 +${port} +Postgres +TCP +✗ .*connection refused \\(ECONNREFUSED\\)`))
      expect(result.stdout).to.match(new RegExp(`127\\.0\\.0\\.1 +${port} +Postgres +TLS +- +not made: the TCP hop failed`))
      expect(result.stdout).to.match(new RegExp(`127\\.0\\.0\\.1 +${servers.pgbouncerPort} +PgBouncer +Login +✓`))
      expect(result.stdout).to.include(`✗ 127.0.0.1:${port} Postgres, TCP:`)
      expect(result.stdout).to.include(`      heroku data:privatelink DATABASE --app ${APP}\n`)
      expect(result.stdout).to.include('Not reachable from this host: 1 of 6 hops failed.')
    })

    it('a name that does not resolve: DNS fails (within the hop timeout), nothing after it is tried', async () => {
      connectPostgres({URL: servers.urls.postgres.replace('127.0.0.1', 'no-such-endpoint.invalid')})
      const result = await check(['--hop-timeout', '3', '--json'])
      expect(result.status, printed(result)).to.equal(5)
      const [target] = parseJson<CheckReport>(result).targets
      expect(target.host).to.equal('no-such-endpoint.invalid')
      expect(target.hops.map(hop => hop.status)).to.deep.equal(['failed', 'skipped', 'skipped', 'skipped'])
      // Without DNS on the machine, the lookup fails at once or takes its time: either way, the hop fails.
      expect(target.hops[0].detail).to.match(/doesn't resolve|no answer from the resolver within 3s|failed/)
      expect(target.hops[0].remedies[0].command).to.equal('getent ahosts no-such-endpoint.invalid')
    })

    it('a listener that takes the connection and never answers: TLS times out within the hop timeout', async () => {
      connectPostgres({URL: withPort(servers.urls.postgres, silent.port)})
      const result = await check(['--hop-timeout', '1', '--json'])
      expect(result.status, printed(result)).to.equal(5)
      const hops = hopsOf(parseJson<CheckReport>(result).targets[0])
      expect([hops.tcp.status, hops.tls.status, hops.login.status]).to.deep.equal(['passed', 'failed', 'skipped'])
      expect(hops.tls.detail).to.equal('no TLS handshake within 1s: something takes TCP connections on this port but doesn\'t answer')
    })

    it('--timeout bounds the whole command: exit 3 when a hop is still under way at the deadline', async () => {
      connectPostgres({URL: withPort(servers.urls.postgres, silent.port)})
      const result = await check(['--timeout', '4', '--hop-timeout', '60'])
      expect(result.status, printed(result)).to.equal(3)
      expect(oneLine(result.stderr)).to.include(`Timed out: the check of ${POSTGRES_ADDON} on ${APP} did not finish within --timeout 4s.`)
    })

    it('a server that refuses TLS: N to the SSLRequest', async () => {
      connectPostgres({PGBOUNCER_URL: servers.urls.pgbouncerWithoutTls})
      const result = await check(['--json'])
      expect(result.status, printed(result)).to.equal(5)
      const hops = hopsOf(parseJson<CheckReport>(result).targets[0])
      expect(hops.tls.status).to.equal('failed')
      expect(hops.tls.detail).to.include('the server refused TLS: it answered N to the SSLRequest')
    })

    it('a wrong password: the login fails saying so, Postgres, PgBouncer and Key-Value Store alike, and no password is printed, under DEBUG neither', async () => {
      const wrong = 'wrongPassw0rd/+='
      connectPostgres({PGBOUNCER_URL: withPassword(servers.urls.pgbouncer, wrong), URL: withPassword(servers.urls.postgres, wrong)})
      for (const env of [{}, {DEBUG: '*', HEROKU_DEBUG: '1'}] as Array<Record<string, string>>) {
        // eslint-disable-next-line no-await-in-loop
        const result = await check([], env)
        expect(result.status, printed(result)).to.equal(5)
        expectNoCredentials(result, [wrong, encodeURIComponent(wrong)])
        expect(result.stdout).to.include('Postgres, Login: the server refused the credentials of DATABASE_ENDPOINT_01C87AE3C05563935_URL (wrong password): password authentication failed for user "[user]"')
        expect(result.stdout).to.match(/PgBouncer, Login: the server refused the credentials of DATABASE_ENDPOINT_01C87AE3C05563935_PGBOUNCER_URL \(wrong password\)/)
      }

      const json = await check(['--json'])
      expectNoCredentials(json, [wrong, encodeURIComponent(wrong)])
      expect(statuses(parseJson<CheckReport>(json)).map(row => row.at(-1))).to.deep.equal(['login failed', 'login failed'])

      // Another VPC endpoint: config vars are found by the endpoint's id, whatever the attachment.
      e2e.emulator.seedEndpoint({addon: REDIS_ADDON, allowed_accounts: [ACCOUNT], connections: [{config_vars: false, endpoint_id: OTHER_ENDPOINT_ID}]})
      e2e.emulator.setConfigVars(APP, {[`REDIS_ENDPOINT_${keyOf(OTHER_ENDPOINT_ID)}_URL`]: withPassword(servers.urls.redis, wrong)})
      const redis = await e2e.cli(['data:privatelink:check', 'REDIS', '--app', APP, '--json'], {env: {DEBUG: '*'}})
      expectNoCredentials(redis, [wrong, encodeURIComponent(wrong)])
      expect(redis.status, printed(redis)).to.equal(5)
      expect(hopsOf(parseJson<CheckReport>(redis).targets[0]).login.detail).to.match(/^the server refused the credentials of REDIS_ENDPOINT_0A1B2C3D4E5F60718_URL \(wrong password\): WRONGPASS/)
    })

    it('--no-login stops after TLS: a wrong password then fails nothing', async () => {
      connectPostgres({URL: withPassword(servers.urls.postgres, 'wrong')})
      const result = await check(['--no-login', '--json'])
      expect(result.status, printed(result)).to.equal(0)
      const report = parseJson<CheckReport>(result)
      expect(report.login).to.equal(false)
      expect(statuses(report)).to.deep.equal([['postgres', 'dns passed', 'tcp passed', 'tls passed', 'login skipped']])
    })
  })

  describe('Kafka: a TLS listener that requires a client certificate', () => {
    const prefix = 'KAFKA'
    function connectKafka(certificates: {cert?: null | string; key?: null | string}): void {
      e2e.emulator.seedEndpoint({addon: KAFKA_ADDON, allowed_accounts: [ACCOUNT], connections: [{config_vars: false, endpoint_id: ENDPOINT_ID}]})
      e2e.emulator.setConfigVars(APP, {
        [`${prefix}_CLIENT_CERT_KEY`]: certificates.key ?? null,
        [`${prefix}_CLIENT_CERT`]: certificates.cert ?? null,
        [`${prefix}_ENDPOINT_${keyOf(ENDPOINT_ID)}_URL`]: `kafka+ssl://127.0.0.1:${kafka.port}`,
        [`${prefix}_TRUSTED_CERT`]: kafka.serverCertificate.cert,
      })
    }

    it('passes with the client certificate of the config vars: the broker answers ApiVersions', async () => {
      connectKafka(kafka.clientCertificate)
      const {report, result} = await checkKafka()
      expect(result.status, printed(result)).to.equal(0)
      const hops = hopsOf(report.targets[0])
      expect(hops.tls.detail).to.include('its chain verified against the trusted CA')
      expect(hops.login.detail).to.equal('the broker accepted the client certificate and answered ApiVersions (1 APIs)')
    })

    it('fails without a client certificate, and with one the broker does not trust', async () => {
      connectKafka({})
      const without = await checkKafka()
      expect(without.result.status, printed(without.result)).to.equal(5)
      const missing = hopsOf(without.report.targets[0])
      expect(missing.login.detail).to.equal('the broker asks for a client certificate, and the app has no KAFKA_CLIENT_CERT and KAFKA_CLIENT_CERT_KEY config vars yet')
      expect(missing.login.remedies[0].command).to.equal(`heroku config:get KAFKA_CLIENT_CERT -a ${APP}`)

      connectKafka(selfSignedCertificate())
      const wrong = await checkKafka()
      expect(wrong.result.status, printed(wrong.result)).to.equal(5)
      expect(wrong.report.targets[0].hops.find(hop => hop.status === 'failed')?.detail).to.match(/^the broker refused the client certificate of KAFKA_CLIENT_CERT/)
    })
  })

  describe('which connections', () => {
    it('every Available connection; --endpoint-id names one; a connection without config vars or hostname has nothing to check', async () => {
      connectPostgres({URL: servers.urls.postgres}, [{endpoint_id: ENDPOINT_ID}, {endpoint_id: OTHER_ENDPOINT_ID, status: 'Pending Acceptance'}])
      const all = await check(['--json'])
      expect(all.status, printed(all)).to.equal(0)
      expect(parseJson<CheckReport>(all).targets.map(target => target.endpoint_id)).to.deep.equal([ENDPOINT_ID])

      const pending = await check(['--endpoint-id', OTHER_ENDPOINT_ID])
      expect(pending.status, printed(pending)).to.equal(1)
      expect(oneLine(pending.stderr)).to.include(`Nothing to check yet for ${POSTGRES_ADDON} on ${APP}: connection ${OTHER_ENDPOINT_ID} has no config vars and no hostname yet.`)
      expect(oneLine(pending.stderr)).to.include(`heroku data:privatelink:wait DATABASE --app ${APP} --endpoint-id ${OTHER_ENDPOINT_ID}`)

      const unknown = await check(['--endpoint-id', 'vpce-0ffffffffffffffff'])
      expect(unknown.status, printed(unknown)).to.equal(1)
      expect(oneLine(unknown.stderr)).to.include(`has no connection vpce-0ffffffffffffffff: it has ${ENDPOINT_ID} (Available), ${OTHER_ENDPOINT_ID} (Pending Acceptance).`)
    })

    it('no Available connection: exit 1, with the wait for one', async () => {
      connectPostgres({}, [{endpoint_id: ENDPOINT_ID, status: 'Pending Acceptance'}])
      const result = await check()
      expect(result.status, printed(result)).to.equal(1)
      expect(oneLine(result.stderr)).to.include('has no Available connection to check')
    })
  })

  describe('--print-script: the same hops as a POSIX shell script', () => {
    it('holds host names and ports only, and run by sh it passes against the real servers and fails on a closed port and a refused TLS', async () => {
      connectPostgres({PGBOUNCER_URL: servers.urls.pgbouncer, URL: servers.urls.postgres})
      const good = await check(['--print-script'])
      expect(good.status, printed(good)).to.equal(0)
      expect(good.stdout).to.match(/^#!\/bin\/sh\n/)
      expect(good.stdout).to.include(`check_target 127.0.0.1 ${servers.postgresPort} '127.0.0.1:${servers.postgresPort} Postgres' postgres`)
      const passing = await runScript(good.stdout)
      expect(passing.status, passing.stdout).to.equal(0)
      expect(passing.stdout.split('\n').filter(line => line.startsWith('✓')).map(line => line.replace(/: .*/, ''))).to.deep.equal([
        `✓ 127.0.0.1:${servers.postgresPort} Postgres DNS`,
        `✓ 127.0.0.1:${servers.postgresPort} Postgres TCP`,
        `✓ 127.0.0.1:${servers.postgresPort} Postgres TLS`,
        `✓ 127.0.0.1:${servers.pgbouncerPort} PgBouncer DNS`,
        `✓ 127.0.0.1:${servers.pgbouncerPort} PgBouncer TCP`,
        `✓ 127.0.0.1:${servers.pgbouncerPort} PgBouncer TLS`,
      ])
      expect(passing.stdout).to.match(/Postgres TLS: TLSv1\.[23], certificate CN = localhost, expires /)
      expect(passing.stdout).to.include(`- 127.0.0.1:${servers.postgresPort} Postgres Login: not made: it needs the credentials`)

      const port = await closedPort()
      connectPostgres({PGBOUNCER_URL: servers.urls.pgbouncerWithoutTls, URL: withPort(servers.urls.postgres, port)})
      const bad = await check(['--print-script'])
      const failing = await runScript(bad.stdout)
      expect(failing.status, failing.stdout).to.equal(5)
      expect(failing.stdout).to.include(`✗ 127.0.0.1:${port} Postgres TCP: connection refused`)
      expect(failing.stdout).to.include(`✗ 127.0.0.1:${servers.pgbouncerWithoutTlsPort} PgBouncer TLS: the server refused TLS (it answered N to the SSLRequest)`)
    })

    it('makes a plain TLS handshake for Key-Value Store and Kafka, and times out on a listener that never answers', async () => {
      e2e.emulator.seedEndpoint({addon: REDIS_ADDON, allowed_accounts: [ACCOUNT], connections: [{config_vars: false, endpoint_id: ENDPOINT_ID}]})
      e2e.emulator.setConfigVars(APP, {[`REDIS_ENDPOINT_${keyOf(ENDPOINT_ID)}_URL`]: servers.urls.redis})
      const redis = await runScript((await e2e.cli(['data:privatelink:check', 'REDIS', '--app', APP, '--print-script'])).stdout)
      expect(redis.status, redis.stdout).to.equal(0)
      expect(redis.stdout).to.match(new RegExp(`✓ 127\\.0\\.0\\.1:${servers.redisPort} Key-Value Store TLS: TLSv1\\.[23]`))

      e2e.emulator.seedEndpoint({addon: KAFKA_ADDON, allowed_accounts: [ACCOUNT], connections: [{config_vars: false, endpoint_id: ENDPOINT_ID}]})
      e2e.emulator.setConfigVars(APP, {[`KAFKA_ENDPOINT_${keyOf(ENDPOINT_ID)}_URL`]: `kafka+ssl://127.0.0.1:${kafka.port},kafka+ssl://127.0.0.1:${silent.port}`})
      const script = (await e2e.cli(['data:privatelink:check', 'KAFKA', '--app', APP, '--print-script'])).stdout
      expect(script).not.to.include('BEGIN')
      const brokers = await runScript(script, {CHECK_TIMEOUT: '1'})
      expect(brokers.status, brokers.stdout).to.equal(5)
      expect(brokers.stdout).to.match(new RegExp(`✓ 127\\.0\\.0\\.1:${kafka.port} Kafka TLS: TLSv1\\.[23]`))
      expect(brokers.stdout).to.include(`✗ 127.0.0.1:${silent.port} Kafka TLS: no TLS handshake within 1s`)
    })
  })

  describe('wait --endpoint-id ID --reachable', () => {
    const wait = ['data:privatelink:wait', 'DATABASE', '--app', APP, '--endpoint-id', ENDPOINT_ID, '--reachable', '--interval', '1']

    it('exits 0 once the connection is Available and the check from this host passes, with the check in --json', async () => {
      connectPostgres({PGBOUNCER_URL: servers.urls.pgbouncer, URL: servers.urls.postgres})
      const result = await e2e.cli([...wait, '--json'])
      expectNoCredentials(result)
      expect(result.status, printed(result)).to.equal(0)
      const view = parseJson<{check: CheckReport; status: string}>(result)
      expect(view.status).to.equal('Operational')
      expect(view.check.ok).to.equal(true)
      expect(view.check.targets).to.have.length(2)
    })

    it('keeps waiting while a hop fails, saying which, until --timeout (exit 3)', async () => {
      connectPostgres({URL: withPort(servers.urls.postgres, await closedPort())})
      const result = await e2e.cli([...wait, '--timeout', '6'])
      expectNoCredentials(result)
      expect(result.status, printed(result)).to.equal(3)
      expect(result.stderr).to.match(/connection vpce-01c87ae3c05563935 Available, not reachable yet: 1 of 2 hops failed; the first: 127\.0\.0\.1:\d+ TCP: .*connection refused/)
      expect(oneLine(result.stderr)).to.include('Timed out after')
    })
  })
})

// What `check` checks, and the script --print-script writes from the same list of hops.
import {expect} from 'chai'

import type {Database, PrivateLinkEndpoint} from '../../../src/lib/types.js'

import {
  connectionsToCheck, HOPS, type PlannedTarget, targetsOf,
} from '../../../src/lib/check/plan.js'
import {plannedTargets} from '../../../src/lib/check/run.js'
import {checkScript} from '../../../src/lib/check/script.js'
import {PrivateLinkError} from '../../../src/lib/failures.js'
import {
  CONNECTED_CONFIG_VARS, connectedEndpoint, ENDPOINT_ID, OWNER_ARN, PASSWORD,
} from '../../helpers/fixtures.js'

const TARGET = {app: 'example-app', database: 'DATABASE'}
const WHO = 'postgresql-simply-12345 on example-app'
const POSTGRES: Database = {
  advanced: false, app: 'example-app', kind: 'postgres', name: 'postgresql-simply-12345', plan: 'heroku-postgresql:private-0', spacePlan: true,
}
const HOSTNAME = 'vpce-01c87ae3c05563935-4q2v7s1x.vpce-svc-0410a2e25933fe8ec.us-east-1.vpce.amazonaws.com'

function script(targets: PlannedTarget[]): string {
  return checkScript(targets, {
    addon: POSTGRES.name, app: 'example-app', command: 'heroku data:privatelink:check DATABASE --app example-app', hopTimeoutSeconds: 5,
  })
}

/** The fields a report shows, without the credentials. */
function shown(targets: PlannedTarget[]): Array<Record<string, unknown>> {
  return targets.map(({config_var, host, port, protocol}) => ({
    config_var, host, port, protocol,
  }))
}

function withConnections(...connections: Array<{endpoint_id: string; hostname?: string; status: string}>): PrivateLinkEndpoint {
  return {...connectedEndpoint(), connections: connections.map(connection => ({owner_arn: OWNER_ARN, ...connection}))}
}

describe('check plan', () => {
  it('makes the hops in the order an application does', () => {
    expect(HOPS).to.deep.equal(['dns', 'tcp', 'tls', 'login'])
  })

  describe('hosts and ports', () => {
    it('Postgres: the direct and the PgBouncer config vars, with their credentials in memory', () => {
      const targets = targetsOf(connectedEndpoint().connections![0], 'postgres', CONNECTED_CONFIG_VARS)
      const host = 'vpce-01c87ae3c05563935-abcd.vpce-svc-0410a2e25933fe8ec.us-east-1.vpce.amazonaws.com'
      expect(shown(targets)).to.deep.equal([
        {
          config_var: 'DATABASE_ENDPOINT_01C87AE3C05563935_URL', host, port: 5432, protocol: 'postgres',
        },
        {
          config_var: 'DATABASE_ENDPOINT_01C87AE3C05563935_PGBOUNCER_URL', host, port: 5433, protocol: 'pgbouncer',
        },
      ])
      expect(targets[0].credentials?.url.password).to.equal(PASSWORD)
    })

    it('Kafka: every broker, each with the attachment\'s client certificate, key and trusted CA', () => {
      const vars = {
        KAFKA_CLIENT_CERT: 'CERT', KAFKA_CLIENT_CERT_KEY: 'KEY', KAFKA_ENDPOINT_01C87AE3C05563935_URL: 'kafka+ssl://b1.example:9096,kafka+ssl://b2.example:9097', KAFKA_TRUSTED_CERT: 'CA',
      }
      const targets = targetsOf({endpoint_id: ENDPOINT_ID, owner_arn: OWNER_ARN, status: 'Available'}, 'kafka', vars)
      expect(shown(targets).map(target => [target.host, target.port, target.protocol])).to.deep.equal([['b1.example', 9096, 'kafka'], ['b2.example', 9097, 'kafka']])
      expect(targets.map(target => target.credentials?.kafka)).to.deep.equal([{cert: 'CERT', key: 'KEY', trusted: 'CA'}, {cert: 'CERT', key: 'KEY', trusted: 'CA'}])
    })

    it('Key-Value Store: the rediss URL', () => {
      const targets = targetsOf({endpoint_id: ENDPOINT_ID, owner_arn: OWNER_ARN, status: 'Available'}, 'redis', {REDIS_ENDPOINT_01C87AE3C05563935_URL: 'rediss://:pw@kv.example:6380'})
      expect(shown(targets)).to.deep.equal([{
        config_var: 'REDIS_ENDPOINT_01C87AE3C05563935_URL', host: 'kv.example', port: 6380, protocol: 'redis',
      }])
    })

    it('before the config vars exist: the connection\'s hostname on the ports of its kind, without credentials', () => {
      const connection = {
        endpoint_id: ENDPOINT_ID, hostname: HOSTNAME, owner_arn: OWNER_ARN, status: 'Pending Acceptance',
      }
      const postgres = targetsOf(connection, 'postgres', {LANG: 'en_US.UTF-8'})
      expect(shown(postgres)).to.deep.equal([
        {
          config_var: null, host: HOSTNAME, port: 5432, protocol: 'postgres',
        },
        {
          config_var: null, host: HOSTNAME, port: 5433, protocol: 'pgbouncer',
        },
      ])
      expect(postgres.map(target => [target.credentials, target.connection_status])).to.deep.equal([[undefined, 'Pending Acceptance'], [undefined, 'Pending Acceptance']])
      expect(shown(targetsOf(connection, 'redis', {})).map(target => target.port)).to.deep.equal([6379])
      expect(shown(targetsOf(connection, 'kafka', {})).map(target => target.port)).to.deep.equal([9096])
    })

    it('nothing to check without config vars or a hostname: the wait for them', () => {
      const endpoint = withConnections({endpoint_id: ENDPOINT_ID, status: 'Available'})
      expect(() => plannedTargets(POSTGRES, endpoint, {}, {target: TARGET})).to.throw(PrivateLinkError, `Nothing to check yet for ${WHO}: connection ${ENDPOINT_ID} has no config vars and no hostname yet.\nWait for them with: heroku data:privatelink:wait DATABASE --app example-app --endpoint-id ${ENDPOINT_ID}`)
    })
  })

  describe('connections', () => {
    const pending = {endpoint_id: 'vpce-0a1b2c3d4e5f60718', status: 'Pending Acceptance'}
    const available = {endpoint_id: ENDPOINT_ID, status: 'Available'}

    it('every Available one without --endpoint-id; the one it names, whatever its status', () => {
      const endpoint = withConnections(available, pending)
      expect(connectionsToCheck(endpoint, TARGET, WHO).map(connection => connection.endpoint_id)).to.deep.equal([ENDPOINT_ID])
      expect(connectionsToCheck(endpoint, TARGET, WHO, pending.endpoint_id).map(connection => connection.status)).to.deep.equal(['Pending Acceptance'])
    })

    it('refuses an --endpoint-id that is not among them, and an endpoint without an Available one, saying what there is', () => {
      expect(() => connectionsToCheck(withConnections(pending), TARGET, WHO, ENDPOINT_ID)).to.throw(`has no connection ${ENDPOINT_ID}: it has vpce-0a1b2c3d4e5f60718 (Pending Acceptance).`)
      expect(() => connectionsToCheck(withConnections(pending), TARGET, WHO)).to.throw('has no Available connection to check: it has vpce-0a1b2c3d4e5f60718 (Pending Acceptance).\nWait for one with: heroku data:privatelink:wait DATABASE --app example-app --endpoint-id VPC_ENDPOINT_ID')
      expect(() => connectionsToCheck(withConnections(), TARGET, WHO)).to.throw('it has none yet')
    })
  })

  describe('--print-script', () => {
    it('calls a shell function for each hop, in the order of HOPS, with each protocol\'s way of starting TLS', () => {
      const text = script(targetsOf(connectedEndpoint().connections![0], 'postgres', CONNECTED_CONFIG_VARS))
      expect(text).to.include('check_target() { hop_dns "$1" "$3" && hop_tcp "$1" "$2" "$3" && hop_tls "$1" "$2" "$3" "$4" && hop_login "$3"; }')
      expect(text).to.match(/\ncheck_target vpce-01c87ae3c05563935-abcd\.\S+ 5432 '\S+:5432 Postgres' postgres\n/)
      expect(text).to.match(/\ncheck_target \S+ 5433 '\S+:5433 PgBouncer' postgres\n/)
      const redis = script(targetsOf({endpoint_id: ENDPOINT_ID, owner_arn: OWNER_ARN, status: 'Available'}, 'redis', {REDIS_ENDPOINT_01C87AE3C05563935_URL: 'rediss://:pw@kv.example:6380'}))
      expect(redis).to.include("\ncheck_target kv.example 6380 'kv.example:6380 Key-Value Store' ''\n")
    })

    it('holds host names and ports, never a credential', () => {
      const text = script(targetsOf(connectedEndpoint().connections![0], 'postgres', CONNECTED_CONFIG_VARS))
      expect(text).not.to.include(PASSWORD)
      expect(text).not.to.include('u1234')
      expect(text).not.to.include('postgres://')
    })

    it('quotes a host that is not a plain word', () => {
      const text = script([{
        config_var: null, connection_status: 'Available', endpoint_id: ENDPOINT_ID, host: "odd'host", port: 5432, protocol: 'postgres',
      }])
      expect(text).to.include(String.raw`check_target 'odd'\''host' 5432 'odd'\''host:5432 Postgres' postgres`)
    })
  })
})

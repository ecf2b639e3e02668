import {expect} from 'chai'

import type {Database, PrivateLinkEndpoint} from '../../src/lib/types.js'

import {
  accountState, flatDestroyedView, flatEndpointView, isOperational, isProvisioning, needsAppRegion, needsConfigVars, regionOf, toAccountsChange, toDatabaseOverview, toEndpointView,
} from '../../src/lib/endpoint-view.js'
import {
  CONNECTED_CONFIG_VARS, connectedEndpoint, ENDPOINT_ID, HOSTNAME, KAFKA, operationalEndpoint, OWNER_ARN, PASSWORD, provisioningEndpoint, SERVICE_NAME,
} from '../helpers/fixtures.js'

const DATABASE: Database = {
  advanced: false, app: 'example-app', kind: 'postgres', name: 'postgresql-simply-12345', plan: 'heroku-postgresql:private-0', spacePlan: true,
}
const FORBIDDEN = {message: "Couldn't read the app's config vars for DATABASE on example-app: You do not have access (403 Forbidden).", reason: 'forbidden'}

/** An operational endpoint listing these accounts, Active. */
function listed(...arns: string[]): PrivateLinkEndpoint {
  return {...operationalEndpoint(), allowed_accounts: arns.map(arn => ({arn, status: 'Active'}))}
}

describe('endpoint-view', () => {
  describe('regionOf', () => {
    it('reads the region from a service name', () => {
      expect(regionOf(SERVICE_NAME)).to.equal('us-east-1')
      expect(regionOf('com.amazonaws.vpce.eu-west-1.vpce-svc-0123')).to.equal('eu-west-1')
    })

    it('answers null without a service name, or for another shape', () => {
      expect(regionOf('')).to.equal(null)
      expect(regionOf(null)).to.equal(null)
      expect(regionOf('com.amazonaws.us-east-1.s3')).to.equal(null)
    })
  })

  describe('status checks', () => {
    it('knows Operational and Provisioning whatever the case', () => {
      expect(isOperational({status: 'operational'})).to.equal(true)
      expect(isOperational({status: 'Provisioning'})).to.equal(false)
      expect(isProvisioning({status: 'PROVISIONING'})).to.equal(true)
    })

    it('tells an account pending (Provisioning, Pending, any case), failed (failed, rejected, error words) or ready (any other word)', () => {
      for (const status of ['Provisioning', 'Pending', 'PENDING', 'provisioning', ' Pending']) expect(accountState({status}), status).to.equal('pending')
      for (const status of ['Failed', 'rejected', 'Error', 'provisioning_failed', 'Pending failure']) expect(accountState({status}), status).to.equal('failed')
      for (const status of ['Active', 'Available', 'active', 'Enabled', 'Pendingish', '']) expect(accountState({status}), status).to.equal('ready')
    })

    it('needs config vars only when something is connected', () => {
      expect(needsConfigVars(operationalEndpoint())).to.equal(false)
      expect(needsConfigVars({status: 'Operational'})).to.equal(false)
      expect(needsConfigVars(connectedEndpoint())).to.equal(true)
    })
  })

  describe('toEndpointView', () => {
    it('keeps the wire fields and adds the region', () => {
      expect(toEndpointView(DATABASE, operationalEndpoint())).to.deep.equal({
        addon: 'postgresql-simply-12345',
        allowed_accounts: [{arn: 'arn:aws:iam::123456789012:user/abc', status: 'Active'}],
        app: 'example-app',
        config_vars_error: null,
        connections: [],
        region: 'us-east-1',
        region_error: null,
        service_name: SERVICE_NAME,
        status: 'Operational',
      })
    })

    it('shows an empty service name as null while provisioning', () => {
      const view = toEndpointView(DATABASE, provisioningEndpoint())
      expect(view.service_name).to.equal(null)
      expect(view.region).to.equal(null)
      expect(view.status).to.equal('Provisioning')
    })

    it('takes the region of the app while the service name does not tell it', () => {
      expect(toEndpointView(DATABASE, provisioningEndpoint(), {region: {error: null, value: 'eu-west-1'}}).region).to.equal('eu-west-1')
    })

    it('prefers the service name\'s region to the app\'s', () => {
      expect(toEndpointView(DATABASE, operationalEndpoint(), {region: {error: null, value: 'eu-west-1'}}).region).to.equal('us-east-1')
    })

    it('says why the region is unknown when the app\'s could not be read', () => {
      const failure = {message: "Couldn't read the app's region", reason: 'http_500'}
      expect(toEndpointView(DATABASE, provisioningEndpoint(), {region: {error: failure, value: null}})).to.include({region: null, region_error: failure})
    })

    it('gives unknown config vars as null, with the reason once for the view, and keeps each connection and its hostname', () => {
      const view = toEndpointView(DATABASE, connectedEndpoint(), {configVars: {error: FORBIDDEN, value: null}})
      expect(view.config_vars_error).to.equal(FORBIDDEN)
      expect(view.connections).to.deep.equal([{
        config_vars: null, endpoint_id: ENDPOINT_ID, hostname: HOSTNAME, owner_arn: OWNER_ARN, status: 'Available',
      }])
    })

    it('gives a hostname the API leaves out (or empty) as null', () => {
      const endpoint = {
        ...connectedEndpoint(), connections: [{endpoint_id: ENDPOINT_ID, owner_arn: OWNER_ARN, status: 'Available'}, {
          endpoint_id: 'vpce-0a1b2c3d4e5f60718', hostname: '', owner_arn: OWNER_ARN, status: 'Available',
        }],
      }
      expect(toEndpointView(DATABASE, endpoint).connections.map(connection => connection.hostname)).to.deep.equal([null, null])
    })

    it('adds each connection its config vars, without their values', () => {
      const view = toEndpointView(DATABASE, connectedEndpoint(), {configVars: {error: null, value: CONNECTED_CONFIG_VARS}})
      expect(view.connections).to.deep.equal([{
        config_vars: [
          {
            host: 'vpce-01c87ae3c05563935-abcd.vpce-svc-0410a2e25933fe8ec.us-east-1.vpce.amazonaws.com', hosts: [{host: 'vpce-01c87ae3c05563935-abcd.vpce-svc-0410a2e25933fe8ec.us-east-1.vpce.amazonaws.com', port: 5432}], name: 'DATABASE_ENDPOINT_01C87AE3C05563935_URL', port: 5432,
          },
          {
            host: 'vpce-01c87ae3c05563935-abcd.vpce-svc-0410a2e25933fe8ec.us-east-1.vpce.amazonaws.com', hosts: [{host: 'vpce-01c87ae3c05563935-abcd.vpce-svc-0410a2e25933fe8ec.us-east-1.vpce.amazonaws.com', port: 5433}], name: 'DATABASE_ENDPOINT_01C87AE3C05563935_PGBOUNCER_URL', port: 5433,
          },
        ],
        endpoint_id: ENDPOINT_ID,
        hostname: HOSTNAME,
        owner_arn: OWNER_ARN,
        status: 'Available',
      }])
      expect(JSON.stringify(view)).not.to.include(PASSWORD)
    })

    it('falls back to the resolved add-on when the answer lacks names and lists', () => {
      expect(toEndpointView(DATABASE, {status: 'Provisioning'})).to.deep.equal({
        addon: 'postgresql-simply-12345',
        allowed_accounts: [],
        app: 'example-app',
        config_vars_error: null,
        connections: [],
        region: null,
        region_error: null,
        service_name: null,
        status: 'Provisioning',
      })
    })

    it('drops fields the API may add', () => {
      const endpoint = {...operationalEndpoint(), allowed_accounts: [{arn: 'arn:aws:iam::123456789012:root', extra: 1, status: 'Active'}], internal_id: 'x'}
      const view = toEndpointView(DATABASE, endpoint)
      expect(view).not.to.have.property('internal_id')
      expect(view.allowed_accounts).to.deep.equal([{arn: 'arn:aws:iam::123456789012:root', status: 'Active'}])
    })
  })

  describe('needsAppRegion', () => {
    it('is true only when the service name tells no region', () => {
      expect(needsAppRegion(provisioningEndpoint())).to.equal(true)
      expect(needsAppRegion({service_name: null})).to.equal(true)
      expect(needsAppRegion(operationalEndpoint())).to.equal(false)
    })
  })

  describe('toDatabaseOverview', () => {
    it('counts ready accounts (the waits\' rule) and available connections', () => {
      const endpoint = {
        ...connectedEndpoint(KAFKA.name),
        allowed_accounts: [{arn: 'arn:aws:iam::123456789012:root', status: 'Active'}, {arn: 'arn:aws:iam::210987654321:root', status: 'Provisioning'}, {arn: 'arn:aws:iam::111122223333:root', status: 'Available'}, {arn: 'arn:aws:iam::444455556666:root', status: 'Failed'}],
        connections: [{endpoint_id: ENDPOINT_ID, owner_arn: OWNER_ARN, status: 'Available'}, {endpoint_id: 'vpce-0a1b2c3d4e5f60718', owner_arn: OWNER_ARN, status: 'Pending Acceptance'}],
      }
      expect(toDatabaseOverview(KAFKA, 'kafka', endpoint)).to.deep.equal({
        accounts: {active: 2, total: 4},
        addon: KAFKA.name,
        app: 'example-app',
        connections: {available: 1, total: 2},
        error: null,
        kind: 'kafka',
        plan: KAFKA.plan.name,
        service_name: SERVICE_NAME,
        status: 'Operational',
      })
    })

    it('says none (status null) without an endpoint', () => {
      expect(toDatabaseOverview(KAFKA, 'kafka')).to.include({error: null, service_name: null, status: null})
    })

    it('carries the Data API\'s refusal to show the endpoint', () => {
      const refusal = {message: 'Not allowed.', reason: 'forbidden'}
      expect(toDatabaseOverview(KAFKA, 'kafka', undefined, refusal)).to.deep.include({error: refusal, status: null})
    })
  })

  describe('flatEndpointView (--json --flat)', () => {
    it('has only string values: lists joined with commas, null as ""', () => {
      const connected = {
        ...connectedEndpoint(),
        connections: [{endpoint_id: ENDPOINT_ID, owner_arn: OWNER_ARN, status: 'Available'}, {endpoint_id: 'vpce-0a1b2c3d4e5f60718', owner_arn: OWNER_ARN, status: 'Pending Acceptance'}],
      }
      const flat = flatEndpointView(toEndpointView(DATABASE, connected, {configVars: {error: null, value: CONNECTED_CONFIG_VARS}}))
      expect(flat).to.deep.equal({
        addon: 'postgresql-simply-12345',
        app: 'example-app',
        config_vars: 'DATABASE_ENDPOINT_01C87AE3C05563935_URL,DATABASE_ENDPOINT_01C87AE3C05563935_PGBOUNCER_URL',
        config_vars_error: '',
        endpoint_ids: `${ENDPOINT_ID},vpce-0a1b2c3d4e5f60718`,
        region: 'us-east-1',
        service_name: SERVICE_NAME,
        status: 'Operational',
      })
      expect(JSON.stringify(flat)).not.to.include(PASSWORD)
    })

    it('gives "" for what is not known yet', () => {
      const flat = flatEndpointView(toEndpointView(DATABASE, provisioningEndpoint()))
      expect(flat).to.include({
        config_vars: '', endpoint_ids: '', region: '', service_name: '', status: 'Provisioning',
      })
      expect(Object.values(flat).every(value => typeof value === 'string')).to.equal(true)
      expect(flatDestroyedView({addon: 'a', app: 'b', status: null})).to.deep.equal({addon: 'a', app: 'b', status: ''})
    })

    it('says why config_vars is "" when the app\'s config vars could not be read', () => {
      const flat = flatEndpointView(toEndpointView(DATABASE, connectedEndpoint(), {configVars: {error: FORBIDDEN, value: null}}))
      expect(flat).to.include({config_vars: '', config_vars_error: FORBIDDEN.message, endpoint_ids: ENDPOINT_ID})
    })
  })

  describe('toAccountsChange (access:set)', () => {
    it('adds what is missing, removes the rest, keeps the others', () => {
      const change = toAccountsChange(DATABASE, listed('arn:aws:iam::123456789012:user/abc', 'arn:aws:iam::111122223333:root'), ['210987654321:role/deploy', '123456789012:user/abc'])
      expect(change).to.deep.equal({
        added: ['arn:aws:iam::210987654321:role/deploy'],
        addon: 'postgresql-simply-12345',
        app: 'example-app',
        removed: ['arn:aws:iam::111122223333:root'],
        unchanged: ['arn:aws:iam::123456789012:user/abc'],
      })
    })

    it('compares equivalent forms equal: an ID alone and the :root ARN the API lists, an account given twice', () => {
      const change = toAccountsChange(DATABASE, listed('arn:aws:iam::123456789012:root', 'arn:aws:iam::210987654321:role/deploy'), ['123456789012', '210987654321:role/deploy', '123456789012'])
      expect(change).to.deep.include({added: [], removed: []})
      expect(change.unchanged).to.deep.equal(['arn:aws:iam::123456789012:root', 'arn:aws:iam::210987654321:role/deploy'])
    })

    it('tells a user apart from the account and from a role of the same name', () => {
      const change = toAccountsChange(DATABASE, listed('arn:aws:iam::123456789012:root', 'arn:aws:iam::123456789012:role/abc'), ['123456789012:user/abc'])
      expect(change.added).to.deep.equal(['arn:aws:iam::123456789012:user/abc'])
      expect(change.removed).to.deep.equal(['arn:aws:iam::123456789012:root', 'arn:aws:iam::123456789012:role/abc'])
    })
  })
})

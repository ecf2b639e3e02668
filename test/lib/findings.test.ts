import {expect} from 'chai'

import type {PrivateLinkEndpoint} from '../../src/lib/types.js'

import {endpointFindings, unreadableFinding} from '../../src/lib/findings.js'
import {operationalEndpoint, SERVICE_NAME} from '../helpers/fixtures.js'

const TARGET = {addon: 'postgresql-simply-12345', app: 'example-app'}
const ABC = 'arn:aws:iam::123456789012:user/abc'
const DEPLOY = 'arn:aws:iam::210987654321:role/deploy'

function endpoint(accounts: Array<[string, string?]>, owners: Array<[string, string?]> = [], status = 'Operational'): PrivateLinkEndpoint {
  return {
    ...operationalEndpoint(),
    allowed_accounts: accounts.map(([arn, accountStatus = 'Active']) => ({arn, status: accountStatus})),
    connections: owners.map(([owner_arn, connectionStatus = 'Available'], index) => ({endpoint_id: `vpce-0000000000000000${index}`, owner_arn, status: connectionStatus})),
    service_name: SERVICE_NAME,
    status,
  }
}

const kinds = (value: PrivateLinkEndpoint) => endpointFindings(value, TARGET).map(finding => finding.kind)

describe('findings', () => {
  it('finds nothing when every allowed account is ready and used, and every connection allowed', () => {
    expect(endpointFindings(endpoint([[ABC], [DEPLOY]], [[ABC], [DEPLOY]]), TARGET)).to.deep.equal([])
  })

  it('connection_not_allowed: an open connection whose owner no allowed account covers, naming it', () => {
    const [finding] = endpointFindings(endpoint([[ABC]], [[ABC], ['arn:aws:iam::999999999999:user/mallory']]), TARGET)
    expect(finding).to.include({endpoint_id: 'vpce-00000000000000001', kind: 'connection_not_allowed'})
    expect(finding.message).to.include('is owned by arn:aws:iam::999999999999:user/mallory, which no allowed account covers')
    expect(finding.message).to.include('removing an account leaves its connections open')
  })

  it('a whole account (root) covers a connection of any of its users or roles; a user covers only itself', () => {
    expect(kinds(endpoint([['arn:aws:iam::123456789012:root']], [['arn:aws:iam::123456789012:role/deploy'], [ABC]]))).to.deep.equal([])
    expect(kinds(endpoint([[ABC]], [['arn:aws:iam::123456789012:role/other'], [ABC]]))).to.deep.equal(['connection_not_allowed'])
  })

  it('a closed connection (rejected, deleted…) reaches nothing and uses no grant', () => {
    expect(kinds(endpoint([[ABC]], [['arn:aws:iam::999999999999:root', 'rejected'], [ABC, 'deleted']]))).to.deep.equal(['unused_grant'])
  })

  it('counts a Pending Acceptance connection as open', () => {
    expect(kinds(endpoint([[ABC]], [['arn:aws:iam::999999999999:root', 'Pending Acceptance'], [ABC]]))).to.deep.equal(['connection_not_allowed'])
  })

  it('unused_grant: a ready account no connection uses, with the command that removes it; a root grant is used by any principal of its account', () => {
    const findings = endpointFindings(endpoint([[ABC], [DEPLOY]], [[ABC]]), TARGET)
    expect(findings).to.deep.equal([{
      arn: DEPLOY,
      kind: 'unused_grant',
      message: `Allowed account ${DEPLOY} has no connection: a grant nobody uses. Remove it with: heroku data:privatelink:access:remove postgresql-simply-12345 --app example-app --aws-account-id 210987654321:role/deploy`,
    }])
    expect(kinds(endpoint([['arn:aws:iam::210987654321:root']], [[DEPLOY]]))).to.deep.equal([])
    expect(endpointFindings(endpoint([['arn:aws:iam::210987654321:root']]), TARGET)[0].message).to.match(/--aws-account-id 210987654321$/)
  })

  it('account_pending and account_failed by the one readiness rule, never also unused_grant', () => {
    expect(kinds(endpoint([[ABC, 'Provisioning'], [DEPLOY, 'Pending'], ['arn:aws:iam::333333333333:root', 'Available']], [['arn:aws:iam::333333333333:user/x']]))).to.deep.equal(['account_pending', 'account_pending'])
    const [failed] = endpointFindings(endpoint([[ABC, 'Failed']]), TARGET)
    expect(failed).to.deep.equal({arn: ABC, kind: 'account_failed', message: `Allowed account ${ABC} is Failed: it will not become ready.`})
  })

  it('endpoint_not_operational for any other status, first; a provisioning one says how to wait; no unused grant before it is Operational', () => {
    const provisioning = endpointFindings(endpoint([[ABC]], [], 'Provisioning'), TARGET)
    expect(provisioning).to.deep.equal([{kind: 'endpoint_not_operational', message: 'The endpoint is Provisioning, not Operational. Wait for it with: heroku data:privatelink:wait postgresql-simply-12345 --app example-app'}])
    expect(kinds(endpoint([[ABC]], [['arn:aws:iam::999999999999:root']], 'Deprovisioned'))).to.deep.equal(['endpoint_not_operational', 'connection_not_allowed'])
    expect(endpointFindings(endpoint([[ABC]], [[ABC]], 'Suspended'), TARGET)[0].message).to.equal('The endpoint is Suspended, not Operational.')
  })

  it('unreadable: what couldn\'t be read, on one line', () => {
    expect(unreadableFinding('Couldn\'t get it: 503.\nTry again.')).to.deep.equal({kind: 'unreadable', message: 'Couldn\'t be audited: Couldn\'t get it: 503.'})
  })
})

// What an audit of an endpoint finds worth a look: who can still reach the data without being
// allowed to, grants nobody uses, accounts not ready, endpoints not Operational. Pure: the audit
// (audit.ts) reads, this judges, render.ts shows.
import type {PrivateLinkEndpoint, Target} from './types.js'

import {accountState, isClosedConnection, isOperational} from './endpoint-view.js'
import {firstLine} from './failures.js'
import {accountOfArn} from './input.js'
import {covers} from './principals.js'
import {privatelinkCommand} from './suggestions.js'

/** Stable identifiers of findings, for scripts (`--json`). */
export type FindingKind = 'account_failed' | 'account_pending' | 'connection_not_allowed' | 'endpoint_not_operational' | 'unreadable' | 'unused_grant'

export interface Finding {
  /** The allowed account concerned (unused_grant, account_pending, account_failed). */
  arn?: string
  /** The VPC endpoint connection concerned (connection_not_allowed). */
  endpoint_id?: string
  kind: FindingKind
  message: string
}

/** The add-on an endpoint is for, and its app: what the messages' commands name. */
export type FindingTarget = Pick<Target, 'app'> & {addon: string}

/**
 * The findings of one endpoint, in a stable order: the endpoint's state, then its connections,
 * then its accounts, each as the API lists them.
 *   connection_not_allowed  an open connection whose owner no allowed account covers: removing an
 *                           account leaves its connections open, so that principal still reaches the data
 *   unused_grant            a ready account of an Operational endpoint that no open connection uses
 *                           (a whole account, `…:root`, is used by a connection of any of its principals)
 *   account_pending         an account not ready yet; account_failed: one that never will be
 *   endpoint_not_operational the endpoint's status is another word than Operational
 */
export function endpointFindings(endpoint: PrivateLinkEndpoint, target: FindingTarget): Finding[] {
  const accounts = endpoint.allowed_accounts ?? []
  const open = (endpoint.connections ?? []).filter(connection => !isClosedConnection(connection))
  const database = {app: target.app, database: target.addon}
  const findings: Finding[] = []
  if (!isOperational(endpoint)) {
    const wait = endpoint.status.toLowerCase() === 'provisioning' ? ` Wait for it with: ${privatelinkCommand('wait', database)}` : ''
    findings.push({kind: 'endpoint_not_operational', message: `The endpoint is ${endpoint.status}, not Operational.${wait}`})
  }

  for (const connection of open) {
    if (accounts.some(account => covers(account.arn, connection.owner_arn))) continue
    findings.push({
      endpoint_id: connection.endpoint_id,
      kind: 'connection_not_allowed',
      message: `Connection ${connection.endpoint_id} (${connection.status}) is owned by ${connection.owner_arn}, which no allowed account covers: removing an account leaves its connections open, so it can still reach the data. Delete that VPC endpoint in the AWS account that owns it, or allow the principal again if it should connect.`,
    })
  }

  for (const account of accounts) {
    const state = accountState(account)
    if (state === 'failed') {
      findings.push({arn: account.arn, kind: 'account_failed', message: `Allowed account ${account.arn} is ${account.status}: it will not become ready.`})
    } else if (state === 'pending') {
      findings.push({arn: account.arn, kind: 'account_pending', message: `Allowed account ${account.arn} is still ${account.status}: that principal can't connect yet.`})
    } else if (isOperational(endpoint) && !open.some(connection => covers(account.arn, connection.owner_arn))) {
      findings.push({
        arn: account.arn,
        kind: 'unused_grant',
        message: `Allowed account ${account.arn} has no connection: a grant nobody uses. Remove it with: ${privatelinkCommand('access:remove', database, '--aws-account-id', accountOfArn(account.arn))}`,
      })
    }
  }

  return findings
}

/** An add-on (or an app's add-on list) that couldn't be read: the audit can't vouch for it. */
export function unreadableFinding(message: string): Finding {
  return {kind: 'unreadable', message: `Couldn't be audited: ${firstLine(message)}`}
}

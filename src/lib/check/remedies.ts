// The likely causes of a failed hop and the commands that fix or show them, spelled in one place.
import {networkInterfaces} from 'node:os'

import type {Target} from '../types.js'
import type {Remedy} from './types.js'

import {ingressCommand, PLACEHOLDERS, shellQuote} from '../aws.js'
import {privatelinkCommand} from '../suggestions.js'

/** What the remedies of one host and port name. */
export interface FixContext {
  /** The connection config var of the host and port; null when they come from the connection's hostname. */
  configVar: null | string
  /** The API's status of the connection when the check began. */
  connectionStatus: string
  endpointId: string
  /** The database's AWS region, when the service name tells it. */
  region: null | string
  /** DATABASE and the app as typed, for the commands we print. */
  target: Target
  /** This host's own IPv4 address as a /32, for the ingress rule; a placeholder when it has none or several. */
  thisHost: string
}

export function isAvailable(status: string): boolean {
  return status.toLowerCase() === 'available'
}

function regionFlag(context: FixContext): string {
  return shellQuote(context.region ?? PLACEHOLDERS.region)
}

/** The connection is not Available yet: the wait for it. */
export function notAvailable(context: FixContext): Remedy {
  return {
    cause: `connection ${context.endpointId} is ${context.connectionStatus}, not Available yet: wait for it`,
    command: privatelinkCommand('wait', context.target, '--endpoint-id', context.endpointId),
  }
}

/** The VPC endpoint's security group drops this host's packets on `port`: the rule that lets it in. */
export function securityGroup(context: FixContext, port: number): Remedy {
  const group = `"$(aws ec2 describe-vpc-endpoints --vpc-endpoint-ids ${context.endpointId} --query 'VpcEndpoints[0].Groups[0].GroupId' --output text --region ${regionFlag(context)})"`
  return {
    cause: `the VPC endpoint's security group doesn't let this host in on TCP ${port}: allow it (or the VPC's range, in place of the /32)`,
    command: ingressCommand(group, String(port), context.thisHost, context.region ?? PLACEHOLDERS.region),
  }
}

/** This host can't route to the endpoint's addresses: where the endpoint is. */
export function notInVpc(context: FixContext): Remedy {
  return {
    cause: 'this host is not in the VPC of the endpoint, nor in a network routed to it (peering, Transit Gateway, VPN): run the check from a host there; the endpoint\'s VPC and subnets are',
    command: `aws ec2 describe-vpc-endpoints --vpc-endpoint-ids ${context.endpointId} --query 'VpcEndpoints[0].[VpcId,SubnetIds]' --output text --region ${regionFlag(context)}`,
  }
}

/** The host or port is not the connection's current one: read the config vars again. */
export function staleTarget(context: FixContext): Remedy {
  return {
    cause: 'the host or port is not the VPC endpoint\'s current one (connection config vars change on credential rotation, maintenance and failover: read them again, never copy them once)',
    command: privatelinkCommand('', context.target),
  }
}

/** The connection first when it is not Available, then the rest. */
export function withAvailability(context: FixContext, remedies: Remedy[]): Remedy[] {
  return isAvailable(context.connectionStatus) ? remedies : [notAvailable(context), ...remedies]
}

/** This host's own IPv4 address as a /32, when it has exactly one outside loopback; else the placeholder to replace. */
export function thisHostCidr(interfaces = networkInterfaces()): string {
  const addresses = Object.values(interfaces).flatMap(list => list ?? []).filter(entry => entry.family === 'IPv4' && !entry.internal)
  const unique = [...new Set(addresses.map(entry => entry.address))]
  return unique.length === 1 ? `${unique[0]}/32` : PLACEHOLDERS.cidr
}

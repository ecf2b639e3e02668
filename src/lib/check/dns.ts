// Hop 1: does the name resolve, to which addresses, and are they private? Resolved as the
// application's own client resolves it: getaddrinfo (dns.lookup), /etc/hosts included.
import {lookup as systemLookup} from 'node:dns/promises'
import {isIP} from 'node:net'

import type {AddressScope, ResolvedAddress} from './types.js'

import {
  abortable, type Explanation, HopTimeout, messageOf, type Probe, timeoutDetail,
} from './hop.js'
import {type FixContext, staleTarget} from './remedies.js'

export type Lookup = (host: string) => Promise<Array<{address: string; family: number}>>

export const lookupAll: Lookup = host => systemLookup(host, {all: true, verbatim: true})

function ipv4Scope(address: string): AddressScope {
  const [a, b] = address.split('.').map(Number)
  if (a === 127) return 'loopback'
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'private'
  if (a === 169 && b === 254) return 'link-local'
  if (a === 100 && b >= 64 && b <= 127) return 'shared'
  return 'public'
}

/** Private (RFC 1918, IPv6 unique local), loopback, link-local, shared (100.64/10, carrier NAT) or public. */
export function scopeOf(address: string): AddressScope {
  if (isIP(address) === 4) return ipv4Scope(address)
  const lower = address.toLowerCase()
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower)
  if (mapped) return ipv4Scope(mapped[1])
  if (lower === '::1') return 'loopback'
  if (/^f[cd]/.test(lower)) return 'private'
  if (/^fe[89ab]/.test(lower)) return 'link-local'
  return 'public'
}

export function describeAddresses(addresses: ResolvedAddress[]): string {
  return addresses.map(({address, scope}) => `${address} (${scope})`).join(', ')
}

export function probeDns(host: string, lookup: Lookup = lookupAll): Probe {
  return async signal => {
    const found = await abortable(lookup(host), signal)
    const addresses = [...new Map(found.map(({address, family}) => [address, {address, family: family === 6 ? 6 : 4, scope: scopeOf(address)} as ResolvedAddress])).values()]
    if (addresses.length === 0) throw Object.assign(new Error(`${host} resolved to no address`), {code: 'ENOTFOUND'})
    const publicOnes = addresses.filter(address => address.scope === 'public')
    const note = publicOnes.length > 0 ? '; a public address is not a VPC endpoint\'s, whose name resolves to the private addresses of its network interfaces' : ''
    return {addresses, detail: `${describeAddresses(addresses)}${note}`}
  }
}

export function explainDns(host: string, context: FixContext) {
  return (error: unknown): Explanation => {
    const resolver: {cause: string; command: string} = {
      cause: 'this host\'s resolver (/etc/resolv.conf) doesn\'t resolve the VPC endpoint\'s name: in a VPC, the Amazon-provided resolver does',
      command: `getent ahosts ${host}`,
    }
    if (error instanceof HopTimeout) return {detail: timeoutDetail(error, 'no answer from the resolver'), remedies: [resolver]}
    const {code} = (error as {code?: unknown})
    if (code === 'ENOTFOUND' || code === 'ENODATA') return {detail: `${host} doesn't resolve (${code})`, remedies: [resolver, staleTarget(context)]}
    if (code === 'EAI_AGAIN') return {detail: `the DNS lookup of ${host} failed for now (EAI_AGAIN): the resolver didn't answer`, remedies: [resolver]}
    return {detail: `the DNS lookup of ${host} failed: ${messageOf(error)}`, remedies: [resolver]}
  }
}

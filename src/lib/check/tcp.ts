// Hop 2: a TCP connection to the port on every address the name resolved to (one per network
// interface of the VPC endpoint, one per subnet), each told apart: connected, refused, no answer
// (dropped, as a security group drops), or unreachable (no route).
import {connect} from 'node:net'

import type {ResolvedAddress} from './types.js'

import {
  type Explanation, formatSeconds, HopTimeout, messageOf, type Probe,
} from './hop.js'
import {
  type FixContext, notInVpc, securityGroup, staleTarget, withAvailability,
} from './remedies.js'

type Attempt = {address: string; code?: string; outcome: 'connected' | 'error' | 'refused' | 'timeout' | 'unreachable'}

const UNREACHABLE = new Set(['EADDRNOTAVAIL', 'EHOSTUNREACH', 'ENETUNREACH'])

/** Some address didn't take the connection. */
export class TcpFailure extends Error {
  constructor(readonly attempts: Attempt[], readonly timeout?: HopTimeout) {
    super(attempts.filter(attempt => attempt.outcome !== 'connected').map(attempt => `${attempt.address}: ${attempt.outcome}`).join(', '))
  }
}

function outcomeOf(code: string | undefined): Attempt['outcome'] {
  if (code === 'ECONNREFUSED') return 'refused'
  if (code === 'ETIMEDOUT') return 'timeout'
  return code && UNREACHABLE.has(code) ? 'unreachable' : 'error'
}

function attemptConnection(address: string, port: number, signal: AbortSignal): Promise<Attempt> {
  return new Promise(resolve => {
    const socket = connect({host: address, port})
    const done = (attempt: Attempt) => {
      signal.removeEventListener('abort', onAbort)
      socket.destroy()
      resolve(attempt)
    }

    const onAbort = () => done({address, outcome: 'timeout'})
    if (signal.aborted) {
      onAbort()
      return
    }

    signal.addEventListener('abort', onAbort, {once: true})
    socket.once('connect', () => done({address, outcome: 'connected'}))
    socket.once('error', (error: NodeJS.ErrnoException) => {
      const {code} = error
      done({address, code: code ?? messageOf(error), outcome: outcomeOf(code)})
    })
  })
}

export function probeTcp(addresses: ResolvedAddress[], port: number): Probe {
  return async signal => {
    const attempts = await Promise.all(addresses.map(({address}) => attemptConnection(address, port, signal)))
    if (attempts.some(attempt => attempt.outcome !== 'connected')) {
      throw new TcpFailure(attempts, signal.aborted ? signal.reason as HopTimeout : undefined)
    }

    return {detail: `connected to ${attempts.map(attempt => attempt.address).join(', ')} on port ${port}`}
  }
}

function describeAttempt(attempt: Attempt, port: number, timeout?: HopTimeout): string {
  const where = `${attempt.address} port ${port}`
  switch (attempt.outcome) {
  case 'connected': {
    return `${where}: connected`
  }

  case 'refused': {
    return `${where}: connection refused (ECONNREFUSED): the address answered, but nothing accepts connections there`
  }

  case 'timeout': {
    const within = timeout?.byDeadline ? 'before the deadline (--timeout)' : (timeout ? `within ${formatSeconds(timeout.afterMs)}` : '(ETIMEDOUT)')
    return `${where}: no answer ${within}: the packets were dropped, as a security group drops them`
  }

  case 'unreachable': {
    return `${where}: no route to it (${attempt.code})`
  }

  default: {
    return `${where}: ${attempt.code}`
  }
  }
}

export function explainTcp(port: number, context: FixContext) {
  return (error: unknown): Explanation => {
    if (!(error instanceof TcpFailure)) return {detail: messageOf(error), remedies: []}
    const failed = error.attempts.filter(attempt => attempt.outcome !== 'connected')
    const detail = failed.length === error.attempts.length
      ? failed.map(attempt => describeAttempt(attempt, port, error.timeout)).join('; ')
      : `${error.attempts.map(attempt => describeAttempt(attempt, port, error.timeout)).join('; ')} (an application may connect one time and fail the next)`
    const outcomes = new Set(failed.map(attempt => attempt.outcome))
    const remedies = outcomes.has('timeout')
      ? [securityGroup(context, port), notInVpc(context)]
      : (outcomes.has('unreachable') ? [notInVpc(context), securityGroup(context, port)] : [staleTarget(context)])
    return {detail, remedies: withAvailability(context, remedies)}
  }
}

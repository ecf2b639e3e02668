// Hop 3: the TLS handshake, after the protocol's own start (Postgres's SSLRequest), with the
// client certificate where the protocol authenticates with one (Kafka). Like Heroku's
// sslmode=require, the certificate is never checked against the VPC endpoint's name: the
// endpoint's DNS name is not the database's.
import {connect as connectTcp, isIP, type Socket} from 'node:net'
import {connect as connectTls, type PeerCertificate, type TLSSocket} from 'node:tls'

import type {TlsSession} from './types.js'

import {
  type Explanation, HopFailure, HopTimeout, messageOf, type Probe, timeoutDetail,
} from './hop.js'
import {type FixContext, staleTarget} from './remedies.js'

export interface TlsOptions {
  /** Kafka: the CA that signs the brokers' certificates; the chain is then verified (never the name). */
  ca?: string
  /** Kafka: the client certificate and its key. */
  cert?: string
  key?: string
  /** Run on the plain socket before the handshake: the protocol's request to start TLS. */
  start?: (socket: Socket, signal: AbortSignal) => Promise<void>
}

/** What the server answered instead of starting TLS. */
export class TlsRefused extends HopFailure {}

// OpenSSL's words when the server refuses the client certificate, or when Kafka's CA doesn't sign the server's.
const CLIENT_CERTIFICATE_REFUSED = /CERTIFICATE_REQUIRED|BAD_CERTIFICATE|UNKNOWN_CA|CERTIFICATE_UNKNOWN|certificate required|bad certificate|unknown ca/i
const UNTRUSTED_SERVER = new Set(['CERT_HAS_EXPIRED', 'CERT_UNTRUSTED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'])

function tcpSocket(host: string, port: number, signal: AbortSignal): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connectTcp({host, port})
    const onAbort = () => {
      socket.destroy()
      reject(signal.reason)
    }

    signal.addEventListener('abort', onAbort, {once: true})
    socket.once('connect', () => {
      signal.removeEventListener('abort', onAbort)
      // From here on, whatever reads the socket (the protocol's start, then TLS) reports its errors.
      socket.removeAllListeners('error')
      socket.on('error', () => {})
      resolve(socket)
    })
    socket.once('error', error => {
      signal.removeEventListener('abort', onAbort)
      reject(error)
    })
  })
}

/**
 * A TLS connection to `host`:`port`, after `options.start`: resolved once the handshake is done,
 * destroyed at once when `signal` aborts. The caller ends it.
 */
export async function openTls(host: string, port: number, options: TlsOptions, signal: AbortSignal): Promise<TLSSocket> {
  const socket = await tcpSocket(host, port, signal)
  const destroy = () => socket.destroy()
  signal.addEventListener('abort', destroy, {once: true})
  try {
    if (options.start) await options.start(socket, signal)
    return await new Promise<TLSSocket>((resolve, reject) => {
      const tls = connectTls({
        ca: options.ca,
        cert: options.cert,
        checkServerIdentity() {},
        key: options.key,
        rejectUnauthorized: options.ca !== undefined,
        // SNI takes a name, never an address (Node warns about an IP there).
        servername: isIP(host) === 0 ? host : undefined,
        socket,
      })
      const onAbort = () => {
        tls.destroy()
        reject(signal.reason)
      }

      signal.addEventListener('abort', onAbort, {once: true})
      tls.once('secureConnect', () => {
        signal.removeEventListener('abort', onAbort)
        resolve(tls)
      })
      tls.once('error', error => {
        signal.removeEventListener('abort', onAbort)
        tls.destroy()
        reject(error)
      })
    })
  } catch (error) {
    socket.destroy()
    throw error
  } finally {
    signal.removeEventListener('abort', destroy)
  }
}

/** `CN=localhost, O=Example`, from a certificate's subject. */
function subjectOf(certificate: PeerCertificate): null | string {
  const {subject} = certificate
  if (!subject) return null
  const parts = Object.entries(subject).map(([key, value]) => `${key}=${Array.isArray(value) ? value.join('+') : value}`)
  return parts.length > 0 ? parts.join(', ') : null
}

export function sessionOf(tls: TLSSocket): TlsSession {
  const certificate = tls.getPeerCertificate()
  const expires = certificate?.valid_to ? new Date(certificate.valid_to) : undefined
  return {
    expires_at: expires && !Number.isNaN(expires.getTime()) ? expires.toISOString() : null,
    protocol: tls.getProtocol() ?? 'unknown',
    subject: certificate && Object.keys(certificate).length > 0 ? subjectOf(certificate) : null,
  }
}

export function describeSession(session: TlsSession, now = Date.now()): string {
  const expiry = session.expires_at
    ? `${Date.parse(session.expires_at) < now ? 'expired' : 'expires'} ${session.expires_at.slice(0, 10)}`
    : 'no expiry'
  return `${session.protocol}, certificate ${session.subject ?? 'without a subject'}, ${expiry}`
}

export function probeTls(host: string, port: number, options: TlsOptions = {}): Probe {
  return async signal => {
    const tls = await openTls(host, port, options, signal)
    const session = sessionOf(tls)
    tls.destroy()
    const verified = options.ca ? ', its chain verified against the trusted CA' : ''
    return {detail: `${describeSession(session)}${verified}`, tls: session}
  }
}

/** The client certificate was refused, or the server's was not signed by the trusted CA (Kafka). */
export function certificateProblem(error: unknown): 'client' | 'server' | undefined {
  const code = String((error as {code?: unknown}).code ?? '')
  if (UNTRUSTED_SERVER.has(code)) return 'server'
  return CLIENT_CERTIFICATE_REFUSED.test(`${code} ${messageOf(error)}`) ? 'client' : undefined
}

export interface TlsExplainOptions {
  /** What to say when the certificates are the problem (Kafka's). */
  certificates?: (problem: 'client' | 'server', error: unknown) => Explanation
}

export function explainTls(context: FixContext, options: TlsExplainOptions = {}) {
  return (error: unknown): Explanation => {
    if (error instanceof HopTimeout) {
      return {detail: `${timeoutDetail(error, 'no TLS handshake')}: something takes TCP connections on this port but doesn't answer`, remedies: [staleTarget(context)]}
    }

    if (error instanceof TlsRefused) return {detail: error.message, remedies: error.remedies.length > 0 ? error.remedies : [staleTarget(context)]}
    const problem = certificateProblem(error)
    if (problem && options.certificates) return options.certificates(problem, error)
    const {code} = (error as {code?: unknown})
    if (code === 'ECONNRESET' || code === 'EPIPE') return {detail: 'the server closed the connection during the TLS handshake', remedies: [staleTarget(context)]}
    return {detail: `the TLS handshake failed: ${messageOf(error)}`, remedies: [staleTarget(context)]}
  }
}

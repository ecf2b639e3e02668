import type {TLSSocket} from 'node:tls'

// Apache Kafka on Heroku authenticates clients by TLS certificate: the TLS hop presents the
// add-on's client certificate, and the login hop makes one round trip of the Kafka protocol
// (ApiVersions) over it, which a broker answers only once it has accepted the certificate
// (with TLS 1.3, the client's handshake ends before the broker has checked it).
import type {KafkaCertificates} from '../config-vars.js'

import {configGetCommand} from '../suggestions.js'
import {
  type Explanation, HopFailure, HopTimeout, messageOf, type Probe, timeoutDetail,
} from './hop.js'
import {type FixContext, staleTarget} from './remedies.js'
import {certificateProblem, openTls, type TlsOptions} from './tls.js'

const API_VERSIONS = 18
const CORRELATION_ID = 1
const CLIENT_ID = 'heroku-data-privatelink-check'

export function kafkaTlsOptions(certificates: KafkaCertificates | undefined): TlsOptions {
  return {ca: certificates?.trusted, cert: certificates?.cert, key: certificates?.key}
}

/** ApiVersions v0: size, api key, api version, correlation id, client id. */
export function apiVersionsRequest(): Buffer {
  const clientId = Buffer.from(CLIENT_ID, 'utf8')
  const body = Buffer.alloc(10 + clientId.length)
  body.writeInt16BE(API_VERSIONS, 0)
  body.writeInt16BE(0, 2)
  body.writeInt32BE(CORRELATION_ID, 4)
  body.writeInt16BE(clientId.length, 8)
  clientId.copy(body, 10)
  const size = Buffer.alloc(4)
  size.writeInt32BE(body.length)
  return Buffer.concat([size, body])
}

/** The error code and number of APIs of an ApiVersions v0 response (without its size prefix). */
export function parseApiVersions(response: Buffer): {apis: number; errorCode: number} {
  if (response.length < 6 || response.readInt32BE(0) !== CORRELATION_ID) throw new Error('the answer is not a Kafka ApiVersions response')
  const errorCode = response.readInt16BE(4)
  return {apis: response.length >= 10 ? response.readInt32BE(6) : 0, errorCode}
}

function roundTrip(tls: TLSSocket, signal: AbortSignal): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let received = Buffer.alloc(0)
    const finish = (error?: Error, response?: Buffer) => {
      signal.removeEventListener('abort', onAbort)
      tls.destroy()
      if (error) reject(error)
      else resolve(response!)
    }

    const onAbort = () => finish(signal.reason)
    signal.addEventListener('abort', onAbort, {once: true})
    tls.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk])
      if (received.length >= 4 && received.length >= 4 + received.readInt32BE(0)) finish(undefined, received.subarray(4, 4 + received.readInt32BE(0)))
    })
    tls.once('error', error => finish(error))
    tls.once('close', () => finish(new HopFailure('the broker closed the connection without answering ApiVersions')))
    tls.write(apiVersionsRequest())
  })
}

export function loginKafka(host: string, port: number, certificates: KafkaCertificates | undefined): Probe {
  return async signal => {
    const tls = await openTls(host, port, kafkaTlsOptions(certificates), signal)
    const {apis, errorCode} = parseApiVersions(await roundTrip(tls, signal))
    if (errorCode !== 0) throw new HopFailure(`the broker answered ApiVersions with error code ${errorCode}`)
    return {detail: `the broker accepted the client certificate and answered ApiVersions (${apis} APIs)`}
  }
}

/** What to say when a certificate is the problem, in the TLS hop or the login hop. */
export function explainKafkaCertificates(context: FixContext, certificates: KafkaCertificates | undefined) {
  const prefix = context.configVar?.replace(/_ENDPOINT_.*$/, '') ?? 'KAFKA'
  return (problem: 'client' | 'server', error: unknown): Explanation => {
    if (problem === 'server') {
      return {
        detail: `the broker's certificate is not signed by ${prefix}_TRUSTED_CERT: ${messageOf(error)}`,
        remedies: [staleTarget(context)],
      }
    }

    return {
      detail: certificates?.cert
        ? `the broker refused the client certificate of ${prefix}_CLIENT_CERT: ${messageOf(error)}`
        : `the broker asks for a client certificate, and the app has no ${prefix}_CLIENT_CERT and ${prefix}_CLIENT_CERT_KEY config vars yet`,
      remedies: [{
        cause: `${prefix}_CLIENT_CERT and ${prefix}_CLIENT_CERT_KEY are not the cluster's current ones (they change when the credentials are rotated): read them again`,
        command: configGetCommand(`${prefix}_CLIENT_CERT`, context.target.app),
      }],
    }
  }
}

export function explainKafkaLogin(context: FixContext, certificates: KafkaCertificates | undefined) {
  const certificatesExplained = explainKafkaCertificates(context, certificates)
  return (error: unknown): Explanation => {
    if (error instanceof HopTimeout) return {detail: `${timeoutDetail(error, 'no ApiVersions answer')}`, remedies: [staleTarget(context)]}
    const problem = certificateProblem(error)
    if (problem) return certificatesExplained(problem, error)
    if (error instanceof HopFailure && /closed the connection/.test(error.message)) {
      // A broker that refuses the certificate after a TLS 1.3 handshake may just hang up.
      return certificatesExplained('client', error)
    }

    return {detail: `the Kafka round trip failed: ${messageOf(error)}`, remedies: [staleTarget(context)]}
  }
}

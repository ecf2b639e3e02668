// Postgres and PgBouncer: the SSLRequest that starts TLS, and the login hop, one `SELECT 1` with
// node-postgres (`pg`), loaded only here. The credentials come from the config var's URL.
import type {Socket} from 'node:net'

import {
  type Explanation, HopFailure, HopTimeout, messageOf, type Probe, timeoutDetail,
} from './hop.js'
import {type FixContext, staleTarget} from './remedies.js'
import {decodedPart} from './secrets.js'
import {TlsRefused} from './tls.js'

// The SSLRequest message: its length (8) and the code 80877103.
const SSL_REQUEST = Buffer.from([0, 0, 0, 8, 0x04, 0xD2, 0x16, 0x2F])

/** Sends the SSLRequest and reads the one-byte answer: `S` starts TLS; `N` refuses it. */
export function sslRequest(context: FixContext) {
  return (socket: Socket, signal: AbortSignal): Promise<void> => new Promise((resolve, reject) => {
    const finish = (error?: Error) => {
      signal.removeEventListener('abort', onAbort)
      socket.removeListener('data', onData)
      socket.removeListener('close', onClose)
      if (error) reject(error)
      else resolve()
    }

    const onAbort = () => finish(signal.reason)
    const onClose = () => finish(new HopFailure('the server closed the connection instead of answering the SSLRequest', [staleTarget(context)]))
    const onData = (chunk: Buffer) => {
      const answer = String.fromCodePoint(chunk[0])
      if (answer === 'S') finish()
      else if (answer === 'N') {
        finish(new TlsRefused('the server refused TLS: it answered N to the SSLRequest, and Heroku Postgres accepts only TLS connections: this port is not the database\'s (or a server without TLS)', [staleTarget(context)]))
      } else finish(new TlsRefused(`the server answered the SSLRequest with ${JSON.stringify(answer)}, not with S or N: it does not speak the Postgres protocol`, [staleTarget(context)]))
    }

    signal.addEventListener('abort', onAbort, {once: true})
    socket.on('data', onData)
    socket.once('close', onClose)
    socket.write(SSL_REQUEST)
  })
}

export interface Login {
  host: string
  port: number
  url: URL
}

export function loginPostgres({host, port, url}: Login): Probe {
  return async signal => {
    const {default: pg} = await import('pg')
    const client = new pg.Client({
      application_name: 'heroku-data-privatelink-check',
      database: decodedPart(url.pathname.replace(/^\//, '')) || undefined,
      host,
      password: decodedPart(url.password),
      port,
      ssl: {rejectUnauthorized: false},
      user: decodedPart(url.username),
    })
    // Errors after the login reach this listener; the ones of connect and query reject them.
    client.on('error', () => {})
    const onAbort = () => {
      (client as unknown as {connection?: {stream?: Socket}}).connection?.stream?.destroy()
    }

    signal.addEventListener('abort', onAbort, {once: true})
    try {
      await client.connect()
      await client.query('SELECT 1')
    } catch (error) {
      throw signal.aborted ? signal.reason : error
    } finally {
      signal.removeEventListener('abort', onAbort)
      client.end().catch(() => {})
    }

    return {detail: 'logged in with the config var\'s credentials and ran SELECT 1'}
  }
}

// invalid_password, invalid_authorization_specification, and PgBouncer's protocol_violation with its SASL words.
const REFUSED_CREDENTIALS = new Set(['28P01', '28000'])

export function explainPostgresLogin(context: FixContext, configVar: null | string) {
  return (error: unknown): Explanation => {
    if (error instanceof HopTimeout) return {detail: timeoutDetail(error, 'no login'), remedies: [staleTarget(context)]}
    const code = String((error as {code?: unknown}).code ?? '')
    const message = messageOf(error)
    if (REFUSED_CREDENTIALS.has(code) || /authentication failed/i.test(message)) {
      return {
        detail: `the server refused the credentials of ${configVar ?? 'the config var'} (wrong password): ${message}`,
        remedies: [{
          cause: 'the credentials were rotated since the config var was read, or are being rotated: run the check again; the credentials of the database are',
          command: `heroku pg:credentials ${context.target.database} --app ${context.target.app}`,
        }],
      }
    }

    return {detail: `the login failed: ${message}${code ? ` (${code})` : ''}`, remedies: [staleTarget(context)]}
  }
}

import type {Login} from './postgres.js'

// Key-Value Store: the login hop, AUTH (in the client's handshake) then PING, with node-redis's
// client (`@redis/client`), loaded only here. It logs nothing, under DEBUG included (ioredis's
// debug output prints each command's arguments, AUTH's password among them). TLS as the rediss://
// URL asks, without checking the certificate, like sslmode=require.
import {
  type Explanation, HopTimeout, messageOf, type Probe, timeoutDetail,
} from './hop.js'
import {type FixContext, staleTarget} from './remedies.js'
import {decodedPart} from './secrets.js'

export function loginRedis({host, port, url}: Login): Probe {
  return async signal => {
    const {createClient} = await import('@redis/client')
    const client = createClient({
      // CLIENT SETINFO is one more round trip, and older servers refuse it.
      disableClientInfo: true,
      password: decodedPart(url.password) || undefined,
      // Heroku's Key-Value Store URLs in a space are rediss://: TLS, always.
      socket: {
        connectTimeout: 0, host, port, reconnectStrategy: false, rejectUnauthorized: false, tls: true,
      },
      username: decodedPart(url.username) || undefined,
    })
    client.on('error', () => {})
    const close = () => {
      if (client.isOpen) client.destroy()
    }

    signal.addEventListener('abort', close, {once: true})
    try {
      await client.connect()
      const answer = await client.ping()
      return {detail: `logged in with the config var's credentials; PING answered ${answer}`}
    } catch (error) {
      throw signal.aborted ? signal.reason : error
    } finally {
      signal.removeEventListener('abort', close)
      close()
    }
  }
}

export function explainRedisLogin(context: FixContext, configVar: null | string) {
  return (error: unknown): Explanation => {
    if (error instanceof HopTimeout) return {detail: timeoutDetail(error, 'no login'), remedies: [staleTarget(context)]}
    const message = messageOf(error)
    if (/WRONGPASS|invalid password|NOAUTH|invalid username-password/i.test(message)) {
      return {
        detail: `the server refused the credentials of ${configVar ?? 'the config var'} (wrong password): ${message}`,
        remedies: [{
          cause: 'the credentials were rotated since the config var was read, or are being rotated: run the check again; the add-on\'s credentials are',
          command: `heroku redis:credentials ${context.target.database} --app ${context.target.app}`,
        }],
      }
    }

    return {detail: `the login failed: ${message}`, remedies: [staleTarget(context)]}
  }
}

// Real database servers for `check`'s tests, the demo and the bench: PostgreSQL with TLS and a
// user with a password (scram-sha-256), PgBouncer in front of it (TLS on the client side too, as
// Heroku's port 5433), a second PgBouncer that refuses TLS, and Redis with TLS and a password. From
// Debian's packages (postgresql, pgbouncer, redis-server), run as the unprivileged `postgres` user
// when this process is root (as CI is), on random 127.0.0.1 ports, in a temporary folder; stop()
// ends them and deletes it. Also the stand-ins no package provides: a Kafka-like TLS listener that
// requires a client certificate, a listener that never answers, and a closed port.
import {type ChildProcess, spawn} from 'node:child_process'
import {
  chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync,
} from 'node:fs'
import {createServer as createTcpServer, type Socket, type Server as TcpServer} from 'node:net'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {createServer as createTlsServer, type Server as TlsServer} from 'node:tls'

import {selfSignedCertificate} from './certificate.js'

/** Debian's PostgreSQL binaries, of the newest version installed (15 on bookworm). */
function postgresBin(): string {
  const root = '/usr/lib/postgresql'
  const versions = existsSync(root) ? readdirSync(root).filter(name => /^\d+$/.test(name)).sort((a, b) => Number(b) - Number(a)) : []
  return path.join(root, versions[0] ?? '15', 'bin')
}

const POSTGRES_BIN = postgresBin()
export const SERVER_BINARIES = {
  initdb: path.join(POSTGRES_BIN, 'initdb'),
  pgbouncer: '/usr/sbin/pgbouncer',
  postgres: path.join(POSTGRES_BIN, 'postgres'),
  redis: '/usr/bin/redis-server',
} as const
/** What installs them on Debian, as .ci/run does. */
export const SERVER_PACKAGES = 'postgresql pgbouncer redis-server'
const START_TIMEOUT_MS = 60_000

/** The binaries this machine lacks. */
export function missingServerBinaries(): string[] {
  return Object.values(SERVER_BINARIES).filter(file => !existsSync(file))
}

/** Why the servers can't run here, to fail with in CI and to skip with elsewhere; undefined when they can. */
export function serversUnavailable(): string | undefined {
  const missing = missingServerBinaries()
  return missing.length > 0 ? `missing ${missing.join(', ')}: install Debian's ${SERVER_PACKAGES} (sudo apt-get install ${SERVER_PACKAGES})` : undefined
}

interface Account {
  gid: number
  uid: number
}

/** The `postgres` user when this process is root (initdb, postgres and pgbouncer refuse root); else this user. */
function serverAccount(): Account | undefined {
  if (process.getuid?.() !== 0) return undefined
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find(entry => entry.startsWith('postgres:'))
  if (!line) throw new Error('Running as root, the servers need the unprivileged postgres user, which the postgresql package creates.')
  const fields = line.split(':')
  return {gid: Number(fields[3]), uid: Number(fields[2])}
}

/** A port free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  const server = createTcpServer()
  await new Promise<void>(resolve => {
    server.listen(0, '127.0.0.1', resolve)
  })
  const {port} = server.address() as {port: number}
  await new Promise(resolve => {
    server.close(resolve)
  })
  return port
}

interface Started {
  child: ChildProcess
  log: () => string
}

/** Starts a server and resolves once its log says `ready`; rejects with the log if it exits or takes too long. */
function startServer(command: string, args: string[], ready: RegExp, {account, cwd}: {account: Account | undefined; cwd: string}): Promise<Started> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd, gid: account?.gid, stdio: ['ignore', 'pipe', 'pipe'], uid: account?.uid,
    })
    let output = ''
    const log = () => output
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`${command} did not start within ${START_TIMEOUT_MS / 1000}s:\n${output}`))
    }, START_TIMEOUT_MS)
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8')
      if (ready.test(output)) {
        clearTimeout(timer)
        resolve({child, log})
      }
    }

    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.once('error', error => {
      clearTimeout(timer)
      reject(error)
    })
    child.once('exit', code => {
      clearTimeout(timer)
      reject(new Error(`${command} exited with ${code}:\n${output}`))
    })
  })
}

function stopServer(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise(resolve => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000)
    child.once('exit', () => {
      clearTimeout(killer)
      resolve()
    })
    child.kill(signal)
  })
}

export interface DatabaseServers {
  /** The certificate every server presents (CN=localhost, self-signed). */
  certificate: {cert: string; key: string}
  database: string
  password: string
  pgbouncerPort: number
  /** A PgBouncer that refuses TLS: it answers N to the SSLRequest. */
  pgbouncerWithoutTlsPort: number
  postgresPort: number
  redisPassword: string
  redisPort: number
  /** Ends every server and deletes their folder. */
  stop(): Promise<void>
  /** Config var values for the servers, as Heroku writes them (host 127.0.0.1). */
  urls: {pgbouncer: string; pgbouncerWithoutTls: string; postgres: string; redis: string}
  user: string
}

/** Starts PostgreSQL, the two PgBouncers and Redis; about two seconds. */
export async function startDatabaseServers(): Promise<DatabaseServers> {
  const problem = serversUnavailable()
  if (problem) throw new Error(`Can't start the database servers: ${problem}`)
  const account = serverAccount()
  const dir = mkdtempSync(path.join(tmpdir(), 'privatelink-servers-'))
  const own = (file: string) => {
    if (account) chownSync(file, account.uid, account.gid)
  }

  const write = (name: string, text: string, mode = 0o600) => {
    const file = path.join(dir, name)
    writeFileSync(file, text, {mode})
    own(file)
    return file
  }

  own(dir)
  const user = 'u1a2b3c4d5e6'
  // Random, with the characters a URL must percent-encode, as Heroku's passwords may have.
  const password = `p${Math.random().toString(36).slice(2)}/+=${Math.random().toString(36).slice(2)}`
  const redisPassword = `r${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`
  const database = 'postgres'
  const certificate = selfSignedCertificate()
  const certFile = write('server.crt', certificate.cert, 0o644)
  const keyFile = write('server.key', certificate.key)
  const passwordFile = write('password', `${password}\n`)
  const children: Array<{child: ChildProcess; signal: NodeJS.Signals}> = []
  // A run that dies (a failed test run, a demo cut short) still ends its servers and deletes their folder.
  const killAll = () => {
    for (const {child} of children) child.kill('SIGKILL')
    rmSync(dir, {force: true, recursive: true})
  }

  process.once('exit', killAll)
  const stop = async () => {
    process.removeListener('exit', killAll)
    // Redis and the PgBouncers first, then Postgres (SIGINT: a fast shutdown).
    for (const {child, signal} of children.reverse()) await stopServer(child, signal) // eslint-disable-line no-await-in-loop
    rmSync(dir, {force: true, recursive: true})
  }

  try {
    const initdb = await new Promise<{code: null | number; output: string}>((resolve, reject) => {
      const child = spawn(SERVER_BINARIES.initdb, ['-D', path.join(dir, 'data'), '-U', user, '--auth=scram-sha-256', `--pwfile=${passwordFile}`, '-E', 'utf8', '--no-sync', '--no-instructions'], {
        cwd: dir, gid: account?.gid, stdio: ['ignore', 'pipe', 'pipe'], uid: account?.uid,
      })
      let output = ''
      child.stdout.on('data', chunk => {
        output += chunk
      })
      child.stderr.on('data', chunk => {
        output += chunk
      })
      child.once('error', reject)
      child.once('exit', code => resolve({code, output}))
    })
    if (initdb.code !== 0) throw new Error(`initdb failed:\n${initdb.output}`)
    const postgresPort = await freePort()
    const postgres = await startServer(SERVER_BINARIES.postgres, [
      '-D',
      path.join(dir, 'data'),
      '-c',
      `port=${postgresPort}`,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${dir}`,
      '-c',
      'ssl=on',
      '-c',
      `ssl_cert_file=${certFile}`,
      '-c',
      `ssl_key_file=${keyFile}`,
      '-c',
      'fsync=off',
      '-c',
      'max_connections=20',
    ], /database system is ready to accept connections/, {account, cwd: dir})
    children.push({child: postgres.child, signal: 'SIGINT'})

    write('userlist.txt', `"${user}" "${password}"\n`)
    const pgbouncer = async (name: string, tls: boolean) => {
      const port = await freePort()
      const ini = write(`${name}.ini`, [
        '[databases]',
        `${database} = host=127.0.0.1 port=${postgresPort} dbname=${database}`,
        '',
        '[pgbouncer]',
        'listen_addr = 127.0.0.1',
        `listen_port = ${port}`,
        'unix_socket_dir =',
        'auth_type = scram-sha-256',
        `auth_file = ${path.join(dir, 'userlist.txt')}`,
        `client_tls_sslmode = ${tls ? 'require' : 'disable'}`,
        `client_tls_cert_file = ${certFile}`,
        `client_tls_key_file = ${keyFile}`,
        'server_tls_sslmode = require',
        'pool_mode = transaction',
        '',
      ].join('\n'))
      const started = await startServer(SERVER_BINARIES.pgbouncer, [ini], /process up/, {account, cwd: dir})
      children.push({child: started.child, signal: 'SIGTERM'})
      return port
    }

    const pgbouncerPort = await pgbouncer('pgbouncer', true)
    const pgbouncerWithoutTlsPort = await pgbouncer('pgbouncer-without-tls', false)
    const redisPort = await freePort()
    const redis = await startServer(SERVER_BINARIES.redis, [
      '--port',
      '0',
      '--tls-port',
      String(redisPort),
      '--bind',
      '127.0.0.1',
      '--tls-cert-file',
      certFile,
      '--tls-key-file',
      keyFile,
      '--tls-auth-clients',
      'no',
      '--requirepass',
      redisPassword,
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
      '--protected-mode',
      'no',
    ], /Ready to accept connections/, {account, cwd: dir})
    children.push({child: redis.child, signal: 'SIGTERM'})

    const encoded = encodeURIComponent(password)
    const pg = (port: number) => `postgres://${user}:${encoded}@127.0.0.1:${port}/${database}`
    return {
      certificate,
      database,
      password,
      pgbouncerPort,
      pgbouncerWithoutTlsPort,
      postgresPort,
      redisPassword,
      redisPort,
      stop,
      urls: {
        pgbouncer: pg(pgbouncerPort), pgbouncerWithoutTls: pg(pgbouncerWithoutTlsPort), postgres: pg(postgresPort), redis: `rediss://:${redisPassword}@127.0.0.1:${redisPort}`,
      },
      user,
    }
  } catch (error) {
    await stop()
    throw error
  }
}

export interface Listener {
  close(): Promise<void>
  /** The most connections it has held open at once. */
  mostOpenAtOnce(): number
  port: number
}

function listening(server: TcpServer | TlsServer): Promise<Listener> {
  const sockets = new Set<Socket>()
  let most = 0
  server.on('connection', socket => {
    sockets.add(socket)
    most = Math.max(most, sockets.size)
    socket.on('error', () => {})
    socket.once('close', () => sockets.delete(socket))
  })
  return new Promise(resolve => {
    server.listen(0, '127.0.0.1', () => resolve({
      close: () => new Promise(done => {
        for (const socket of sockets) socket.destroy()
        server.close(() => done())
      }),
      mostOpenAtOnce: () => most,
      port: (server.address() as {port: number}).port,
    }))
  })
}

/** Takes TCP connections and never says a word: every hop after TCP must time out. */
export function silentListener(): Promise<Listener> {
  return listening(createTcpServer())
}

/** A port nothing listens on. */
export async function closedPort(): Promise<number> {
  return freePort()
}

export interface KafkaLike extends Listener {
  /** The CA the listener trusts for client certificates: the client certificate itself (self-signed). */
  clientCertificate: {cert: string; key: string}
  /** The listener's own certificate, for KAFKA_TRUSTED_CERT. */
  serverCertificate: {cert: string; key: string}
}

const API_VERSIONS = 18

/**
 * A Kafka-like broker: TLS that requires a client certificate signed by its CA (as Apache Kafka on
 * Heroku does), and an answer to the ApiVersions v0 request, the first a Kafka client sends.
 */
export function kafkaLikeListener(): Promise<KafkaLike> {
  const serverCertificate = selfSignedCertificate()
  const clientCertificate = selfSignedCertificate()
  const server = createTlsServer({
    ca: [clientCertificate.cert], cert: serverCertificate.cert, key: serverCertificate.key, rejectUnauthorized: true, requestCert: true,
  }, socket => {
    let received = Buffer.alloc(0)
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk])
      if (received.length < 4 || received.length < 4 + received.readInt32BE(0)) return
      const apiKey = received.readInt16BE(4)
      const correlationId = received.readInt32BE(8)
      if (apiKey !== API_VERSIONS) {
        socket.destroy()
        return
      }

      // correlation id, error code 0, and one API: ApiVersions itself, versions 0 to 3.
      const body = Buffer.alloc(16)
      body.writeInt32BE(correlationId, 0)
      body.writeInt16BE(0, 4)
      body.writeInt32BE(1, 6)
      body.writeInt16BE(API_VERSIONS, 10)
      body.writeInt16BE(0, 12)
      body.writeInt16BE(3, 14)
      const size = Buffer.alloc(4)
      size.writeInt32BE(body.length)
      socket.end(Buffer.concat([size, body]))
    })
  })
  server.on('tlsClientError', () => {})
  return listening(server).then(listener => ({...listener, clientCertificate, serverCertificate}))
}

/**
 * For a test suite's `before`: nothing when the servers can run here; else, in CI (CI=true),
 * which must run these tests, an error; elsewhere a skip that says what to install.
 */
export function requireDatabaseServers(context: {skip(): void}, problem = serversUnavailable()): void {
  if (!problem) return
  if (process.env.CI === 'true') throw new Error(`CI must run the tests against real database servers, and ${problem}`)
  console.log(`    (skipped: these tests run real database servers, and ${problem})`)
  // eslint-disable-next-line mocha/no-skipped-tests -- skipped only outside CI, saying why
  context.skip()
}

// The probes and their explanations that need no server: DNS scopes, the hop runner's timeouts and
// deadline, the remedies of each kind of TCP failure, the scrubbing of credentials, and Kafka's
// ApiVersions bytes. The probes against real servers are in test/e2e/check.test.ts.
import {expect} from 'chai'
import {spawnSync} from 'node:child_process'
import {createServer, type Server, type Socket} from 'node:net'
import {createServer as createTlsServer} from 'node:tls'

import {
  explainDns, type Lookup, probeDns, scopeOf,
} from '../../../src/lib/check/dns.js'
import {abandonedWork, HopTimeout, runHop} from '../../../src/lib/check/hop.js'
import {apiVersionsRequest, parseApiVersions} from '../../../src/lib/check/kafka.js'
import {type FixContext, thisHostCidr} from '../../../src/lib/check/remedies.js'
import {scrub, secretsOf} from '../../../src/lib/check/secrets.js'
import {explainTcp, TcpFailure} from '../../../src/lib/check/tcp.js'
import {explainTls, probeTls} from '../../../src/lib/check/tls.js'
import {selfSignedCertificate} from '../../helpers/certificate.js'
import {ROOT} from '../../helpers/cli.js'

/** Lookups: one with a duplicate and a public address, one that never answers, one that finds nothing. */
const mixed: Lookup = async () => [{address: '10.0.1.5', family: 4}, {address: '10.0.1.5', family: 4}, {address: '54.1.2.3', family: 4}]
const never: Lookup = () => new Promise(() => {})
const missing: Lookup = async () => {
  throw Object.assign(new Error('getaddrinfo ENOTFOUND db.example'), {code: 'ENOTFOUND'})
}

function answerNotTls(socket: Socket): void {
  socket.once('data', () => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n'))
}

function entry(address: string, internal = false) {
  return {
    address, cidr: null, family: 'IPv4' as const, internal, mac: '', netmask: '',
  }
}

const CONTEXT: FixContext = {
  configVar: 'DATABASE_ENDPOINT_01C87AE3C05563935_URL',
  connectionStatus: 'Available',
  endpointId: 'vpce-01c87ae3c05563935',
  region: 'us-east-1',
  target: {app: 'example-app', database: 'DATABASE'},
  thisHost: '10.0.1.23/32',
}

describe('check probes', () => {
  describe('DNS', () => {
    it('tells private, loopback, link-local, shared and public addresses apart, IPv4 and IPv6', () => {
      expect(['10.0.1.5', '172.16.0.1', '172.31.255.1', '192.168.1.1', '127.0.0.1', '169.254.1.1', '100.64.0.1', '54.1.2.3', '172.32.0.1'].map(address => scopeOf(address)))
      .to.deep.equal(['private', 'private', 'private', 'private', 'loopback', 'link-local', 'shared', 'public', 'public'])
      expect(['fd00::1', '::1', 'fe80::1', '2600:1f18::1', '::ffff:10.0.0.1'].map(address => scopeOf(address))).to.deep.equal(['private', 'loopback', 'link-local', 'public', 'private'])
    })

    it('lists every address once, and says that a public one is not a VPC endpoint\'s', async () => {
      const {result} = await runHop('dns', {timeoutMs: 1000}, [], {explain: explainDns('db.example', CONTEXT), probe: probeDns('db.example', mixed)})
      expect(result.status).to.equal('passed')
      expect(result.addresses).to.deep.equal([{address: '10.0.1.5', family: 4, scope: 'private'}, {address: '54.1.2.3', family: 4, scope: 'public'}])
      expect(result.detail).to.match(/^10\.0\.1\.5 \(private\), 54\.1\.2\.3 \(public\); a public address is not a VPC endpoint's/)
    })

    it('a lookup that never answers fails at the hop timeout, with the resolver to look at', async () => {
      const {cutByDeadline, result} = await runHop('dns', {timeoutMs: 50}, [], {explain: explainDns('db.example', CONTEXT), probe: probeDns('db.example', never)})
      expect(cutByDeadline).to.equal(false)
      expect(result).to.deep.include({detail: 'no answer from the resolver within 50ms', status: 'failed'})
      expect(result.remedies[0].command).to.equal('getent ahosts db.example')
    })

    it('a lookup cut short by the deadline is said so, and marks the run as cut', async () => {
      const {cutByDeadline, result} = await runHop('dns', {deadline: Date.now() + 30, timeoutMs: 5000}, [], {explain: explainDns('db.example', CONTEXT), probe: probeDns('db.example', never)})
      expect(cutByDeadline).to.equal(true)
      expect(result.detail).to.equal('no answer from the resolver before the deadline (--timeout)')
    })

    it('counts a lookup given up on until it settles', async () => {
      const settlers: Array<(found: Array<{address: string; family: number}>) => void> = []
      const late: Lookup = () => new Promise(resolve => {
        settlers.push(resolve)
      })
      const before = abandonedWork()
      const {result} = await runHop('dns', {timeoutMs: 20}, [], {explain: explainDns('db.example', CONTEXT), probe: probeDns('db.example', late)})
      expect(result.status).to.equal('failed')
      expect(abandonedWork()).to.equal(before + 1)
      for (const settle of settlers) settle([{address: '10.0.1.5', family: 4}])
      await new Promise(resolve => {
        setImmediate(resolve)
      })
      expect(abandonedWork()).to.equal(before)
    })

    it('a lookup given up on does not hold the process once the command is done', () => {
      // The "lookup" holds the event loop for a minute, as getaddrinfo does while a resolver is silent.
      const script = `
        import {abortable, exitDespiteAbandonedWork} from './src/lib/check/hop.ts'
        const controller = new AbortController()
        const lookup = new Promise(resolve => setTimeout(resolve, 60_000))
        const given = abortable(lookup, controller.signal).catch(() => console.log('given up'))
        controller.abort(new Error('hop timeout'))
        await given
        process.exitCode = 5
        exitDespiteAbandonedWork()
      `
      const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {cwd: ROOT, encoding: 'utf8', timeout: 30_000})
      expect(run.signal, 'still running after 30 s: the lookup held it').to.equal(null)
      expect(run.stdout).to.equal('given up\n')
      expect(run.status).to.equal(5)
    })

    it('a name that does not resolve: ENOTFOUND, with the resolver and the config vars to read again', async () => {
      const {result} = await runHop('dns', {timeoutMs: 1000}, [], {explain: explainDns('db.example', CONTEXT), probe: probeDns('db.example', missing)})
      expect(result.detail).to.equal('db.example doesn\'t resolve (ENOTFOUND)')
      expect(result.remedies.map(remedy => remedy.command)).to.deep.equal(['getent ahosts db.example', 'heroku data:privatelink DATABASE --app example-app'])
    })
  })

  describe('TCP remedies', () => {
    const timeout = new TcpFailure([{address: '10.0.1.5', outcome: 'timeout'}], new HopTimeout(5000, false))

    it('no answer: the security group rule for this host and port first, found from the VPC endpoint, then the VPC', () => {
      const {detail, remedies} = explainTcp(5432, CONTEXT)(timeout)
      expect(detail).to.equal('10.0.1.5 port 5432: no answer within 5s: the packets were dropped, as a security group drops them')
      expect(remedies.map(remedy => remedy.command)).to.deep.equal([
        'aws ec2 authorize-security-group-ingress --group-id "$(aws ec2 describe-vpc-endpoints --vpc-endpoint-ids vpce-01c87ae3c05563935 --query \'VpcEndpoints[0].Groups[0].GroupId\' --output text --region us-east-1)" --protocol tcp --port 5432 --cidr 10.0.1.23/32 --region us-east-1',
        'aws ec2 describe-vpc-endpoints --vpc-endpoint-ids vpce-01c87ae3c05563935 --query \'VpcEndpoints[0].[VpcId,SubnetIds]\' --output text --region us-east-1',
      ])
      expect(remedies[1].cause).to.match(/^this host is not in the VPC of the endpoint, nor in a network routed to it/)
    })

    it('a connection that is not Available yet comes first, with the wait for it', () => {
      const {remedies} = explainTcp(5432, {...CONTEXT, connectionStatus: 'Pending Acceptance'})(timeout)
      expect(remedies[0]).to.deep.equal({
        cause: 'connection vpce-01c87ae3c05563935 is Pending Acceptance, not Available yet: wait for it',
        command: 'heroku data:privatelink:wait DATABASE --app example-app --endpoint-id vpce-01c87ae3c05563935',
      })
      expect(remedies).to.have.length(3)
    })

    it('no route: this host is not in the VPC, first; without a region or a single address of its own, placeholders', () => {
      const {detail, remedies} = explainTcp(5433, {...CONTEXT, region: null, thisHost: '<CIDR>'})(new TcpFailure([{address: '10.0.1.5', code: 'EHOSTUNREACH', outcome: 'unreachable'}]))
      expect(detail).to.equal('10.0.1.5 port 5433: no route to it (EHOSTUNREACH)')
      expect(remedies[0].cause).to.match(/^this host is not in the VPC/)
      expect(remedies[1].command).to.include("--port 5433 --cidr '<CIDR>' --region '<REGION>'")
    })

    it('one address of several failing: both are told, since an application may connect one time and fail the next', () => {
      const {detail} = explainTcp(5432, CONTEXT)(new TcpFailure([{address: '10.0.1.5', outcome: 'connected'}, {address: '10.0.2.5', outcome: 'refused'}]))
      expect(detail).to.equal('10.0.1.5 port 5432: connected; 10.0.2.5 port 5432: connection refused (ECONNREFUSED): the address answered, but nothing accepts connections there (an application may connect one time and fail the next)')
    })

    it('this host\'s address for the ingress rule: its one IPv4 address outside loopback, else the placeholder', () => {
      expect(thisHostCidr({eth0: [entry('10.0.1.23')], lo: [entry('127.0.0.1', true)]})).to.equal('10.0.1.23/32')
      expect(thisHostCidr({eth0: [entry('10.0.1.23')], eth1: [entry('10.0.2.23')]})).to.equal('<CIDR>')
      expect(thisHostCidr({lo: [entry('127.0.0.1', true)]})).to.equal('<CIDR>')
    })
  })

  describe('TLS', () => {
    let server: Server
    let port: number

    before(async () => {
      // Answers whatever it gets with bytes that are not TLS, then hangs up.
      server = createServer(answerNotTls)
      await new Promise<void>(resolve => {
        server.listen(0, '127.0.0.1', resolve)
      })
      port = (server.address() as {port: number}).port
    })

    after(() => new Promise(resolve => {
      server.close(resolve)
    }))

    it('never checks the certificate against the name, like sslmode=require; with a trusted CA (Kafka\'s), checks its chain', async () => {
      const other = selfSignedCertificate('db.other.example')
      const tlsServer = createTlsServer({cert: other.cert, key: other.key}, socket => socket.end())
      await new Promise<void>(resolve => {
        tlsServer.listen(0, '127.0.0.1', resolve)
      })
      const tlsPort = (tlsServer.address() as {port: number}).port
      try {
        const untrusted = await runHop('tls', {timeoutMs: 5000}, [], {explain: explainTls(CONTEXT), probe: probeTls('127.0.0.1', tlsPort)})
        expect(untrusted.result.status).to.equal('passed')
        expect(untrusted.result.tls?.subject).to.equal('CN=db.other.example')
        const chained = await runHop('tls', {timeoutMs: 5000}, [], {explain: explainTls(CONTEXT), probe: probeTls('127.0.0.1', tlsPort, {ca: other.cert})})
        expect(chained.result.status).to.equal('passed')
        expect(chained.result.detail).to.include('its chain verified against the trusted CA')
        const wrongCa = await runHop('tls', {timeoutMs: 5000}, [], {
          explain: explainTls(CONTEXT, {certificates: problem => ({detail: `certificate problem: ${problem}`, remedies: []})}),
          probe: probeTls('127.0.0.1', tlsPort, {ca: selfSignedCertificate().cert}),
        })
        expect(wrongCa.result).to.deep.include({detail: 'certificate problem: server', status: 'failed'})
      } finally {
        await new Promise(resolve => {
          tlsServer.close(resolve)
        })
      }
    })

    it('a server that does not speak TLS fails the handshake, with the config vars to read again', async () => {
      const {result} = await runHop('tls', {timeoutMs: 5000}, [], {explain: explainTls(CONTEXT), probe: probeTls('127.0.0.1', port)})
      expect(result.status).to.equal('failed')
      expect(result.detail).to.match(/^the (TLS handshake failed|server closed the connection during the TLS handshake)/)
      expect(result.remedies[0].command).to.equal('heroku data:privatelink DATABASE --app example-app')
    })
  })

  describe('credentials in messages', () => {
    it('scrubs the URL, the password (as sent and decoded) and the user, longest first', () => {
      const url = new URL('postgres://u1234abc:p%2Fss%3Dword@db.example:5432/d5678')
      const secrets = secretsOf(url)
      const text = `connect ${url.href} failed; password p/ss=word or p%2Fss%3Dword for user "u1234abc"`
      expect(scrub(text, secrets)).to.equal('connect [url] failed; password [password] or [password] for user "[user]"')
    })

    it('leaves a short user name alone, so ordinary words survive', () => {
      expect(scrub('h is here', secretsOf(new URL('redis://h:pw123456@db.example:6379')))).to.equal('h is here')
    })

    it('scrubs what a probe reports, in its detail and its remedies', async () => {
      const secrets = secretsOf(new URL('postgres://user1:hunter2hunter2@db.example/d'))
      const {result} = await runHop('login', {timeoutMs: 1000}, secrets, {
        explain: error => ({detail: String(error), remedies: [{cause: 'user1 with hunter2hunter2'}]}),
        async probe() {
          throw new Error('password hunter2hunter2 refused for user1')
        },
      })
      expect(result.detail).to.equal('Error: password [password] refused for [user]')
      expect(result.remedies[0].cause).to.equal('[user] with [password]')
    })
  })

  describe('Kafka ApiVersions', () => {
    it('sends a v0 request with its size, api key 18 and a client id, and reads the answer\'s error code and APIs', () => {
      const request = apiVersionsRequest()
      expect(request.readInt32BE(0)).to.equal(request.length - 4)
      expect([request.readInt16BE(4), request.readInt16BE(6), request.readInt32BE(8)]).to.deep.equal([18, 0, 1])
      expect(request.subarray(14).toString('utf8')).to.equal('heroku-data-privatelink-check')
      const answer = Buffer.alloc(10)
      answer.writeInt32BE(1, 0)
      answer.writeInt16BE(0, 4)
      answer.writeInt32BE(42, 6)
      expect(parseApiVersions(answer)).to.deep.equal({apis: 42, errorCode: 0})
      expect(() => parseApiVersions(Buffer.from([0, 0, 0, 9, 0, 0]))).to.throw('not a Kafka ApiVersions response')
    })
  })
})

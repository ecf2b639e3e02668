// A throwaway self-signed certificate for `localhost` and 127.0.0.1, made with node:crypto alone
// (no openssl CLI): an ECDSA P-256 key and a minimal DER-encoded X.509 v3 certificate.
import {generateKeyPairSync, randomBytes, sign} from 'node:crypto'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'

export interface TestCertificate {
  /** PEM file of the certificate, for `NODE_EXTRA_CA_CERTS`. */
  caFile: string
  /** PEM certificate. */
  cert: string
  /** PEM PKCS#8 private key. */
  key: string
  /** Deletes the files. */
  remove(): void
}

const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2'
const COMMON_NAME = '2.5.4.3'
const SUBJECT_ALT_NAME = '2.5.29.17'
const DAY_MS = 24 * 60 * 60 * 1000

/** DER type-length-value. */
function tlv(tag: number, ...contents: Buffer[]): Buffer {
  const body = Buffer.concat(contents)
  if (body.length < 0x80) return Buffer.concat([Buffer.from([tag, body.length]), body])
  const length = Buffer.from(body.length.toString(16).padStart(body.length > 0xFF ? 4 : 2, '0'), 'hex')
  return Buffer.concat([Buffer.from([tag, 0x80 + length.length]), length, body])
}

const sequence = (...contents: Buffer[]): Buffer => tlv(0x30, ...contents)

function oid(dotted: string): Buffer {
  const [first, second, ...rest] = dotted.split('.').map(Number)
  const bytes = [(first * 40) + second]
  for (const arc of rest) {
    // Base 128, most significant digit first, the high bit set on all but the last.
    const digits = [arc % 128]
    for (let value = Math.floor(arc / 128); value > 0; value = Math.floor(value / 128)) digits.unshift(128 + (value % 128))
    bytes.push(...digits)
  }

  return tlv(0x06, Buffer.from(bytes))
}

/** UTCTime as YYMMDDHHMMSSZ (valid until 2049). */
function utcTime(date: Date): Buffer {
  return tlv(0x17, Buffer.from(`${date.toISOString().slice(2, 19).replaceAll(/[-:T]/g, '')}Z`, 'ascii'))
}

function name(commonName: string): Buffer {
  return sequence(tlv(0x31, sequence(oid(COMMON_NAME), tlv(0x0C, Buffer.from(commonName, 'utf8')))))
}

/**
 * A positive serial number in minimal DER from random bytes: the first byte's high bit clear, and
 * that byte never zero (a leading zero before a byte under 0x80 is padding OpenSSL refuses).
 */
export function certificateSerial(random: Buffer): Buffer {
  const serial = Buffer.from(random)
  serial[0] = 1 + (serial[0] % 0x7F)
  return serial
}

/**
 * A self-signed certificate for `localhost` and 127.0.0.1, valid from a day ago to a day ahead; or,
 * given `dnsName`, for that name alone (a certificate that names another host).
 */
export function selfSignedCertificate(dnsName?: string): {cert: string; key: string} {
  const {privateKey, publicKey} = generateKeyPairSync('ec', {namedCurve: 'prime256v1'})
  const algorithm = sequence(oid(ECDSA_WITH_SHA256))
  const now = Date.now()
  const serial = certificateSerial(randomBytes(16))
  const altNames = dnsName ? sequence(tlv(0x82, Buffer.from(dnsName, 'ascii'))) : sequence(tlv(0x82, Buffer.from('localhost', 'ascii')), tlv(0x87, Buffer.from([127, 0, 0, 1])))
  const tbs = sequence(
    tlv(0xA0, tlv(0x02, Buffer.from([2]))),
    tlv(0x02, serial),
    algorithm,
    name(dnsName ?? 'localhost'),
    sequence(utcTime(new Date(now - DAY_MS)), utcTime(new Date(now + DAY_MS))),
    name(dnsName ?? 'localhost'),
    publicKey.export({format: 'der', type: 'spki'}),
    tlv(0xA3, sequence(sequence(oid(SUBJECT_ALT_NAME), tlv(0x04, altNames)))),
  )
  const signature = sign('sha256', tbs, {dsaEncoding: 'der', key: privateKey})
  const der = sequence(tbs, algorithm, tlv(0x03, Buffer.from([0]), signature))
  const base64 = der.toString('base64').match(/.{1,64}/g)?.join('\n') ?? ''
  return {
    cert: `-----BEGIN CERTIFICATE-----\n${base64}\n-----END CERTIFICATE-----\n`,
    key: privateKey.export({format: 'pem', type: 'pkcs8'}).toString(),
  }
}

/** A fresh certificate, with its PEM written to a temporary file for `NODE_EXTRA_CA_CERTS`. */
export function testCertificate(): TestCertificate {
  const {cert, key} = selfSignedCertificate()
  const directory = mkdtempSync(path.join(tmpdir(), 'privatelink-e2e-tls-'))
  const caFile = path.join(directory, 'localhost.pem')
  writeFileSync(caFile, cert)
  return {
    caFile,
    cert,
    key,
    remove: () => rmSync(directory, {force: true, recursive: true}),
  }
}

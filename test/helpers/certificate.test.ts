import {expect} from 'chai'
import {createPrivateKey, X509Certificate} from 'node:crypto'
import {createSecureContext} from 'node:tls'

import {certificateSerial, selfSignedCertificate} from './certificate.js'

describe('the test certificate', () => {
  it('encodes every serial as a minimal positive DER integer, whatever the random bytes', () => {
    for (const first of [0x00, 0x01, 0x3F, 0x7F, 0x80, 0xFF]) {
      const serial = certificateSerial(Buffer.from([first, 0x05, 0xAA]))
      expect(serial[0], `first byte 0x${first.toString(16)}`).to.be.within(0x01, 0x7F)
      expect([...serial.subarray(1)]).to.deep.equal([0x05, 0xAA])
    }
  })

  it('is read by OpenSSL as a certificate and a TLS server key pair, for localhost and 127.0.0.1', () => {
    const {cert, key} = selfSignedCertificate()
    const x509 = new X509Certificate(cert)
    expect(x509.subjectAltName).to.equal('DNS:localhost, IP Address:127.0.0.1')
    expect(x509.checkPrivateKey(createPrivateKey(key))).to.equal(true)
    expect(() => createSecureContext({cert, key})).not.to.throw()
  })
})


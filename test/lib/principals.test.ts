import {expect} from 'chai'

import {covers, principalOf} from '../../src/lib/principals.js'

describe('principals', () => {
  describe('principalOf', () => {
    it('reads the whole account from a root ARN, a bare id or ID:root', () => {
      for (const value of ['arn:aws:iam::123456789012:root', '123456789012', '123456789012:root']) {
        expect(principalOf(value), value).to.deep.equal({account: '123456789012', kind: 'root', name: ''})
      }
    })

    it('reads users and roles without their path, and an assumed role\'s session as its role', () => {
      expect(principalOf('arn:aws:iam::123456789012:user/division_a/abc')).to.deep.equal({account: '123456789012', kind: 'user', name: 'abc'})
      expect(principalOf('123456789012:role/deploy')).to.deep.equal({account: '123456789012', kind: 'role', name: 'deploy'})
      expect(principalOf('arn:aws:sts::123456789012:assumed-role/deploy/ci-session')).to.deep.equal({account: '123456789012', kind: 'role', name: 'deploy'})
    })

    it('is undefined for anything else', () => {
      for (const value of ['', 'arn:aws:s3:::bucket', '12345', 'arn:aws:iam::123456789012:group/admins', '*']) expect(principalOf(value), value).to.equal(undefined)
    })
  })

  describe('covers', () => {
    const ROOT = 'arn:aws:iam::123456789012:root'

    it('a whole account covers every user and role of that account, and the account itself', () => {
      for (const owner of ['arn:aws:iam::123456789012:user/abc', 'arn:aws:iam::123456789012:role/deploy', 'arn:aws:sts::123456789012:assumed-role/deploy/s', ROOT, '123456789012']) {
        expect(covers(ROOT, owner), owner).to.equal(true)
      }

      expect(covers(ROOT, 'arn:aws:iam::210987654321:user/abc')).to.equal(false)
    })

    it('a user or role covers only itself: same account, same kind, same name whatever its case and path', () => {
      const user = 'arn:aws:iam::123456789012:user/abc'
      expect(covers(user, user)).to.equal(true)
      expect(covers(user, 'arn:aws:iam::123456789012:user/division_a/ABC')).to.equal(true)
      expect(covers(user, 'arn:aws:iam::123456789012:role/abc')).to.equal(false)
      expect(covers(user, 'arn:aws:iam::123456789012:user/abd')).to.equal(false)
      expect(covers(user, 'arn:aws:iam::210987654321:user/abc')).to.equal(false)
      expect(covers(user, ROOT)).to.equal(false)
      expect(covers('arn:aws:iam::123456789012:role/deploy', 'arn:aws:sts::123456789012:assumed-role/deploy/ci')).to.equal(true)
    })

    it('compares values that are no principal as text', () => {
      expect(covers('something-else', 'something-else')).to.equal(true)
      expect(covers('something-else', ROOT)).to.equal(false)
    })
  })
})

import {expect} from 'chai'

import {
  accountOfArn, canonicalArn, InvalidInputError, parseApp, parseAwsAccount, parseDatabase, parseEndpointId, parseParameterPath, parseSecretName, typographicDashHint,
} from '../../src/lib/input.js'

function refusal(parse: (input: string) => string, input: string): InvalidInputError {
  try {
    parse(input)
  } catch (error) {
    expect(error).to.be.instanceOf(InvalidInputError)
    return error as InvalidInputError
  }

  throw new Error(`${JSON.stringify(input)} was accepted`)
}

describe('input', () => {
  describe('parseAwsAccount', () => {
    const accepted: Array<[string, string]> = [
      ['123456789012', '123456789012'],
      ['123456789012:user/abc', '123456789012:user/abc'],
      ['123456789012:role/deploy', '123456789012:role/deploy'],
      ['123456789012:user/abc.xyz+tag=1@example_com-2', '123456789012:user/abc.xyz+tag=1@example_com-2'],
      ['123456789012:user/division_a/abc', '123456789012:user/division_a/abc'],
      ['123456789012:role/team/sub-team/deploy', '123456789012:role/team/sub-team/deploy'],
      ['123456789012:user/last,first', '123456789012:user/last,first'],
      ['arn:aws:iam::123456789012:user/abc', '123456789012:user/abc'],
      ['arn:aws:iam::123456789012:role/division_a/deploy', '123456789012:role/division_a/deploy'],
      ['arn:aws:iam::123456789012:user/a,b', '123456789012:user/a,b'],
      ['arn:aws:iam::123456789012:root', '123456789012'],
      // Heroku's own plugin's tests send it: the whole account, sent as the bare id.
      ['123456789012:root', '123456789012'],
      [' 123456789012:user/abc ', '123456789012:user/abc'],
    ]
    for (const [input, expected] of accepted) {
      it(`accepts ${JSON.stringify(input)} as ${expected}`, () => {
        expect(parseAwsAccount(input)).to.equal(expected)
      })
    }

    it('keeps a comma inside a name instead of splitting on it', () => {
      expect(parseAwsAccount('123456789012:role/a,b,c')).to.equal('123456789012:role/a,b,c')
      expect(parseAwsAccount('123456789012:user/a,210987654321x')).to.equal('123456789012:user/a,210987654321x')
      expect(parseAwsAccount('arn:aws:iam::123456789012:role/ops/a,b')).to.equal('123456789012:role/ops/a,b')
    })

    it('never mentions 12 digits for an ARN whose account ID is right', () => {
      expect(refusal(parseAwsAccount, 'arn:aws:iam:123456789012:user/abc').detail).not.to.include('12 digits')
    })

    // Each kind of malformed id gets the message that fits it.
    const refused: Array<[string, string, RegExp]> = [
      ['11 digits', '12345678901', /the account ID must be exactly 12 digits \(it has 11\)/],
      ['13 digits', '1234567890123', /the account ID must be exactly 12 digits \(it has 13\)/],
      ['letters in the account', '12345678901a', /the account ID must be exactly 12 digits\./],
      ['an account written with dashes', '1234-5678-9012', /written with dashes, as the AWS console shows it: write its 12 digits alone \(123456789012\)/],
      ['an empty value', '', /the value is empty/],
      ['a blank value', '   ', /the value is empty/],
      ['a control character', '123456789012:user/a\u0007b', /control character/],
      ['an escape sequence', '123456789012:user/\u001B[31mred', /control character/],
      ['a group principal', '123456789012:group/admins', /"group\/admins" is not a user or role: after the account ID comes user\/NAME or role\/NAME/],
      ['Root capitalized in the short form', '123456789012:Root', /"Root" is not a user or role/],
      ['a name with a space', '123456789012:user/a b', /the user or role name may hold only letters, digits and \+=,\.@_-/],
      ['a name with a star', '123456789012:user/a*', /the user or role name may hold only/],
      ['a missing name', '123456789012:user/', /the user or role name may hold only/],
      ['a name longer than 64', `123456789012:user/${'a'.repeat(65)}`, /at most 64 characters/],
      ['an ARN with a colon missing', 'arn:aws:iam:123456789012:user/abc', /a colon is missing: an IAM ARN has an empty region, so two colons follow iam, as in arn:aws:iam::123456789012:user\/abc\./],
      ['an ARN with a region', 'arn:aws:iam:us-east-1:123456789012:user/abc', /IAM ARNs have no region: they start with arn:aws:iam::, not arn:aws:iam:us-east-1:/],
      ['an ARN without an account', 'arn:aws:iam::x', /the account ID in the ARN must be exactly 12 digits/],
      ['an ARN with a short account', 'arn:aws:iam::12345:user/abc', /the account ID in the ARN must be exactly 12 digits \(it has 5\)/],
      ['an ARN that ends after the account', 'arn:aws:iam::123456789012', /the ARN ends after the account ID: add :root, :user\/NAME or :role\/NAME/],
      ['an ARN of a group', 'arn:aws:iam::123456789012:group/admins', /"group\/admins" is not a user or role/],
      ['an ARN with an invalid name', 'arn:aws:iam::123456789012:user/a b', /the user or role name may hold only/],
      ['an ARN of another service', 'arn:aws:s3:::bucket', /it is not an IAM ARN: those start with arn:aws:iam::\./],
      ['an assumed-role ARN', 'arn:aws:sts::123456789012:assumed-role/deploy/session', /for an assumed role, give the role: arn:aws:iam::ACCOUNT_ID:role\/NAME/],
      ['account IDs joined by a comma', '123456789012,210987654321', /several accounts joined by commas\. Repeat --aws-account-id \(-i\) once for each account: -i 123456789012 -i 210987654321$/],
      ['account IDs joined by a comma and a space', '123456789012, 210987654321', /several accounts joined by commas\. Repeat --aws-account-id \(-i\) once for each account: -i 123456789012 -i 210987654321$/],
      ['a user and an account joined by a comma', '123456789012:user/abc,210987654321', /several accounts joined by commas\. Repeat --aws-account-id \(-i\) once for each account: -i 123456789012:user\/abc -i 210987654321$/],
      ['ARNs joined by a comma', 'arn:aws:iam::123456789012:user/a,arn:aws:iam::210987654321:root', /several accounts joined by commas\. .*: -i arn:aws:iam::123456789012:user\/a -i arn:aws:iam::210987654321:root$/],
      ['a comma before any IAM name', '123456789012,abc', /several accounts joined by commas\. Repeat --aws-account-id \(-i\) once for each account\. Use /],
      ['a trailing comma', '123456789012,', /several accounts joined by commas/],
    ]
    for (const [what, input, reason] of refused) {
      it(`refuses ${what}, naming the value`, () => {
        const error = refusal(parseAwsAccount, input)
        expect(error.detail).to.include(`Invalid AWS account ID ${JSON.stringify(input)}`)
        expect(error.detail).to.match(reason)
      })
    }

    it('shows control characters escaped, never raw, in the refusal', () => {
      const error = refusal(parseAwsAccount, '1234\u001B[2J')
      expect(error.detail).to.include(String.raw`"1234\u001b[2J"`)
      expect(error.detail).not.to.include('\u001B')
    })

    it('tells which forms are accepted', () => {
      expect(refusal(parseAwsAccount, '42').detail).to.include('ACCOUNT_ID:user/NAME, ACCOUNT_ID:role/NAME')
    })
  })

  describe('parseDatabase', () => {
    for (const input of ['DATABASE', 'HEROKU_POSTGRESQL_RED', 'postgresql-simply-12345', 'other-app::DATABASE', 'heroku-postgresql']) {
      it(`accepts ${input}`, () => {
        expect(parseDatabase(input)).to.equal(input)
      })
    }

    for (const input of ['', '..', 'other-app::..', 'a/b', 'DATA BASE', 'app::', '::DATABASE', 'a::b::c']) {
      it(`refuses ${JSON.stringify(input)}, naming it`, () => {
        expect(refusal(parseDatabase, input).detail).to.include(`Invalid DATABASE ${JSON.stringify(input)}`)
      })
    }
  })

  describe('parseApp', () => {
    for (const input of ['example-app', 'a', '0b3a9e8c-1234-4d5e-9f00-0123456789ab']) {
      it(`accepts ${input}`, () => {
        expect(parseApp(input)).to.equal(input)
      })
    }

    for (const input of ['', '-app', 'my_app', 'my app', 'app/../x', 'a'.repeat(101)]) {
      it(`refuses ${JSON.stringify(input.slice(0, 20))}, naming it`, () => {
        expect(refusal(parseApp, input).detail).to.include(`Invalid app name ${JSON.stringify(input)}`)
      })
    }
  })

  describe('parseEndpointId', () => {
    for (const input of ['vpce-01c87ae3c05563935', 'vpce-0123abcd']) {
      it(`accepts ${input}`, () => {
        expect(parseEndpointId(input)).to.equal(input)
      })
    }

    for (const input of ['01c87ae3c05563935', 'vpce-', 'vpce-01C87AE3C05563935', 'vpce-0123abc', 'vpce-01c87ae3c055639351', 'vpce-xyz12345']) {
      it(`refuses ${JSON.stringify(input)}, naming it`, () => {
        const {detail} = refusal(parseEndpointId, input)
        expect(detail).to.include(`Invalid VPC endpoint ID ${JSON.stringify(input)}`)
        expect(detail).to.include('vpce-01c87ae3c05563935')
      })
    }
  })

  describe('canonicalArn and accountOfArn', () => {
    it('gives equivalent forms of an account one ARN', () => {
      for (const form of ['123456789012', 'arn:aws:iam::123456789012:root']) expect(canonicalArn(form)).to.equal('arn:aws:iam::123456789012:root')
      for (const form of ['123456789012:user/abc', 'arn:aws:iam::123456789012:user/abc']) expect(canonicalArn(form)).to.equal('arn:aws:iam::123456789012:user/abc')
      for (const form of ['210987654321:role/ops/deploy', 'arn:aws:iam::210987654321:role/ops/deploy']) expect(canonicalArn(form)).to.equal('arn:aws:iam::210987654321:role/ops/deploy')
      expect(canonicalArn('123456789012:user/abc')).not.to.equal(canonicalArn('123456789012:role/abc'))
    })

    it('keeps a value that is no accepted form as it is', () => {
      expect(canonicalArn('arn:aws-cn:iam::123456789012:user/abc')).to.equal('arn:aws-cn:iam::123456789012:user/abc')
      expect(accountOfArn('arn:aws-cn:iam::123456789012:user/abc')).to.equal('arn:aws-cn:iam::123456789012:user/abc')
    })

    it('turns a listed ARN into the form the Data API takes', () => {
      expect(accountOfArn('arn:aws:iam::123456789012:root')).to.equal('123456789012')
      expect(accountOfArn('arn:aws:iam::123456789012:user/abc')).to.equal('123456789012:user/abc')
    })
  })

  describe('parseSecretName', () => {
    for (const input of ['example-app/database', 'prod_db', 'a+b=c.d@e-f']) {
      it(`accepts ${input}`, () => {
        expect(parseSecretName(input)).to.equal(input)
      })
    }

    for (const [input, problem] of [
      ['example app', 'only letters, digits and /_+=.@-'],
      ['db/', 'ends with /'],
      ['a//b', 'empty level'],
      ['$(rm)', 'only letters'],
      ['x'.repeat(401), 'longer than 400'],
    ]) {
      it(`refuses ${JSON.stringify(input.slice(0, 20))}, saying why`, () => {
        const {detail} = refusal(parseSecretName, input)
        expect(detail).to.include(`Invalid secret name ${JSON.stringify(input)}`).and.include(problem).and.include('NAME/VAR')
      })
    }
  })

  describe('parseParameterPath', () => {
    for (const input of ['/example-app/database', '/prod.db_1']) {
      it(`accepts ${input}`, () => {
        expect(parseParameterPath(input)).to.equal(input)
      })
    }

    for (const [input, problem] of [
      ['example-app/database', 'starts with /'],
      ['/example app', 'only letters, digits and _.-/'],
      ['/aws/db', 'reserved by AWS'],
      ['/SSM-db', 'reserved by AWS'],
      ['/db/', 'ends with /'],
      [`/${Array.from({length: 15}, () => 'a').join('/')}`, 'more than 14 levels'],
    ]) {
      it(`refuses ${JSON.stringify(input.slice(0, 20))}, saying why`, () => {
        const {detail} = refusal(parseParameterPath, input)
        expect(detail).to.include(`Invalid parameter path ${JSON.stringify(input)}`).and.include(problem)
      })
    }
  })

  describe('typographicDashHint', () => {
    const flags = ['--app', '-a', '--aws-account-id', '-i', '--json']

    it('suggests --app for an en dash', () => {
      expect(typographicDashHint('–app', flags)).to.equal('"–app" starts with a typographic dash ("–"), not a hyphen: did you mean --app?')
    })

    it('keeps the value of --flag=value pasted with an em dash', () => {
      expect(typographicDashHint('—app=x', flags)).to.include('did you mean --app=x?')
    })

    it('suggests the short flag -a for a one-letter name', () => {
      expect(typographicDashHint('–a', flags)).to.include('did you mean -a?')
    })

    it('suggests a flag pasted with two en dashes', () => {
      expect(typographicDashHint('––aws-account-id', flags)).to.include('did you mean --aws-account-id?')
    })

    it('asks to retype an unknown flag instead of guessing', () => {
      const hint = typographicDashHint('–nope', flags)
      expect(hint).to.include('"–nope" starts with a typographic dash')
      expect(hint).to.include('retype it with plain hyphens (- or --)')
      expect(hint).not.to.include('did you mean')
    })

    it('says nothing about plain hyphens or values', () => {
      expect(typographicDashHint('--app', flags)).to.equal(undefined)
      expect(typographicDashHint('-a', flags)).to.equal(undefined)
      expect(typographicDashHint('DATABASE', flags)).to.equal(undefined)
      expect(typographicDashHint('x–y', flags)).to.equal(undefined)
    })
  })
})

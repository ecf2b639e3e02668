// When the tests of `check` run their servers, skip, or fail (in CI).
import {expect} from 'chai'

import {requireDatabaseServers} from './database-servers.js'

describe('test helpers: the database servers', () => {
  const ci = process.env.CI

  afterEach(() => {
    if (ci === undefined) delete process.env.CI
    else process.env.CI = ci
  })

  it('CI must run the tests against real servers: missing packages fail there, and are a skip elsewhere', () => {
    const skips: string[] = []
    const context = {skip: () => skips.push('skipped')}
    process.env.CI = 'true'
    expect(() => requireDatabaseServers(context, 'missing /usr/sbin/pgbouncer')).to.throw('CI must run the tests against real database servers, and missing /usr/sbin/pgbouncer')
    delete process.env.CI
    const {log} = console
    console.log = () => {}
    try {
      requireDatabaseServers(context, 'missing /usr/sbin/pgbouncer')
    } finally {
      console.log = log
    }

    expect(skips).to.deep.equal(['skipped'])
    requireDatabaseServers(context, '')
    expect(skips).to.have.length(1)
  })
})

import {expect} from 'chai'

import {confirmDestroy} from '../../src/lib/confirm.js'
import {ExitCode, PrivateLinkError} from '../../src/lib/failures.js'

describe('confirmDestroy', () => {
  let stderrWrite: typeof process.stderr.write

  beforeEach(() => {
    stderrWrite = process.stderr.write
    // The warning goes to stderr: keep the test output clean.
    process.stderr.write = (() => true) as typeof process.stderr.write
  })

  afterEach(() => {
    process.stderr.write = stderrWrite
  })

  it('goes on when the typed answer is the app name', async () => {
    await confirmDestroy('example-app', 'Destructive action', async () => 'example-app')
  })

  it('refuses an answer that does not match with exit code 2, like a wrong --confirm', async () => {
    const error = await confirmDestroy('example-app', 'Destructive action', async () => 'exmaple-app').catch(error_ => error_)
    expect(error).to.be.instanceOf(PrivateLinkError)
    expect(error.oclif.exit).to.equal(ExitCode.Usage)
    expect(error.reason).to.equal('not_confirmed')
    expect(error.message).to.match(/^Confirmation did not match .*example-app.* Nothing was destroyed\.$/)
  })
})

/* eslint-disable mocha/no-exports, mocha/no-top-level-hooks -- a helper that registers the hooks of the suite calling it */
import {type E2E, e2eContext, POLL_TIMING} from './helpers.js'

/**
 * The emulator for the suite it is called in: started before its tests (building the plugin when
 * dist/ is missing), back to the seed state before each test, stopped after them.
 */
export function e2eSuite(timing = POLL_TIMING): E2E {
  const context = e2eContext(timing)
  before(async function () {
    this.timeout(300_000)
    await context.start()
  })
  beforeEach(() => context.reset())
  after(() => context.stop())
  return context
}

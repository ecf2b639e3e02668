// `npm run emulator`: runs the local API emulator for trying the plugin by hand.
// Usage: tsx test/emulator/cli.ts [--port N] [--timing-ms MS]   (or EMULATOR_TIMING_MS=MS)
import {parseArgs} from 'node:util'

import {startEmulator, type Timing} from './server.js'

const USAGE = 'Usage: tsx test/emulator/cli.ts [--port N] [--timing-ms MS]   (or EMULATOR_TIMING_MS=MS)'

/** By hand, time-based transitions read better than poll counts: every change after MS. */
function timingAfter(ms: number): Timing {
  return {
    accountActive: {ms},
    accountRemoved: {ms},
    connectionAvailable: {ms},
    deprovision: {ms},
    endpointOperational: {ms},
  }
}

async function main(): Promise<void> {
  const {values} = parseArgs({options: {port: {default: '0', type: 'string'}, 'timing-ms': {type: 'string'}}})
  const port = Number(values.port)
  const timingMs = values['timing-ms'] ?? process.env.EMULATOR_TIMING_MS
  const ms = timingMs === undefined ? undefined : Number(timingMs)
  if (!Number.isInteger(port) || port < 0 || (ms !== undefined && !(ms >= 0))) {
    console.error(USAGE)
    process.exitCode = 2
    return
  }

  const emulator = await startEmulator({port, timing: ms === undefined ? undefined : timingAfter(ms)})
  console.log('# Local Heroku API emulator for trying the plugin: never the plugin\'s default target. Ctrl-C stops it.')
  for (const [name, value] of Object.entries(emulator.env)) console.log(`export ${name}=${value}`)
  const stop = (): Promise<void> => emulator.close()
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

await main()

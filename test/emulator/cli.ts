// `npm run emulator`: runs the local API emulator for trying the plugin by hand.
// Usage: tsx test/emulator/cli.ts [--port N] [--timing-ms MS] [--latency-ms MS]   (or EMULATOR_TIMING_MS=MS, EMULATOR_LATENCY_MS=MS)
import {parseArgs} from 'node:util'

import {startEmulator, type Timing} from './server.js'

const USAGE = 'Usage: tsx test/emulator/cli.ts [--port N] [--timing-ms MS] [--latency-ms MS]   (or EMULATOR_TIMING_MS=MS, EMULATOR_LATENCY_MS=MS)'

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

/** A number of ms, at least 0, or undefined when not given; NaN when malformed. */
function milliseconds(text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  return text.trim() !== '' && Number(text) >= 0 ? Number(text) : Number.NaN
}

async function main(): Promise<void> {
  const {values} = parseArgs({options: {'latency-ms': {type: 'string'}, port: {default: '0', type: 'string'}, 'timing-ms': {type: 'string'}}})
  const port = Number(values.port)
  const ms = milliseconds(values['timing-ms'] ?? process.env.EMULATOR_TIMING_MS)
  const latencyMs = milliseconds(values['latency-ms'] ?? process.env.EMULATOR_LATENCY_MS)
  if (!Number.isInteger(port) || port < 0 || Number.isNaN(ms) || Number.isNaN(latencyMs)) {
    console.error(USAGE)
    process.exitCode = 2
    return
  }

  // Every API answer held --latency-ms: what a remote API's round trip costs, for trying concurrency by hand.
  const emulator = await startEmulator({latencyMs, port, timing: ms === undefined ? undefined : timingAfter(ms)})
  console.log('# Local Heroku API emulator for trying the plugin: never the plugin\'s default target. Ctrl-C stops it.')
  if (latencyMs) console.log(`# Every API answer is held ${latencyMs} ms.`)
  for (const [name, value] of Object.entries(emulator.env)) console.log(`export ${name}=${value}`)
  const stop = (): Promise<void> => emulator.close()
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

await main()

// Row j of `npm run bench`: `data:privatelink --space` of a space of 100 data add-ons (25 apps,
// each with a Postgres, a Kafka, two Key-Value Stores and a Papertrail that is never read) with
// every API answer held 100 ms, as a remote API's round trip. It runs on an emulator of its own, so
// the other rows keep theirs as they were. Wall time is the whole process, from spawn to exit; from
// the emulator's log, the time from the first request to the last answer, the requests, the most in
// flight at once (the audit's bound is 8) and the waves (sequential round trips).
import {type RunningEmulator, startEmulator} from '../../test/emulator/server.js'
import {maxInFlight, waves} from '../../test/emulator/timeline.js'
import {cleanEnv} from '../../test/helpers/cli.js'

export const AUDIT_LATENCY_MS = 100
/** "About 2 s": the space's reads, two sequential lookups then 125 reads 8 at a time, and start-up. */
export const AUDIT_TARGET_SECONDS = 2.5
const APPS = 25
const SPACE = 'bench-space'
const DATA_ADDONS = 100

interface Run {
  status: null | number
  stderr: string
  stdout: string
  wallMs: number
}

export interface AuditBenchOptions {
  /** The built plugin's bin/run.js. */
  bin: string
  home: string
  /** Runs `node ARGS` as the bench runs every row. */
  run: (launch: {args: string[]; env: NodeJS.ProcessEnv}) => Promise<Run>
  runs: number
}

export interface AuditBenchResult {
  apiSpanMs: number[]
  label: string
  maxInFlight: number[]
  requests: number[]
  wallMs: number[]
  waves: number[]
}

function seedSpace(emulator: RunningEmulator): void {
  emulator.reset()
  emulator.addApps({
    addons: ['heroku-postgresql:private-0', 'heroku-kafka:private-0', 'heroku-redis:private-7', 'heroku-redis:private-7', 'papertrail:choklad'],
    apps: APPS,
    endpoint: {allowed_accounts: ['123456789012'], connections: [{}]},
    space: SPACE,
    team: 'bench-team',
  })
}

/** One warm-up, then `runs` measured audits of the space; each checked (exit 0, 100 entries). */
export async function auditBench({bin, home, run, runs}: AuditBenchOptions): Promise<AuditBenchResult> {
  const emulator = await startEmulator({latencyMs: AUDIT_LATENCY_MS, quiet: true})
  const result: AuditBenchResult = {
    apiSpanMs: [], label: `j. --space, ${DATA_ADDONS} data add-ons, ${AUDIT_LATENCY_MS} ms per request`, maxInFlight: [], requests: [], wallMs: [], waves: [],
  }
  try {
    seedSpace(emulator)
    const env = cleanEnv(emulator.env, home)
    for (let round = 0; round <= runs; round++) {
      emulator.clearLog()
      // eslint-disable-next-line no-await-in-loop
      const outcome = await run({args: [bin, 'data:privatelink', '--space', SPACE, '--json'], env})
      const entries = outcome.status === 0 ? (JSON.parse(outcome.stdout) as unknown[]).length : 0
      if (entries !== DATA_ADDONS) throw new Error(`${result.label}: exit ${outcome.status}, ${entries} entries, expected 0 and ${DATA_ADDONS}\n${outcome.stderr}`)
      if (round === 0) continue
      const log = emulator.log()
      result.wallMs.push(outcome.wallMs)
      result.requests.push(log.length)
      result.maxInFlight.push(maxInFlight(log))
      result.waves.push(waves(log))
      result.apiSpanMs.push(Math.max(...log.map(entry => entry.answered_ms ?? entry.received_ms)) - Math.min(...log.map(entry => entry.received_ms)))
    }
  } finally {
    await emulator.close()
  }

  return result
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 0 ? (sorted[middle - 1] + sorted[middle]) / 2 : sorted[middle]
}

/** `2`, or `2–3` when the runs differ. */
function counts(values: number[]): string {
  const [low, high] = [Math.min(...values), Math.max(...values)]
  return low === high ? String(low) : `${low}–${high}`
}

/** The row's lines for the bench's report: its figures and its target. */
export function auditReport(result: AuditBenchResult): string {
  const seconds = (ms: number[]): string => `${(median(ms) / 1000).toFixed(3)} s (${(Math.min(...ms) / 1000).toFixed(3)}–${(Math.max(...ms) / 1000).toFixed(3)})`
  const wall = median(result.wallMs) / 1000
  return [
    '',
    `${result.label} (${APPS} apps, ${result.wallMs.length} runs after 1 warm-up; median (min–max)):`,
    `  whole process ${seconds(result.wallMs)}; first request to last answer ${seconds(result.apiSpanMs)}`,
    `  requests ${counts(result.requests)}, most in flight at once ${counts(result.maxInFlight)} (bound 8), waves ${counts(result.waves)}`,
    `  target: median ≤ ${AUDIT_TARGET_SECONDS} s ("about 2 s") and never more than 8 in flight: ${wall <= AUDIT_TARGET_SECONDS && result.maxInFlight.every(most => most <= 8) ? 'PASS' : 'MISS'}`,
  ].join('\n')
}

// `npm run bench`: start-up time, peak memory and requests of the BUILT plugin (`bin/run.js`), run as
// whole processes the way a user or a CI script runs it, against the local emulator (127.0.0.1).
//
//   npm run bench                  build, then 1 warm-up round and 10 measured rounds
//   npm run bench -- --runs 20     more rounds (tsx scripts/bench.ts --runs 20 skips the build)
//   npm run bench -- --before DIR  also the stored-login rows of another build (an earlier commit's
//                                  checkout with dist/ and the manifest), in the same rounds
//
// Each round runs every scenario once, in turn, so machine noise spreads over all of them alike.
// Wall time is measured here, from spawn() to the child's exit event. Peak memory is the child's own
// getrusage high-water mark (ru_maxrss), written at exit by scripts/bench/maxrss.mjs, preloaded with
// `node --import`: the kernel tracks that peak, so it is exact where polling /proc would miss short
// spikes, and it needs no /usr/bin/time. The preload's own cost is measured in the same run (the two
// `node -e 0` rows) and printed; it is an upper bound for bin/run.js, which loads ESM anyway.
//
// The API commands run twice: with HEROKU_API_KEY (scripts, CI) and with a stored login (a netrc in
// a HOME of their own, no HEROKU_API_KEY), as a person's shell after `heroku login` has it. Their
// "vs bare" ratio compares them with the bare oclif CLI running its one command in the same run.
// A stored login must be no slower than before: --before runs an earlier build's stored-login rows
// in the same rounds, and compares medians.
//
// Row h times `check` of a Postgres connection, both ports, every hop passing, against real
// PostgreSQL and PgBouncer on loopback (Debian's packages; the row is left out without them).
//
// Rows i count round trips: each command of the targets, in both login modes, with the
// emulator answering at once (loopback) and holding every answer 100 ms (a laptop's round trip to
// Heroku), beside the --before build in the same rounds. Their waves, the sequential round trips,
// are read from the emulator's log (test/emulator/timeline.ts) of the 100 ms runs, where requests
// sent together are in flight together; on loopback an answer may come back before its sibling
// has even left, so those runs give wall times only.
//
// Row j (scripts/bench/audit.ts) times `data:privatelink --space` of 100 data add-ons with every
// API answer held 100 ms, on an emulator of its own, after the other rows.
//
// `wait`'s exit delay is timed from the moment the emulator (running in this process) finishes
// sending its first Operational answer for the endpoint, observed through the 'finish' event of
// node:http responses, to the child's exit. The emulator itself is not changed.
import {type ChildProcess, spawn} from 'node:child_process'
import {
  copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync,
} from 'node:fs'
import {request, ServerResponse} from 'node:http'
import os from 'node:os'
import path from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'
import {pathToFileURL} from 'node:url'
import {parseArgs} from 'node:util'

import {
  EXAMPLE_APP, type LoggedRequest, POSTGRES_ADDON, type RunningEmulator, startEmulator,
} from '../test/emulator/server.js'
import {waves} from '../test/emulator/timeline.js'
import {cleanEnv, ROOT, storedLogin} from '../test/helpers/cli.js'
import {serversUnavailable, startDatabaseServers} from '../test/helpers/database-servers.js'
import {auditBench, auditReport} from './bench/audit.js'

const PRELOAD = pathToFileURL(path.join(ROOT, 'scripts', 'bench', 'maxrss.mjs')).href
const USAGE = 'Usage: npm run bench [-- --runs N] [--before DIR]   (tsx scripts/bench.ts [...] skips the build)'
const RERUN = 'Rerun: npm run bench   (npm run bench -- --runs 20 for more rounds)'
const KILL_AFTER_MS = 60_000
const MIB = 1024 // ru_maxrss is in KiB on Linux

const TARGET = {
  bareRatio: 1.5,
  quickMiB: 80,
  quickSeconds: 0.35,
  /** With HEROKU_API_KEY: show --json, and wait when the first answer is Operational. */
  scriptRatio: 2,
  /** With HEROKU_API_KEY: show with its tables. */
  showRatio: 3.5,
  /** The lookup and the endpoint, and the config vars read beside them (unused without connections). */
  showRequestsNoConnections: 3,
  showRequestsWithConnections: 3,
  showSeconds: 1.2,
  waitExitSeconds: 0.2,
}

/** `check` of a Postgres connection, both ports, on loopback, every hop passing: "about a second". */
const CHECK_TARGET_SECONDS = 1.2
const CHECK_ENDPOINT_ID = 'vpce-01c87ae3c05563935'

/** "No slower than before" for a stored login, with room for the noise of medians on a shared machine. */
const BEFORE_TOLERANCE = 1.05

// The endpoint turns Operational on its 3rd GET: two polls answer Provisioning first.
const WAIT_TIMING = {endpointOperational: {polls: 3}}
const ACCOUNT = '123456789012'
const OTHER_ACCOUNT = '210987654321:role/deploy'
const DB = ['DATABASE', '--app', EXAMPLE_APP]
const BY_NAME = [POSTGRES_ADDON, '--app', EXAMPLE_APP]

/** A remote API's round trip, as from a laptop to Heroku's APIs; 0 is loopback. */
const LATENCIES_MS = [0, 100] as const
const REMOTE_MS = 100
/** Rows i: the commands of the round-trip targets, and the state each starts from. */
const ROUND_TRIPS: ReadonlyArray<{args: string[]; connections?: number; label: string; target: number}> = [
  {
    args: ['data:privatelink', ...BY_NAME], connections: 1, label: 'data:privatelink ADDON_NAME', target: 1,
  },
  {
    args: ['data:privatelink', ...BY_NAME, '--json'], connections: 1, label: 'data:privatelink ADDON_NAME --json', target: 1,
  },
  {
    args: ['data:privatelink', ...DB], connections: 1, label: 'data:privatelink DATABASE', target: 2,
  },
  {
    args: ['data:privatelink:access', ...BY_NAME], connections: 0, label: 'access ADDON_NAME', target: 1,
  },
  {
    args: ['data:privatelink:wait', ...BY_NAME, '--json'], connections: 0, label: 'wait ADDON_NAME --json (ready)', target: 1,
  },
  {args: ['data:privatelink:create', ...DB, '-i', '123456789012'], label: 'create DATABASE -i ACCOUNT', target: 2},
]
const LOGINS = ['API key', 'stored login'] as const
type Login = typeof LOGINS[number]

/** One command of rows i, with one login, on one build, at one latency. */
interface RoundTripRun {
  build: 'after' | 'before'
  latencyMs: number
  login: Login
  scenario: Scenario
  trip: typeof ROUND_TRIPS[number]
}

interface Outcome {
  exitAt: number
  rssMiB?: number
  status: null | number
  stderr: string
  stdout: string
  wallMs: number
}

interface Launch {
  /** Arguments after `node` (and after the preload, when there is one). */
  args: string[]
  env: NodeJS.ProcessEnv
  preload?: boolean
}

interface Scenario {
  /** Checks the outcome beyond the exit status and records extra figures; throws when it is wrong. */
  after?(outcome: Outcome): void
  expect: number
  label: string
  launch: () => Launch
  setup?(): Promise<void>
}

interface Samples {
  delayMs: number[]
  requests: number[]
  rssMiB: number[]
  wallMs: number[]
  waves: number[]
}

// ---------------------------------------------------------------------------------------------------
// Processes

let scratch = ''
let sequence = 0

function runProcess({args, env, preload = true}: Launch): Promise<Outcome> {
  const rssFile = path.join(scratch, `maxrss-${++sequence}`)
  const argv = preload ? ['--import', PRELOAD, ...args] : args
  const childEnv = {...env, BENCH_MAXRSS_FILE: rssFile}
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child: ChildProcess = spawn(process.execPath, argv, {cwd: scratch, env: childEnv, stdio: ['ignore', 'pipe', 'pipe']})
    let stdout = ''
    let stderr = ''
    let exitAt = 0
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk
    })
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk
    })
    const killer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS)
    child.on('error', reject)
    child.on('exit', () => {
      exitAt = performance.now()
    })
    child.on('close', status => {
      clearTimeout(killer)
      const kib = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) : Number.NaN
      rmSync(rssFile, {force: true})
      resolve({
        exitAt, rssMiB: Number.isFinite(kib) ? kib / MIB : undefined, status, stderr, stdout, wallMs: exitAt - started,
      })
    })
  })
}

/** fs.cpSync is still experimental in Node 20. */
function copyTree(from: string, to: string): void {
  if (!statSync(from).isDirectory()) {
    copyFileSync(from, to)
    return
  }

  mkdirSync(to)
  for (const name of readdirSync(from)) copyTree(path.join(from, name), path.join(to, name))
}

/** Whether every command of the manifest has its compiled file under `dir`. */
function isCompleteBuild(dir: string): boolean {
  const manifestFile = path.join(dir, 'oclif.manifest.json')
  if (!existsSync(manifestFile) || !existsSync(path.join(dir, 'bin', 'run.js'))) return false
  const {commands} = JSON.parse(readFileSync(manifestFile, 'utf8')) as {commands: Record<string, {relativePath?: string[]}>}
  const files = Object.values(commands).map(command => command.relativePath)
  return files.length > 0 && files.every(relative => relative !== undefined && existsSync(path.join(dir, ...relative)))
}

/**
 * A snapshot of the built plugin (bin/run.js, dist/, the manifest) taken when the bench starts, so
 * a build started meanwhile by someone else (it begins with rm -rf dist) cannot break the runs.
 * Returns its bin/run.js.
 */
async function snapshotBuild(dir: string): Promise<string> {
  for (let attempt = 0; !isCompleteBuild(ROOT); attempt++) {
    if (attempt === 30) throw new Error('The plugin is not built: run npm run build (npm run bench does it).')
    if (attempt === 0) process.stderr.write('waiting for a complete build (dist/ and oclif.manifest.json)…\n')
    // eslint-disable-next-line no-await-in-loop
    await sleep(2000)
  }

  mkdirSync(dir)
  for (const name of ['bin', 'dist', 'oclif.manifest.json', 'package.json']) copyTree(path.join(ROOT, name), path.join(dir, name))
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir')
  if (!isCompleteBuild(dir)) throw new Error('The build changed while it was copied (is another build running?): run the bench again.')
  return path.join(dir, 'bin', 'run.js')
}

/** A throwaway one-command oclif CLI on the repo's installed @oclif/core (no network, no manifest). */
function writeBareOclif(dir: string): string {
  mkdirSync(path.join(dir, 'bin'), {recursive: true})
  mkdirSync(path.join(dir, 'commands'), {recursive: true})
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir')
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({
    name: 'bare-oclif',
    oclif: {bin: 'bare', commands: './commands', topicSeparator: ':'},
    type: 'module',
    version: '0.0.0',
  }))
  writeFileSync(path.join(dir, 'bin', 'run.js'), 'import {execute} from \'@oclif/core\'\n\nawait execute({dir: import.meta.url})\n')
  writeFileSync(path.join(dir, 'commands', 'hello.js'), `import {Args, Command, Flags} from '@oclif/core'

export default class Hello extends Command {
  static args = {name: Args.string({description: 'who to greet', required: true})}
  static description = 'say hello'
  static flags = {
    app: Flags.string({char: 'a', description: 'app', required: true}),
    count: Flags.integer({char: 'i', description: 'how many times'}),
  }

  async run() {
    const {args, flags} = await this.parse(Hello)
    this.log(\`hello \${args.name} on \${flags.app}\`)
  }
}
`)
  return path.join(dir, 'bin', 'run.js')
}

// ---------------------------------------------------------------------------------------------------
// Emulator observation

let firstOperationalAt: number | undefined

const ENDPOINT_PATH = /^\/private-link\/v0\/databases\/[^/]+$/

/** Notes when a response saying the endpoint is Operational has been handed to the OS. */
function observeOperationalAnswers(): void {
  const originalEnd = ServerResponse.prototype.end
  ServerResponse.prototype.end = function (this: ServerResponse, ...args: unknown[]) {
    const [chunk] = args
    if (firstOperationalAt === undefined && typeof chunk === 'string' && isEndpointGet(this) && statusOf(chunk) === 'Operational') {
      this.once('finish', () => {
        firstOperationalAt ??= performance.now()
      })
    }

    return (originalEnd as (...a: unknown[]) => ServerResponse).apply(this, args)
  } as typeof originalEnd
}

function isEndpointGet(response: ServerResponse): boolean {
  const {method, url} = response.req ?? {}
  return method === 'GET' && ENDPOINT_PATH.test(new URL(url ?? '/', 'http://127.0.0.1').pathname)
}

function statusOf(body: string): unknown {
  try {
    return (JSON.parse(body) as {status?: unknown}).status
  } catch {
    return undefined
  }
}

/** `GET /private-link/v0/databases/postgresql-…` → `GET …/databases/{addon}`. */
function describeRequest({method, path: requestPath}: LoggedRequest): string {
  const short = requestPath
  .replace(/^\/private-link\/v0\/databases\/[^/]+/, '…/databases/{addon}')
  .replace(/^\/apps\/[^/]+/, '/apps/{app}')
  return `${method} ${short}`
}

/** Consecutive repeats folded: `GET a ×3, POST b`. */
function describeRequests(log: LoggedRequest[]): string {
  const parts: Array<{count: number; text: string}> = []
  for (const entry of log) {
    const text = describeRequest(entry)
    const last = parts.at(-1)
    if (last?.text === text) last.count++
    else parts.push({count: 1, text})
  }

  return parts.map(({count, text}) => (count > 1 ? `${text} ×${count}` : text)).join(', ')
}

// ---------------------------------------------------------------------------------------------------
// Statistics and table

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 0 ? (sorted[middle - 1] + sorted[middle]) / 2 : sorted[middle]
}

function range(values: number[], digits: number): string {
  if (values.length === 0) return '–'
  return `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`
}

function table(headers: string[], rows: string[][], rightAligned: Set<number>): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map(row => row[column].length)))
  const line = (cells: string[]) => cells
  .map((cell, column) => (rightAligned.has(column) ? cell.padStart(widths[column]) : cell.padEnd(widths[column])))
  .join('  ')
  .trimEnd()
  return [line(headers), widths.map(width => '-'.repeat(width)).join('  '), ...rows.map(row => line(row))].join('\n')
}

const verdict = (ok: boolean): string => (ok ? 'PASS' : 'MISS')

/** `2`, or `2–3` when the runs differ. */
const countFigure = (values: number[]): string => (Math.min(...values) === Math.max(...values) ? String(values[0]) : range(values, 0))

// ---------------------------------------------------------------------------------------------------
// Main

/** The measured rounds and the earlier build to compare with; undefined when there is nothing to run (--help, bad values). */
function parseOptions(): undefined | {before?: string; runs: number} {
  const {values} = parseArgs({options: {before: {type: 'string'}, help: {short: 'h', type: 'boolean'}, runs: {default: '10', type: 'string'}}})
  const runs = Number(values.runs)
  const before = values.before === undefined ? undefined : path.resolve(values.before)
  if (values.help || !Number.isInteger(runs) || runs < 1 || (before !== undefined && !isCompleteBuild(before))) {
    console.error(before === undefined || isCompleteBuild(before) ? USAGE : `--before ${before}: not a built checkout (bin/run.js, dist/, oclif.manifest.json)`)
    if (!values.help) process.exitCode = 2
    return undefined
  }

  return {before, runs}
}

/** Creates the endpoint through the emulated Data API, as `create` would: it starts Provisioning. */
function createProvisioningEndpoint(emulator: RunningEmulator): Promise<void> {
  const body = JSON.stringify({allowed_accounts: [ACCOUNT]})
  return new Promise((resolve, reject) => {
    const sent = request(`${emulator.url}/private-link/v0/databases/${POSTGRES_ADDON}`, {
      headers: {
        Accept: 'application/vnd.heroku+json; version=3', Authorization: `Bearer ${emulator.token}`, 'Content-Length': Buffer.byteLength(body), 'Content-Type': 'application/json',
      },
      method: 'POST',
    }, response => {
      let text = ''
      response.setEncoding('utf8').on('data', (chunk: string) => {
        text += chunk
      })
      response.on('end', () => (response.statusCode === 201 ? resolve() : reject(new Error(`The emulator refused to create the endpoint: ${response.statusCode} ${text}`))))
    })
    sent.on('error', reject)
    sent.end(body)
  })
}

function check(label: string, scenario: Scenario, outcome: Outcome): void {
  if (outcome.status === scenario.expect) return
  throw new Error(`${label}: exit ${outcome.status}, expected ${scenario.expect}\n--- stdout\n${outcome.stdout}\n--- stderr\n${outcome.stderr}`)
}

async function main(): Promise<void> {
  const options = parseOptions()
  if (options === undefined) return
  const {before, runs} = options
  scratch = mkdtempSync(path.join(os.tmpdir(), 'privatelink-bench-'))
  const bin = await snapshotBuild(path.join(scratch, 'plugin'))
  const home = path.join(scratch, 'home')
  mkdirSync(home)
  const bareBin = writeBareOclif(path.join(scratch, 'bare-oclif'))
  observeOperationalAnswers()
  const emulator = await startEmulator({quiet: true})
  const env = cleanEnv(emulator.env, home)
  const login = storedLogin(emulator.env)
  const loginEnv = cleanEnv(login.env, login.home)
  const plugin = (...args: string[]): (() => Launch) => () => ({args: [bin, ...args], env})
  const loggedIn = (...args: string[]): (() => Launch) => () => ({args: [bin, ...args], env: loginEnv})
  const loggedInBefore = (dir: string, ...args: string[]): (() => Launch) => () => ({args: [path.join(dir, 'bin', 'run.js'), ...args], env: loginEnv})
  const bare = (...args: string[]): (() => Launch) => () => ({args: [bareBin, ...args], env})
  const seedOperational = async (connections: number): Promise<void> => {
    emulator.reset()
    emulator.seedEndpoint({
      addon: POSTGRES_ADDON,
      allowed_accounts: [ACCOUNT],
      connections: Array.from({length: connections}, () => ({status: 'Available'})),
    })
    emulator.clearLog()
  }

  const prepareWait = async (): Promise<void> => {
    emulator.reset()
    emulator.setTiming(WAIT_TIMING)
    await createProvisioningEndpoint(emulator)
    emulator.clearLog()
    firstOperationalAt = undefined
  }

  const samples = new Map<Scenario, Samples>()
  const record = (scenario: Scenario, key: keyof Samples, value: number | undefined): void => {
    if (value !== undefined) samples.get(scenario)?.[key].push(value)
  }

  const recordRequests = (scenario: Scenario) => (): void => record(scenario, 'requests', emulator.log().length)
  const inlineRss = 'process.on("exit",()=>require("node:fs").writeFileSync(process.env.BENCH_MAXRSS_FILE,String(process.resourceUsage().maxRSS)))'

  const nodeBare: Scenario = {expect: 0, label: 'node -e 0 (no preload; RSS read inline)', launch: () => ({args: ['-e', inlineRss], env, preload: false})}
  const nodePreload: Scenario = {expect: 0, label: 'node -e 0 (with the RSS preload)', launch: () => ({args: ['-e', '0'], env})}
  const bareHelp: Scenario = {expect: 0, label: 'bare oclif 4 CLI: hello --help', launch: bare('hello', '--help')}
  const bareRefused: Scenario = {expect: 2, label: 'bare oclif 4 CLI: hello X -a A -i abc (exit 2)', launch: bare('hello', 'X', '-a', 'A', '-i', 'abc')}
  const bareRun: Scenario = {expect: 0, label: 'bare oclif 4 CLI: hello X -a A', launch: bare('hello', 'X', '-a', 'A')}
  const help: Scenario = {expect: 0, label: 'a. data:privatelink --help', launch: plugin('data:privatelink', '--help')}
  const refused: Scenario = {expect: 2, label: 'b. create DATABASE --app example-app -i 123 (exit 2)', launch: plugin('data:privatelink:create', ...DB, '-i', '123')}
  const showNone: Scenario = {
    expect: 0, label: 'c. show, Operational, no connections', launch: plugin('data:privatelink', ...DB), setup: () => seedOperational(0),
  }
  showNone.after = recordRequests(showNone)
  const showOne: Scenario = {
    expect: 0, label: 'c. show, Operational, 1 connection', launch: plugin('data:privatelink', ...DB), setup: () => seedOperational(1),
  }
  showOne.after = recordRequests(showOne)
  const showJson: Scenario = {
    expect: 0, label: 'f. show --json, Operational, 1 connection', launch: plugin('data:privatelink', ...DB, '--json'), setup: () => seedOperational(1),
  }
  showJson.after = recordRequests(showJson)
  const waitReady: Scenario = {
    expect: 0, label: 'f. wait, Operational at the 1st answer', launch: plugin('data:privatelink:wait', ...DB), setup: () => seedOperational(0),
  }
  waitReady.after = recordRequests(waitReady)
  const loginShowOne: Scenario = {
    expect: 0, label: 'g. stored login: show, 1 connection', launch: loggedIn('data:privatelink', ...DB), setup: () => seedOperational(1),
  }
  loginShowOne.after = recordRequests(loginShowOne)
  const loginShowJson: Scenario = {
    expect: 0, label: 'g. stored login: show --json, 1 connection', launch: loggedIn('data:privatelink', ...DB, '--json'), setup: () => seedOperational(1),
  }
  loginShowJson.after = recordRequests(loginShowJson)
  const loginWaitReady: Scenario = {
    expect: 0, label: 'g. stored login: wait, Operational at once', launch: loggedIn('data:privatelink:wait', ...DB), setup: () => seedOperational(0),
  }
  loginWaitReady.after = recordRequests(loginWaitReady)
  const beforeRows: Report['before'] = before === undefined
    ? undefined
    : {
      loginShowJson: {
        expect: 0, label: 'g. before: stored login: show --json, 1 connection', launch: loggedInBefore(before, 'data:privatelink', ...DB, '--json'), setup: () => seedOperational(1),
      },
      loginShowOne: {
        expect: 0, label: 'g. before: stored login: show, 1 connection', launch: loggedInBefore(before, 'data:privatelink', ...DB), setup: () => seedOperational(1),
      },
      loginWaitReady: {
        expect: 0, label: 'g. before: stored login: wait, Operational at once', launch: loggedInBefore(before, 'data:privatelink:wait', ...DB), setup: () => seedOperational(0),
      },
    }
  // i. Round trips: each command in both login modes, on this build and the one before, at 0 and 100 ms.
  const roundTrips: RoundTripRun[] = ROUND_TRIPS.flatMap(trip => LOGINS.flatMap(login => [...(before ? ['before' as const] : []), 'after' as const].flatMap(build => LATENCIES_MS.map(latencyMs => {
    const runBin = build === 'after' ? bin : path.join(before!, 'bin', 'run.js')
    const scenario: Scenario = {
      expect: 0,
      label: `i. ${trip.label}, ${login}, ${build}, ${latencyMs} ms`,
      launch: () => ({args: [runBin, ...trip.args], env: login === 'API key' ? env : loginEnv}),
      async setup() {
        if (trip.connections === undefined) emulator.reset()
        else await seedOperational(trip.connections)
        emulator.setLatency(latencyMs)
        emulator.clearLog()
      },
    }
    scenario.after = () => {
      record(scenario, 'requests', emulator.log().length)
      record(scenario, 'waves', waves(emulator.log()))
    }

    return {
      build, latencyMs, login, scenario, trip,
    }
  }))))
  // h. A passing check of a Postgres connection, both ports, against real servers on loopback.
  const servers = serversUnavailable() ? undefined : await startDatabaseServers()
  const checkPostgres: Scenario | undefined = servers && {
    expect: 0,
    label: 'h. check, Postgres + PgBouncer passing (loopback)',
    launch: plugin('data:privatelink:check', ...DB),
    async setup() {
      emulator.reset()
      emulator.seedEndpoint({addon: POSTGRES_ADDON, allowed_accounts: [ACCOUNT], connections: [{config_vars: false, endpoint_id: CHECK_ENDPOINT_ID}]})
      const key = CHECK_ENDPOINT_ID.slice(-17).toUpperCase()
      emulator.setConfigVars(EXAMPLE_APP, {[`DATABASE_ENDPOINT_${key}_PGBOUNCER_URL`]: servers.urls.pgbouncer, [`DATABASE_ENDPOINT_${key}_URL`]: servers.urls.postgres})
      emulator.clearLog()
    },
  }
  const wait: Scenario = {
    expect: 0, label: 'd. wait --interval 1 (Operational on 3rd poll), whole run', launch: plugin('data:privatelink:wait', ...DB, '--interval', '1'), setup: prepareWait,
  }
  wait.after = outcome => {
    if (firstOperationalAt === undefined) throw new Error('wait exited, but the emulator never answered Operational')
    const polls = emulator.log().filter(entry => entry.method === 'GET' && ENDPOINT_PATH.test(entry.path)).length
    if (polls !== 3) throw new Error(`wait polled ${polls} times, expected 3`)
    record(wait, 'delayMs', outcome.exitAt - firstOperationalAt)
    record(wait, 'requests', emulator.log().length)
  }

  const scenarios = [
    nodeBare,
    nodePreload,
    bareHelp,
    bareRefused,
    bareRun,
    help,
    refused,
    showNone,
    showOne,
    wait,
    showJson,
    waitReady,
    loginShowOne,
    loginShowJson,
    loginWaitReady,
    ...Object.values(beforeRows ?? {}),
    ...(checkPostgres ? [checkPostgres] : []),
    ...roundTrips.map(run => run.scenario),
  ]
  for (const scenario of scenarios) samples.set(scenario, {
    delayMs: [], requests: [], rssMiB: [], wallMs: [], waves: [],
  })
  const loadBefore = os.loadavg()[0]
  const started = performance.now()
  try {
    for (let round = 0; round <= runs; round++) {
      process.stderr.write(round === 0 ? 'bench: warm-up, rounds' : ` ${round}`)
      for (const scenario of scenarios) {
        // eslint-disable-next-line no-await-in-loop
        await scenario.setup?.()
        // eslint-disable-next-line no-await-in-loop
        const outcome = await runProcess(scenario.launch())
        check(scenario.label, scenario, outcome)
        if (round === 0) continue // the warm-up fills the OS file cache; nothing is recorded
        record(scenario, 'wallMs', outcome.wallMs)
        record(scenario, 'rssMiB', outcome.rssMiB)
        scenario.after?.(outcome)
      }
    }

    process.stderr.write(', requests per command\n\n')
    emulator.reset()
    const lifecycle = await measureRequests(emulator, {args: [bin], env}, seedOperational)
    process.stderr.write('audit of a space (row j)\n\n')
    const audit = await auditBench({
      bin, home, run: runProcess, runs,
    })
    const elapsed = (performance.now() - started) / 1000
    const loadAfter = os.loadavg()[0]
    report({
      before: beforeRows, checkPostgres, elapsed, lifecycle, loadAfter, loadBefore, roundTrips, runs, samples, scenarios: {
        bareHelp, bareRefused, bareRun, help, loginShowJson, loginShowOne, loginWaitReady, nodeBare, nodePreload, refused, showJson, showNone, showOne, wait, waitReady,
      },
    })
    console.log(auditReport(audit))
  } finally {
    await Promise.all([emulator.close(), servers?.stop()])
    login.remove()
    rmSync(scratch, {force: true, recursive: true})
  }
}

interface Counted {
  command: string
  note?: string
  requests: LoggedRequest[]
}

/** Each command once, in the order of the walkthrough, with the emulator's log cleared in between. */
async function measureRequests(emulator: RunningEmulator, {args: [bin], env}: Launch, seedOperational: (connections: number) => Promise<void>): Promise<Counted[]> {
  const counted: Counted[] = []
  const run = async (command: string, args: string[], note?: string): Promise<void> => {
    emulator.clearLog()
    const outcome = await runProcess({args: [bin, command, ...DB, ...args], env})
    if (outcome.status !== 0) throw new Error(`${command}: exit ${outcome.status}\n${outcome.stderr}`)
    counted.push({command: [command, ...args].join(' '), note, requests: emulator.log()})
  }

  await seedOperational(0)
  await run('data:privatelink', [], 'Operational, no connections')
  await seedOperational(1)
  await run('data:privatelink', [], 'Operational, 1 connection')
  emulator.reset()
  emulator.setTiming(WAIT_TIMING)
  await run('data:privatelink:create', ['-i', ACCOUNT])
  await run('data:privatelink:wait', ['--interval', '1'], '3 polls: Provisioning, Provisioning, Operational')
  await run('data:privatelink:access', [])
  await run('data:privatelink:access:add', ['-i', OTHER_ACCOUNT])
  await run('data:privatelink:access:remove', ['-i', OTHER_ACCOUNT])
  await run('data:privatelink:destroy', ['--confirm', EXAMPLE_APP])
  return counted
}

interface Report {
  /** The earlier build's stored-login rows, with --before. */
  before?: Record<'loginShowJson' | 'loginShowOne' | 'loginWaitReady', Scenario>
  /** `check` against real PostgreSQL and PgBouncer; undefined when they are not installed. */
  checkPostgres?: Scenario
  elapsed: number
  lifecycle: Counted[]
  loadAfter: number
  loadBefore: number
  roundTrips: RoundTripRun[]
  runs: number
  samples: Map<Scenario, Samples>
  scenarios: Record<'bareHelp' | 'bareRefused' | 'bareRun' | 'help' | 'loginShowJson' | 'loginShowOne' | 'loginWaitReady' | 'nodeBare' | 'nodePreload' | 'refused' | 'showJson' | 'showNone' | 'showOne' | 'wait' | 'waitReady', Scenario>
}

function report({before, checkPostgres, elapsed, lifecycle, loadAfter, loadBefore, roundTrips, runs, samples, scenarios}: Report): void {
  const s = (scenario: Scenario): Samples => samples.get(scenario) as Samples
  const wallMedian = (scenario: Scenario): number => median(s(scenario).wallMs) / 1000
  const rssMedian = (scenario: Scenario): number => median(s(scenario).rssMiB)
  const seconds = (ms: number[]): string[] => [(median(ms) / 1000).toFixed(3), range(ms.map(value => value / 1000), 3)]
  const mib = (values: number[]): string[] => (values.length > 0 ? [median(values).toFixed(1), range(values, 1)] : ['–', '–'])
  const ratio = (scenario: Scenario, base: Scenario): string => `${(wallMedian(scenario) / wallMedian(base)).toFixed(2)}×`

  const {version: oclifVersion} = JSON.parse(readFileSync(path.join(ROOT, 'node_modules', '@oclif', 'core', 'package.json'), 'utf8')) as {version: string}
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU'
  const lines: string[] = [
    `heroku-data-privatelink bench: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, node ${process.version}, @oclif/core ${oclifVersion},`,
    `${os.platform()} ${os.arch()}, ${os.cpus().length} × ${cpu}, load ${loadBefore.toFixed(2)} → ${loadAfter.toFixed(2)};`,
    `${runs} measured runs per row after 1 warm-up, rounds interleaved; median and min–max; ${elapsed.toFixed(0)} s in all.`,
    '',
  ]

  const {
    bareHelp, bareRefused, bareRun, help, loginShowJson, loginShowOne, loginWaitReady, nodeBare, nodePreload, refused, showJson, showNone, showOne, wait, waitReady,
  } = scenarios
  const rows = [
    [nodeBare, ''],
    [nodePreload, ''],
    [bareHelp, ''],
    [bareRefused, ''],
    [bareRun, ''],
    [help, ratio(help, bareHelp)],
    [refused, ratio(refused, bareRefused)],
    [showNone, ratio(showNone, bareRun)],
    [showOne, ratio(showOne, bareRun)],
    [showJson, ratio(showJson, bareRun)],
    [waitReady, ratio(waitReady, bareRun)],
    [loginShowOne, ratio(loginShowOne, bareRun)],
    [loginShowJson, ratio(loginShowJson, bareRun)],
    [loginWaitReady, ratio(loginWaitReady, bareRun)],
    ...(before ? [before.loginShowOne, before.loginShowJson, before.loginWaitReady].map(scenario => [scenario, ratio(scenario, bareRun)]) : []),
    ...(checkPostgres ? [[checkPostgres, ratio(checkPostgres, bareRun)]] : []),
    [wait, ''],
  ] as Array<[Scenario, string]>
  const measured = rows.map(([scenario, vsBare]) => [scenario.label, ...seconds(s(scenario).wallMs), vsBare, ...mib(s(scenario).rssMiB)])
  measured.push(['d. wait: exit after the 1st Operational answer', ...seconds(s(wait).delayMs), '', '', ''])
  lines.push(table(['process', 'wall s', 'min–max', 'vs bare', 'peak MiB', 'min–max'], measured, new Set([1, 2, 3, 4, 5])))

  const preloadMs = (median(s(nodePreload).wallMs) - median(s(nodeBare).wallMs)).toFixed(1)
  const preloadMiB = (rssMedian(nodePreload) - rssMedian(nodeBare)).toFixed(1)
  lines.push(
    '',
    'Peak MiB is the child\'s own ru_maxrss, written at exit by a preload (scripts/bench/maxrss.mjs). Its cost, from the two',
    `node -e 0 rows: ${preloadMs} ms and ${preloadMiB} MiB (an upper bound for bin/run.js, which loads ESM anyway); it is`,
    'included in every row but the first. "vs bare" compares medians with the bare oclif row of the same kind (hello X -a A',
    'for the API commands). Rows c, d and f run with HEROKU_API_KEY; rows g with a stored login (a netrc in HOME).',
    '',
  )

  // Rows i: one line per command and login; the waves of the 100 ms runs, the wall times of both.
  const roundTrip = (trip: RoundTripRun['trip'], login: Login, build: RoundTripRun['build'], latencyMs: number): Samples | undefined => {
    const run = roundTrips.find(candidate => candidate.trip === trip && candidate.login === login && candidate.build === build && candidate.latencyMs === latencyMs)
    return run && s(run.scenario)
  }

  const hasBefore = roundTrips.some(run => run.build === 'before')
  const builds = hasBefore ? (['before', 'after'] as const) : (['after'] as const)
  const tripRows = ROUND_TRIPS.flatMap(trip => LOGINS.map(login => {
    const remote = builds.map(build => roundTrip(trip, login, build, REMOTE_MS) as Samples)
    return [
      trip.label,
      login,
      String(trip.target),
      ...remote.map(samples => countFigure(samples.waves)),
      ...remote.map(samples => countFigure(samples.requests)),
      ...LATENCIES_MS.flatMap(latencyMs => builds.map(build => (median((roundTrip(trip, login, build, latencyMs) as Samples).wallMs) / 1000).toFixed(3))),
    ]
  }))
  const buildHeads = (what: string): string[] => builds.map(build => (hasBefore ? `${what} ${build}` : what))
  lines.push(
    `Round trips (rows i): waves read from the emulator's log at ${REMOTE_MS} ms; wall s medians at each latency${hasBefore ? ', before → after' : ''}.`,
    table(
      ['command (--app example-app)', 'login', 'target', ...buildHeads('waves'), ...buildHeads('requests'), ...LATENCIES_MS.flatMap(latencyMs => buildHeads(`${latencyMs} ms`))],
      tripRows,
      new Set(Array.from({length: 2 + (3 * builds.length) + (LATENCIES_MS.length * builds.length)}, (_, index) => index).filter(index => index >= 2)),
    ),
    '',
  )

  const requestRows = lifecycle.map(({command, note, requests}) => [command, String(requests.length), note ?? '', describeRequests(requests)])
  lines.push(table(['command (DATABASE --app example-app)', 'requests', 'state', 'requests made'], requestRows, new Set([1])), '')

  const showNoneRequests = s(showNone).requests
  const showOneRequests = s(showOne).requests
  const delay = median(s(wait).delayMs) / 1000
  const within = (scenario: Scenario, limit: number): [string, boolean] => [ratio(scenario, bareRun), wallMedian(scenario) <= limit * wallMedian(bareRun)]
  const sameRequests = [[loginShowOne, showOne], [loginShowJson, showJson], [loginWaitReady, waitReady]].every(([stored, token]) => s(stored).requests.join(',') === s(token).requests.join(','))
  const targets: Array<[string, string, boolean]> = [
    [`a. help: median ≤ ${TARGET.quickSeconds} s`, `${wallMedian(help).toFixed(3)} s`, wallMedian(help) <= TARGET.quickSeconds],
    [`a. help: peak memory median ≤ ${TARGET.quickMiB} MiB`, `${rssMedian(help).toFixed(1)} MiB`, rssMedian(help) <= TARGET.quickMiB],
    [`a. help: within ${TARGET.bareRatio}× of bare oclif --help`, ratio(help, bareHelp), wallMedian(help) <= TARGET.bareRatio * wallMedian(bareHelp)],
    [`b. refused input: exits 2, median ≤ ${TARGET.quickSeconds} s`, `${wallMedian(refused).toFixed(3)} s`, wallMedian(refused) <= TARGET.quickSeconds],
    [`b. refused input: peak memory median ≤ ${TARGET.quickMiB} MiB`, `${rssMedian(refused).toFixed(1)} MiB`, rssMedian(refused) <= TARGET.quickMiB],
    [`b. refused input: within ${TARGET.bareRatio}× of bare oclif refusal`, ratio(refused, bareRefused), wallMedian(refused) <= TARGET.bareRatio * wallMedian(bareRefused)],
    [`c. show, no connections: median ≤ ${TARGET.showSeconds} s`, `${wallMedian(showNone).toFixed(3)} s`, wallMedian(showNone) <= TARGET.showSeconds],
    [`c. show, 1 connection: median ≤ ${TARGET.showSeconds} s`, `${wallMedian(showOne).toFixed(3)} s`, wallMedian(showOne) <= TARGET.showSeconds],
    [`d. wait exits ≤ ${TARGET.waitExitSeconds} s after Operational (median)`, `${delay.toFixed(3)} s`, delay <= TARGET.waitExitSeconds],
    [`e. show, no connections: ${TARGET.showRequestsNoConnections} requests (every run)`, countFigure(showNoneRequests), showNoneRequests.every(count => count === TARGET.showRequestsNoConnections)],
    [`e. show, 1 connection: ≤ ${TARGET.showRequestsWithConnections} requests (every run)`, countFigure(showOneRequests), showOneRequests.every(count => count <= TARGET.showRequestsWithConnections)],
    [`f. show --json: ≤ ${TARGET.scriptRatio}× bare oclif run`, ...within(showJson, TARGET.scriptRatio)],
    [`f. wait, Operational at once: ≤ ${TARGET.scriptRatio}× bare oclif run`, ...within(waitReady, TARGET.scriptRatio)],
    [`f. show, no connections: ≤ ${TARGET.showRatio}× bare oclif run`, ...within(showNone, TARGET.showRatio)],
    [`f. show, 1 connection: ≤ ${TARGET.showRatio}× bare oclif run`, ...within(showOne, TARGET.showRatio)],
    ...(before
      ? ([[loginShowOne, before.loginShowOne, 'show'], [loginShowJson, before.loginShowJson, 'show --json'], [loginWaitReady, before.loginWaitReady, 'wait']] as const).map(([now, then, what]): [string, string, boolean] => [
        `g. stored login: ${what} ≤ ${BEFORE_TOLERANCE}× before's median`, ratio(now, then), wallMedian(now) <= BEFORE_TOLERANCE * wallMedian(then),
      ])
      : []),
    ['g. stored login: the same requests as HEROKU_API_KEY (every run)', sameRequests ? 'same' : 'differ', sameRequests],
    ...(checkPostgres
      ? [[`h. check, Postgres and PgBouncer passing on loopback: median ≤ ${CHECK_TARGET_SECONDS} s`, `${wallMedian(checkPostgres).toFixed(3)} s`, wallMedian(checkPostgres) <= CHECK_TARGET_SECONDS] as [string, string, boolean]]
      : []),
    ...ROUND_TRIPS.flatMap(trip => LOGINS.flatMap((login): Array<[string, string, boolean]> => {
      const remote = (roundTrip(trip, login, 'after', REMOTE_MS) as Samples).waves
      const loopback = (build: RoundTripRun['build']) => median((roundTrip(trip, login, build, 0) as Samples).wallMs)
      return [
        [`i. ${trip.label}, ${login}: ≤ ${trip.target} wave${trip.target === 1 ? '' : 's'} (every run)`, countFigure(remote), remote.every(count => count <= trip.target)],
        ...(hasBefore
          ? [[`i. ${trip.label}, ${login}: loopback ≤ ${BEFORE_TOLERANCE}× before's median`, `${(loopback('after') / loopback('before')).toFixed(2)}×`, loopback('after') <= BEFORE_TOLERANCE * loopback('before')] as [string, string, boolean]]
          : []),
      ]
    })),
  ]
  lines.push(table(['target', 'measured', 'result'], targets.map(([target, figure, ok]) => [target, figure, verdict(ok)]), new Set([1])), '')
  if (!before) lines.push('Stored login against an earlier build: --before DIR (a checkout of that commit, built).')
  if (!checkPostgres) lines.push(`No check row: it needs real database servers, ${serversUnavailable()}.`)
  lines.push(RERUN)
  console.log(lines.join('\n'))
}

await main()

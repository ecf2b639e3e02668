/* eslint-disable n/no-unsupported-features/node-builtins -- global fetch is available (and used) on Node 20 */
// Shared set-up of the end-to-end tests: the emulator, the built `bin/run.js` run as a process,
// and the checks every run must pass (no token, no terminal control characters in CI output).
import {expect} from 'chai'
import {execFileSync} from 'node:child_process'
import {existsSync} from 'node:fs'
import path from 'node:path'

import {
  type EndpointResource, type LoggedRequest, POSTGRES_ADDON, type RunningEmulator, startEmulator, type Timing,
} from '../emulator/server.js'
import {maxInFlight, waves} from '../emulator/timeline.js'
import {
  type CliOptions, type CliResult, ROOT, runCli, runScript, storedLogin,
} from '../helpers/cli.js'

export {
  maxInFlight, overlapped, receivedAfter, waves,
} from '../emulator/timeline.js'

export type AuthMode = 'env' | 'netrc'

function authMode(setting = process.env.PRIVATELINK_E2E_AUTH): AuthMode {
  if (setting === undefined || setting === '' || setting === 'env') return 'env'
  if (setting === 'netrc') return 'netrc'
  throw new Error(`PRIVATELINK_E2E_AUTH=${setting}: use env (HEROKU_API_KEY, the default) or netrc (a stored login)`)
}

/**
 * Where the plugin finds its token in these runs: `env`, HEROKU_API_KEY (the default), or `netrc`
 * (PRIVATELINK_E2E_AUTH=netrc), the stored login of `heroku login`: a netrc in a HOME of the run's
 * own and no HEROKU_API_KEY. `npm test` runs every end-to-end suite in both modes.
 */
export const E2E_AUTH: AuthMode = authMode()

export const APP = 'example-app'
export const POSTGRES_PATH = `/private-link/v0/databases/${POSTGRES_ADDON}`
export const RESOLVE = 'POST /actions/addons/resolve bearer'

/**
 * Transitions happen after a number of GETs of the endpoint, never after some time, so nothing
 * depends on the wall clock: an endpoint is Operational on the third GET after its creation.
 */
export const POLL_TIMING: Timing = {
  accountActive: {polls: 1},
  accountRemoved: {polls: 1},
  connectionAvailable: {polls: 1},
  deprovision: {polls: 1},
  endpointOperational: {polls: 3},
}

/** Builds dist/ and the manifest when they are missing (`npm test` builds them in its pretest). */
export function ensureBuilt(): void {
  const built = existsSync(path.join(ROOT, 'dist', 'commands', 'data', 'privatelink', 'index.js')) && existsSync(path.join(ROOT, 'oclif.manifest.json'))
  if (!built) execFileSync('npm', ['run', 'build'], {cwd: ROOT, stdio: 'inherit'})
}

export interface E2E {
  /** Runs `bin/run.js` against the emulator and checks what every run must respect. */
  cli(args: string[], options?: CliOptions): Promise<CliResult>
  /** The app's config vars as the emulator holds them (values included: they are what must never be printed). */
  configVars(app?: string): Promise<Record<string, string>>
  emulator: RunningEmulator
  /** The endpoint as the emulator holds it, without counting as a poll. */
  endpoint(addon?: string): Promise<EndpointResource | undefined>
  /** The logged requests as `METHOD path auth`. */
  requests(): string[]
  /** Back to the seed state, with the log cleared: for `beforeEach`. */
  reset(): void
  /** Runs a shell script with `heroku` (the built plugin) on PATH against the emulator, with the same checks as `cli`. */
  script(script: string, options?: CliOptions): Promise<CliResult>
  /** Builds the plugin if needed and starts the emulator: for `before`. */
  start(): Promise<void>
  /** Stops the emulator: for `after`. */
  stop(): Promise<void>
}

/** The emulator and the runs of the plugin against it, for one suite. */
export function e2eContext(timing: Timing = POLL_TIMING): E2E {
  /** Runs `run` in the auth mode of the suite, and checks what every run must respect. */
  async function checkedRun(run: (options: CliOptions) => Promise<CliResult>, options: CliOptions): Promise<CliResult> {
    const env = {...context.emulator.env, ...options.env}
    // A run given another token, or none, is about HEROKU_API_KEY itself: it runs as written in both modes.
    const login = E2E_AUTH === 'netrc' && env.HEROKU_API_KEY === context.emulator.token ? storedLogin(env) : undefined
    try {
      const result = await run(login ? {...options, env: login.env, home: login.home} : {...options, env})
      expectNoSecretOrControl(result, context.emulator.token)
      expectNoStackOrWarning(result)
      return result
    } finally {
      login?.remove()
    }
  }

  const context: E2E = {
    cli: (args, options = {}) => checkedRun(runOptions => runCli(args, runOptions), options),
    configVars: async (app = APP) => (await emulatorState(context.emulator)).config_vars[app] ?? {},
    emulator: undefined as unknown as RunningEmulator,
    endpoint: async (addon = POSTGRES_ADDON) => (await emulatorState(context.emulator)).endpoints.find(endpoint => endpoint.addon.name === addon),
    requests: () => context.emulator.log().map(entry => describeRequest(entry)),
    reset() {
      context.emulator.reset()
    },
    script: (script, options = {}) => checkedRun(runOptions => runScript(script, runOptions), options),
    async start() {
      ensureBuilt()
      context.emulator = await startEmulator({quiet: true, timing})
    },
    async stop() {
      await context.emulator?.close()
    },
  }
  return context
}

export function describeRequest(entry: LoggedRequest): string {
  return `${entry.method} ${entry.path} ${entry.auth}`
}

/** How a run's requests followed one another: its sequential round trips (waves) and the most in flight at once. */
export function roundTrips(log: LoggedRequest[]): {maxInFlight: number; waves: number} {
  return {maxInFlight: maxInFlight(log), waves: waves(log)}
}

async function emulatorState(emulator: RunningEmulator): Promise<{config_vars: Record<string, Record<string, string>>; endpoints: EndpointResource[]}> {
  const response = await fetch(`${emulator.url}/__emulator/state`)
  return response.json() as Promise<{config_vars: Record<string, Record<string, string>>; endpoints: EndpointResource[]}>
}

/** Neither stream may hold the token, a carriage return (spinner) or an ANSI escape sequence. */
export function expectNoSecretOrControl(result: CliResult, token: string): void {
  for (const [name, text] of Object.entries({stderr: result.stderr, stdout: result.stdout})) {
    expect(text, `${name} holds the API token`).not.to.include(token)
    expect(text, `${name} holds a carriage return`).not.to.include('\r')
    expect(text, `${name} holds an ANSI escape sequence`).not.to.include('\u001B[')
  }
}

// A frame of a stack trace: `    at fn (file:line:col)` or `    at file:line:col`.
const STACK_FRAME = /^\s+at .*:\d+:\d+\)?$/m
// The warnings a run may print: that a transient failure is being retried, and that a read that
// only complements the result (config vars, region, a create's read back) failed.
const WARNING = /Warning:(?! (?:Retrying after a transient failure|Couldn't read the |The Heroku Data API answered the create without the endpoint))/

/** Whatever a run ends with, stderr holds no stack trace and no warning of Node or oclif. */
export function expectNoStackOrWarning(result: CliResult): void {
  expect(result.stderr, 'stderr holds a stack trace').not.to.match(STACK_FRAME)
  expect(result.stderr, 'stderr holds a warning').not.to.match(WARNING)
}

/**
 * An error message as one line: oclif wraps errors at 80 columns without a terminal and prefixes
 * each line with ` ›   `.
 */
export function oneLine(text: string): string {
  return text.replaceAll(/\s*\n\s*(?:›\s+)?/g, ' ').replaceAll(/ {2,}/g, ' ').replace(/^\s*›\s+/, '').trim()
}

/** stdout must be exactly one JSON document. */
export function parseJson<T = Record<string, unknown>>(result: CliResult): T {
  try {
    return JSON.parse(result.stdout) as T
  } catch {
    throw new Error(`stdout is not one JSON document:\n${result.stdout}`)
  }
}

/** What the run printed, for assertion messages. */
export function printed(result: CliResult): string {
  return `exit ${result.status}\n--- stdout\n${result.stdout}--- stderr\n${result.stderr}`
}

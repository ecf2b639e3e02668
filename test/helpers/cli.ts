// Runs the built plugin (`bin/run.js`) as a child process, the way a user or CI script does.
// Asynchronous on purpose: an emulator started in the test process must keep answering meanwhile.
import {spawn} from 'node:child_process'
import {
  mkdirSync, mkdtempSync, rmSync, writeFileSync,
} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
export const BIN = path.join(ROOT, 'bin', 'run.js')

export interface CliResult {
  /** Wall time from spawn to exit, in milliseconds. */
  durationMs: number
  signal: NodeJS.Signals | null
  status: null | number
  stderr: string
  stdout: string
}

export interface CliOptions {
  /** The script to run instead of `bin/run.js`, e.g. a `bin/dev.js`. */
  bin?: string
  /** Variables added to the clean environment (e.g. an emulator's `env`). */
  env?: Record<string, string | undefined>
  /** The HOME of the run (default: this module's, which holds no login). */
  home?: string
  /** Text written to stdin, which is then closed (stdin is never a TTY here). */
  input?: string
  /** Kill the process after this long (a safety net, not an assertion). Default 60 s. */
  timeoutMs?: number
}

// A HOME of its own, so no netrc, CLI config or cache of the machine is used.
const home = mkdtempSync(path.join(tmpdir(), 'privatelink-e2e-home-'))
process.once('exit', () => rmSync(home, {force: true, recursive: true}))

/**
 * The environment every run starts from: no HEROKU_* of the machine, telemetry off, no TTY, and a
 * HOME of its own (this module's, unless another is given).
 */
export function cleanEnv(extra: Record<string, string | undefined> = {}, ownHome = home): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    CI: 'true',
    DISABLE_TELEMETRY: 'true',
    HOME: ownHome,
    LANG: 'C.UTF-8',
    NO_COLOR: '1',
    PATH: process.env.PATH,
    XDG_CACHE_HOME: path.join(ownHome, '.cache'),
    XDG_CONFIG_HOME: path.join(ownHome, '.config'),
    XDG_DATA_HOME: path.join(ownHome, '.local', 'share'),
  }
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete env[name]
    else env[name] = value
  }

  return env
}

export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return run(process.execPath, [options.bin ?? BIN, ...args], cleanEnv(options.env, options.home), options)
}

// A `heroku` on PATH that runs the built plugin, for scripts written as a user writes them.
const herokuDir = path.join(home, 'bin')
mkdirSync(herokuDir, {recursive: true})
writeFileSync(path.join(herokuDir, 'heroku'), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} "$@"\n`, {mode: 0o755})

/**
 * Runs a shell script (`sh -c`) as a CI job does, with `heroku` on PATH running the built plugin
 * (`bin/run.js`), e.g. `heroku data:privatelink:destroy … --wait && heroku data:privatelink:create …`.
 */
export function runScript(script: string, options: CliOptions = {}): Promise<CliResult> {
  const env = cleanEnv(options.env, options.home)
  return run('/bin/sh', ['-c', script], {...env, PATH: `${herokuDir}:${env.PATH ?? ''}`}, options)
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, options: CliOptions): Promise<CliResult> {
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {cwd: home, env, stdio: 'pipe'})
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', chunk => {
      stdout += chunk
    })
    child.stderr.setEncoding('utf8').on('data', chunk => {
      stderr += chunk
    })
    const killer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000)
    child.on('error', reject)
    child.on('close', (status, signal) => {
      clearTimeout(killer)
      resolve({
        durationMs: performance.now() - started, signal, status, stderr, stdout,
      })
    })
    child.stdin.end(options.input ?? '')
  })
}

/**
 * The netrc machine `heroku login` stores the token under for a HEROKU_HOST, as
 * `@heroku-cli/command` looks it up: the host and port of a URL, else `api.` and the host.
 */
export function netrcMachine(herokuHost = 'heroku.com'): string {
  return herokuHost.startsWith('http') ? new URL(herokuHost).host : `api.${herokuHost}`
}

export interface StoredLogin {
  /** The environment without HEROKU_API_KEY, for a run with this HOME. */
  env: Record<string, string | undefined>
  home: string
  remove(): void
}

/**
 * A HOME of its own holding what `heroku login` leaves behind (a netrc entry for the Platform API
 * host), and the environment with the token taken out of HEROKU_API_KEY: the plugin then finds its
 * token as a logged-in user's shell does.
 */
export function storedLogin(env: Record<string, string | undefined>): StoredLogin {
  const token = env.HEROKU_API_KEY
  if (!token) throw new Error('A stored login needs the token that HEROKU_API_KEY would hold')
  const loginHome = mkdtempSync(path.join(tmpdir(), 'privatelink-e2e-login-'))
  writeFileSync(path.join(loginHome, '.netrc'), `machine ${netrcMachine(env.HEROKU_HOST)}\n  login user@example.com\n  password ${token}\n`, {mode: 0o600})
  return {
    env: {...env, HEROKU_API_KEY: undefined},
    home: loginHome,
    remove: () => rmSync(loginHome, {force: true, recursive: true}),
  }
}

/** Runs `bin/run.js`, sends it `signal` once its stderr matches `progress`, and collects what it printed. */
export async function stopCliWith(signal: NodeJS.Signals, args: string[], progress: RegExp, env: Record<string, string>): Promise<Pick<CliResult, 'status' | 'stderr' | 'stdout'>> {
  const child = spawn(process.execPath, [BIN, ...args], {env: cleanEnv(env)})
  let stderr = ''
  let stdout = ''
  child.stdout.setEncoding('utf8').on('data', chunk => {
    stdout += chunk
  })
  child.stderr.setEncoding('utf8')
  const exit = new Promise<null | number>(resolve => {
    child.on('close', resolve)
  })
  await new Promise<void>(resolve => {
    child.stderr.on('data', chunk => {
      stderr += chunk
      if (progress.test(stderr)) resolve()
    })
  })
  child.kill(signal)
  return {status: await exit, stderr, stdout}
}

// `npm run test:heroku-cli`: the plugin inside the real Heroku CLI (npm package `heroku`, 11.x).
// Installs the CLI once into a cache folder outside the repository, links this plugin into it
// with a temporary HOME (the machine's Heroku config is never touched), checks that it loads,
// then runs create → wait → show → destroy through `heroku` against the local emulator.
// The CLI never reaches a real host: its API hosts point at the emulator, its update checks and
// telemetry are off, and a guard preloaded into every Node process it starts refuses (and records)
// any connection that is not to 127.0.0.1.
import {spawn} from 'node:child_process'
import {
  existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync,
} from 'node:fs'
import {homedir, tmpdir} from 'node:os'
import path from 'node:path'
import {pathToFileURL} from 'node:url'

import {
  EXAMPLE_APP, type LoggedRequest, POSTGRES_ADDON, type RunningEmulator, startEmulator,
} from '../test/emulator/server.js'
import {ROOT} from '../test/helpers/cli.js'

const VERSION_RANGE = '11'
const CACHE_DIR = path.join(process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache'), 'heroku-data-privatelink', 'heroku-cli')
const HEROKU_RUN = path.join(CACHE_DIR, 'node_modules', 'heroku', 'bin', 'run.js')
/** Written once `npm install` has succeeded, so that a half-finished install is started over. */
const INSTALLED_MARKER = path.join(CACHE_DIR, '.installed')
const PLUGIN = 'heroku-data-privatelink'
const APP = EXAMPLE_APP
const ENDPOINT_PATH = `/private-link/v0/databases/${POSTGRES_ADDON}`
const RUN_TIMEOUT_MS = 120_000

// Loaded into every Node process the CLI starts (NODE_OPTIONS is inherited): connections to
// anything but loopback are refused and written to NETWORK_GUARD_LOG.
const NETWORK_GUARD = String.raw`
import {appendFileSync} from 'node:fs'
import net from 'node:net'
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost|::ffff:127\.\d+\.\d+\.\d+)$/
const connect = net.Socket.prototype.connect
net.Socket.prototype.connect = function (...args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0]
  let host
  let port
  let socketPath
  if (first !== null && typeof first === 'object') ({host, path: socketPath, port} = first)
  else if (typeof first === 'string' && !/^\d+$/.test(first)) socketPath = first
  else [port, host] = [first, typeof args[1] === 'string' ? args[1] : undefined]
  host = String(host ?? 'localhost').replace(/^\[|\]$/g, '')
  if (!socketPath && !LOOPBACK.test(host)) {
    appendFileSync(process.env.NETWORK_GUARD_LOG, host + ':' + port + ' (pid ' + process.pid + ': ' + process.argv.slice(1, 3).join(' ') + ')\n')
    const error = Object.assign(new Error('connection to ' + host + ':' + port + ' refused by the test guard'), {code: 'ECONNREFUSED'})
    process.nextTick(() => this.destroy(error))
    return this
  }

  return connect.apply(this, args)
}
`

interface RunResult {
  status: null | number
  stderr: string
  stdout: string
}

interface Check {
  error?: string
  name: string
}

function run(command: string, args: string[], options: {env: NodeJS.ProcessEnv; quiet?: boolean}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {cwd: options.env.HOME ?? tmpdir(), env: options.env, stdio: ['ignore', 'pipe', 'pipe']})
    let stdout = ''
    let stderr = ''
    const echoStdout = echo(options.quiet)
    const echoStderr = echo(options.quiet)
    child.stdout.setEncoding('utf8').on('data', chunk => {
      stdout += chunk
      echoStdout(chunk)
    })
    child.stderr.setEncoding('utf8').on('data', chunk => {
      stderr += chunk
      echoStderr(chunk)
    })
    const killer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS)
    child.on('error', reject)
    child.on('close', status => {
      clearTimeout(killer)
      resolve({status, stderr, stdout})
    })
  })
}

/** Echoes a child's output stream indented, whatever the chunks it comes in. */
function echo(quiet = false): (chunk: string) => void {
  let atLineStart = true
  return chunk => {
    if (quiet || chunk === '') return
    process.stdout.write(`${atLineStart && !chunk.startsWith('\n') ? '    ' : ''}${chunk.replaceAll(/(?<=\n)(?=.)/g, '    ')}`)
    atLineStart = chunk.endsWith('\n')
  }
}

function indent(text: string): string {
  return text.replaceAll(/^(?=.)/gm, '    ')
}

/** Installs `heroku@11` into the cache folder, or reuses the one installed there. */
async function installHerokuCli(): Promise<string> {
  const relative = path.relative(ROOT, CACHE_DIR)
  if (!relative.startsWith('..') && !path.isAbsolute(relative)) throw new Error(`The cache folder ${CACHE_DIR} is inside the repository; set XDG_CACHE_HOME elsewhere.`)
  if (existsSync(INSTALLED_MARKER) && existsSync(HEROKU_RUN)) {
    const {version} = JSON.parse(readFileSync(path.join(CACHE_DIR, 'node_modules', 'heroku', 'package.json'), 'utf8')) as {version: string}
    console.log(`Using heroku ${version} from ${CACHE_DIR}`)
    return version
  }

  console.log(`Installing heroku@${VERSION_RANGE} into ${CACHE_DIR} (once: later runs reuse it)…`)
  rmSync(CACHE_DIR, {force: true, recursive: true})
  mkdirSync(CACHE_DIR, {recursive: true})
  // The machine's own environment and npm config (registry, proxy, certificates) for npm itself.
  const npm = await run('npm', ['install', '--prefix', CACHE_DIR, `heroku@${VERSION_RANGE}`, '--no-audit', '--no-fund', '--loglevel=error'], {env: process.env})
  if (npm.status !== 0 || !existsSync(HEROKU_RUN)) throw new Error(`npm install heroku@${VERSION_RANGE} failed (exit ${npm.status})`)
  const {version} = JSON.parse(readFileSync(path.join(CACHE_DIR, 'node_modules', 'heroku', 'package.json'), 'utf8')) as {version: string}
  writeFileSync(INSTALLED_MARKER, `${version}\n`)
  console.log(`Installed heroku ${version}`)
  return version
}

/** The environment of every `heroku` run: nothing of this machine's Heroku setup, everything pointed at the emulator. */
function herokuEnv(emulator: RunningEmulator, home: string, guard: string, guardLog: string): NodeJS.ProcessEnv {
  return {
    ...emulator.env, // HEROKU_HOST, HEROKU_DATA_HOST, HEROKU_PARTICLEBOARD_URL, HEROKU_API_KEY, DISABLE_TELEMETRY
    CI: 'true',
    DISABLE_TELEMETRY: 'true',
    GIT_CONFIG_GLOBAL: path.join(home, '.gitconfig'),
    GIT_CONFIG_NOSYSTEM: '1',
    // Herokulytics would go there: the emulator logs it as an unknown route, which fails the run.
    HEROKU_ANALYTICS_URL: `${emulator.url}/__analytics`,
    HEROKU_DISABLE_AUTOUPDATE: 'true',
    HEROKU_SKIP_ANALYTICS: '1',
    HEROKU_SKIP_NEW_VERSION_CHECK: 'true',
    HOME: home,
    IS_HEROKU_TEST_ENV: 'true',
    LANG: 'C.UTF-8',
    NETWORK_GUARD_LOG: guardLog,
    NO_COLOR: '1',
    NODE_OPTIONS: `--import ${pathToFileURL(guard).href}`,
    PATH: process.env.PATH,
    XDG_CACHE_HOME: path.join(home, '.cache'),
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
  }
}

function expectEqual(actual: unknown, expected: unknown, what: string): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`)
  }
}

function expectIncludes(text: string, part: RegExp | string, what: string): void {
  const found = typeof part === 'string' ? text.includes(part) : part.test(text)
  if (!found) throw new Error(`${what} does not contain ${String(part)}:\n${indent(text)}`)
}

function expectExit(result: RunResult, status: number): void {
  if (result.status !== status) throw new Error(`exit code ${result.status}, expected ${status}`)
}

function describeRequests(log: LoggedRequest[]): string[] {
  return log.map(entry => `${entry.method} ${entry.path} ${entry.auth} ${entry.status}`)
}

async function main(): Promise<number> {
  const checks: Check[] = []
  const version = await installHerokuCli()
  const home = mkdtempSync(path.join(tmpdir(), 'privatelink-heroku-cli-home-'))
  const guard = path.join(home, 'network-guard.mjs')
  const guardLog = path.join(home, 'network-guard.log')
  writeFileSync(guard, NETWORK_GUARD)
  writeFileSync(guardLog, '')
  // Poll-based transitions: Operational on the third GET after creation, whatever the machine's speed.
  const emulator = await startEmulator({
    quiet: true,
    timing: {
      accountActive: {polls: 1}, connectionAvailable: {polls: 1}, deprovision: {polls: 1}, endpointOperational: {polls: 3},
    },
  })
  const env = herokuEnv(emulator, home, guard, guardLog)
  const heroku = (args: string[], quiet = false) => {
    console.log(`  $ heroku ${args.join(' ')}${quiet ? '   (output not shown)' : ''}`)
    return run(process.execPath, [HEROKU_RUN, ...args], {env, quiet})
  }

  /** Runs one check; once a prerequisite fails, the checks after it are reported as not run. */
  let blocked: string | undefined
  const check = async (name: string, body: () => Promise<void>, prerequisite = false) => {
    console.log(`\n▸ ${name}`)
    try {
      if (blocked) throw new Error(`not run: ${blocked}`)
      await body()
      checks.push({name})
      console.log('  ✔ passed')
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      checks.push({error: message, name})
      console.log(`  ✘ failed: ${message}`)
      if (prerequisite && !blocked) blocked = `"${name}" failed`
    }
  }

  try {
    await check('the network guard refuses hosts other than 127.0.0.1', async () => {
      await run(process.execPath, ['-e', 'require("node:https").get("https://api.heroku.com/").on("error", () => {})'], {env, quiet: true})
      expectIncludes(readFileSync(guardLog, 'utf8'), 'api.heroku.com:', 'the guard log')
      writeFileSync(guardLog, '')
    }, true)

    await check(`heroku ${version} runs`, async () => {
      const result = await heroku(['--version'])
      expectExit(result, 0)
      expectIncludes(result.stdout, /^heroku\/11\.\d+\.\d+ /, 'heroku --version')
    }, true)

    await check('heroku plugins:link links the built plugin from the repository', async () => {
      if (!existsSync(path.join(ROOT, 'oclif.manifest.json'))) throw new Error('oclif.manifest.json is missing: run npm run build first')
      // --no-install: linking must not run npm install in the repository.
      const link = await heroku(['plugins:link', ROOT, '--no-install'])
      expectExit(link, 0)
      const plugins = await heroku(['plugins'])
      expectExit(plugins, 0)
      expectIncludes(plugins.stdout, new RegExp(`${PLUGIN} \\S+ \\(link\\) ${ROOT.replaceAll('/', String.raw`\/`)}`), 'heroku plugins')
    }, true)

    await check('heroku data:privatelink --help', async () => {
      const help = await heroku(['data:privatelink', '--help'], true)
      expectExit(help, 0)
      expectIncludes(help.stdout, 'USAGE\n  $ heroku data:privatelink DATABASE', 'the help')
      expectIncludes(help.stdout, 'data:privatelink:create', 'the help')
    }, true)

    let serviceName = ''
    await check('heroku data:privatelink:create', async () => {
      const mark = emulator.log().length
      const create = await heroku(['data:privatelink:create', 'DATABASE', '--app', APP, '--aws-account-id', '123456789012:user/abc'])
      expectExit(create, 0)
      expectIncludes(create.stdout, /Status: +Provisioning/, 'stdout')
      expectIncludes(create.stderr, `Creating a PrivateLink endpoint for ${POSTGRES_ADDON} on ${APP}... Provisioning`, 'stderr')
      const requests = emulator.log().slice(mark)
      expectEqual(describeRequests(requests), ['POST /actions/addons/resolve bearer 200', `POST ${ENDPOINT_PATH} basic 201`], 'requests')
      expectEqual(requests[1].body, {allowed_accounts: ['123456789012:user/abc']}, 'the create body')
    }, true)

    await check('heroku data:privatelink:wait', async () => {
      const mark = emulator.log().length
      const wait = await heroku(['data:privatelink:wait', 'DATABASE', '--app', APP, '--interval', '1'])
      expectExit(wait, 0)
      const operational = new RegExp(`^${POSTGRES_ADDON} on ${APP} is Operational\\. Service Name: (com\\.amazonaws\\.vpce\\.us-east-1\\.vpce-svc-[\\da-f]{17})\\n$`)
      expectIncludes(wait.stdout, operational, 'stdout')
      serviceName = operational.exec(wait.stdout)![1]
      expectIncludes(wait.stderr, /Provisioning after \d+s\nOperational after \d+s/, 'stderr')
      expectEqual(describeRequests(emulator.log().slice(mark)), ['POST /actions/addons/resolve bearer 200', ...Array.from({length: 3}, () => `GET ${ENDPOINT_PATH} basic 200`)], 'requests')
    })

    await check('heroku data:privatelink', async () => {
      const show = await heroku(['data:privatelink', 'DATABASE', '--app', APP])
      expectExit(show, 0)
      expectIncludes(show.stdout, `=== PrivateLink endpoint for ${POSTGRES_ADDON} on ${APP}`, 'stdout')
      expectIncludes(show.stdout, new RegExp(`Service Name: +${serviceName.replaceAll('.', String.raw`\.`)}\\n`), 'stdout')
      expectIncludes(show.stdout, /Status: +Operational/, 'stdout')
      expectIncludes(show.stdout, /Region: +us-east-1/, 'stdout')
      expectIncludes(show.stdout, /arn:aws:iam::123456789012:user\/abc +Active/, 'stdout')
    })

    await check('heroku data:privatelink:destroy', async () => {
      const mark = emulator.log().length
      const destroy = await heroku(['data:privatelink:destroy', 'DATABASE', '--app', APP, '--confirm', APP])
      expectExit(destroy, 0)
      expectEqual(destroy.stdout, '', 'stdout')
      expectIncludes(destroy.stderr, `Destroying the PrivateLink endpoint for ${POSTGRES_ADDON} on ${APP}... done`, 'stderr')
      expectEqual(describeRequests(emulator.log().slice(mark)), ['POST /actions/addons/resolve bearer 200', `DELETE ${ENDPOINT_PATH} basic 200`], 'requests')
    })

    await check('heroku contacted nothing but the emulator, and only routes it knows', async () => {
      const stray = readFileSync(guardLog, 'utf8')
      if (stray) throw new Error(`connections outside 127.0.0.1 were attempted:\n${indent(stray)}`)
      // Nothing in this walkthrough fails: an error answer means a route the emulator lacks, or a bug.
      const failed = emulator.log().filter(entry => entry.status < 200 || entry.status >= 300)
      if (failed.length > 0) throw new Error(`requests the emulator answered with an error: ${describeRequests(failed).join(', ')}`)
    })
  } finally {
    await emulator.close()
    rmSync(home, {force: true, recursive: true})
  }

  const failed = checks.filter(result => result.error)
  console.log(`\nheroku-cli: ${checks.length - failed.length} passed, ${failed.length} failed`)
  for (const {error, name} of failed) console.log(`  ✘ ${name}: ${error}`)
  return failed.length > 0 ? 1 : 0
}

try {
  process.exitCode = await main()
} catch (error) {
  console.error(`heroku-cli: could not run: ${error instanceof Error ? error.message : String(error)}`)
  console.log('heroku-cli: 0 passed, 1 failed')
  process.exitCode = 1
}

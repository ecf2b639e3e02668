// `npm run test:heroku-cli`: the plugin inside the real Heroku CLI (npm package `heroku`, 11.x), as
// users install it, the three ways of the README's install section. Installs the CLI once into a
// cache folder outside the repository, then, with a temporary HOME and XDG folders (the machine's
// Heroku config is never touched): installs the plugin from a bare copy of the repository with
// `heroku plugins:install git+file://…` (npm clones it and its `prepare` script builds it), checks
// that its commands load and run, and uninstalls it; packs the plugin with `npm pack`, installs the
// tarball with `heroku plugins:install file:…`, and runs the README's walkthrough through `heroku`
// against the local emulator; then links the repository with `heroku plugins:link` and runs it that
// way too.
// The CLI never reaches a real Heroku or AWS host: its API hosts point at the emulator, its update
// checks and telemetry are off, and a guard preloaded into every Node process it starts refuses
// (and records) any connection that is not to 127.0.0.1. The one exception is the npm registry,
// during `heroku plugins:install` only: installing a plugin npm-installs its dependencies.
import {spawn} from 'node:child_process'
import {
  existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync,
} from 'node:fs'
import {homedir, tmpdir} from 'node:os'
import path from 'node:path'
import {pathToFileURL} from 'node:url'

import {
  EXAMPLE_APP, type LoggedRequest, POSTGRES_ADDON, type RunningEmulator, startEmulator,
} from '../test/emulator/server.js'
import {ROOT} from '../test/helpers/cli.js'
import {githubRepository, isPackageFile, REQUIRED_PACKAGE_FILES} from '../test/helpers/package-files.js'
import {INSTALL_SECTION, sectionLines, WALKTHROUGH_SECTION} from '../test/helpers/readme.js'

/** The one error the walkthrough expects: the Data API's 404 for a database without an endpoint (the overview). */
function isNoEndpointAnswer(entry: LoggedRequest): boolean {
  return entry.method === 'GET' && entry.path.startsWith('/private-link/') && entry.status === 404
}

const VERSION_RANGE = '11'
const CACHE_DIR = path.join(process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache'), 'heroku-data-privatelink', 'heroku-cli')
const HEROKU_RUN = path.join(CACHE_DIR, 'node_modules', 'heroku', 'bin', 'run.js')
/** Written once `npm install` has succeeded, so that a half-finished install is started over. */
const INSTALLED_MARKER = path.join(CACHE_DIR, '.installed')
const APP = EXAMPLE_APP
const RUN_TIMEOUT_MS = 120_000
/** A plugin install npm-installs dependencies (and, from git, the build tools) from the registry: a bound for a hang, not a speed. */
const INSTALL_TIMEOUT_MS = 900_000
/** What the Heroku CLI says after a git install whose `prepare` script built nothing. */
const NOT_BUILT_WARNING = 'the prepare script did not produce all the expected files'
/** The README's repository installs, with its placeholders for package.json's GitHub repository. */
const README_REPOSITORY_INSTALL = 'heroku plugins:install <owner>/<repository>'
const README_GIT_INSTALL = 'heroku plugins:install git+https://github.com/<owner>/<repository>.git'

// Loaded into every Node process the CLI starts (NODE_OPTIONS is inherited): connections to
// anything but loopback are refused and written to NETWORK_GUARD_LOG.
const NETWORK_GUARD = String.raw`
import {appendFileSync} from 'node:fs'
import net from 'node:net'
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost|::ffff:127\.\d+\.\d+\.\d+)$/
// Hosts allowed besides loopback: the npm registry (and proxy), only while a plugin is installed.
const ALLOWED = new Set((process.env.NETWORK_GUARD_ALLOW ?? '').split(',').filter(Boolean))
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
  if (!socketPath && !LOOPBACK.test(host) && !ALLOWED.has(host)) {
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

function run(command: string, args: string[], options: {cwd?: string; env: NodeJS.ProcessEnv; quiet?: boolean; timeoutMs?: number}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {cwd: options.cwd ?? options.env.HOME ?? tmpdir(), env: options.env, stdio: ['ignore', 'pipe', 'pipe']})
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
    const killer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? RUN_TIMEOUT_MS)
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

/**
 * The environment of `heroku plugins:install`, which npm-installs the plugin's dependencies: the
 * npm registry this machine uses (and its proxy) may be reached, nothing else. Dependencies with
 * optional native parts (ssh2) run node-gyp, which would download Node's headers from nodejs.org:
 * it is given those of the running Node instead.
 */
async function pluginInstallEnv(): Promise<NodeJS.ProcessEnv> {
  const config = await run('npm', ['config', 'get', 'registry'], {env: process.env, quiet: true})
  const registry = config.stdout.trim() || 'https://registry.npmjs.org/'
  const proxies = [process.env.HTTPS_PROXY, process.env.https_proxy, process.env.HTTP_PROXY, process.env.http_proxy].filter(Boolean) as string[]
  const nodedir = path.resolve(path.dirname(process.execPath), '..')
  return {
    NETWORK_GUARD_ALLOW: [...new Set([registry, ...proxies].map(url => new URL(url).hostname))].join(','),
    npm_config_registry: registry,
    ...(existsSync(path.join(nodedir, 'include', 'node', 'node.h')) ? {npm_config_nodedir: nodedir} : {}),
  }
}

/** The files of a tarball, without npm's `package/` prefix. */
async function tarballFiles(tarball: string): Promise<string[]> {
  const list = await run('tar', ['-tzf', tarball], {env: process.env, quiet: true})
  expectExit(list, 0)
  return list.stdout.split('\n').filter(Boolean).map(file => file.replace(/^package\//, ''))
}

/** A README line as `heroku` arguments (its lines have no quoting). */
function argsOf(line: string): string[] {
  return line.split(/\s+/).slice(1)
}

/** The files of an installed package, node_modules left out. */
function installedFiles(root: string, folder = ''): string[] {
  return readdirSync(path.join(root, folder), {withFileTypes: true}).flatMap(entry => {
    const file = folder ? `${folder}/${entry.name}` : entry.name
    if (entry.isDirectory()) return entry.name === 'node_modules' && !folder ? [] : installedFiles(root, file)
    return [file]
  }).sort()
}

/** Runs git (in the repository unless told), and gives its output. */
async function git(args: string[], cwd = ROOT): Promise<string> {
  const result = await run('git', args, {cwd, env: process.env, quiet: true})
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} exited with ${result.status}: ${result.stderr.trim()}`)
  return result.stdout.trim()
}

/**
 * A bare repository holding the commit this test runs in (HEAD), as `git clone --bare` would, and
 * the git URL that installs that commit. Pushing HEAD works from a detached HEAD and a shallow
 * clone too (CI checkouts often are), where a clone would not carry the commit.
 */
async function bareRepository(folder: string): Promise<{sha: string; url: string}> {
  const sha = await git(['rev-parse', 'HEAD'])
  if (await git(['status', '--porcelain', '--untracked-files=no'])) console.log(`  (uncommitted changes are not installed: git installs commit ${sha.slice(0, 12)})`)
  await git(['init', '--bare', '--quiet', folder], tmpdir())
  await git(['config', 'receive.shallowUpdate', 'true'], folder)
  await git(['push', '--quiet', '--no-verify', folder, 'HEAD:refs/heads/main'])
  await git(['symbolic-ref', 'HEAD', 'refs/heads/main'], folder)
  return {sha, url: `git+file://${folder}#${sha}`}
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
  const pjson = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {name: string; repository?: {url?: string}; version: string}
  const {name: packageName, version: packageVersion} = pjson
  const tarball = path.join(ROOT, `${packageName}-${packageVersion}.tgz`)
  const install = sectionLines(INSTALL_SECTION)
  const heroku = (args: string[], options: {extraEnv?: NodeJS.ProcessEnv; quiet?: boolean; timeoutMs?: number} = {}) => {
    console.log(`  $ heroku ${args.join(' ')}${options.quiet ? '   (output not shown)' : ''}`)
    return run(process.execPath, [HEROKU_RUN, ...args], {env: {...env, ...options.extraEnv}, quiet: options.quiet, timeoutMs: options.timeoutMs})
  }

  /** Installs the plugin from a source: npm-installs its dependencies, so the registry (only) is reachable meanwhile. */
  const pluginsInstall = async (source: string) => {
    const started = performance.now()
    const result = await heroku(['plugins:install', source], {extraEnv: await pluginInstallEnv(), timeoutMs: INSTALL_TIMEOUT_MS})
    console.log(`  installed in ${((performance.now() - started) / 1000).toFixed(1)} s`)
    expectExit(result, 0)
    const plugins = await heroku(['plugins'])
    expectIncludes(plugins.stdout, new RegExp(`^${packageName} ${packageVersion.replaceAll('.', String.raw`\.`)}$`, 'm'), 'heroku plugins')
    return result
  }

  /** The installed plugin's help, and one line a command in the topic's; the data topic stays the CLI's. */
  const commandsLoad = async () => {
    const help = await heroku(['data:privatelink', '--help'], {quiet: true})
    expectExit(help, 0)
    expectIncludes(help.stdout, 'USAGE\n  $ heroku data:privatelink [DATABASE]', 'the help')
    const topic = await heroku(['help', 'data:privatelink'], {quiet: true})
    expectExit(topic, 0)
    const listed = topic.stdout.split('\n').filter(line => /^ {2}data:privatelink:/.test(line))
    expectIncludes(listed.join('\n'), 'data:privatelink:create', 'the commands of heroku help data:privatelink')
    // The Heroku CLI owns the data topic: its description is still the CLI's.
    const data = await heroku(['help', 'data'], {quiet: true})
    expectExit(data, 0)
    if (data.stdout.includes('manage Heroku Data add-ons')) throw new Error('the plugin redefines the description of the data topic')
  }

  /** One command against the emulator: an Operational endpoint shown. */
  const showRuns = async () => {
    emulator.seedEndpoint({
      addon: POSTGRES_ADDON, allowed_accounts: ['123456789012:user/abc'], connections: [], status: 'Operational',
    })
    const show = await heroku(['data:privatelink', 'DATABASE', '--app', APP])
    expectExit(show, 0)
    expectIncludes(show.stdout, /Status: +Operational/, 'stdout')
  }

  const uninstall = async () => {
    const result = await heroku(['plugins:uninstall', packageName])
    expectExit(result, 0)
    const plugins = await heroku(['plugins'])
    if (plugins.stdout.includes(packageName)) throw new Error(`heroku plugins still lists ${packageName}:\n${indent(plugins.stdout)}`)
  }

  /** The emulator's requests before a reset, for the last check. */
  const earlierRequests: LoggedRequest[] = []

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

    await check('heroku plugins:install git+file://<bare copy of the repository>, in place of the README\'s git URL', async () => {
      // The README's lines name the GitHub repository, which this test may not reach; the git URL of
      // a bare copy takes the same way through npm: clone, install the build tools, run prepare, pack.
      if (!install.includes(README_REPOSITORY_INSTALL)) throw new Error(`the README's "${INSTALL_SECTION}" section has no "${README_REPOSITORY_INSTALL}" line`)
      if (!install.includes(README_GIT_INSTALL)) throw new Error(`the README's "${INSTALL_SECTION}" section has no "${README_GIT_INSTALL}" line`)
      const repository = githubRepository(pjson.repository?.url)
      if (!repository) throw new Error(`package.json's repository.url is not a GitHub git+https URL: ${pjson.repository?.url}`)
      const filled = (line: string) => line.replaceAll('<owner>', repository.owner).replaceAll('<repository>', repository.repository)
      expectEqual(argsOf(filled(README_GIT_INSTALL))[1], pjson.repository?.url, 'the README\'s git URL, with package.json\'s repository')
      const {url} = await bareRepository(path.join(home, 'repository.git'))
      let uninstalled = false
      try {
        const result = await pluginsInstall(url)
        // npm packed its clone after prepare: the same files as npm pack, the build included.
        const files = installedFiles(path.join(home, '.local', 'share', 'heroku', 'node_modules', packageName))
        expectEqual(files.filter(file => !isPackageFile(file)), [], 'installed files that do not run')
        expectEqual(REQUIRED_PACKAGE_FILES.filter(file => !files.includes(file)), [], 'files missing from the install')
        // The CLI wraps its warnings (` ›   ` starts each line).
        if (`${result.stdout}\n${result.stderr}`.replaceAll(/\s*\n\s*(?:›\s*)?/g, ' ').includes(NOT_BUILT_WARNING)) throw new Error(`heroku plugins:install warned that ${NOT_BUILT_WARNING}`)
        await commandsLoad()
        await showRuns()
        await uninstall()
        uninstalled = true
      } finally {
        // The tarball install comes next, whatever this one did.
        if (!uninstalled) await heroku(['plugins:uninstall', packageName], {quiet: true})
        earlierRequests.push(...emulator.log())
        emulator.reset()
      }
    })

    await check('npm pack (as the README says) packs only what runs', async () => {
      const packLine = install.find(line => /(^|&& )npm pack$/.test(line))
      if (!packLine) throw new Error(`the README's "${INSTALL_SECTION}" section has no "npm pack" line`)
      console.log('  $ npm pack')
      const pack = await run('npm', ['pack', '--loglevel=error'], {cwd: ROOT, env: {...process.env, DISABLE_TELEMETRY: 'true'}, quiet: true})
      expectExit(pack, 0)
      expectEqual(pack.stdout.trim().split('\n').at(-1), path.basename(tarball), 'the tarball npm pack wrote')
      const files = await tarballFiles(tarball)
      expectEqual(files.filter(file => !isPackageFile(file)), [], 'files in the tarball that do not run')
      expectEqual(REQUIRED_PACKAGE_FILES.filter(file => !files.includes(file)), [], 'files missing from the tarball')
      console.log(`  ${path.basename(tarball)}: ${files.length} files`)
    }, true)

    await check('heroku plugins:install file:<tarball>, the README\'s line', async () => {
      const line = install.find(candidate => candidate.startsWith('heroku plugins:install file:'))
      if (!line) throw new Error(`the README's "${INSTALL_SECTION}" section has no "heroku plugins:install file:" line`)
      const args = argsOf(line.replace('$PWD', ROOT))
      expectEqual(args[0], 'plugins:install', 'the README\'s tarball line')
      expectEqual(args[1], `file:${tarball}`, 'the tarball the README installs')
      await pluginsInstall(args[1])
    }, true)

    await check('heroku data:privatelink --help, and one line a command in heroku help data:privatelink', commandsLoad)

    await check('the README\'s walkthrough, line by line, through heroku', async () => {
      const walkthrough = sectionLines(WALKTHROUGH_SECTION)
      if (walkthrough.length < 5) throw new Error(`the README's "${WALKTHROUGH_SECTION}" section has ${walkthrough.length} command lines`)
      const configGet = walkthrough.find(line => line.startsWith('heroku config:get '))
      if (!configGet) throw new Error(`the README's "${WALKTHROUGH_SECTION}" section has no heroku config:get line`)
      for (const line of walkthrough) {
        if (!line.startsWith('heroku ')) throw new Error(`not a heroku command: ${line}`)
        const args = argsOf(line)
        // eslint-disable-next-line no-await-in-loop
        const result = await heroku(args)
        if (result.status !== 0) throw new Error(`heroku ${args.join(' ')} exited with ${result.status}`)
        if (args[0] === 'data:privatelink:wait') {
          expectIncludes(result.stdout, ` on ${APP} is Operational. Service Name: com.amazonaws.vpce.us-east-1.vpce-svc-`, 'stdout')
          // The customer creates the VPC endpoint whose config vars the walkthrough prints later.
          emulator.simulateConnection(POSTGRES_ADDON, {endpoint_id: endpointIdOf(argsOf(configGet)[1])})
        }

        if (args[0] === 'config:get') expectIncludes(result.stdout, /^postgres:\/\/\S+:\S+@vpce-/, 'the config var')
      }

      expectEqual(emulator.log().filter(entry => entry.method === 'DELETE').length, 1, 'DELETE requests')
    })

    await check('heroku plugins:link ., the README\'s other way, links the repository instead', async () => {
      await uninstall()
      if (!install.includes('heroku plugins:link .')) throw new Error(`the README's "${INSTALL_SECTION}" section has no "heroku plugins:link ." line`)
      // From the repository, as the README says; --no-install: linking must not run npm install in it.
      const link = await run(process.execPath, [HEROKU_RUN, 'plugins:link', '.', '--no-install'], {cwd: ROOT, env})
      expectExit(link, 0)
      const plugins = await heroku(['plugins'])
      expectIncludes(plugins.stdout, new RegExp(`${packageName} \\S+ \\(link\\) ${ROOT.replaceAll('/', String.raw`\/`)}`), 'heroku plugins')
      await showRuns()
    })

    await check('heroku contacted nothing but the emulator and the npm registry, and only routes the emulator knows', async () => {
      const stray = readFileSync(guardLog, 'utf8')
      if (stray) throw new Error(`connections outside 127.0.0.1 were attempted:\n${indent(stray)}`)
      // Nothing in this walkthrough fails: an error answer means a route the emulator lacks, or a bug.
      const failed = [...earlierRequests, ...emulator.log()].filter(entry => (entry.status < 200 || entry.status >= 300) && !isNoEndpointAnswer(entry))
      if (failed.length > 0) throw new Error(`requests the emulator answered with an error: ${describeRequests(failed).join(', ')}`)
    })
  } finally {
    await emulator.close()
    rmSync(home, {force: true, recursive: true})
    rmSync(tarball, {force: true})
  }

  const failed = checks.filter(result => result.error)
  console.log(`\nheroku-cli: ${checks.length - failed.length} passed, ${failed.length} failed`)
  for (const {error, name} of failed) console.log(`  ✘ ${name}: ${error}`)
  return failed.length > 0 ? 1 : 0
}

/** `DATABASE_ENDPOINT_01C87AE3C05563935_URL` was added for the VPC endpoint `vpce-01c87ae3c05563935`. */
function endpointIdOf(configVar: string): string {
  const id = /_ENDPOINT_([\dA-F]{17})_/.exec(configVar)?.[1]
  if (!id) throw new Error(`${configVar} is not the config var of a VPC endpoint connection`)
  return `vpce-${id.toLowerCase()}`
}

try {
  process.exitCode = await main()
} catch (error) {
  console.error(`heroku-cli: could not run: ${error instanceof Error ? error.message : String(error)}`)
  console.log('heroku-cli: 0 passed, 1 failed')
  process.exitCode = 1
}

// Running commands in-process against nock, for the command tests.
import {type Command, Plugin, ux} from '@oclif/core'
import {runCommand as oclifRunCommand} from '@oclif/test'
import {expect} from 'chai'
import nock from 'nock'

import type {PlatformApp, PlatformRegion, ResolvedAddon} from '../../src/lib/types.js'

import {loadSourcePlugin, ROOT} from '../../scripts/source-plugin.js'
import {
  APP, BASIC, BEARER, DATA_API, DATA_API_ACCEPT, endpointPathOf, PLATFORM_API, platformApp, RESOLVE_HEADERS, VIRGINIA,
} from '../helpers/fixtures.js'

let plugin: Promise<Plugin> | undefined

function sourcePlugin(): Promise<Plugin> {
  plugin ??= loadSourcePlugin()
  return plugin
}

/** The commands of the plugin, as loaded from src/. */
export async function sourceCommands(): Promise<Command.Loadable[]> {
  return (await sourcePlugin()).commands
}

/** The file a command runs, relative to the repository root. */
export async function commandFile(id: string): Promise<string | undefined> {
  const {commands} = await sourcePlugin()
  return commands.find(command => command.id === id)?.relativePath?.join('/')
}

type Write = typeof process.stderr.write

/**
 * oclif's progress line (`ux.action`) writes its first words through the stream writers it saw
 * last, which are those of an earlier capture or the real stderr: make it use the current ones,
 * so that they land in this command's captured stderr.
 */
function progressToCurrentStreams(): void {
  const action = ux.action as unknown as {stdmockOrigs: {stderr: Write; stdout: Write}}
  action.stdmockOrigs = {
    stderr: ((...args: Parameters<Write>) => process.stderr.write(...args)) as Write,
    stdout: ((...args: Parameters<Write>) => process.stdout.write(...args)) as Write,
  }
}

/** Runs a command in-process; arguments must not contain spaces (runCommand re-splits them). */
export async function runCommand<T = unknown>(args: string[]) {
  const source = await sourcePlugin()
  progressToCurrentStreams()
  return oclifRunCommand<T>(args, {devPlugins: false, plugins: new Map([[source.name, source]]), root: ROOT})
}

const unexpected: string[] = []
const warnings: string[] = []

function recordWarning(warning: Error): void {
  warnings.push(`${warning.name}: ${warning.message}`)
}

function recordUnexpected(request: {method?: string; path?: string; url?: string}): void {
  unexpected.push(`${request.method} ${request.url ?? request.path}`)
}

/** Before each test: start recording requests that no interceptor expects. */
export function watchRequests(): void {
  unexpected.length = 0
  warnings.length = 0
  nock.emitter.on('no match', recordUnexpected)
  process.on('warning', recordWarning)
}

/**
 * After each test: every expected request was made and no other was attempted, and no warning
 * was emitted. Clears nock, and
 * the exit code that oclif sets for a failed command.
 */
export function checkRequests(): void {
  nock.emitter.removeListener('no match', recordUnexpected)
  process.removeListener('warning', recordWarning)
  const pending = nock.pendingMocks()
  nock.cleanAll()
  process.exitCode = undefined
  expect(unexpected, 'unexpected requests').to.deep.equal([])
  expect(pending, 'expected requests not made').to.deep.equal([])
  expect(warnings, 'process warnings (oclif\'s included)').to.deep.equal([])
}

/** `POST /actions/addons/resolve` of `addon` on `app`, with the resolver's headers: reply to it. */
export function resolveRequest(addon: string, app = APP): nock.Interceptor {
  return nock(PLATFORM_API, {reqheaders: RESOLVE_HEADERS}).post('/actions/addons/resolve', {addon, app})
}

/** Expects the add-on resolution of `addon` on `app`, answered with `answer`. */
export function expectResolve(addon: string, answer: ResolvedAddon[], app = APP): nock.Scope {
  return resolveRequest(addon, app).reply(200, answer)
}

/** The Platform API, with the Bearer token. */
export function platformApi(): nock.Scope {
  return nock(PLATFORM_API, {reqheaders: {accept: 'application/vnd.heroku+json; version=3', authorization: BEARER}})
}

/** Expects `GET /apps/{app}` answered with `app`. */
export function expectApp(app: PlatformApp = platformApp()): nock.Scope {
  return platformApi().get(`/apps/${app.name}`).reply(200, app)
}

/**
 * The app's config vars, read beside the add-on lookup on the app expected (`data:privatelink`,
 * `aws`): answered with `vars`, and optional, as a lookup that fails first may end the read
 * before it is sent, and an endpoint without connections leaves it unused.
 */
export function guessedConfigVars(app = APP, vars: Record<string, string> = {}): nock.Scope {
  return platformApi().get(`/apps/${app}/config-vars`).optionally().reply(200, vars)
}

/** `GET /apps/{app}`, read beside the add-on lookup by `create`: optional, as a lookup that fails (or a refusal) may end it before it is sent. */
export function guessedApp(app: PlatformApp = platformApp()): nock.Scope {
  return platformApi().get(`/apps/${app.name}`).optionally().reply(200, app)
}

/** Expects `GET /regions/{id}` answered with `region`. */
export function expectRegion(region: PlatformRegion = VIRGINIA): nock.Scope {
  return platformApi().get(`/regions/${region.id}`).reply(200, region)
}

/** Expects the reads that give the region of an app in a Private Space: the app, then its region. */
export function expectAppRegion(app: PlatformApp = platformApp(), region: PlatformRegion = VIRGINIA): void {
  expectApp(app)
  expectRegion(region)
}

/** The Data API, with Basic auth of ":" and the token, and the Accept header it requires. */
export function dataApi(): nock.Scope {
  return nock(DATA_API, {reqheaders: {accept: DATA_API_ACCEPT, authorization: BASIC}})
}

/** The Data API path of the add-on's endpoint. */
export function endpointOf(addon: ResolvedAddon): string {
  return endpointPathOf(addon.name)
}

/** The parsed stdout, which must hold the JSON document alone. */
export function parseJson(stdout: string): unknown {
  expect(stdout.trim().startsWith('{'), `stdout is not JSON alone: ${stdout}`).to.equal(true)
  return JSON.parse(stdout)
}

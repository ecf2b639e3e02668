import {expect} from 'chai'

import type {PlatformApp, PrivateLinkEndpoint, ResolvedAddon} from '../../src/lib/types.js'

import {
  auditApps, type AuditProgress, type AuditSource, hasFindings, MAX_IN_FLIGHT, scopeApps,
} from '../../src/lib/audit.js'
import {PrivateLinkError} from '../../src/lib/failures.js'
import {connectedEndpoint, operationalEndpoint} from '../helpers/fixtures.js'

function app(name: string, space: null | string): PlatformApp {
  return {name, space: space === null ? null : {id: `${space}-id`, name: space}}
}

function addon(name: string, appName: string, service = 'heroku-postgresql'): ResolvedAddon {
  return {
    addon_service: {name: service}, app: {name: appName}, name, plan: {name: `${service}:private-0`},
  }
}

/** A source whose reads end when the test lets them: it counts what is in flight. */
class FakeSource implements AuditSource {
  inFlight = 0
  most = 0
  reads: string[] = []
  private readonly gates: Array<() => void> = []

  constructor(
    private readonly addonsOf: Record<string, Error | ResolvedAddon[]>,
    private readonly endpoints: Record<string, Error | null | PrivateLinkEndpoint> = {},
    private readonly held = false,
  ) {}

  addons(appName: string): Promise<ResolvedAddon[]> {
    return this.read(`addons ${appName}`, () => this.addonsOf[appName])
  }

  endpoint(database: ResolvedAddon): Promise<null | PrivateLinkEndpoint> {
    return this.read(`endpoint ${database.name}`, () => this.endpoints[database.name] ?? null)
  }

  /** Lets every held read end. */
  release(): void {
    for (const open of this.gates.splice(0)) open()
  }

  async space(): Promise<never> {
    throw new Error('not read here')
  }

  async teamApps(): Promise<never> {
    throw new Error('not read here')
  }

  private async read<T>(what: string, answer: () => Error | T): Promise<T> {
    this.reads.push(what)
    this.inFlight++
    this.most = Math.max(this.most, this.inFlight)
    await (this.held
      ? new Promise<void>(resolve => {
        this.gates.push(resolve)
      })
      : Promise.resolve());

    this.inFlight--
    const value = answer()
    if (value instanceof Error) throw value
    return value
  }
}

const turn = (): Promise<void> => new Promise(resolve => {
  setImmediate(resolve)
})

describe('audit', () => {
  describe('scopeApps', () => {
    const TEAM_APPS = [app('zeta', 'example-space'), app('common', null), app('alpha', 'other-space'), app('beta', 'example-space')]
    const source = (apps = TEAM_APPS): AuditSource & {asked: string[]} => {
      const asked: string[] = []
      return {
        addons: () => Promise.reject(new Error('unused')),
        asked,
        endpoint: () => Promise.reject(new Error('unused')),
        async space(name) {
          asked.push(`space ${name}`)
          return {id: 'example-space-id', name: 'example-space', team: {name: 'example-team'}}
        },
        async teamApps(team) {
          asked.push(`team ${team}`)
          return apps
        },
      }
    }

    it('a team: its apps in spaces, sorted by name, without the Common Runtime\'s', async () => {
      const reads = source()
      expect((await scopeApps(reads, {kind: 'team', name: 'example-team'})).map(({name}) => name)).to.deep.equal(['alpha', 'beta', 'zeta'])
      expect(reads.asked).to.deep.equal(['team example-team'])
    })

    it('a space: its team\'s apps in that space, named by name or by id', async () => {
      const reads = source()
      expect((await scopeApps(reads, {kind: 'space', name: 'example-space'})).map(({name}) => name)).to.deep.equal(['beta', 'zeta'])
      expect(reads.asked).to.deep.equal(['space example-space', 'team example-team'])
      expect((await scopeApps(source(), {kind: 'space', name: 'example-space-id'})).map(({name}) => name)).to.deep.equal(['beta', 'zeta'])
    })

    it('a space the API gives without a team is the command\'s failure', async () => {
      const reads = {...source(), space: async () => ({id: 'x', name: 'example-space', team: null})}
      const error = await scopeApps(reads, {kind: 'space', name: 'example-space'}).catch((error_: Error) => error_)
      expect((error as PrivateLinkError).reason).to.equal('malformed_response')
    })
  })

  describe('auditApps', () => {
    it('lists the data add-ons of every app in order, reads only their endpoints, with findings; other add-ons are never read', async () => {
      const source = new FakeSource({
        a: [addon('postgresql-a', 'a'), addon('papertrail-a', 'a', 'papertrail'), addon('kafka-a', 'a', 'heroku-kafka')],
        b: [addon('redis-b', 'b', 'heroku-redis')],
      }, {
        'kafka-a': {...operationalEndpoint('kafka-a', 'a'), allowed_accounts: [{arn: 'arn:aws:iam::123456789012:root', status: 'Provisioning'}]},
        'postgresql-a': connectedEndpoint('postgresql-a', 'a'),
      })
      const entries = await auditApps(source, [app('a', 's'), app('b', 's')])
      expect(entries.map(entry => [entry.app, entry.addon, entry.kind, entry.status, entry.findings.map(finding => finding.kind)])).to.deep.equal([
        ['a', 'kafka-a', 'kafka', 'Operational', ['account_pending']],
        ['a', 'postgresql-a', 'postgres', 'Operational', ['connection_not_allowed', 'unused_grant']],
        ['b', 'redis-b', 'redis', null, []],
      ])
      expect(entries[1]).to.include({region: 'us-east-1'})
      expect(source.reads.filter(read => read.startsWith('endpoint')).sort()).to.deep.equal(['endpoint kafka-a', 'endpoint postgresql-a', 'endpoint redis-b'])
      expect(hasFindings(entries)).to.equal(true)
      expect(hasFindings(entries.slice(2))).to.equal(false)
    })

    it('audits an add-on attached to several apps once, under the app that owns it, sorted by app then add-on', async () => {
      const shared = addon('postgresql-shared', 'b')
      const source = new FakeSource({a: [addon('redis-a', 'a', 'heroku-redis'), shared], b: [shared, addon('kafka-b', 'b', 'heroku-kafka')], c: [shared]})
      const entries = await auditApps(source, [app('c', 's'), app('a', 's'), app('b', 's')])
      expect(entries.map(entry => [entry.app, entry.addon])).to.deep.equal([['a', 'redis-a'], ['b', 'kafka-b'], ['b', 'postgresql-shared']])
      expect(source.reads.filter(read => read === 'endpoint postgresql-shared')).to.have.length(1)
    })

    it('has at most MAX_IN_FLIGHT reads in flight, and that many at once when there is the work for it', async () => {
      const apps = Array.from({length: 6}, (_, index) => app(`app-${index}`, 's'))
      const source = new FakeSource(Object.fromEntries(apps.map(({name}) => [name, [1, 2, 3].map(n => addon(`postgresql-${name}-${n}`, name))])), {}, true)
      const done = auditApps(source, apps)
      // Each turn lets the reads in flight end; the pool then starts the next ones.
      while (source.reads.length < 24 || source.inFlight > 0) {
        // eslint-disable-next-line no-await-in-loop
        await turn()
        expect(source.inFlight).to.be.at.most(MAX_IN_FLIGHT)
        source.release()
        // eslint-disable-next-line no-await-in-loop
        await turn()
      }

      expect((await done).length).to.equal(18)
      expect(source.most).to.equal(MAX_IN_FLIGHT)
    })

    it('keeps each failure with its add-on (or, for an add-on list, its app) as an unreadable finding, and reads the rest', async () => {
      const refused = new PrivateLinkError('Couldn\'t get the PrivateLink endpoint for postgresql-a on a: the Heroku Data API failed with 503 Service Unavailable.', {reason: 'service_unavailable'})
      const source = new FakeSource({
        a: [addon('postgresql-a', 'a'), addon('redis-a', 'a', 'heroku-redis')],
        b: new PrivateLinkError('Couldn\'t list the app\'s add-ons for b: Forbidden (403 Forbidden).\nCheck…', {reason: 'forbidden'}),
      }, {'postgresql-a': refused, 'redis-a': operationalEndpoint('redis-a', 'a')})
      const entries = await auditApps(source, [app('a', 's'), app('b', 's')])
      expect(entries[0]).to.deep.include({addon: 'postgresql-a', error: {message: refused.message, reason: 'service_unavailable'}, status: null})
      expect(entries[0].findings).to.deep.equal([{kind: 'unreadable', message: `Couldn't be audited: ${refused.message}`}])
      expect(entries[1]).to.deep.include({addon: 'redis-a', error: null, status: 'Operational'})
      expect(entries[2]).to.deep.include({
        addon: null, app: 'b', kind: null, plan: null, status: null,
      })
      expect(entries[2].findings).to.deep.equal([{kind: 'unreadable', message: 'Couldn\'t be audited: Couldn\'t list the app\'s add-ons for b: Forbidden (403 Forbidden).'}])
    })

    it('ends on a refused token, starting nothing more', async () => {
      const unauthorized = new PrivateLinkError('…rejected your credentials (401).', {reason: 'unauthorized'})
      const apps = Array.from({length: 20}, (_, index) => app(`app-${index}`, 's'))
      const source = new FakeSource(Object.fromEntries(apps.map(({name}) => [name, [addon(`postgresql-${name}`, name)]])), Object.fromEntries(apps.map(({name}) => [`postgresql-${name}`, unauthorized])))
      const error = await auditApps(source, apps, {limit: 2}).catch((error_: Error) => error_)
      expect(error).to.equal(unauthorized)
      // Every add-on list comes first (in order), then the endpoints: two at most were in flight when the first failed.
      expect(source.reads.length).to.be.at.most(20 + 2)
    })

    it('tells its progress: apps listed, then the endpoints read of the data add-ons found so far', async () => {
      const told: AuditProgress[] = []
      const source = new FakeSource({a: [addon('postgresql-a', 'a'), addon('papertrail-a', 'a', 'papertrail')]})
      await auditApps(source, [app('a', 's')], {onProgress: progress => told.push(progress)})
      expect(told).to.deep.equal([
        {addons: {read: 0, total: 0}, apps: {listed: 0, total: 1}},
        {addons: {read: 0, total: 1}, apps: {listed: 1, total: 1}},
        {addons: {read: 1, total: 1}, apps: {listed: 1, total: 1}},
      ])
    })
  })
})

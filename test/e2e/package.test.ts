// The package as npm packs it, and the manifest the Heroku CLI lists its commands from.
import {expect} from 'chai'
import {execFileSync, spawnSync} from 'node:child_process'
import {
  existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync,
} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {cleanEnv, ROOT} from '../helpers/cli.js'
import {githubRepository, isPackageFile, REQUIRED_PACKAGE_FILES} from '../helpers/package-files.js'
import {E2E_AUTH, ensureBuilt} from './helpers.js'

interface Manifest {
  commands: Record<string, {description?: string; hidden?: boolean; summary?: string}>
}

const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8')

describe('e2e: the package', function () {
  this.timeout(120_000)
  let manifest: Manifest
  let pjson: {
    bugs?: {url?: string}
    homepage?: string
    license: string
    oclif: {topics: Record<string, unknown>}
    repository?: {type?: string; url?: string}
  }

  before(function () {
    this.timeout(300_000)
    ensureBuilt()
    manifest = JSON.parse(read('oclif.manifest.json')) as Manifest
    pjson = JSON.parse(read('package.json'))
  })

  it('packs only what runs, and all of it', () => {
    // --ignore-scripts: the build is there already, and the shared dist/ must not be rebuilt under other suites.
    const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts', '--loglevel=error'], {cwd: ROOT, encoding: 'utf8', env: cleanEnv()})
    const [{files}] = JSON.parse(output) as Array<{files: Array<{path: string}>}>
    const packed = files.map(file => file.path)
    expect(packed.filter(file => !isPackageFile(file)), 'files that do not run').to.deep.equal([])
    expect(REQUIRED_PACKAGE_FILES.filter(file => !packed.includes(file)), 'missing files').to.deep.equal([])
    expect(packed, 'bin/dev.js runs the sources, which are not packed').not.to.include('bin/dev.js')
  })

  it('gives every command a one-line summary and a longer description', () => {
    const commands = Object.entries(manifest.commands)
    expect(commands.length).to.be.greaterThan(0)
    for (const [id, command] of commands) {
      expect(command.summary, `${id} summary`).to.be.a('string').and.match(/^\S.*$/)
      expect(command.description, `${id} description`).to.be.a('string').that.is.not.empty
      expect(command.description, `${id} description`).not.to.equal(command.summary)
    }
  })

  it('defines only its own topics, never one the Heroku CLI owns (data)', () => {
    expect(Object.keys(pjson.oclif.topics).filter(topic => !topic.startsWith('data:privatelink'))).to.deep.equal([])
  })

  it('has the MIT license its package.json names', () => {
    expect(pjson.license).to.equal('MIT')
    expect(read('LICENSE')).to.match(/^MIT License\n\nCopyright \(c\) 2026 heroku-data-privatelink contributors\n/)
  })

  it('names one GitHub repository for its source, its issues and its home page', () => {
    // The Heroku CLI points at `bugs` (or else `repository`) when a plugin's install prints npm warnings.
    expect(pjson.repository?.type).to.equal('git')
    const repository = githubRepository(pjson.repository?.url)
    expect(repository, `repository.url ${pjson.repository?.url}`).not.to.equal(undefined)
    expect(pjson.bugs?.url).to.equal(`${repository!.home}/issues`)
    expect(pjson.homepage).to.equal(`${repository!.home}#readme`)
  })

  // npm runs `prepare` after `npm ci` and `npm install` in a clone, and in the clone of a git
  // install. It builds only when there is no complete build, so that a built clone's `npm ci`
  // costs nothing more. Run in a copy of the sources, so that the shared dist/ is not rebuilt
  // under other suites; the login mode makes no difference to it, so it runs in one.
  describe('prepare', function () {
    this.timeout(300_000)
    let copy: string
    const inCopy = (file: string) => path.join(copy, file)
    const npmRun = (script: string) => spawnSync('npm', ['run', script, '--loglevel=error'], {cwd: copy, encoding: 'utf8', env: cleanEnv({OCLIF_SKIP_NEW_VERSION_CHECK: 'true'})})
    const built = () => existsSync(inCopy('dist/commands/data/privatelink/index.js')) && existsSync(inCopy('oclif.manifest.json'))
    const KEPT = 'dist/kept-by-prepare'

    before(function () {
      if (E2E_AUTH !== 'env') this.skip()
      copy = mkdtempSync(path.join(tmpdir(), 'privatelink-prepare-'))
      execFileSync('cp', ['-R', 'package.json', 'tsconfig.json', 'src', copy], {cwd: ROOT})
      symlinkSync(path.join(ROOT, 'node_modules'), inCopy('node_modules'))
    })

    after(() => copy && rmSync(copy, {force: true, recursive: true}))

    it('builds dist/ and the manifest when there is no build: a fresh clone, a git install', () => {
      expect(built()).to.equal(false)
      const prepare = npmRun('prepare')
      expect(prepare.status, prepare.stderr).to.equal(0)
      expect(built()).to.equal(true)
      const {commands} = JSON.parse(readFileSync(inCopy('oclif.manifest.json'), 'utf8')) as Manifest
      expect(Object.keys(commands)).to.include('data:privatelink:create')
    })

    it('leaves a complete build as it is', () => {
      writeFileSync(inCopy(KEPT), '')
      const prepare = npmRun('prepare')
      expect(prepare.status, prepare.stderr).to.equal(0)
      expect(existsSync(inCopy(KEPT)), 'npm run build would have removed dist/').to.equal(true)
    })

    it('builds again after a build that stopped part way, which leaves no manifest', () => {
      const source = inCopy('src/commands/data/privatelink/index.ts')
      const text = readFileSync(source, 'utf8')
      writeFileSync(source, `${text}\nconst broken: number = 'not a number'\n`)
      const failed = npmRun('build')
      expect(failed.status, 'the build of a source with a type error').not.to.equal(0)
      expect(existsSync(inCopy('oclif.manifest.json')), 'the manifest after a failed build').to.equal(false)
      writeFileSync(source, text)
      const prepare = npmRun('prepare')
      expect(prepare.status, prepare.stderr).to.equal(0)
      expect(built()).to.equal(true)
    })
  })
})

// The package as npm packs it, and the manifest the Heroku CLI lists its commands from.
import {expect} from 'chai'
import {execFileSync} from 'node:child_process'
import {readFileSync} from 'node:fs'
import path from 'node:path'

import {cleanEnv, ROOT} from '../helpers/cli.js'
import {isPackageFile, REQUIRED_PACKAGE_FILES} from '../helpers/package-files.js'
import {ensureBuilt} from './helpers.js'

interface Manifest {
  commands: Record<string, {description?: string; hidden?: boolean; summary?: string}>
}

const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8')

describe('e2e: the package', function () {
  this.timeout(120_000)
  let manifest: Manifest
  let pjson: {license: string; oclif: {topics: Record<string, unknown>}}

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
})

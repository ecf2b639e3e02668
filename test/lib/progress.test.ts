import {expect} from 'chai'

import {
  AuditProgressBar, HANDFUL, type ProgressAction, progressBar, progressStatus,
} from '../../src/lib/progress.js'

class FakeAction implements ProgressAction {
  calls: string[] = []

  constructor(readonly type: string) {}

  get status(): string | undefined {
    return undefined
  }

  set status(status: string | undefined) {
    this.calls.push(`status ${status}`)
  }

  start(action: string, status?: string): void {
    this.calls.push(`start ${action}: ${status}`)
  }

  stop(status?: string): void {
    this.calls.push(`stop ${status}`)
  }
}

const progress = (read: number, total: number, listed = 10) => ({addons: {read, total}, apps: {listed, total: 10}})

describe('progress', () => {
  it('draws a bar of done out of total', () => {
    expect(progressBar(0, 10, 10)).to.equal('▕░░░░░░░░░░▏')
    expect(progressBar(5, 10, 10)).to.equal('▕█████░░░░░▏')
    expect(progressBar(10, 10, 10)).to.equal('▕██████████▏')
    expect(progressBar(0, 0, 4)).to.equal('▕░░░░▏')
  })

  it('counts the add-ons read and the apps listed, the bar over both', () => {
    expect(progressStatus(progress(10, 30, 10))).to.equal(`${progressBar(20, 40)} 10/30 add-ons, 10/10 apps listed`)
  })

  it('on a terminal, starts once more than a handful of add-ons are being read, updates, and stops on the last count', () => {
    const action = new FakeAction('spinner')
    const bar = new AuditProgressBar('Reading', false, action)
    bar.update(progress(0, HANDFUL))
    expect(action.calls).to.deep.equal([])
    bar.update(progress(1, HANDFUL + 1))
    bar.update(progress(HANDFUL + 1, HANDFUL + 1))
    bar.stop()
    expect(action.calls).to.deep.equal([
      `start Reading: ${progressStatus(progress(1, HANDFUL + 1))}`,
      `status ${progressStatus(progress(HANDFUL + 1, HANDFUL + 1))}`,
      `stop ${progressStatus(progress(HANDFUL + 1, HANDFUL + 1))}`,
    ])
  })

  it('draws nothing under --json, off a terminal (a plain ux.action), or when everything was read at once', () => {
    for (const [type, json] of [['spinner', true], ['simple', false]] as const) {
      const action = new FakeAction(type)
      const bar = new AuditProgressBar('Reading', json, action)
      bar.update(progress(0, 100))
      bar.stop()
      expect(action.calls, `${type}, json ${json}`).to.deep.equal([])
    }

    const action = new FakeAction('spinner')
    const bar = new AuditProgressBar('Reading', false, action)
    bar.update(progress(100, 100))
    bar.stop()
    expect(action.calls).to.deep.equal([])
  })
})

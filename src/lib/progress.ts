// The progress bar of an audit, on a terminal only. @oclif/core 4's ux has no progress bar (cli-ux's
// went away with it); its ux.action does the terminal part: a spinner line on stderr redrawn in
// place, only when stderr is a TTY and CI is unset (elsewhere it is the plain kind, which we never
// start), with other output flushed above it. The bar is that line's status, so no library is added.
import {ux} from '@oclif/core/ux'

import type {AuditProgress} from './audit.js'

/** Up to this many data add-ons are read too quickly for a bar to help. */
export const HANDFUL = 5
const WIDTH = 20

/** `▕██████░░░░░░▏`: `done` of `total` as a bar of `width` cells. */
export function progressBar(done: number, total: number, width = WIDTH): string {
  const filled = total > 0 ? Math.min(width, Math.round((done / total) * width)) : 0
  return `▕${'█'.repeat(filled)}${'░'.repeat(width - filled)}▏`
}

/** The status line: the bar over every read (app lists and endpoints), then what is read of what. */
export function progressStatus({addons, apps}: AuditProgress): string {
  const bar = progressBar(apps.listed + addons.read, apps.total + addons.total)
  return `${bar} ${addons.read}/${addons.total} add-ons, ${apps.listed}/${apps.total} apps listed`
}

/** What the bar draws on: `ux.action`, or a test's stand-in. */
export interface ProgressAction {
  start(action: string, status?: string): void
  status: string | undefined
  stop(status?: string): void
  readonly type: string
}

/**
 * Shown only on a terminal (a spinner-type ux.action), never under --json, and only once more than
 * a handful of add-ons are being read; `stop` leaves the last count on the line.
 */
export class AuditProgressBar {
  private last?: AuditProgress
  private started = false

  constructor(private readonly title: string, private readonly json: boolean, private readonly action: ProgressAction = ux.action) {}

  stop(): void {
    if (this.started && this.last) this.action.stop(progressStatus(this.last))
    this.started = false
  }

  update(progress: AuditProgress): void {
    this.last = progress
    if (this.json || this.action.type !== 'spinner') return
    if (this.started) {
      this.action.status = progressStatus(progress)
    } else if (progress.addons.total > HANDFUL && progress.addons.read < progress.addons.total) {
      this.action.start(this.title, progressStatus(progress))
      this.started = true
    }
  }
}

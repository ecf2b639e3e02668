// Holds: answers to matching requests wait until that many of them are in flight together, so a
// test can see requests overlap without depending on timing. A client that sends them one after
// the other is let through by the safety release, and its log then shows no overlap.
import {
  asRecord, badRequest, isString, optional,
} from './errors.js'
import {matchesRequest} from './faults.js'

export interface Hold {
  /** How many matching requests must be in flight before any of them is answered (at least 2). */
  count: number
  method?: string
  /** Exact decoded path, or a prefix when it ends with `*`; `*` (the default) is every API request. */
  path: string
  /** The safety release: after this long from the first held request, the held ones are answered all the same. */
  release_after_ms: number
}

/** Generous, so that a loaded machine never trips it for a client that does send its requests together. */
export const DEFAULT_RELEASE_AFTER_MS = 10_000

const isAtLeastTwo = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 2
const isPositiveDuration = (value: unknown): value is number => typeof value === 'number' && value > 0

/** Checks a hold from the control API or the module API (the latter may be called from plain JS). */
export function parseHold(value: unknown): Hold {
  const input = asRecord(value, 'hold')
  const unknown = Object.keys(input).find(key => !['count', 'method', 'path', 'release_after_ms'].includes(key))
  if (unknown) throw badRequest(`Unknown hold field: ${unknown}`)
  const count = optional(input, 'count', isAtLeastTwo)
  if (count === undefined) throw badRequest('Missing count (at least 2)')
  return {
    count,
    method: optional(input, 'method', isString)?.toUpperCase(),
    path: optional(input, 'path', isString) ?? '*',
    release_after_ms: optional(input, 'release_after_ms', isPositiveDuration) ?? DEFAULT_RELEASE_AFTER_MS,
  }
}

interface ArmedHold {
  hold: Hold
  release?: NodeJS.Timeout
  waiting: Array<() => void>
}

export class HoldList {
  private armed: ArmedHold[] = []

  add(hold: Hold): void {
    this.armed.push({hold, waiting: []})
  }

  /** Releases every held request and forgets the holds (a reset, a close). */
  clear(): void {
    const {armed} = this
    this.armed = []
    for (const entry of armed) this.release(entry)
  }

  /**
   * Undefined when no armed hold matches; else resolves once the first matching hold has gathered
   * its count (or its safety release came). Either way that hold is then spent.
   */
  wait(method: string, path: string): Promise<void> | undefined {
    const entry = this.armed.find(({hold}) => matchesRequest(hold, method, path))
    if (!entry) return undefined
    const answered = new Promise<void>(resolve => {
      entry.waiting.push(resolve)
    })
    if (entry.waiting.length >= entry.hold.count) {
      this.spend(entry)
    } else if (!entry.release) {
      entry.release = setTimeout(() => this.spend(entry), entry.hold.release_after_ms)
      entry.release.unref()
    }

    return answered
  }

  private release(entry: ArmedHold): void {
    clearTimeout(entry.release)
    for (const resolve of entry.waiting.splice(0)) resolve()
  }

  private spend(entry: ArmedHold): void {
    this.armed = this.armed.filter(armed => armed !== entry)
    this.release(entry)
  }
}

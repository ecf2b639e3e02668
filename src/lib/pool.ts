// At most `limit` pieces of work under way at once, started in the order they were added; work may
// be added while other work runs (an app's add-on list adds the reads of its endpoints). A piece of
// work keeps its place while it retries, so a pause after a 429 holds back the queue too. A failure
// that `stopsOn` says ends the whole run starts nothing more.

export class Pool {
  private active = 0
  private stopped?: unknown
  private readonly waiting: Array<() => void> = []

  constructor(readonly limit: number, private readonly stopsOn: (error: unknown) => boolean = () => false) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`A pool runs at least 1 piece of work at once, not ${limit}`)
  }

  /** Runs `work` once a place is free; rejects without running it once the pool is stopped. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) {
      await new Promise<void>(resolve => {
        this.waiting.push(resolve)
      })
    } else {
      this.active++
    }

    try {
      if (this.stopped !== undefined) throw this.stopped
      return await work()
    } catch (error) {
      // Before the place is handed on: the next piece of work must not start.
      if (this.stopsOn(error)) this.stop(error)
      throw error
    } finally {
      this.release()
    }
  }

  /** Starts nothing more: what is waiting rejects with `reason` (a failure that ends the whole run). */
  stop(reason: unknown): void {
    this.stopped ??= reason
  }

  /** Hands the place to the next piece of work, if any (the count of active ones stays), or frees it. */
  private release(): void {
    const next = this.waiting.shift()
    if (next) next()
    else this.active--
  }
}

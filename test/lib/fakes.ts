// Stand-ins for time and for the errors of @heroku/http-call, so that no test really sleeps.

/** Shaped like `HTTPError` from @heroku/http-call: status, parsed body, and the response's headers. */
export function httpError(status: number, body: unknown = {}, headers: Record<string, string> = {}): Error {
  return Object.assign(new Error(`HTTP Error ${status}`), {
    body,
    http: {body, headers, statusCode: status},
    statusCode: status,
  })
}

/** Shaped like a Node.js socket error (an Error instance: nock 14's replyWithError ignores plain objects). */
export function networkError(code: string): Error {
  return Object.assign(new Error(`request failed: ${code}`), {code})
}

interface Timer {
  at: number
  resolve: () => void
}

/**
 * Virtual time. A sleep without a signal is a pause of the code under test: it is recorded in
 * `sleeps` and moves the clock on at once. A sleep with a signal is a timer racing other work
 * (a deadline): it fires only when the clock reaches it, and rejects when aborted.
 */
export class FakeClock {
  now = (): number => this.time
  sleep = (ms: number, signal?: AbortSignal): Promise<void> => {
    if (!signal) {
      this.sleeps.push(ms)
      this.advance(ms)
      return Promise.resolve()
    }

    return new Promise((resolve, reject) => {
      const timer = {at: this.time + ms, resolve}
      this.timers.push(timer)
      signal.addEventListener('abort', () => {
        this.timers = this.timers.filter(candidate => candidate !== timer)
        reject(signal.reason)
      }, {once: true})
    })
  }
  readonly sleeps: number[] = []
  private time: number
  private timers: Timer[] = []

  constructor(start = Date.UTC(2030, 0, 1)) {
    this.time = start
  }

  get pendingTimers(): number {
    return this.timers.length
  }

  advance(ms: number): void {
    this.time += ms
    const due = this.timers.filter(timer => timer.at <= this.time)
    this.timers = this.timers.filter(timer => timer.at > this.time)
    for (const timer of due) timer.resolve()
  }
}

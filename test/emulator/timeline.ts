// What the request log's times say about a client's concurrency: which requests were in flight
// together, how many at most, and how many round trips had to follow one another ("waves").
// Pure functions of the log, for the tests (with a hold, so that nothing depends on timing) and
// the bench (with latency).

/** A logged request's times, in ms since the emulator started; `answered_ms` null while unanswered (a hang). */
export interface Timed {
  answered_ms: null | number
  received_ms: number
}

const answeredAt = (request: Timed): number => request.answered_ms ?? Number.POSITIVE_INFINITY

/** Whether `later` was received after `earlier` was answered: it may have waited for that answer. */
export function receivedAfter(later: Timed, earlier: Timed): boolean {
  return later.received_ms > answeredAt(earlier)
}

/** Whether two requests were in flight at the same moment: each received before the other was answered. */
export function overlapped(a: Timed, b: Timed): boolean {
  return a.received_ms < answeredAt(b) && b.received_ms < answeredAt(a)
}

/**
 * The sequential round trips of a run: the longest chain of requests each received after the
 * previous one was answered. Requests in flight together are one wave; 0 for an empty log.
 */
export function waves(log: Timed[]): number {
  const byArrival = [...log].sort((a, b) => a.received_ms - b.received_ms)
  const chain: number[] = []
  for (const [index, request] of byArrival.entries()) {
    const before = byArrival.slice(0, index).flatMap((earlier, at) => (receivedAfter(request, earlier) ? [chain[at]] : []))
    chain.push(1 + Math.max(0, ...before))
  }

  return Math.max(0, ...chain)
}

/** The most requests in flight at one moment (received, not yet answered); an answer and an arrival at the same moment don't overlap. */
export function maxInFlight(log: Timed[]): number {
  const events = log.flatMap(request => [{at: request.received_ms, change: 1}, {at: answeredAt(request), change: -1}])
  events.sort((a, b) => a.at - b.at || a.change - b.change)
  let inFlight = 0
  let most = 0
  for (const {change} of events) {
    inFlight += change
    most = Math.max(most, inFlight)
  }

  return most
}

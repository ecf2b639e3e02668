// Injected faults: the next matching requests get a chosen failure instead of the normal answer.
import {
  asRecord, isDuration, isString, optional, required,
} from './errors.js'

/** `hang` never answers and holds the socket open (until the client gives up or the emulator closes). */
export type FaultKind = 'delay' | 'drop' | 'hang' | 'status'

export interface Fault {
  /** Raw answer body (served as text/html); without it the answer is JSON `{id, message}`. */
  body?: string
  /** How many matching requests the fault applies to (default 1). */
  count?: number
  delay_ms?: number
  /** The error id of a JSON answer (default: one for the status), e.g. `two_factor` on a 403. */
  id?: string
  kind: FaultKind
  /** A `Location` header, for redirects. */
  location?: string
  message?: string
  method?: string
  /** Exact decoded path, or a prefix when it ends with `*`. */
  path: string
  retry_after?: number
  /** Default 500. */
  status?: number
}

const isKind = (value: unknown): value is FaultKind => value === 'status' || value === 'drop' || value === 'delay' || value === 'hang'
const isPositive = (value: unknown): value is number => Number.isInteger(value) && (value as number) > 0
const isStatus = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 100 && (value as number) <= 599

/** Checks a fault from the control API or the module API (the latter may be called from plain JS). */
export function parseFault(value: unknown): Fault {
  const input = asRecord(value, 'fault')
  return {
    body: optional(input, 'body', isString),
    count: optional(input, 'count', isPositive) ?? 1,
    delay_ms: optional(input, 'delay_ms', isDuration),
    id: optional(input, 'id', isString),
    kind: required(input, 'kind', isKind),
    location: optional(input, 'location', isString),
    message: optional(input, 'message', isString),
    method: optional(input, 'method', isString)?.toUpperCase(),
    path: required(input, 'path', isString),
    retry_after: optional(input, 'retry_after', isDuration),
    status: optional(input, 'status', isStatus),
  }
}

interface ArmedFault {
  fault: Fault
  remaining: number
}

export class FaultList {
  private armed: ArmedFault[] = []

  add(fault: Fault): void {
    this.armed.push({fault, remaining: fault.count ?? 1})
  }

  clear(): void {
    this.armed = []
  }

  /** The first armed fault matching the request, used up once its count is spent. */
  take(method: string, path: string): Fault | undefined {
    const match = this.armed.find(({fault}) => matchesRequest(fault, method, path))
    if (!match) return undefined
    match.remaining--
    if (match.remaining === 0) this.armed = this.armed.filter(armed => armed !== match)
    return match.fault
  }
}

/** Whether a request matches a fault's (or a hold's) method, when given, and path: exact, or a prefix ending in `*`. */
export function matchesRequest(matcher: {method?: string; path: string}, method: string, path: string): boolean {
  if (matcher.method !== undefined && matcher.method !== method) return false
  return matcher.path.endsWith('*') ? path.startsWith(matcher.path.slice(0, -1)) : path === matcher.path
}

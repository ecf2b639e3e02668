// Errors answered the way Heroku does (`{id, message}` with a status), and checks for JSON input.

export class ApiError extends Error {
  readonly id: string
  readonly status: number

  constructor(status: number, id: string, message: string) {
    super(message)
    this.status = status
    this.id = id
  }
}

export function badRequest(message: string): ApiError {
  return new ApiError(400, 'bad_request', message)
}

export function notFound(message: string): ApiError {
  return new ApiError(404, 'not_found', message)
}

export function unprocessable(message: string, id = 'invalid_params'): ApiError {
  return new ApiError(422, id, message)
}

export type Guard<T> = (value: unknown) => value is T

export const isString: Guard<string> = (value): value is string => typeof value === 'string'
export const isCount: Guard<number> = (value): value is number => Number.isInteger(value) && (value as number) >= 0
export const isDuration: Guard<number> = (value): value is number => typeof value === 'number' && value >= 0

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The control API answers 400 for malformed input, naming the field. */
export function asRecord(value: unknown, what: string): Record<string, unknown> {
  if (!isRecord(value)) throw badRequest(`${what} must be a JSON object`)
  return value
}

export function optional<T>(input: Record<string, unknown>, key: string, guard: Guard<T>): T | undefined {
  const value = input[key]
  if (value === undefined || value === null) return undefined
  if (!guard(value)) throw badRequest(`Invalid value for ${key}`)
  return value
}

export function required<T>(input: Record<string, unknown>, key: string, guard: Guard<T>): T {
  const value = optional(input, key, guard)
  if (value === undefined) throw badRequest(`Missing ${key}`)
  return value
}

export function listOf<T>(guard: Guard<T>): Guard<T[]> {
  return (value): value is T[] => Array.isArray(value) && value.every(item => guard(item))
}

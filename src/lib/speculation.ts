// Reads started on a guess of what the add-on lookup will answer (the add-on's name, its app), so
// that they travel while the lookup does instead of after it: against a remote API, each round
// trip saved is a round trip's time. The lookup decides. A read made for what it answers is used,
// whatever that read answered; one made for anything else is abandoned (its request ended, its
// retries stopped) and forgotten, its failures and retry notices with it. Writes are never guessed.
import type {RequestPolicy} from './retry.js'
import type {Target} from './types.js'

import {isAppName} from './input.js'
import {kindOf} from './platform.js'

/** What a guessed read may be given instead of the session's: a deferred retry notice, and the signal that abandons it. */
export type GuessPolicy = Pick<RequestPolicy, 'onRetry' | 'signal'>

/** Starts the read for `key` (an add-on name, an app); `policy` is empty for a read that is no guess. */
export type KeyedRead<T> = (key: string, policy: Partial<GuessPolicy>) => Promise<T>

const UUID = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/
// Heroku's add-on names: a lowercase letter, then lowercase letters, digits and dashes.
const ADDON_NAME = /^[a-z][\da-z-]*$/

/**
 * DATABASE, when it can be taken for the add-on's own name: Heroku names add-ons in lowercase
 * (`postgresql-simply-12345`) and attachments in uppercase (`DATABASE`, `HEROKU_POSTGRESQL_RED`).
 * `OTHER_APP::ATTACHMENT`, a service's name (`heroku-postgresql`, which the lookup also takes) and
 * an add-on id are not, so a guess is wrong only for a name the lookup does not know.
 */
export function addonNameGuess(database: string): string | undefined {
  const guessable = ADDON_NAME.test(database) && !UUID.test(database) && kindOf({addon_service: {name: database}}) === undefined
  return guessable ? database : undefined
}

/**
 * The app the database is expected to belong to (its config vars, its space): OTHER_APP of
 * `OTHER_APP::ATTACHMENT`, else --app; undefined when OTHER_APP can't be an app's name.
 */
export function appGuess({app, database}: Partial<Target> & Pick<Target, 'app'>): string | undefined {
  const guess = /^(.+)::.+$/.exec(database ?? '')?.[1] ?? app
  return isAppName(guess) ? guess : undefined
}

/** One read started on a guess; `take` with what the lookup answered uses it or abandons it. */
export class Guess<T> {
  private confirmed = false
  private readonly controller = new AbortController()
  private readonly notices: string[] = []
  private readonly read: Promise<T>

  constructor(readonly key: string, start: KeyedRead<T>, private readonly onRetry: (reason: string) => void) {
    this.read = start(key, {
      // A retry notice waits for the lookup: it is told only if the read is used.
      onRetry: reason => {
        if (this.confirmed) this.onRetry(reason)
        else this.notices.push(reason)
      },
      signal: this.controller.signal,
    })
    // Unused, its failure concerns nobody; used, `take`'s caller gets it.
    this.read.catch(() => {})
  }

  /** Ends the read, whatever it was doing: the lookup failed, or answered something else. */
  abandon(): void {
    this.controller.abort()
  }

  /** The read, with its deferred retry notices told now, when `key` is what it guessed; else undefined, the read abandoned. */
  take(key: string): Promise<T> | undefined {
    if (key !== this.key) {
      this.abandon()
      return undefined
    }

    this.confirmed = true
    for (const notice of this.notices.splice(0)) this.onRetry(notice)
    return this.read
  }
}

/**
 * `read` for the key the lookup answers, using `guess`'s read when it guessed that key: the lookup's
 * failure (never the guessed read's) is the one reported.
 */
export async function readForKey<T>(lookup: Promise<string>, read: KeyedRead<T>, guess?: Guess<T>): Promise<T> {
  let key: string
  try {
    key = await lookup
  } catch (error) {
    guess?.abandon()
    throw error
  }

  return guess?.take(key) ?? read(key, {})
}

// The typed confirmation of a destructive action, on a terminal.
import {confirmCommand} from '@heroku/heroku-cli-util/hux'

import {ExitCode, PrivateLinkError} from './failures.js'

type Prompt = NonNullable<Parameters<typeof confirmCommand>[0]['promptFunction']>

/**
 * Asks for the app name: an answer that does not match exits 2, like a `--confirm` that does not
 * (the library throws a plain error, which would exit 1).
 */
export async function confirmDestroy(app: string, warningMessage: string, promptFunction?: Prompt): Promise<void> {
  try {
    await confirmCommand({comparison: app, promptFunction, warningMessage})
  } catch (error) {
    const said = error instanceof Error ? error.message : String(error)
    throw new PrivateLinkError(`${said.replace(/\s*Aborted\.$/, '')} Nothing was destroyed.`, {exit: ExitCode.Usage, reason: 'not_confirmed'})
  }
}

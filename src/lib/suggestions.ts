// The commands and articles we point people to, spelled in one place.
import type {DatabaseKind, Target} from './types.js'

const ARTICLE_SLUGS: Record<DatabaseKind, string> = {kafka: 'heroku-kafka', postgres: 'heroku-postgres', redis: 'heroku-redis'}

/** The Dev Center article that walks through PrivateLink for a kind of database. */
export function devCenterArticle(kind: DatabaseKind): string {
  return `https://devcenter.heroku.com/articles/${ARTICLE_SLUGS[kind]}-via-privatelink`
}

/** A `data:privatelink` command line for DATABASE and its app: `privatelinkCommand('wait', target)`. */
export function privatelinkCommand(command: '' | 'access' | 'access:add' | 'access:remove' | 'access:set' | 'aws' | 'create' | 'destroy' | 'wait', target: Target, ...flags: string[]): string {
  return [`heroku data:privatelink${command ? `:${command}` : ''}`, target.database, '--app', target.app, ...flags].join(' ')
}

/** The command that prints a config var (a connection string, with its password). */
export function configGetCommand(name: string, app: string): string {
  return `heroku config:get ${name} -a ${app}`
}

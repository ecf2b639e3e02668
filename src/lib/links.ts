import type {DatabaseKind} from './types.js'

const ARTICLE_SLUGS: Record<DatabaseKind, string> = {kafka: 'heroku-kafka', postgres: 'heroku-postgres', redis: 'heroku-redis'}

/** The Dev Center article that walks through PrivateLink for a kind of database. */
export function devCenterArticle(kind: DatabaseKind): string {
  return `https://devcenter.heroku.com/articles/${ARTICLE_SLUGS[kind]}-via-privatelink`
}

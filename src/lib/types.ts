// Wire types of the Heroku Data API's private-link routes and of the Platform API answers the
// plugin reads. See ../shared/privatelink-api.md for the contract.

export interface AllowedAccount {
  /** The account as it was sent (`123456789012`, `123456789012:user/abc`), when the API gives it. */
  account_id?: string
  arn: string
  status: string
}

export interface PrivateLinkConnection {
  endpoint_id: string
  /** The VPC endpoint's DNS name, as the API gives it (it may leave it out): what `check` connects to before the config vars exist. */
  hostname?: string
  owner_arn: string
  status: string
}

export interface PrivateLinkEndpoint {
  addon?: {name: string}
  allowed_accounts?: AllowedAccount[]
  app?: {name: string}
  connections?: PrivateLinkConnection[]
  service_name?: null | string
  status: string
}

export interface AllowedAccountsBody {
  allowed_accounts: string[]
}

/** The fields of a Platform API add-on (`/actions/addons/resolve`, expanded) that the plugin uses. */
export interface ResolvedAddon {
  addon_service: {name: string}
  app: {name: string}
  id?: string
  name: string
  plan: {name: string}
}

/** DATABASE as the user typed it and the app it was given for: what a command acts on and the commands we suggest name. */
export interface Target {
  app: string
  /** DATABASE as the user typed it. */
  database: string
}

export type ConfigVars = Record<string, null | string>

/** `GET /apps/{app}`: the fields the plugin uses. `space` is null in the Common Runtime. */
export interface PlatformApp {
  name: string
  region?: null | {id: string; name: string}
  space: null | {id: string; name: string; shield?: boolean}
}

/** `GET /spaces/{id_or_name}`: the fields the plugin uses. A space belongs to a team, whose apps are listed to find the space's. */
export interface PlatformSpace {
  id: string
  name: string
  team?: null | {id?: string; name: string}
}

/** `GET /regions/{id_or_name}`: `provider.region` is the AWS region (virginia → us-east-1). */
export interface PlatformRegion {
  id: string
  name: string
  provider?: {name?: string; region?: string}
}

/** The Heroku Data add-on kinds that support PrivateLink. */
export type DatabaseKind = 'kafka' | 'postgres' | 'redis'

export interface Database {
  /** Heroku Postgres Advanced, where PrivateLink is not supported. */
  advanced: boolean
  app: string
  kind: DatabaseKind
  name: string
  plan: string
  /** A `private-*` or `shield-*` plan: networked into the app's space, as PrivateLink needs. */
  spacePlan: boolean
}

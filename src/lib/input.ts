// Checks of what a user types, made before any request. This module is loaded on every command
// start, so it imports nothing.

const ACCOUNT_ID = String.raw`\d{12}`
// IAM user and role names: letters, digits and +=,.@_- (a comma is part of a name), 1 to 64 long.
const IAM_NAME = String.raw`[\w+=,.@-]{1,64}`
// IAM paths: printable ASCII segments between slashes.
const IAM_PATH = String.raw`(?:[\u0021-\u002E\u0030-\u007E]+/)*`
const PRINCIPAL = String.raw`(?:user|role)/${IAM_PATH}${IAM_NAME}`

// `ACCOUNT_ID:root` is the whole account, as the bare id (Heroku's own plugin's tests send it).
const SHORT_FORM = new RegExp(String.raw`^(${ACCOUNT_ID})(?::(root|${PRINCIPAL}))?$`)
const ARN_FORM = new RegExp(String.raw`^arn:aws:iam::(${ACCOUNT_ID}):(root|${PRINCIPAL})$`)
const ARN_PREFIX = 'arn:aws:iam::'

export const ACCOUNT_FORMS = 'a 12-digit account ID (or ACCOUNT_ID:root), ACCOUNT_ID:user/NAME, ACCOUNT_ID:role/NAME or an IAM ARN such as arn:aws:iam::ACCOUNT_ID:user/NAME'

export class InvalidInputError extends Error {
  /** The message as written here: oclif prefixes `message` when a flag's parse function throws. */
  readonly detail: string

  constructor(message: string) {
    super(message)
    this.detail = message
  }
}

/** Shows a user's value safely in a message: quoted, control characters escaped. */
export function quote(value: string): string {
  return JSON.stringify(value)
}

/** One account in the form the Data API takes, or undefined when the value is none of the accepted forms. */
function normalizedAccount(value: string): string | undefined {
  const short = SHORT_FORM.exec(value)
  if (short) return short[2] && short[2] !== 'root' ? `${short[1]}:${short[2]}` : short[1]
  const arn = ARN_FORM.exec(value)
  if (arn) return arn[2] === 'root' ? arn[1] : `${arn[1]}:${arn[2]}`
  return undefined
}

/**
 * Whether a value holds several accounts joined by commas. A comma is legal inside an IAM name,
 * so the value is never split: it is refused when every comma-separated part is a whole account on
 * its own (`123456789012,210987654321`), or when a comma stands where no IAM name has begun
 * (`123456789012,abc`), but `123456789012:user/last,first` is one user.
 */
function joinedByCommas(value: string): boolean {
  if (!value.includes(',')) return false
  const parts = value.split(',').map(part => part.trim())
  return parts.every(part => normalizedAccount(part) !== undefined) || !/:(?:user|role)\/[^,]*,/.test(value)
}

/**
 * Checks one `--aws-account-id` value and returns it in the form the Data API takes
 * (`ACCOUNT_ID`, `ACCOUNT_ID:user/NAME`, `ACCOUNT_ID:role/PATH/NAME`); IAM ARNs are converted.
 */
export function parseAwsAccount(input: string): string {
  const value = input.trim()
  const account = normalizedAccount(value)
  if (account !== undefined && !joinedByCommas(value)) return account
  throw new InvalidInputError(`Invalid AWS account ID ${quote(input)}: ${problemWith(value)}`)
}

/** An account in any accepted form (an API's `account_id`, say) in the form `parseAwsAccount` returns; undefined when it is none. */
export function accountKey(value: string): string | undefined {
  return normalizedAccount(value.trim())
}

/** The IAM ARN the Data API lists for an account in the form `parseAwsAccount` returns. */
export function accountArn(account: string): string {
  const [id, principal] = account.split(/:(.*)/s)
  return `arn:aws:iam::${id}:${principal || 'root'}`
}

/**
 * The one spelling that equivalent forms of an account share, its IAM ARN: `123456789012`,
 * `arn:aws:iam::123456789012:root` and the forms `parseAwsAccount` takes to them compare equal.
 * A value that is none of the accepted forms (an ARN the API lists that we would refuse) is its own.
 */
export function canonicalArn(value: string): string {
  try {
    return accountArn(parseAwsAccount(value))
  } catch {
    return value
  }
}

/** An ARN the API lists, in the form the Data API takes (what `parseAwsAccount` makes of it), or as listed when it is none. */
export function accountOfArn(arn: string): string {
  try {
    return parseAwsAccount(arn)
  } catch {
    return arn
  }
}

/** What is wrong with a refused account value, and what to type instead. */
function problemWith(value: string): string {
  if (joinedByCommas(value)) {
    const parts = value.split(',').map(part => part.trim())
    const repeated = parts.every(part => normalizedAccount(part) !== undefined) ? `: ${parts.map(part => `-i ${part}`).join(' ')}` : `. Use ${ACCOUNT_FORMS}.`
    return `it looks like several accounts joined by commas. Repeat --aws-account-id (-i) once for each account${repeated}`
  }

  return `${value.startsWith('arn:') ? arnProblem(value) : shortFormProblem(value)}. Use ${ACCOUNT_FORMS}.`
}

function accountIdProblem(id: string, where: string): string {
  if (/^\d{4}-\d{4}-\d{4}$/.test(id)) return `the account ID${where} is written with dashes, as the AWS console shows it: write its 12 digits alone (${id.replaceAll('-', '')})`
  const count = /^\d+$/.test(id) ? ` (it has ${id.length})` : ''
  return `the account ID${where} must be exactly 12 digits${count}`
}

/** The part after the account ID, which is neither the account (`root` in an ARN) nor a valid user or role. */
function principalProblem(principal: string): string {
  if (!/^(?:user|role)\//.test(principal)) return `${quote(principal)} is not a user or role: after the account ID comes user/NAME or role/NAME`
  return 'the user or role name may hold only letters, digits and +=,.@_- (at most 64 characters), after an optional path such as division_a/'
}

/** `ACCOUNT_ID[:user/NAME|:role/NAME]` that doesn't parse. */
function shortFormProblem(value: string): string {
  if (value === '') return 'the value is empty'
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001F\u007F]/.test(value)) return 'it contains a control character'
  const [id, ...rest] = value.split(':')
  if (!/^\d{12}$/.test(id)) return accountIdProblem(id, '')
  return principalProblem(rest.join(':'))
}

/** An ARN that isn't `arn:aws:iam::ACCOUNT_ID:root|user/NAME|role/NAME`. */
function arnProblem(value: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001F\u007F]/.test(value)) return 'it contains a control character'
  const fields = value.split(':')
  const [, partition, service, region = '', id = ''] = fields
  if (partition !== 'aws' || service !== 'iam') {
    const assumedRole = service === 'sts' ? ` (for an assumed role, give the role: ${ARN_PREFIX}ACCOUNT_ID:role/NAME)` : ''
    return `it is not an IAM ARN: those start with ${ARN_PREFIX}${assumedRole}`
  }

  if (fields.length < 6) {
    if (/^\d{12}$/.test(region)) return `a colon is missing: an IAM ARN has an empty region, so two colons follow iam, as in ${ARN_PREFIX}${region}:${fields.slice(4).join(':') || 'user/NAME'}`
    if (!/^\d{12}$/.test(id)) return accountIdProblem(id, ' in the ARN')
    return 'the ARN ends after the account ID: add :root, :user/NAME or :role/NAME'
  }

  if (region !== '') return `IAM ARNs have no region: they start with ${ARN_PREFIX}, not arn:aws:iam:${region}:`
  if (!/^\d{12}$/.test(id)) return accountIdProblem(id, ' in the ARN')
  return principalProblem(fields.slice(5).join(':'))
}

// Add-on names (`postgresql-simply-12345`), attachment names (`DATABASE`) and service names,
// optionally behind `APP::`.
const DATABASE = /^(?:[\w.-]+::)?[\w.-]+$/

export function parseDatabase(input: string): string {
  if (DATABASE.test(input) && !/^\.+$/.test(input.split('::').at(-1) ?? '')) return input
  throw new InvalidInputError(`Invalid DATABASE ${quote(input)}: use an add-on name (postgresql-simply-12345), an attachment name (DATABASE) or OTHER_APP::ATTACHMENT.`)
}

// Heroku app names are lowercase letters, digits and dashes; ids are UUIDs.
const APP = /^[a-z\d][a-z\d-]{0,99}$/i

/** Whether `input` is written as a Heroku app name (or id) can be. */
export function isAppName(input: string): boolean {
  return APP.test(input)
}

export function parseApp(input: string): string {
  if (isAppName(input)) return input
  throw new InvalidInputError(`Invalid app name ${quote(input)}: app names have only letters, digits and dashes.`)
}

/** `--space` and `--team`: names have letters, digits and dashes, as app names; ids are UUIDs. */
export function parseScopeName(input: string, kind: 'space' | 'team'): string {
  if (isAppName(input)) return input
  throw new InvalidInputError(`Invalid ${kind} name ${quote(input)}: ${kind} names have only letters, digits and dashes.`)
}

const VPC_ENDPOINT_ID = /^vpce-[\da-f]{8,17}$/

export function parseEndpointId(input: string): string {
  if (VPC_ENDPOINT_ID.test(input)) return input
  throw new InvalidInputError(`Invalid VPC endpoint ID ${quote(input)}: it looks like vpce-01c87ae3c05563935.`)
}

// AWS resource ids: a prefix and 8 or 17 hexadecimal digits.
const VPC_ID = /^vpc-(?:[\da-f]{8}|[\da-f]{17})$/
const SUBNET_ID = /^subnet-(?:[\da-f]{8}|[\da-f]{17})$/

export function parseVpcId(input: string): string {
  if (VPC_ID.test(input)) return input
  throw new InvalidInputError(`Invalid VPC ID ${quote(input)}: it looks like vpc-0a1b2c3d4e5f60718.`)
}

export function parseSubnetId(input: string): string {
  if (SUBNET_ID.test(input)) return input
  if (input.includes(',')) throw new InvalidInputError(`Invalid subnet ID ${quote(input)}: repeat --subnet-id once for each subnet.`)
  throw new InvalidInputError(`Invalid subnet ID ${quote(input)}: it looks like subnet-0a1b2c3d4e5f60718.`)
}

const IPV4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/

/** An IPv4 CIDR block (what `authorize-security-group-ingress --cidr` takes). */
export function parseCidr(input: string): string {
  const match = IPV4_CIDR.exec(input)
  if (match && match.slice(1, 5).every(octet => Number(octet) <= 255) && Number(match[5]) <= 32) return input
  throw new InvalidInputError(`Invalid CIDR block ${quote(input)}: give an IPv4 range such as 10.0.0.0/16, usually your VPC's.`)
}

// Dashes that web pages and word processors put where `-` or `--` was meant.
const TYPOGRAPHIC_DASH = /^[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]+/

/**
 * A hint for an argument pasted with a typographic dash (`–app`, `—app`): the flag that was
 * meant, or undefined when the argument doesn't start with one.
 */
export function typographicDashHint(arg: string, flagNames: string[]): string | undefined {
  const match = TYPOGRAPHIC_DASH.exec(arg)
  if (!match) return undefined
  const [name, value] = arg.slice(match[0].length).split(/=(.*)/s)
  const meant = name.length === 1 ? `-${name}` : `--${name}`
  const known = flagNames.includes(meant)
  return `${quote(arg)} starts with a typographic dash (${quote(match[0])}), not a hyphen: ${known ? `did you mean ${meant}${value === undefined ? '' : `=${value}`}?` : 'retype it with plain hyphens (- or --).'}`
}

// Where the connection config vars go in AWS: NAME/VAR, one secret or parameter per config var.
// Secrets Manager names take letters, digits and /_+=.@- (512 at most); SSM parameter names
// letters, digits and _.-/, and a name with a hierarchy starts with / (1011 at most, 15 levels).
const SECRET_NAME = /^[\w+=.@/-]+$/
const PARAMETER_PATH = /^\/[\w./-]+$/
// Room left for `/` and the config var's name (DATABASE_ENDPOINT_<17>_PGBOUNCER_URL and longer attachments).
const MAX_PREFIX = 400
const MAX_PARAMETER_LEVELS = 14

function pathProblem(input: string): string | undefined {
  if (input.endsWith('/')) return 'it ends with /, and the config var\'s name follows a / of its own'
  if (input.includes('//')) return 'it has an empty level (//)'
  if (input.length > MAX_PREFIX) return `it is longer than ${MAX_PREFIX} characters`
  return undefined
}

/** `--secrets-manager NAME`: the prefix of the Secrets Manager secrets, one per config var (NAME/VAR). */
export function parseSecretName(input: string): string {
  const problem = SECRET_NAME.test(input) ? pathProblem(input) : 'Secrets Manager names have only letters, digits and /_+=.@-'
  if (!problem) return input
  throw new InvalidInputError(`Invalid secret name ${quote(input)}: ${problem}. Use a name such as example-app/database; each config var is stored as NAME/VAR.`)
}

/** `--ssm-parameter NAME`: the path of the SSM parameters, one per config var (NAME/VAR). */
export function parseParameterPath(input: string): string {
  let problem: string | undefined
  if (!input.startsWith('/')) problem = 'a parameter in a hierarchy has a name that starts with /'
  else if (!PARAMETER_PATH.test(input)) problem = 'parameter names have only letters, digits and _.-/'
  else if (/^\/(?:aws|ssm)/i.test(input)) problem = 'names that start with aws or ssm are reserved by AWS'
  else if (input.split('/').length - 1 > MAX_PARAMETER_LEVELS) problem = `it has more than ${MAX_PARAMETER_LEVELS} levels, and a parameter has at most 15 with its own`
  else problem = pathProblem(input)
  if (!problem) return input
  throw new InvalidInputError(`Invalid parameter path ${quote(input)}: ${problem}. Use a path such as /example-app/database; each config var is stored as NAME/VAR.`)
}

// AWS principals as IAM compares them: which allowed account covers which connection owner. One
// place for the rule, so that the audit's findings and anything after them agree on it.

/** An IAM principal: a whole account (`root`), or one user or role of it. */
export interface Principal {
  account: string
  kind: 'role' | 'root' | 'user'
  /** The user's or role's name, without its path; '' for the whole account. */
  name: string
}

const ACCOUNT_ID = /^\d{12}$/
const IAM_ARN = /^arn:aws[\w-]*:iam::(\d{12}):(root|user\/\S+|role\/\S+)$/
// The session of an assumed role is that role acting: `arn:aws:sts::ID:assumed-role/NAME/SESSION`.
const ASSUMED_ROLE = /^arn:aws[\w-]*:sts::(\d{12}):assumed-role\/([^/\s]+)\/\S+$/
// The short forms the plugin takes: `ID`, `ID:root`, `ID:user/NAME`, `ID:role/PATH/NAME`.
const SHORT_FORM = /^(\d{12}):(root|user\/\S+|role\/\S+)$/

function fromResource(account: string, resource: string): Principal {
  if (resource === 'root') return {account, kind: 'root', name: ''}
  const [kind, ...path] = resource.split('/')
  return {account, kind: kind as 'role' | 'user', name: path.at(-1) ?? ''}
}

/**
 * The principal an ARN (or an account id, or a short form) names; undefined for anything else.
 * A user's or role's path is not part of who it is: IAM names are unique within an account
 * whatever their path.
 */
export function principalOf(value: string): Principal | undefined {
  const text = value.trim()
  if (ACCOUNT_ID.test(text)) return {account: text, kind: 'root', name: ''}
  const arn = IAM_ARN.exec(text) ?? SHORT_FORM.exec(text)
  if (arn) return fromResource(arn[1], arn[2])
  const assumed = ASSUMED_ROLE.exec(text)
  return assumed ? {account: assumed[1], kind: 'role', name: assumed[2]} : undefined
}

/**
 * Whether a principal allowed to connect (an allowed account's ARN) covers `owner` (a connection's
 * owner ARN): a whole account (`arn:aws:iam::ID:root`) covers every user and role of that account,
 * a user or role only itself (IAM names compare without case). Values that are no principal cover
 * only the same text.
 */
export function covers(allowed: string, owner: string): boolean {
  const grant = principalOf(allowed)
  const principal = principalOf(owner)
  if (!grant || !principal) return allowed.trim() === owner.trim()
  if (grant.account !== principal.account) return false
  if (grant.kind === 'root') return true
  return grant.kind === principal.kind && grant.name.toLowerCase() === principal.name.toLowerCase()
}

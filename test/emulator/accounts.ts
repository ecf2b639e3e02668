// AWS principals as the Data API accepts them (ACCOUNT_ID, ACCOUNT_ID:root, ACCOUNT_ID:user/NAME,
// ACCOUNT_ID:role/NAME or a full IAM ARN) and answers them (always an ARN). IAM names allow letters, digits, `+=,.@_-`
// and a path, so a comma is part of a name.
const ACCOUNT_ID = String.raw`\d{12}`
const IAM_PRINCIPAL = String.raw`(?:user|role)/[\w+=,.@-]+(?:/[\w+=,.@-]+)*`
const SHORT_FORM = new RegExp(`^(${ACCOUNT_ID})(?::(root|${IAM_PRINCIPAL}))?$`)
const ARN_FORM = new RegExp(`^arn:aws(?:-[a-z]+)*:iam::${ACCOUNT_ID}:(?:root|${IAM_PRINCIPAL})$`)

/** The ARN for an account identifier, or undefined when it is malformed. */
export function toArn(account: string): string | undefined {
  if (ARN_FORM.test(account)) return account
  const match = SHORT_FORM.exec(account)
  if (!match) return undefined
  return `arn:aws:iam::${match[1]}:${match[2] ?? 'root'}`
}

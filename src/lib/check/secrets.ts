// The credentials of a check, and the scrubbing of every text a probe reports: the Postgres and
// Redis clients' error messages can echo the user, the database URL, even a password.

/** Each credential of a check, with what stands for it in reports. */
export type Secrets = Array<{placeholder: string; value: string}>

/** Shorter user names would mangle ordinary words; passwords are scrubbed whatever their length. */
const MIN_SCRUBBED_USER = 3

/** A part of a URL (user, password, path) as a client sends it: percent-decoded. */
export function decodedPart(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/** A URL part as sent and as decoded. */
function forms(text: string): string[] {
  return [...new Set([decodedPart(text), text])]
}

/** Every form a URL's credentials may take in a message: the whole URL, the password and user as sent and as decoded. */
export function secretsOf(url: URL): Secrets {
  return [
    {placeholder: '[url]', value: url.href},
    ...forms(url.password).map(value => ({placeholder: '[password]', value})),
    ...forms(url.username).filter(value => value.length >= MIN_SCRUBBED_USER).map(value => ({placeholder: '[user]', value})),
  ].filter(secret => secret.value !== '')
}

/** Kafka's client key and certificates: never in a message, whole or in part. */
export function pemSecrets(...pems: Array<string | undefined>): Secrets {
  return pems.flatMap(pem => (pem ? pem.split('\n').map(line => line.trim()).filter(line => line.length >= 16 && !line.startsWith('-----')) : []))
  .map(value => ({placeholder: '[key]', value}))
}

/** `text` with every secret replaced by its placeholder, longest first (a URL holds its password). */
export function scrub(text: string, secrets: Secrets): string {
  let clean = text
  for (const {placeholder, value} of [...secrets].sort((a, b) => b.value.length - a.value.length)) clean = clean.replaceAll(value, placeholder)
  return clean
}

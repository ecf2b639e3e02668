// `check --print-script`: the same hops as the command, as a self-contained POSIX shell script
// for a host in the VPC without the Heroku CLI (a bare EC2 instance): getent, bash's /dev/tcp or
// nc, and openssl s_client (-starttls postgres for Postgres and PgBouncer). It holds host names
// and ports only, never a credential, so the login hop is left to the command.
import type {HopName} from './types.js'

import {shellQuote} from '../aws.js'
import {HOPS, type PlannedTarget, TLS_START} from './plan.js'
import {PROTOCOL_NAMES} from './types.js'

export interface ScriptContext {
  addon: string
  app: string
  /** The command this script stands in for. */
  command: string
  /** Seconds each hop may take, unless CHECK_TIMEOUT says otherwise. */
  hopTimeoutSeconds: number
}

/** Each hop as a call of the script's function for it: $1 host, $2 port, $3 label, $4 how TLS starts. */
const SHELL_HOPS: Record<HopName, string> = {
  dns: 'hop_dns "$1" "$3"',
  login: 'hop_login "$3"',
  tcp: 'hop_tcp "$1" "$2" "$3"',
  tls: 'hop_tls "$1" "$2" "$3" "$4"',
}

const FUNCTIONS = String.raw`pass() { printf '✓ %s\n' "$*"; }
fail() { printf '✗ %s\n' "$*"; failed=1; }

# Does the name resolve, and to private addresses?
hop_dns() {
  addresses=$(timeout "$TIMEOUT" getent ahosts "$1" | awk '{print $1}' | sort -u)
  if [ -z "$addresses" ]; then
    fail "$2 DNS: $1 doesn't resolve: this host's resolver (/etc/resolv.conf) must resolve the VPC endpoint's name (in a VPC, the Amazon-provided resolver does)"
    return 1
  fi
  list=''
  for address in $addresses; do
    case $address in
      10.*|192.168.*|172.1[6-9].*|172.2[0-9].*|172.3[01].*|f[cd]*) scope=private ;;
      127.*|::1) scope=loopback ;;
      169.254.*|fe[89ab]*) scope=link-local ;;
      *) scope=public ;;
    esac
    list="$list${'$'}{list:+, }$address ($scope)"
  done
  pass "$2 DNS: $list"
}

# A TCP connection, with bash's /dev/tcp or nc: a refusal is told from a timeout.
hop_tcp() {
  if command -v bash >/dev/null 2>&1; then
    out=$(timeout "$TIMEOUT" bash -c 'exec 3<>"/dev/tcp/$1/$2"' hop_tcp "$1" "$2" 2>&1)
  else
    out=$(timeout "$TIMEOUT" nc -z "$1" "$2" 2>&1)
  fi
  rc=$?
  if [ "$rc" -eq 0 ]; then pass "$3 TCP: connected"; return 0; fi
  case "$rc:$out" in
    124:*|*[Tt]imed\ out*) fail "$3 TCP: no answer within ${'$'}{TIMEOUT}s: the packets were dropped. Likely causes: the VPC endpoint's security group doesn't let this host in on TCP $2; this host is not in the VPC nor in a network routed to it; the connection is not Available yet" ;;
    *[Rr]efused*) fail "$3 TCP: connection refused: nothing accepts connections there. Likely causes: the connection is not Available yet; the host or port is not the VPC endpoint's current one" ;;
    *[Uu]nreachable*) fail "$3 TCP: no route to $1: this host is not in the VPC nor in a network routed to it" ;;
    *) fail "$3 TCP: $(printf '%s\n' "$out" | tail -n 1)" ;;
  esac
  return 1
}

# The TLS handshake (after Postgres's SSLRequest with -starttls postgres): protocol, subject, expiry.
# The certificate is not checked against the name, like sslmode=require.
hop_tls() {
  case $1 in *:*) address="[$1]:$2" ;; *) address="$1:$2" ;; esac
  if [ -n "$4" ]; then
    out=$(timeout "$TIMEOUT" openssl s_client -connect "$address" -starttls "$4" </dev/null 2>&1)
  else
    out=$(timeout "$TIMEOUT" openssl s_client -connect "$address" </dev/null 2>&1)
  fi
  rc=$?
  protocol=$(printf '%s\n' "$out" | sed -n 's/^New, \(TLSv[0-9.]*\), Cipher is .*/\1/p' | head -n 1)
  if [ -n "$protocol" ]; then
    certificate=$(printf '%s\n' "$out" | openssl x509 -noout -subject -enddate 2>/dev/null | sed -e 's/^subject=/certificate /' -e 's/^notAfter=/expires /' | paste -sd ';' - | sed 's/;/, /')
    pass "$3 TLS: $protocol, $certificate"
    return 0
  fi
  if [ "$rc" -eq 124 ]; then fail "$3 TLS: no TLS handshake within ${'$'}{TIMEOUT}s: something takes TCP connections on this port but doesn't answer"; return 1; fi
  case "$4:$out" in
    postgres:*'has read 1 bytes'*) fail "$3 TLS: the server refused TLS (it answered N to the SSLRequest), and Heroku Postgres accepts only TLS connections: this port is not the database's" ;;
    *) fail "$3 TLS: the handshake failed: $(printf '%s\n' "$out" | grep -iE 'error|alert|errno' | head -n 1)" ;;
  esac
  return 1
}

hop_login() {
  printf -- '- %s\n' "$1 Login: not made: it needs the credentials, which this script never holds ($COMMAND makes it)"
}`

function scriptTarget(target: PlannedTarget): string {
  const label = `${target.host}:${target.port} ${PROTOCOL_NAMES[target.protocol]}`
  return ['check_target', shellQuote(target.host), String(target.port), shellQuote(label), TLS_START[target.protocol] ?? "''"].join(' ')
}

export function checkScript(targets: PlannedTarget[], context: ScriptContext): string {
  return [
    '#!/bin/sh',
    `# The DNS, TCP and TLS hops of: ${context.command}`,
    `# (${context.addon} on ${context.app}), for a host in the VPC without the Heroku CLI. It holds host`,
    '# names and ports only, never credentials, so the login hop is left to the command.',
    '# Needs getent, timeout, openssl, and bash or nc. Exit 0 when every hop passes, 5 when one fails.',
    `# CHECK_TIMEOUT sets the seconds each hop may take (default ${context.hopTimeoutSeconds}).`,
    'set -u',
    `TIMEOUT=\${CHECK_TIMEOUT:-${context.hopTimeoutSeconds}}`,
    `COMMAND=${shellQuote(context.command)}`,
    'failed=0',
    'for tool in getent timeout openssl; do',
    '  command -v "$tool" >/dev/null 2>&1 || { echo "This script needs $tool." >&2; exit 2; }',
    'done',
    'command -v bash >/dev/null 2>&1 || command -v nc >/dev/null 2>&1 || { echo "This script needs bash or nc." >&2; exit 2; }',
    '',
    FUNCTIONS,
    '',
    '# The hops of one host and port, in order: each one only once the one before it passed.',
    `check_target() { ${HOPS.map(hop => SHELL_HOPS[hop]).join(' && ')}; }`,
    '',
    ...targets.map(target => scriptTarget(target)),
    '',
    'if [ "$failed" -eq 0 ]; then echo "Every hop passed."; exit 0; fi',
    'echo "Some hop failed: see the lines marked ✗."',
    'exit 5',
    '',
  ].join('\n')
}

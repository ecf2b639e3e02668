/* eslint-disable n/no-unsupported-features/node-builtins -- global fetch is available (and used) on Node 20 */
// `npm run demo`: the Dev Center walkthrough of Heroku Data via PrivateLink, run with the real
// built plugin (`bin/run.js`) against the local emulator of the Heroku APIs, then `check` from
// this machine against real PostgreSQL and PgBouncer servers (Debian's packages) when installed. No
// Heroku account, no network: everything binds 127.0.0.1 and stops at the end, even when a step fails.
import {spawn} from 'node:child_process'
import {rmSync} from 'node:fs'

import {POSTGRES_ADDON, type RunningEmulator, startEmulator} from '../test/emulator/server.js'
import {BIN, cleanEnv} from '../test/helpers/cli.js'
import {type DatabaseServers, serversUnavailable, startDatabaseServers} from '../test/helpers/database-servers.js'

const APP = 'example-app'
const ACCOUNT = '123456789012:user/abc'
const ENDPOINT_ID = 'vpce-01c87ae3c05563935'
const STEP_TIMEOUT_MS = 60_000

// Time-based transitions, so the walkthrough reads like the real thing, only faster.
const TIMING = {
  accountActive: {ms: 3000},
  connectionAvailable: {ms: 4000},
  deprovision: {ms: 3000},
  endpointOperational: {ms: 4000},
}

interface Step {
  /** Arguments of `heroku` (the plugin's bin/run.js). */
  args?: string[]
  /** Why the step can't run on this machine, said instead of running it; undefined when it can. */
  missing?: () => string | undefined
  /** A step that is not a command: what the emulator simulates. */
  simulate?: (emulator: RunningEmulator) => Promise<string>
  title: string
}

const STEPS: Step[] = [
  {
    args: ['data:privatelink', '--app', APP],
    title: 'See every Postgres, Kafka and Key-Value Store database of the app at a glance',
  },
  {
    args: ['data:privatelink:create', 'DATABASE', '--app', APP, '--aws-account-id', ACCOUNT],
    title: 'Create the endpoint, allowing one IAM user of your AWS account to connect',
  },
  {
    args: ['data:privatelink:wait', 'DATABASE', '--app', APP, '--interval', '1'],
    title: 'Wait until it is operational (5 to 10 minutes on Heroku, a few seconds here)',
  },
  {
    args: ['data:privatelink', 'DATABASE', '--app', APP],
    title: 'Read the service name to create your VPC endpoint for, in the same region',
  },
  {
    args: ['data:privatelink:aws', 'DATABASE', '--app', APP, '--vpc-id', 'vpc-0a1b2c3d4e5f60718', '--subnet-id', 'subnet-0a1b2c3d4e5f60718', '--subnet-id', 'subnet-08f7e6d5c4b3a2910', '--cidr', '10.0.0.0/16'],
    title: 'Print the AWS CLI commands for your side: a security group for the ports, the interface VPC endpoint',
  },
  {
    simulate: simulateVpcEndpoint,
    title: 'In AWS: create an interface VPC endpoint for the service name (simulated)',
  },
  {
    args: ['data:privatelink:wait', 'DATABASE', '--app', APP, '--endpoint-id', ENDPOINT_ID, '--interval', '1'],
    title: 'Wait until the connection is available and its config vars exist',
  },
  {
    args: ['data:privatelink', 'DATABASE', '--app', APP],
    title: 'Show the endpoint again: the connection and its config vars (names only, never the password)',
  },
  {
    args: ['data:privatelink', '--app', APP],
    title: 'The app\'s databases again: this one has its endpoint and a connection',
  },
  {
    args: ['data:privatelink:aws', 'DATABASE', '--app', APP, '--secrets-manager', `${APP}/database`],
    title: 'Print the commands that hand the connection URLs to AWS Secrets Manager (each value through a pipe, never an argument)',
  },
  {
    missing: serversMissing,
    simulate: startLocalDatabase,
    title: 'Play the VPC: real PostgreSQL and PgBouncer on this machine, behind the connection\'s config vars',
  },
  {
    args: ['data:privatelink:check', 'DATABASE', '--app', APP],
    missing: serversMissing,
    title: 'From a host in the VPC: check DNS, TCP, TLS and the login, hop by hop (exit 0: an application here can connect)',
  },
  {
    args: ['data:privatelink:access:add', 'DATABASE', '--app', APP, '--aws-account-id', '210987654321:role/deploy'],
    title: 'Allow another AWS account, through an IAM role',
  },
  {
    args: ['data:privatelink:access', 'DATABASE', '--app', APP],
    title: 'List the allowed accounts',
  },
  {
    args: ['data:privatelink:access:remove', 'DATABASE', '--app', APP, '--aws-account-id', '210987654321:role/deploy'],
    title: 'Remove it again',
  },
  {
    args: ['data:privatelink:access:set', 'DATABASE', '--app', APP, '--aws-account-id', ACCOUNT, '--aws-account-id', '111122223333', '--dry-run'],
    title: 'Or give the complete list: access:set prints what would change (--dry-run sends nothing)',
  },
  {
    args: ['data:privatelink:destroy', 'DATABASE', '--app', APP, '--confirm', APP],
    title: 'Destroy the endpoint (scripts confirm with --confirm APP)',
  },
]

let servers: DatabaseServers | undefined

function serversMissing(): string | undefined {
  const problem = serversUnavailable()
  return problem && `Skipped: the check runs against real database servers on this machine, and it is ${problem}; then run npm run demo again.`
}

/** This machine plays the customer's VPC: the connection's config vars point at real servers on 127.0.0.1. */
async function startLocalDatabase(emulator: RunningEmulator): Promise<string> {
  servers = await startDatabaseServers()
  const key = ENDPOINT_ID.slice(-17).toUpperCase()
  emulator.setConfigVars(APP, {[`DATABASE_ENDPOINT_${key}_PGBOUNCER_URL`]: servers.urls.pgbouncer, [`DATABASE_ENDPOINT_${key}_URL`]: servers.urls.postgres})
  return [
    `PostgreSQL with TLS on 127.0.0.1:${servers.postgresPort} and PgBouncer on 127.0.0.1:${servers.pgbouncerPort}, started as they are on`,
    `Heroku (TLS only, a password): DATABASE_ENDPOINT_${key}_URL and _PGBOUNCER_URL now point at them, as they point at`,
    'the VPC endpoint from a host in your VPC.',
  ].join('\n')
}

/** The customer's side, which the emulator plays: a VPC endpoint that connects to the service. */
async function simulateVpcEndpoint(emulator: RunningEmulator): Promise<string> {
  const state = await (await fetch(`${emulator.url}/__emulator/state`)).json() as {endpoints: Array<{addon: {name: string}; service_name: string}>}
  const serviceName = state.endpoints.find(endpoint => endpoint.addon.name === POSTGRES_ADDON)?.service_name
  const response = await fetch(`${emulator.url}/__emulator/connections`, {
    body: JSON.stringify({addon: POSTGRES_ADDON, endpoint_id: ENDPOINT_ID}),
    headers: {'Content-Type': 'application/json'},
    method: 'POST',
  })
  const connection = await response.json() as {endpoint_id: string; message?: string; owner_arn: string; status: string}
  if (!response.ok) throw new Error(`the emulator refused the simulated connection: ${connection.message ?? response.status}`)
  return [
    `The emulator plays your AWS side: ${connection.owner_arn} creates an interface VPC endpoint,`,
    `  $ aws ec2 create-vpc-endpoint --vpc-endpoint-type Interface --service-name ${serviceName} …`,
    `which gets the id ${connection.endpoint_id}. Heroku sees its connection "${connection.status}", accepts it,`,
    `then adds two config vars to ${APP}: DATABASE_ENDPOINT_…_URL and DATABASE_ENDPOINT_…_PGBOUNCER_URL.`,
  ].join('\n')
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<null | number> {
  return new Promise((resolve, reject) => {
    // The command writes straight to this terminal (or pipe): its real stdout and stderr.
    const child = spawn(process.execPath, [BIN, ...args], {env, stdio: ['ignore', 'inherit', 'inherit']})
    const killer = setTimeout(() => child.kill('SIGKILL'), STEP_TIMEOUT_MS)
    child.on('error', reject)
    child.on('close', status => {
      clearTimeout(killer)
      resolve(status)
    })
  })
}

async function main(): Promise<number> {
  const started = performance.now()
  const emulator = await startEmulator({quiet: true, timing: TIMING})
  // A clean environment (temporary HOME, no HEROKU_* of this machine) pointed at the emulator.
  // On a terminal, the plugin shows its spinner and colours as it would for you.
  const tty = process.stdout.isTTY && process.stderr.isTTY
  const env = cleanEnv({...emulator.env, CI: tty ? undefined : 'true', NO_COLOR: tty ? undefined : '1'})
  // Ctrl-C reaches the running command too; the walkthrough stops after it, and the emulator with it.
  let interrupted = false
  const stop = () => {
    interrupted = true
  }

  process.on('SIGINT', stop)
  console.log(`Heroku Data via PrivateLink: the Dev Center walkthrough against a local emulator of the Heroku APIs at ${emulator.url}`)
  console.log(`(HEROKU_HOST and HEROKU_DATA_HOST point there; "heroku" below runs ${BIN}.)`)
  let failed: string | undefined
  let label = 'the start'
  try {
    for (const [index, step] of STEPS.entries()) {
      if (interrupted) break
      label = `step ${index + 1}/${STEPS.length}: ${step.title}`
      console.log(`\n── ${label[0].toUpperCase()}${label.slice(1)}`)
      const missing = step.missing?.()
      if (missing) {
        console.log(missing)
        continue
      }

      if (step.simulate) {
        // eslint-disable-next-line no-await-in-loop
        console.log(await step.simulate(emulator))
        continue
      }

      const args = step.args ?? []
      console.log(`$ heroku ${args.join(' ')}`)
      // eslint-disable-next-line no-await-in-loop
      const status = await run(args, env)
      if (status !== 0) {
        failed = `${label} (heroku ${args.join(' ')}) exited with ${status ?? 'a signal'}`
        break
      }
    }
  } catch (error) {
    failed = `${label}: ${error instanceof Error ? error.message : String(error)}`
  } finally {
    process.removeListener('SIGINT', stop)
    await Promise.all([emulator.close(), servers?.stop()])
    if (env.HOME) rmSync(env.HOME, {force: true, recursive: true})
  }

  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  if (interrupted) {
    console.error(`\nInterrupted at ${label}. The emulator is stopped.`)
    return 130
  }

  if (failed) {
    console.error(`\nThe demo failed at ${failed}. The emulator is stopped.`)
    return 1
  }

  console.log(`\nDone in ${seconds}s: ${STEPS.length} steps, the real plugin against the local emulator, which is now stopped.`)
  return 0
}

process.exitCode = await main()

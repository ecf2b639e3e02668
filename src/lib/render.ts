// Human output: every rendering of endpoints, accounts and config vars lives here. Each one draws
// from the same EndpointView that `--json` prints. Headers, objects and tables come from hux, which
// loads its table renderer (about half a second): only the renderings that draw them load it, so
// `wait`'s one line does not.
import * as color from '@heroku/heroku-cli-util/color'
import {ux} from '@oclif/core/ux'

import type {Scope} from './platform.js'
import type {DatabaseKind} from './types.js'

import {formatPorts, ingressPorts, portsHint} from './aws.js'
import {
  type AccountsChange, type AllowedAccountsView, type AuditedDatabase, type DatabaseOverview, type DestroyedView, type EndpointView, isOperational, isProvisioning,
} from './endpoint-view.js'
import {firstLine} from './failures.js'
import {KIND_NAMES} from './platform.js'
import {configGetCommand, devCenterArticle, privatelinkCommand} from './suggestions.js'

export interface RenderContext {
  /** DATABASE as the user typed it, for the commands we print. */
  database: string
  kind: DatabaseKind
}

function waitCommand(view: Pick<EndpointView, 'app'>, context: RenderContext): string {
  return privatelinkCommand('wait', {app: view.app, database: context.database})
}

type Hux = typeof import('@heroku/heroku-cli-util/hux')

let hux: Promise<Hux> | undefined

/** hux, imported once: a command whose rendering draws tables starts it early (`renderer`), so that it loads during the requests. */
export function loadHux(): Promise<Hux> {
  hux ??= import('@heroku/heroku-cli-util/hux')
  return hux
}

function summary({styledObject}: Hux, view: EndpointView): void {
  styledObject({
    'Service Name': view.service_name ?? 'Provisioning',
    Status: view.status,
    // eslint-disable-next-line perfectionist/sort-objects
    Region: view.region ?? undefined,
  })
}

function accountsTable({table}: Hux, view: AllowedAccountsView): void {
  table(view.allowed_accounts, {arn: {header: 'ARN'}, status: {header: 'Status'}})
}

function nextSteps(view: EndpointView, context: RenderContext): string[] {
  if (isProvisioning(view)) {
    const region = view.region ? ` It will be in ${color.info(view.region)}, the database's region.` : ''
    return [`The endpoint is provisioning; this usually takes 5 to 10 minutes.${region} Wait for it with:`, `  ${color.code(waitCommand(view, context))}`]
  }

  if (!isOperational(view) || view.connections.length > 0) return []
  return vpcEndpointSteps(view, context)
}

/** What to do once the endpoint is operational and nothing is connected yet: the AWS half. */
function vpcEndpointSteps(view: EndpointView, context: RenderContext): string[] {
  const target = {app: view.app, database: context.database}
  const region = view.region ? ` in ${color.info(view.region)}, the database's region` : ''
  const ports = ingressPorts(context.kind, view)
  const allow = ports.length > 0
    ? `Allow inbound TCP ${ports.length === 1 && ports[0].from === ports[0].to ? 'port' : 'ports'} ${ports.map(range => formatPorts(range)).join(', ')} in the VPC endpoint's security group.`
    : `Allow inbound TCP in the VPC endpoint's security group on ${portsHint(context.kind, target)}.`
  return [
    `Next, create a VPC endpoint for the Service Name in your AWS account${region}.`,
    allow,
    'Print the AWS CLI commands (or Terraform) that do both with:',
    `  ${color.code(privatelinkCommand('aws', target))}`,
    'Once the VPC endpoint exists, wait for its connection with:',
    `  ${color.code(privatelinkCommand('wait', target, '--endpoint-id', 'VPC_ENDPOINT_ID'))}`,
    `Step by step: ${devCenterArticle(context.kind)}`,
  ]
}

/** The API's hostname of each connection whose config vars aren't known (not added yet, or unreadable): its host until then. */
function hostnameLines(view: EndpointView, context: RenderContext): string[] {
  const ports = ingressPorts(context.kind, view).map(range => formatPorts(range))
  const on = ports.length > 0 ? ` (TCP ${ports.join(', ')})` : ''
  return view.connections
  .filter(connection => connection.hostname && (connection.config_vars ?? []).length === 0)
  .map(connection => `Connection ${connection.endpoint_id} is at ${connection.hostname}${on}; its config vars hold the credentials.`)
}

function connectionConfigVars({styledHeader, table}: Hux, view: EndpointView, context: RenderContext): void {
  if (view.config_vars_error) {
    ux.stdout([
      '',
      `Connection config vars: unknown. ${firstLine(view.config_vars_error.message)}`,
      ...hostnameLines(view, context),
    ].join('\n'))
    return
  }

  // One row per host: a Kafka var names every broker.
  const rows = view.connections.flatMap(connection => (connection.config_vars ?? []).flatMap(configVar => (
    configVar.hosts.length > 0 ? configVar.hosts : [{host: '(not a URL)', port: null}]
  ).map(({host, port}) => ({
    endpoint_id: connection.endpoint_id,
    host,
    name: configVar.name,
    port: port ?? '',
  }))))
  if (rows.length === 0) {
    ux.stdout(['', 'Heroku adds the connection config vars once a connection is available.', ...hostnameLines(view, context)].join('\n'))
    return
  }

  ux.stdout()
  styledHeader('Connection Config Vars')
  /* eslint-disable perfectionist/sort-objects -- the keys' order is the columns' order */
  table(rows, {
    name: {header: 'Config Var'},
    endpoint_id: {header: 'Endpoint ID'},
    port: {header: 'Port'},
    host: {header: 'Host'},
  })
  /* eslint-enable perfectionist/sort-objects */
  ux.stdout(['', ...hostnameLines(view, context), `Print a connection string (it holds the password) with: ${color.code(configGetCommand(rows[0].name, view.app))}`].join('\n'))
}

/** `data:privatelink`: the whole endpoint, with what to do next. */
export async function renderEndpoint(view: EndpointView, context: RenderContext): Promise<void> {
  const hux = await loadHux()
  const {styledHeader, table} = hux
  styledHeader(`PrivateLink endpoint for ${color.addon(view.addon)} on ${color.app(view.app)}`)
  summary(hux, view)
  ux.stdout()
  styledHeader('Allowed Accounts')
  if (view.allowed_accounts.length > 0) accountsTable(hux, view)
  else ux.stdout('No allowed accounts.')
  ux.stdout()
  styledHeader('Connections')
  if (view.connections.length > 0) {
    /* eslint-disable perfectionist/sort-objects -- the keys' order is the columns' order */
    table(view.connections.map(({endpoint_id, hostname, owner_arn, status}) => ({
      endpoint_id, owner_arn, status, hostname: hostname ?? '',
    })), {
      endpoint_id: {header: 'Endpoint ID'},
      owner_arn: {header: 'Owner ARN'},
      status: {header: 'Status'},
      hostname: {header: 'Hostname'},
    })
    /* eslint-enable perfectionist/sort-objects */
    connectionConfigVars(hux, view, context)
  } else {
    ux.stdout('No connections yet.')
  }

  const steps = nextSteps(view, context)
  if (steps.length > 0) ux.stdout(['', ...steps].join('\n'))
}

/** `data:privatelink:create`: what was created and the command to wait for it. */
export async function renderCreated(view: EndpointView, context: RenderContext): Promise<void> {
  summary(await loadHux(), view)
  ux.stdout(['', 'Wait until the endpoint is operational with:', `  ${color.code(waitCommand(view, context))}`].join('\n'))
}

/** `data:privatelink:access`: the allowed accounts. */
export async function renderAccounts(view: AllowedAccountsView): Promise<void> {
  if (view.allowed_accounts.length === 0) {
    ux.stdout(`No allowed accounts for ${color.addon(view.addon)} on ${color.app(view.app)}.`)
    return
  }

  const hux = await loadHux()
  hux.styledHeader(`Allowed accounts for ${color.addon(view.addon)} on ${color.app(view.app)}`)
  accountsTable(hux, view)
}

/**
 * `data:privatelink:access:set`: the allowed accounts as a diff, `+` added, `-` removed, the
 * others as they stay.
 */
export function renderAccountsChange(change: AccountsChange, dryRun: boolean): void {
  const who = `${color.addon(change.addon)} on ${color.app(change.app)}`
  const changing = change.added.length > 0 || change.removed.length > 0
  const lines = [
    changing ? `Allowed accounts of ${who}${dryRun ? ', if set' : ''}:` : `The allowed accounts of ${who} are already these: nothing to change.`,
    ...change.added.map(arn => `+ ${arn}`),
    ...change.removed.map(arn => `- ${arn}`),
    ...change.unchanged.map(arn => `  ${arn}`),
  ]
  if (changing && dryRun) lines.push('Dry run: nothing was sent.')
  ux.stdout(lines.join('\n'))
}

/**
 * `data:privatelink:wait` and `create --wait`: the endpoint that became operational, then the
 * connection's config vars when one was waited for, or else the next step.
 */
export function renderOperational(view: EndpointView, context: RenderContext, endpointId?: string): void {
  const region = view.region ? ` Region: ${view.region}` : ''
  ux.stdout(`${color.addon(view.addon)} on ${color.app(view.app)} is ${color.success(view.status)}. Service Name: ${view.service_name ?? ''}${region}`)
  const connection = view.connections.find(candidate => candidate.endpoint_id === endpointId)
  if (!connection) {
    if (view.connections.length === 0) ux.stdout(['', ...vpcEndpointSteps(view, context)].join('\n'))
    return
  }

  const host = connection.hostname ? ` Hostname: ${connection.hostname}.` : ''
  if (!connection.config_vars) {
    ux.stdout(`Connection ${connection.endpoint_id} is ${connection.status}.${host} Its config vars are unknown: the app's config vars couldn't be read.`)
    return
  }

  ux.stdout(`Connection ${connection.endpoint_id} is ${connection.status}.${host} Its config vars:`)
  for (const {name} of connection.config_vars) ux.stdout(`  ${name}`)
  ux.stdout(`Print one (it holds the password) with: ${color.code(configGetCommand(connection.config_vars[0].name, view.app))}`)
}

/** The cells of an overview row that `-a APP`'s table and an audit's share: one formatting of both. */
function overviewCells(row: Pick<AuditedDatabase, 'accounts' | 'connections' | 'error' | 'kind' | 'service_name' | 'status'>): Record<'accounts' | 'connections' | 'kind' | 'service_name' | 'status', string> {
  return {
    accounts: row.status === null ? '' : `${row.accounts.active}/${row.accounts.total} active`,
    connections: row.status === null ? '' : `${row.connections.available}/${row.connections.total} available`,
    kind: row.kind ? KIND_NAMES[row.kind] : '',
    service_name: row.service_name ?? '',
    status: row.error ? 'unknown' : row.status ?? 'none',
  }
}

/* eslint-disable perfectionist/sort-objects -- the keys' order is the columns' order */
const OVERVIEW_COLUMNS = {
  kind: {header: 'Kind'},
  status: {header: 'Endpoint'},
  service_name: {header: 'Service Name'},
}
const COUNT_COLUMNS = {
  accounts: {header: 'Accounts'},
  connections: {header: 'Connections'},
}
/* eslint-enable perfectionist/sort-objects */

/** `data:privatelink -a APP`: every data add-on of the app and its endpoint. */
export async function renderOverview(rows: DatabaseOverview[], app: string): Promise<void> {
  if (rows.length === 0) {
    ux.stdout(`${color.app(app)} has no Heroku Postgres, Apache Kafka or Key-Value Store add-on.`)
    return
  }

  const {styledHeader, table} = await loadHux()
  styledHeader(`PrivateLink endpoints of the databases of ${color.app(app)}`)
  table(rows.map(row => ({addon: row.app === app ? row.addon : `${row.addon} (${row.app})`, ...overviewCells(row)})), {addon: {header: 'Add-on'}, ...OVERVIEW_COLUMNS, ...COUNT_COLUMNS})
  const refusals = rows.flatMap(row => (row.error ? [`${row.addon}: ${firstLine(row.error.message)}`] : []))
  if (refusals.length > 0) ux.stdout(['', ...refusals].join('\n'))
  const without = rows.find(row => row.status === null && !row.error)
  const first = without ?? rows.find(row => !row.error) ?? rows[0]
  // An add-on name resolves whichever app it belongs to.
  const target = {app, database: first.addon}
  ux.stdout(without
    ? `\nCreate an endpoint with: ${color.code(privatelinkCommand('create', target, '--aws-account-id', 'ACCOUNT_ID'))}`
    : `\nShow one endpoint in full with: ${color.code(privatelinkCommand('', target))}`)
}

/** How an audit's scope reads in a sentence: `space ⬡ example-space`, `team example-team`. */
function scopeWords(scope: Scope): string {
  return scope.kind === 'space' ? `space ${color.space(scope.name)}` : `team ${color.team(scope.name)}`
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`
}

/**
 * `data:privatelink --space SPACE` and `--team TEAM`: one table of every data add-on, grouped by
 * app (its name on the group's first row), the kinds of its findings in the last column, then every
 * finding's message.
 */
export async function renderAudit(entries: AuditedDatabase[], scope: Scope, apps: number): Promise<void> {
  const where = scope.kind === 'space' ? scopeWords(scope) : `the Private Spaces of ${scopeWords(scope)}`
  if (apps === 0) {
    ux.stdout(`There are no apps in ${where}.`)
    return
  }

  if (entries.length === 0) {
    ux.stdout(`No Heroku Postgres, Apache Kafka or Key-Value Store add-on in the ${plural(apps, 'app')} in ${where}.`)
    return
  }

  const {styledHeader, table} = await loadHux()
  styledHeader(`PrivateLink endpoints of the apps in ${where}`)
  /* eslint-disable perfectionist/sort-objects -- the keys' order is the columns' order */
  table(entries.map((entry, index) => ({
    app: index > 0 && entries[index - 1].app === entry.app ? '' : entry.app,
    addon: entry.addon ?? '(add-ons not listed)',
    ...overviewCells(entry),
    region: entry.region ?? '',
    findings: [...new Set(entry.findings.map(finding => finding.kind))].join(', '),
  })), {
    app: {header: 'App'},
    addon: {header: 'Add-on'},
    ...OVERVIEW_COLUMNS,
    region: {header: 'Region'},
    ...COUNT_COLUMNS,
    findings: {header: 'Findings'},
  })
  /* eslint-enable perfectionist/sort-objects */
  const found = entries.flatMap(entry => entry.findings.map(finding => `${entry.addon ? `${entry.addon} on ${entry.app}` : entry.app}: ${finding.message}`))
  const audited = `${plural(entries.filter(entry => entry.addon).length, 'data add-on')} in ${plural(apps, 'app')}`
  ux.stdout(found.length > 0 ? ['', `Findings (${found.length}):`, ...found, '', `${plural(found.length, 'finding')} in ${audited}.`].join('\n') : `\nNo findings in ${audited}.`)
  const first = entries.find(entry => entry.addon && entry.status !== null) ?? entries.find(entry => entry.addon)
  if (first?.addon) ux.stdout(`Show one endpoint in full with: ${color.code(privatelinkCommand('', {app: first.app, database: first.addon}))}`)
}

/** `data:privatelink:aws`: the AWS CLI commands, or the Terraform, ready to paste. */
export function renderCommands(lines: string[]): void {
  ux.stdout(lines.join('\n'))
}

/** `destroy --wait` and `wait --destroyed`: the endpoint is no more. */
export function renderDestroyed(view: DestroyedView): void {
  ux.stdout(`The PrivateLink endpoint for ${color.addon(view.addon)} on ${color.app(view.app)} is destroyed.`)
}

// Human output: every rendering of endpoints, accounts and config vars lives here. Each one draws
// from the same EndpointView that `--json` prints. Headers, objects and tables come from hux, which
// loads its table renderer (about half a second): only the renderings that draw them load it, so
// `wait`'s one line does not.
import * as color from '@heroku/heroku-cli-util/color'
import {ux} from '@oclif/core/ux'

import type {DatabaseKind} from './types.js'

import {
  type AllowedAccountsView, type EndpointView, isOperational, isProvisioning,
} from './endpoint-view.js'
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

const loadHux = (): Promise<Hux> => import('@heroku/heroku-cli-util/hux')

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
    return ['The endpoint is provisioning; this usually takes 5 to 10 minutes. Wait for it with:', `  ${color.code(waitCommand(view, context))}`]
  }

  if (!isOperational(view) || view.connections.length > 0) return []
  const region = view.region ? ` in ${color.info(view.region)}, the database's region` : ''
  const ports = context.kind === 'postgres' ? ['Allow inbound TCP ports 5432-5433 in the VPC endpoint\'s security group.'] : []
  return [
    `Next, copy the Service Name and create a VPC endpoint for it in your AWS account${region}.`,
    ...ports,
    `Step by step: ${devCenterArticle(context.kind)}`,
  ]
}

function connectionConfigVars({styledHeader, table}: Hux, view: EndpointView): void {
  const rows = view.connections.flatMap(connection => connection.config_vars.map(configVar => ({
    endpoint_id: connection.endpoint_id,
    host: configVar.host ?? '',
    name: configVar.name,
    port: configVar.port ?? '',
  })))
  if (rows.length === 0) {
    ux.stdout('\nHeroku adds the connection config vars once a connection is available.')
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
  ux.stdout(`\nPrint a connection string (it holds the password) with: ${color.code(configGetCommand(rows[0].name, view.app))}`)
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
    table(view.connections, {
      endpoint_id: {header: 'Endpoint ID'},
      owner_arn: {header: 'Owner ARN'},
      status: {header: 'Status'},
    })
    connectionConfigVars(hux, view)
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

/** `data:privatelink:wait`: the endpoint that became operational, and its connection vars when asked for. */
export function renderOperational(view: EndpointView, endpointId?: string): void {
  ux.stdout(`${color.addon(view.addon)} on ${color.app(view.app)} is ${color.success(view.status)}. Service Name: ${view.service_name ?? ''}`)
  const connection = view.connections.find(candidate => candidate.endpoint_id === endpointId)
  if (!connection) return
  ux.stdout(`Connection ${connection.endpoint_id} is ${connection.status}. Its config vars:`)
  for (const {name} of connection.config_vars) ux.stdout(`  ${name}`)
  ux.stdout(`Print one (it holds the password) with: ${color.code(configGetCommand(connection.config_vars[0].name, view.app))}`)
}

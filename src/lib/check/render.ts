// Human output of `check` (and of `wait --reachable`): one table row per host, port and hop, then
// every failure with its likely causes and commands, all drawn from the report `--json` prints.
import * as color from '@heroku/heroku-cli-util/color'
import {ux} from '@oclif/core/ux'

import type {CheckReport, HopResult, TargetResult} from './types.js'

import {loadHux} from '../render.js'
import {HOP_NAMES} from './plan.js'
import {summarize} from './run.js'
import {PROTOCOL_NAMES} from './types.js'

const MARKS: Record<HopResult['status'], string> = {failed: '✗', passed: '✓', skipped: '-'}

function duration(hop: HopResult): string {
  return hop.status === 'skipped' ? '' : `${hop.duration_ms}ms`
}

function failures(report: CheckReport): string[] {
  return report.targets.flatMap((target: TargetResult) => target.hops.filter(hop => hop.status === 'failed').flatMap(hop => [
    '',
    `${MARKS.failed} ${target.host}:${target.port} ${PROTOCOL_NAMES[target.protocol]}, ${HOP_NAMES[hop.hop]}: ${hop.detail}`,
    ...(hop.remedies.length > 0 ? ['  Likely causes, the likeliest first:'] : []),
    ...hop.remedies.flatMap(remedy => [`  - ${remedy.cause}${remedy.command ? ':' : ''}`, ...(remedy.command ? [`      ${color.code(remedy.command)}`] : [])]),
  ]))
}

export async function renderCheck(report: CheckReport): Promise<void> {
  const {styledHeader, table} = await loadHux()
  styledHeader(`Reaching ${color.addon(report.addon)} on ${color.app(report.app)} from this host`)
  const rows = report.targets.flatMap(target => target.hops.map(hop => ({
    detail: hop.status === 'failed' && hop.remedies[0] ? `${hop.detail} (see below)` : hop.detail,
    hop: HOP_NAMES[hop.hop],
    host: target.host,
    port: target.port,
    protocol: PROTOCOL_NAMES[target.protocol],
    result: MARKS[hop.status],
    time: duration(hop),
  })))
  /* eslint-disable perfectionist/sort-objects -- the keys' order is the columns' order */
  table(rows, {
    host: {header: 'Host'},
    port: {header: 'Port'},
    protocol: {header: 'Protocol'},
    hop: {header: 'Hop'},
    result: {header: 'Result'},
    time: {header: 'Time'},
    detail: {header: 'Detail'},
  })
  /* eslint-enable perfectionist/sort-objects */
  const verdict = report.ok
    ? color.success(`Reachable: ${summarize(report)}${report.login ? ', logins included' : ' (no login: --no-login)'}.`)
    : color.failure(`Not reachable from this host: ${summarize(report)}.`)
  // The table ends with a blank line; each failure starts with one.
  const explained = failures(report)
  ux.stdout([...explained, ...(explained.length > 0 ? [''] : []), verdict].join('\n').replace(/^\n/, ''))
}

// The command lines of the README, so that tests run exactly what it tells people to type.
import {readFileSync} from 'node:fs'
import path from 'node:path'

import {ROOT} from './cli.js'

/** The sections that `npm run test:heroku-cli` runs through the real Heroku CLI. */
export const INSTALL_SECTION = 'Install it into the Heroku CLI'
export const WALKTHROUGH_SECTION = 'Walkthrough'

export interface ReadmeLine {
  /** The command as written (`$ ` of the commands section removed). */
  line: string
  /** The `##` heading of the section the line is in. */
  section: string
}

/**
 * Every command line of the README: the lines of its `sh` blocks (comments and blank lines
 * dropped), and the `$ heroku …` examples of its generated commands section.
 */
export function readmeLines(readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8')): ReadmeLine[] {
  const lines: ReadmeLine[] = []
  let section = ''
  let block: string | undefined
  let examples = false
  for (const text of readme.split('\n')) {
    if (text.startsWith('```')) {
      block = block === undefined ? text.slice(3).trim() : undefined
      examples = false
      continue
    }

    if (block === undefined) {
      if (text.startsWith('## ')) section = text.slice(3).trim()
      continue
    }

    // A help text: its EXAMPLES are commands, its USAGE is a synopsis.
    if (/^[A-Z][A-Z ]+$/.test(text)) examples = text === 'EXAMPLES'
    const example = examples ? /^\s*\$ (heroku .*)$/.exec(text) : null
    if (example) lines.push({line: example[1], section})
    else if (block === 'sh' && text.trim() !== '' && !text.trim().startsWith('#')) lines.push({line: text.trim(), section})
  }

  return lines
}

/** The lines of one section. */
export function sectionLines(section: string): string[] {
  return readmeLines().filter(line => line.section === section).map(({line}) => line)
}

/** A `heroku` command inside a line (`X=$(heroku … | jq …)` gives `heroku …`), or undefined. */
export function herokuCommand(line: string): string | undefined {
  return /(?:^|\$\()(heroku [^|)]*)/.exec(line)?.[1].trim()
}

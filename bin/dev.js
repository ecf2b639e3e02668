#!/usr/bin/env node
// Runs the plugin from its TypeScript sources (see scripts/source-plugin.ts), without the
// development mode of oclif, which prints a stack trace with every error, mistakes of users included.
import {execute, settings} from '@oclif/core'
import {register} from 'tsx/esm/api'

// TypeScript loads through tsx, registered here (whether run as ./bin/dev.js or node bin/dev.js);
// the attempt of oclif to register tsx itself fails, so it is turned off.
register()
settings.enableAutoTranspile = false
process.env.NODE_ENV ??= 'development'
const {loadSourcePlugin, ROOT} = await import('../scripts/source-plugin.ts')
const plugin = await loadSourcePlugin()
await execute({loadOptions: {plugins: new Map([[plugin.name, plugin]]), root: ROOT}})

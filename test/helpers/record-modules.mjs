// Preloaded with `node --import` (through NODE_OPTIONS) by the module-loading tests: appends the URL
// of every module the process loads to the file named by PRIVATELINK_MODULES_FILE. ES modules are
// seen by a loader hook (record-modules-hooks.mjs) as they load; CommonJS ones are read from
// require.cache at exit, since modules they require never pass the ESM hooks.
import {appendFileSync} from 'node:fs'
// eslint-disable-next-line n/no-unsupported-features/node-builtins -- the tests run on Node 20.20, which has it
import {createRequire, register} from 'node:module'
import {pathToFileURL} from 'node:url'

const file = process.env.PRIVATELINK_MODULES_FILE
// Not inherited by anything the process might spawn.
delete process.env.PRIVATELINK_MODULES_FILE
delete process.env.NODE_OPTIONS
if (file) {
  register('./record-modules-hooks.mjs', import.meta.url, {data: {file}})
  process.on('exit', () => {
    const {cache} = createRequire(import.meta.url)
    appendFileSync(file, Object.keys(cache).map(name => `${pathToFileURL(name).href}\n`).join(''))
  })
}

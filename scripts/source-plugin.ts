// The plugin loaded from its TypeScript sources (src/), for `bin/dev.js` and the command tests:
// an edit shows at once, without a build, and dist/ need not exist. Left to itself, oclif would
// load dist/ through oclif.manifest.json. The process loads TypeScript through tsx (`--import tsx`):
// oclif's own registration of tsx fails with tsx 4.23, whose CommonJS entry of `tsx/esm/api` points
// at a loader that does not exist, so oclif then falls back to dist/ silently.
import {Plugin} from '@oclif/core'
import {readFileSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

export async function loadSourcePlugin(): Promise<Plugin> {
  const pjson = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'))
  const plugin = new Plugin({
    ignoreManifest: true,
    isRoot: true,
    pjson: {...pjson, oclif: {...pjson.oclif, commands: './src/commands'}},
    // Never resolve --app's default (the git remote) while listing the commands.
    respectNoCacheDefault: true,
    root: ROOT,
  })
  await plugin.load()
  return plugin
}

/* eslint-disable n/no-unsupported-features/node-builtins -- global fetch is available (and used) on Node 20 */
// `heroku config:get NAME -a APP` of the core Heroku CLI, against the emulator: the value and a
// newline on stdout, an empty line when the app has no such var (as the core CLI prints them).
const [name, flag, app] = process.argv.slice(3)
if (flag !== '-a' || !name || !app) {
  process.stderr.write('usage: heroku config:get NAME -a APP\n')
  process.exitCode = 2
} else {
  const response = await fetch(`${process.env.HEROKU_HOST}/apps/${encodeURIComponent(app)}/config-vars`, {
    headers: {Accept: 'application/vnd.heroku+json; version=3', Authorization: `Bearer ${process.env.HEROKU_API_KEY}`},
  })
  if (response.ok) {
    const vars = await response.json()
    process.stdout.write(`${vars[name] ?? ''}\n`)
  } else {
    process.stderr.write(`config:get: ${response.status} from the Platform API\n`)
    process.exitCode = 1
  }
}

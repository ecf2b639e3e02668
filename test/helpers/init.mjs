import nock from 'nock'

// Tests never reach a real host: only the local emulator on loopback is allowed.
process.env.HEROKU_API_KEY = 'test-api-key-0123456789abcdef'
process.env.DISABLE_TELEMETRY = 'true'
process.env.COLUMNS = '120'
process.env.FORCE_COLOR = '0'
delete process.env.HEROKU_APP
delete process.env.HEROKU_HOST
delete process.env.HEROKU_DATA_HOST
delete process.env.HTTPS_PROXY
delete process.env.https_proxy
nock.disableNetConnect()
nock.enableNetConnect(host => host.startsWith('127.0.0.1') || host.startsWith('localhost'))

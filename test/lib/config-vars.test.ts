import {expect} from 'chai'

import {
  configVarNamesFor, connectionConfigVars, connectionSecretsForCheck, hostsOf,
} from '../../src/lib/config-vars.js'
import {configGetCommand} from '../../src/lib/suggestions.js'
import {CONNECTED_CONFIG_VARS, ENDPOINT_ID, PASSWORD} from '../helpers/fixtures.js'

describe('config-vars', () => {
  describe('configVarNamesFor', () => {
    it('finds the URL, then the PgBouncer URL, named after the last 17 characters of the endpoint id', () => {
      expect(configVarNamesFor(ENDPOINT_ID, CONNECTED_CONFIG_VARS)).to.deep.equal([
        'DATABASE_ENDPOINT_01C87AE3C05563935_URL',
        'DATABASE_ENDPOINT_01C87AE3C05563935_PGBOUNCER_URL',
      ])
    })

    it('finds them whatever the attachment prefix', () => {
      const vars = {
        HEROKU_POSTGRESQL_RED_ENDPOINT_01C87AE3C05563935_URL: 'postgres://u:p@h:5432/d',
        KAFKA_ENDPOINT_01C87AE3C05563935_URL: 'kafka+ssl://u:p@h:9096',
      }
      expect(configVarNamesFor(ENDPOINT_ID, vars)).to.deep.equal([
        'HEROKU_POSTGRESQL_RED_ENDPOINT_01C87AE3C05563935_URL',
        'KAFKA_ENDPOINT_01C87AE3C05563935_URL',
      ])
    })

    it('ignores the vars of other endpoints and of the database itself', () => {
      const vars = {
        DATABASE_ENDPOINT_0AAAAAAAAAAAAAAAA_URL: 'postgres://u:p@h:5432/d',
        DATABASE_URL: 'postgres://u:p@h:5432/d',
        ENDPOINT_01C87AE3C05563935_URL_OLD: 'x',
      }
      expect(configVarNamesFor(ENDPOINT_ID, vars)).to.deep.equal([])
    })

    it('matches on the key upper-cased from the endpoint id', () => {
      expect(configVarNamesFor('vpce-0123456789abcdef0', {DATABASE_ENDPOINT_0123456789ABCDEF0_URL: 'x'})).to.deep.equal(['DATABASE_ENDPOINT_0123456789ABCDEF0_URL'])
    })
  })

  describe('connectionConfigVars', () => {
    it('gives names, hosts and ports', () => {
      expect(connectionConfigVars(ENDPOINT_ID, CONNECTED_CONFIG_VARS)).to.deep.equal([
        {
          host: 'vpce-01c87ae3c05563935-abcd.vpce-svc-0410a2e25933fe8ec.us-east-1.vpce.amazonaws.com', hosts: [{host: 'vpce-01c87ae3c05563935-abcd.vpce-svc-0410a2e25933fe8ec.us-east-1.vpce.amazonaws.com', port: 5432}], name: 'DATABASE_ENDPOINT_01C87AE3C05563935_URL', port: 5432,
        },
        {
          host: 'vpce-01c87ae3c05563935-abcd.vpce-svc-0410a2e25933fe8ec.us-east-1.vpce.amazonaws.com', hosts: [{host: 'vpce-01c87ae3c05563935-abcd.vpce-svc-0410a2e25933fe8ec.us-east-1.vpce.amazonaws.com', port: 5433}], name: 'DATABASE_ENDPOINT_01C87AE3C05563935_PGBOUNCER_URL', port: 5433,
        },
      ])
    })

    it('gives every broker of a Kafka var, the first one also as host and port', () => {
      const value = 'kafka+ssl://vpce-1.example.com:9096,kafka+ssl://vpce-1.example.com:9097, kafka+ssl://vpce-2.example.com:9098'
      const [configVar] = connectionConfigVars(ENDPOINT_ID, {KAFKA_ENDPOINT_01C87AE3C05563935_URL: value})
      expect(configVar).to.deep.equal({
        host: 'vpce-1.example.com',
        hosts: [{host: 'vpce-1.example.com', port: 9096}, {host: 'vpce-1.example.com', port: 9097}, {host: 'vpce-2.example.com', port: 9098}],
        name: 'KAFKA_ENDPOINT_01C87AE3C05563935_URL',
        port: 9096,
      })
    })

    it('keeps a comma that is part of a URL (a password) instead of splitting there', () => {
      expect(hostsOf('postgres://u:pa,ss@db.example.com:5432/d')).to.deep.equal([{host: 'db.example.com', port: 5432}])
    })

    it('reads a rediss:// URL with an empty user', () => {
      expect(hostsOf('rediss://:secret@redis.example.com:6380')).to.deep.equal([{host: 'redis.example.com', port: 6380}])
    })

    it('keeps the brokers it can read when one is not a URL, and never the secrets', () => {
      const hosts = hostsOf('kafka+ssl://user:secret@b1.example.com:9096,kafka+ssl://b2.example.com:notaport,kafka+ssl://b3.example.com:9096')
      expect(hosts).to.deep.equal([{host: 'b1.example.com', port: 9096}, {host: 'b3.example.com', port: 9096}])
      expect(JSON.stringify(hosts)).not.to.include('secret')
    })

    it('never includes the add-on\'s other vars (client certificates and keys)', () => {
      const vars = {
        KAFKA_CLIENT_CERT: '-----BEGIN CERTIFICATE-----',
        KAFKA_CLIENT_CERT_KEY: '-----BEGIN RSA PRIVATE KEY-----',
        KAFKA_ENDPOINT_01C87AE3C05563935_URL: 'kafka+ssl://b1.example.com:9096',
        KAFKA_TRUSTED_CERT: '-----BEGIN CERTIFICATE-----',
      }
      expect(connectionConfigVars(ENDPOINT_ID, vars).map(({name}) => name)).to.deep.equal(['KAFKA_ENDPOINT_01C87AE3C05563935_URL'])
    })

    it('never lets the password, user or database name out', () => {
      const shown = JSON.stringify(connectionConfigVars(ENDPOINT_ID, CONNECTED_CONFIG_VARS))
      expect(shown).not.to.include(PASSWORD)
      expect(shown).not.to.include('u1234')
      expect(shown).not.to.include('d5678')
    })

    it('uses the default port of the scheme when the URL has none', () => {
      const vars = {
        KAFKA_ENDPOINT_01C87AE3C05563935_URL: 'kafka+ssl://user:secret@kafka.example.com',
        REDIS_ENDPOINT_01C87AE3C05563935_URL: 'rediss://:secret@redis.example.com',
      }
      expect(connectionConfigVars(ENDPOINT_ID, vars).map(({port}) => port)).to.deep.equal([9096, 6379])
    })

    it('shows no host or port for a value that is not a URL, never the value', () => {
      const vars = {DATABASE_ENDPOINT_01C87AE3C05563935_URL: 'not a url with secret'}
      expect(connectionConfigVars(ENDPOINT_ID, vars)).to.deep.equal([{
        host: null, hosts: [], name: 'DATABASE_ENDPOINT_01C87AE3C05563935_URL', port: null,
      }])
    })

    it('copes with a null value', () => {
      expect(connectionConfigVars(ENDPOINT_ID, {DATABASE_ENDPOINT_01C87AE3C05563935_URL: null})).to.deep.equal([{
        host: null, hosts: [], name: 'DATABASE_ENDPOINT_01C87AE3C05563935_URL', port: null,
      }])
    })
  })

  describe('connectionSecretsForCheck', () => {
    it('gives each connection var\'s URLs with their credentials, and the attachment\'s Kafka certificates', () => {
      const {kafka, vars} = connectionSecretsForCheck(ENDPOINT_ID, {
        HEROKU_KAFKA_GRAY_CLIENT_CERT: 'CERT',
        HEROKU_KAFKA_GRAY_CLIENT_CERT_KEY: 'KEY',
        HEROKU_KAFKA_GRAY_ENDPOINT_01C87AE3C05563935_URL: 'kafka+ssl://b1.example:9096,kafka+ssl://b2.example:9097',
        HEROKU_KAFKA_GRAY_TRUSTED_CERT: 'CA',
        KAFKA_CLIENT_CERT: 'another attachment\'s',
      })
      expect(kafka).to.deep.equal({cert: 'CERT', key: 'KEY', trusted: 'CA'})
      const hostsOfVar = (urls: typeof vars[number]['urls']) => urls.map(({host, port, url}) => [host, port, url.protocol])
      expect(vars.map(({name, urls}) => [name, hostsOfVar(urls)])).to.deep.equal([
        ['HEROKU_KAFKA_GRAY_ENDPOINT_01C87AE3C05563935_URL', [['b1.example', 9096, 'kafka+ssl:'], ['b2.example', 9097, 'kafka+ssl:']]],
      ])
    })

    it('keeps the password of a Postgres URL for the login, and nothing without connection vars', () => {
      const {vars} = connectionSecretsForCheck(ENDPOINT_ID, {DATABASE_ENDPOINT_01C87AE3C05563935_URL: 'postgres://u1:s3cr%2Ft@db.example:5432/d1'})
      expect(vars[0].urls[0].url.password).to.equal('s3cr%2Ft')
      expect(connectionSecretsForCheck(ENDPOINT_ID, {DATABASE_URL: 'postgres://u1:p@db.example/d1'})).to.deep.equal({kafka: {cert: undefined, key: undefined, trusted: undefined}, vars: []})
    })
  })

  describe('configGetCommand', () => {
    it('prints the command that reveals one var', () => {
      expect(configGetCommand('DATABASE_ENDPOINT_01C87AE3C05563935_URL', 'example-app')).to.equal('heroku config:get DATABASE_ENDPOINT_01C87AE3C05563935_URL -a example-app')
    })
  })
})

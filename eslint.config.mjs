import oclif from 'eslint-config-oclif'

export default [
  {ignores: ['dist/', 'node_modules/', 'tmp/', 'oclif.manifest.json']},
  ...oclif,
  {
    rules: {
      // The APIs' wire format is snake_case, and so is our --json output, which follows it.
      camelcase: 'off',
    },
  },
]
